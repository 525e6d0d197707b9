"""Core layers; also Keras 2's ``keras.layers.core`` module path."""

from torcheras.layers.core._activation import Activation
from torcheras.layers.core._dense import Dense
from torcheras.layers.core._dropout import Dropout
from torcheras.layers.core._flatten import Flatten

__all__ = ["Activation", "Dense", "Dropout", "Flatten"]
