"""``keras.layers``: the building blocks of models."""

from torcheras.layers._input_layer import Input, InputLayer
from torcheras.layers._input_spec import InputSpec
from torcheras.layers._layer import Layer
from torcheras.layers._registry import deserialize, get, serialize
from torcheras.layers.core import Activation, Dense, Dropout, Flatten

__all__ = [
    "Activation",
    "Dense",
    "Dropout",
    "Flatten",
    "Input",
    "InputLayer",
    "InputSpec",
    "Layer",
    "deserialize",
    "get",
    "serialize",
]
