"""Keras 2's ``keras.layers.advanced_activations``: the activation layers with parameters."""

from torcheras.layers import ELU, LeakyReLU, PReLU, ReLU, Softmax
from torcheras.legacy.layers._thresholded_relu import ThresholdedReLU

__all__ = ["ELU", "LeakyReLU", "PReLU", "ReLU", "Softmax", "ThresholdedReLU"]
