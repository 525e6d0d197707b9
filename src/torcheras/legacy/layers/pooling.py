"""Keras 2's ``keras.layers.pooling``: the pooling layers (all of Keras 3's, a superset of
Keras 2's, so a program that reached the modern module by this path keeps its names)."""

from torcheras.layers.pooling import *  # noqa: F403 - the module's names are exactly these
from torcheras.layers.pooling import __all__  # noqa: F401 - re-exported
