"""Regularization layers: spatial dropout and noise layers (active only in training)."""

from torcheras.layers.regularization._noise import AlphaDropout, GaussianDropout, GaussianNoise
from torcheras.layers.regularization._spatial_dropout import (
    SpatialDropout1D,
    SpatialDropout2D,
    SpatialDropout3D,
)

__all__ = [
    "AlphaDropout",
    "GaussianDropout",
    "GaussianNoise",
    "SpatialDropout1D",
    "SpatialDropout2D",
    "SpatialDropout3D",
]
