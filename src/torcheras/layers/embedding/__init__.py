"""The ``Embedding`` layer."""

from torcheras.layers.embedding._embedding import Embedding
from torcheras.layers.embedding._reversible_embedding import ReversibleEmbedding

__all__ = ["Embedding", "ReversibleEmbedding"]
