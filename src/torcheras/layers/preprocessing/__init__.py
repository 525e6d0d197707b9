"""``keras.layers`` preprocessing layers (text, categorical, numerical).

Each family lives in its own subpackage; this file only gathers their public names.
"""

from torcheras.layers.preprocessing.numerical import (
    CategoryEncoding,
    Discretization,
    Normalization,
)
from torcheras.layers.preprocessing.text import (
    Hashing,
    IntegerLookup,
    StringLookup,
    TextVectorization,
)

__all__ = [
    "CategoryEncoding",
    "Discretization",
    "Hashing",
    "IntegerLookup",
    "Normalization",
    "StringLookup",
    "TextVectorization",
]
