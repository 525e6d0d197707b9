"""torcheras: Keras, running on PyTorch.

``import torcheras as keras`` and write Keras: the same names at the same dotted paths.
"""

from torcheras import (
    activations,
    backend,
    callbacks,
    config,
    constraints,
    datasets,
    export,
    initializers,
    layers,
    losses,
    metrics,
    models,
    ops,
    optimizers,
    preprocessing,
    regularizers,
    saving,
    utils,
)
from torcheras.backend import Variable
from torcheras.layers import Input, InputSpec, Layer
from torcheras.layers._keras_tensor import KerasTensor
from torcheras.models import Model, Sequential
from torcheras.ops import Operation

__version__ = "0.1.0"

__all__ = [
    "Input",
    "InputSpec",
    "KerasTensor",
    "Layer",
    "Model",
    "Operation",
    "Sequential",
    "Variable",
    "__version__",
    "activations",
    "backend",
    "callbacks",
    "config",
    "constraints",
    "datasets",
    "export",
    "initializers",
    "layers",
    "losses",
    "metrics",
    "models",
    "ops",
    "optimizers",
    "preprocessing",
    "regularizers",
    "saving",
    "utils",
]
