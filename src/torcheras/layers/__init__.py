"""``keras.layers``: the building blocks of models."""

from torcheras.layers._input_layer import Input, InputLayer
from torcheras.layers._input_spec import InputSpec
from torcheras.layers._layer import Layer
from torcheras.layers._registry import deserialize, get, serialize
from torcheras.layers.activations import ELU, LeakyReLU, PReLU, ReLU, Softmax
from torcheras.layers.core import (
    Activation,
    ActivityRegularization,
    Dense,
    Dropout,
    Flatten,
    Identity,
    Lambda,
    Permute,
    RepeatVector,
    Reshape,
)

__all__ = [
    "Activation",
    "ActivityRegularization",
    "Dense",
    "Dropout",
    "ELU",
    "Flatten",
    "Identity",
    "Input",
    "InputLayer",
    "InputSpec",
    "Lambda",
    "Layer",
    "LeakyReLU",
    "PReLU",
    "Permute",
    "ReLU",
    "RepeatVector",
    "Reshape",
    "Softmax",
    "deserialize",
    "get",
    "serialize",
]
