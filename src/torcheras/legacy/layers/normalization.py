"""Keras 2's ``keras.layers.normalization``: ``BatchNormalization``."""

from torcheras.layers import BatchNormalization

__all__ = ["BatchNormalization"]
