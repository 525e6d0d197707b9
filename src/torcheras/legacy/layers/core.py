"""Keras 2's ``keras.layers.core``: Keras 3's core layers plus the ones Keras 2 kept in this
module (``Masking``, ``SpatialDropout1D/2D/3D``):
``from keras.layers.core import Dense, Dropout, Masking``."""

from torcheras.layers import Masking, SpatialDropout1D, SpatialDropout2D, SpatialDropout3D
from torcheras.layers.core import *  # noqa: F403 - every modern core layer
from torcheras.layers.core import __all__ as _modern

__all__ = ["Masking", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D"]
__all__ += _modern
