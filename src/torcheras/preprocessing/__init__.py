"""``keras.preprocessing``: Keras 2 paths for sequence and text preprocessing.

``keras.preprocessing.sequence.pad_sequences`` is ``keras.utils.pad_sequences``;
``keras.preprocessing.text`` holds Keras 2's ``Tokenizer``, ``text_to_word_sequence``,
``one_hot``, ``hashing_trick`` and ``tokenizer_from_json``; ``keras.preprocessing.image``
holds Keras 2's ``ImageDataGenerator`` and the image file helpers. The Keras 3 dataset
builders (``image_dataset_from_directory`` & co.) are ``keras.utils``'s.
"""

from torcheras.preprocessing import image, sequence, text
from torcheras.utils._image_dataset import image_dataset_from_directory
from torcheras.utils._text_dataset import text_dataset_from_directory
from torcheras.utils._timeseries_dataset import timeseries_dataset_from_array

__all__ = [
    "image",
    "image_dataset_from_directory",
    "sequence",
    "text",
    "text_dataset_from_directory",
    "timeseries_dataset_from_array",
]
