"""String and categorical preprocessing layers: TextVectorization, StringLookup,
IntegerLookup, Hashing, HashedCrossing."""

from torcheras.layers.preprocessing.text._hashed_crossing import HashedCrossing
from torcheras.layers.preprocessing.text._hashing import Hashing
from torcheras.layers.preprocessing.text._string_lookup import IntegerLookup, StringLookup
from torcheras.layers.preprocessing.text._text_vectorization import TextVectorization

__all__ = ["HashedCrossing", "Hashing", "IntegerLookup", "StringLookup", "TextVectorization"]
