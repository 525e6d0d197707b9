"""Keras 2's ``keras.engine``: ``from keras.engine import Layer, InputSpec, Input, Model``.

The same objects as Keras 3's ``keras.layers.Layer``, ``keras.Model``, ... ; Keras 2's
``Network`` (the graph of layers under ``Model``) is ``keras.Model``, which builds one from
``Model(inputs, outputs)``.
"""

from torcheras.legacy.engine import (
    base_layer,
    input_layer,
    network,
    saving,
    sequential,
    topology,
    training,
)
from torcheras.legacy.engine.base_layer import InputSpec, Layer
from torcheras.legacy.engine.input_layer import Input, InputLayer
from torcheras.legacy.engine.network import Network, get_source_inputs
from torcheras.legacy.engine.sequential import Sequential
from torcheras.legacy.engine.topology import Merge, merge
from torcheras.legacy.engine.training import Model

__all__ = [
    "Input",
    "InputLayer",
    "InputSpec",
    "Layer",
    "Merge",
    "Model",
    "Network",
    "Sequential",
    "base_layer",
    "get_source_inputs",
    "input_layer",
    "merge",
    "network",
    "saving",
    "sequential",
    "topology",
    "training",
]
