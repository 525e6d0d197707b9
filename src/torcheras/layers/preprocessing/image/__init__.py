"""Image preprocessing and augmentation layers (``keras.layers.Rescaling``, ``Resizing``,
``RandomFlip``, ``RandomCrop``, ``RandAugment``, ``MixUp``...).

The random layers are active only while training (``fit()``; a direct call defaults to
``training=True``, as in Keras), the others always apply. Keras 2's ``RandomHeight`` and
``RandomWidth`` (dropped by Keras 3) are here too.
"""

from torcheras.layers.preprocessing.image._base import BaseImagePreprocessingLayer
from torcheras.layers.preprocessing.image._color_adjust import (
    RandomBrightness,
    RandomInvert,
    RandomPosterization,
    Solarization,
)
from torcheras.layers.preprocessing.image._color_hsv import (
    RandomColorDegeneration,
    RandomColorJitter,
    RandomGrayscale,
    RandomHue,
    RandomSaturation,
    RandomSharpness,
)
from torcheras.layers.preprocessing.image._histogram import AutoContrast, Equalization
from torcheras.layers.preprocessing.image._max_num_bounding_boxes import MaxNumBoundingBoxes
from torcheras.layers.preprocessing.image._mixing import CutMix, MixUp, RandomErasing
from torcheras.layers.preprocessing.image._policies import AugMix, RandAugment
from torcheras.layers.preprocessing.image._random_affine import (
    RandomRotation,
    RandomTranslation,
    RandomZoom,
)
from torcheras.layers.preprocessing.image._random_contrast import RandomContrast
from torcheras.layers.preprocessing.image._random_crop import (
    RandomCrop,
    RandomHeight,
    RandomWidth,
)
from torcheras.layers.preprocessing.image._random_flip import RandomFlip
from torcheras.layers.preprocessing.image._random_warp import (
    RandomElasticTransform,
    RandomGaussianBlur,
    RandomPerspective,
    RandomShear,
)
from torcheras.layers.preprocessing.image._rescaling import Rescaling
from torcheras.layers.preprocessing.image._resizing import CenterCrop, Resizing

__all__ = [
    "AugMix",
    "AutoContrast",
    "BaseImagePreprocessingLayer",
    "CenterCrop",
    "CutMix",
    "Equalization",
    "MaxNumBoundingBoxes",
    "MixUp",
    "RandAugment",
    "RandomBrightness",
    "RandomColorDegeneration",
    "RandomColorJitter",
    "RandomContrast",
    "RandomCrop",
    "RandomElasticTransform",
    "RandomErasing",
    "RandomFlip",
    "RandomGaussianBlur",
    "RandomGrayscale",
    "RandomHeight",
    "RandomHue",
    "RandomInvert",
    "RandomPerspective",
    "RandomPosterization",
    "RandomRotation",
    "RandomSaturation",
    "RandomSharpness",
    "RandomShear",
    "RandomTranslation",
    "RandomWidth",
    "RandomZoom",
    "Rescaling",
    "Resizing",
    "Solarization",
]
