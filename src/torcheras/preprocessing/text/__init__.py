"""``keras.preprocessing.text``: Keras 2's text utilities (Tokenizer and word hashing).

Keras 3 keeps these only under ``tf_keras``/legacy paths and recommends the
``keras.layers.TextVectorization`` layer; they are here so Keras 2 programs run unchanged.
"""

from torcheras.preprocessing.text._tokenizer import Tokenizer, tokenizer_from_json
from torcheras.preprocessing.text._words import hashing_trick, one_hot, text_to_word_sequence

__all__ = ["Tokenizer", "hashing_trick", "one_hot", "text_to_word_sequence",
           "tokenizer_from_json"]
