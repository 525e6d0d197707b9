"""String and categorical preprocessing layers: TextVectorization, StringLookup,
IntegerLookup, Hashing."""

from torcheras.layers.preprocessing.text._hashing import Hashing
from torcheras.layers.preprocessing.text._string_lookup import IntegerLookup, StringLookup
from torcheras.layers.preprocessing.text._text_vectorization import TextVectorization

__all__ = ["Hashing", "IntegerLookup", "StringLookup", "TextVectorization"]
