"""Keras 2's ``keras.layers.normalization``: ``BatchNormalization`` (with Keras 3's other
normalization layers, a superset of Keras 2's module)."""

from torcheras.layers.normalization import *  # noqa: F403 - the module's names are these
from torcheras.layers.normalization import __all__  # noqa: F401 - re-exported
