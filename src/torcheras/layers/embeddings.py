"""Keras 2's ``keras.layers.embeddings`` module path, kept for old code."""

from torcheras.layers.embedding import Embedding

__all__ = ["Embedding"]
