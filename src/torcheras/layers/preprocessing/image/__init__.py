"""Image preprocessing layers (``keras.layers.Rescaling``, ``Resizing``, ``RandomFlip``...).

The random layers are active only while training (``fit()``; a direct call defaults to
``training=True``, as in Keras), the others always apply.
"""

from torcheras.layers.preprocessing.image._base import BaseImagePreprocessingLayer
from torcheras.layers.preprocessing.image._random_affine import (
    RandomRotation,
    RandomTranslation,
    RandomZoom,
)
from torcheras.layers.preprocessing.image._random_contrast import RandomContrast
from torcheras.layers.preprocessing.image._random_flip import RandomFlip
from torcheras.layers.preprocessing.image._rescaling import Rescaling
from torcheras.layers.preprocessing.image._resizing import CenterCrop, Resizing

__all__ = [
    "BaseImagePreprocessingLayer",
    "CenterCrop",
    "RandomContrast",
    "RandomFlip",
    "RandomRotation",
    "RandomTranslation",
    "RandomZoom",
    "Rescaling",
    "Resizing",
]
