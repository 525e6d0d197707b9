"""Keras 2's ``keras.engine.base_layer``: ``Layer`` and ``InputSpec``."""

from torcheras.layers import InputSpec, Layer

__all__ = ["InputSpec", "Layer"]
