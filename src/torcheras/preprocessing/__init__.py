"""``keras.preprocessing``: Keras 2 paths for sequence and text preprocessing.

``keras.preprocessing.sequence.pad_sequences`` is ``keras.utils.pad_sequences``;
``keras.preprocessing.text`` holds Keras 2's ``Tokenizer``, ``text_to_word_sequence``,
``one_hot``, ``hashing_trick`` and ``tokenizer_from_json``; ``keras.preprocessing.image``
holds Keras 2's ``ImageDataGenerator`` and the image file helpers.
"""

from torcheras.preprocessing import image, sequence, text

__all__ = ["image", "sequence", "text"]
