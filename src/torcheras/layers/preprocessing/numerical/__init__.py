"""Numeric and categorical-id preprocessing layers: Normalization, Discretization,
CategoryEncoding."""

from torcheras.layers.preprocessing.numerical._category_encoding import CategoryEncoding
from torcheras.layers.preprocessing.numerical._discretization import Discretization
from torcheras.layers.preprocessing.numerical._normalization import Normalization

__all__ = ["CategoryEncoding", "Discretization", "Normalization"]
