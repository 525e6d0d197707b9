"""``keras.preprocessing.image``: Keras 2's image augmentation and image file helpers.

``ImageDataGenerator`` with ``flow``, ``flow_from_directory`` and ``flow_from_dataframe``
(a pandas DataFrame), the iterators, the
single-image transforms, and ``load_img`` / ``img_to_array`` / ``array_to_img`` /
``save_img`` (these need Pillow: the ``image`` extra).
"""

from torcheras.preprocessing.image._affine import (
    apply_affine_transform,
    transform_matrix_offset_center,
)
from torcheras.preprocessing.image._dataframe import DataFrameIterator
from torcheras.preprocessing.image._directory import DirectoryIterator
from torcheras.preprocessing.image._generator import ImageDataGenerator
from torcheras.preprocessing.image._iterator import Iterator, NumpyArrayIterator
from torcheras.preprocessing.image._pil import array_to_img, img_to_array, load_img, save_img
from torcheras.preprocessing.image._transforms import (
    apply_brightness_shift,
    apply_channel_shift,
    flip_axis,
    random_brightness,
    random_channel_shift,
    random_rotation,
    random_shear,
    random_shift,
    random_zoom,
)

__all__ = [
    "DataFrameIterator",
    "DirectoryIterator",
    "ImageDataGenerator",
    "Iterator",
    "NumpyArrayIterator",
    "apply_affine_transform",
    "apply_brightness_shift",
    "apply_channel_shift",
    "array_to_img",
    "flip_axis",
    "img_to_array",
    "load_img",
    "random_brightness",
    "random_channel_shift",
    "random_rotation",
    "random_shear",
    "random_shift",
    "random_zoom",
    "save_img",
    "transform_matrix_offset_center",
]
