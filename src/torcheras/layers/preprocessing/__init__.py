"""``keras.layers`` preprocessing layers (text, categorical, numerical).

Each family lives in its own subpackage; this file only gathers their public names.
"""

from torcheras.layers.preprocessing._pipeline import Pipeline
from torcheras.layers.preprocessing.audio import MelSpectrogram, STFTSpectrogram
from torcheras.layers.preprocessing.numerical import (
    CategoryEncoding,
    Discretization,
    Normalization,
)
from torcheras.layers.preprocessing.text import (
    HashedCrossing,
    Hashing,
    IntegerLookup,
    StringLookup,
    TextVectorization,
)

__all__ = [
    "CategoryEncoding",
    "Discretization",
    "HashedCrossing",
    "Hashing",
    "IntegerLookup",
    "MelSpectrogram",
    "Normalization",
    "Pipeline",
    "STFTSpectrogram",
    "StringLookup",
    "TextVectorization",
]
