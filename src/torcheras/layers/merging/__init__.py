"""Merge layers: combine a list of tensors (``Concatenate``, ``Add``, ``Dot``, ...)."""

from torcheras.layers.merging._base_merge import Merge
from torcheras.layers.merging._concatenate import Concatenate, concatenate
from torcheras.layers.merging._dot import Dot, dot
from torcheras.layers.merging._elementwise import (
    Add,
    Average,
    Maximum,
    Minimum,
    Multiply,
    Subtract,
    add,
    average,
    maximum,
    minimum,
    multiply,
    subtract,
)

__all__ = [
    "Add",
    "Average",
    "Concatenate",
    "Dot",
    "Maximum",
    "Merge",
    "Minimum",
    "Multiply",
    "Subtract",
    "add",
    "average",
    "concatenate",
    "dot",
    "maximum",
    "minimum",
    "multiply",
    "subtract",
]
