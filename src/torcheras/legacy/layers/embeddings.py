"""Keras 2's ``keras.layers.embeddings``: ``Embedding``."""

from torcheras.layers import Embedding

__all__ = ["Embedding"]
