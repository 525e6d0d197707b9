"""Normalization layers: batch, layer, group, unit and RMS normalization."""

from torcheras.layers.normalization._batch_normalization import BatchNormalization
from torcheras.layers.normalization._group_normalization import (
    GroupNormalization,
    UnitNormalization,
)
from torcheras.layers.normalization._layer_normalization import (
    LayerNormalization,
    RMSNormalization,
)
from torcheras.layers.normalization._spectral_normalization import SpectralNormalization

__all__ = [
    "BatchNormalization",
    "GroupNormalization",
    "LayerNormalization",
    "RMSNormalization",
    "SpectralNormalization",
    "UnitNormalization",
]
