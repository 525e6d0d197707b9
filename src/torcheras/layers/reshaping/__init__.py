"""Padding, cropping and upsampling layers (Keras 3's ``layers.reshaping`` group)."""

from torcheras.layers.reshaping._padding_cropping import (
    Cropping1D,
    Cropping2D,
    Cropping3D,
    ZeroPadding1D,
    ZeroPadding2D,
    ZeroPadding3D,
)
from torcheras.layers.reshaping._up_sampling import UpSampling1D, UpSampling2D, UpSampling3D

__all__ = [
    "Cropping1D",
    "Cropping2D",
    "Cropping3D",
    "UpSampling1D",
    "UpSampling2D",
    "UpSampling3D",
    "ZeroPadding1D",
    "ZeroPadding2D",
    "ZeroPadding3D",
]
