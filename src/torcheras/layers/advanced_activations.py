"""Keras 2's ``keras.layers.advanced_activations`` module path, kept for old code."""

from torcheras.layers.activations import ELU, LeakyReLU, PReLU, ReLU, Softmax

__all__ = ["ELU", "LeakyReLU", "PReLU", "ReLU", "Softmax"]
