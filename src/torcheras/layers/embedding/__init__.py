"""The ``Embedding`` layer."""

from torcheras.layers.embedding._embedding import Embedding

__all__ = ["Embedding"]
