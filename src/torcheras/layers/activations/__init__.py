"""Activation layers: ``ReLU``, ``LeakyReLU``, ``PReLU``, ``ELU``, ``Softmax``."""

from torcheras.layers.activations._prelu import PReLU
from torcheras.layers.activations._rectifiers import ELU, LeakyReLU, ReLU
from torcheras.layers.activations._softmax import Softmax

__all__ = ["ELU", "LeakyReLU", "PReLU", "ReLU", "Softmax"]
