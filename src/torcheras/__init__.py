"""torcheras: Keras, running on PyTorch.

``import torcheras as keras`` and write Keras: the same names at the same dotted paths.
"""

from torcheras import (
    activations,
    applications,
    backend,
    callbacks,
    config,
    constraints,
    datasets,
    distribution,
    dtype_policies,
    export,
    initializers,
    layers,
    losses,
    metrics,
    mixed_precision,
    models,
    ops,
    optimizers,
    preprocessing,
    random,
    regularizers,
    saving,
    tree,
    utils,
)
from torcheras._function import Function
from torcheras._version import __version__, version
from torcheras.backend import Variable
from torcheras.backend._keras_tensor import KerasTensor
from torcheras.backend._scopes import StatelessScope, device, name_scope
from torcheras.constraints import Constraint
from torcheras.dtype_policies import DTypePolicy, FloatDTypePolicy
from torcheras.initializers import Initializer
from torcheras.layers import Input, InputSpec, Layer
from torcheras.losses import Loss
from torcheras.metrics import Metric
from torcheras.models import Model, Sequential
from torcheras.ops import Operation
from torcheras.optimizers import Optimizer
from torcheras.regularizers import Regularizer

__all__ = [
    "Constraint",
    "DTypePolicy",
    "FloatDTypePolicy",
    "Function",
    "Initializer",
    "Input",
    "InputSpec",
    "KerasTensor",
    "Layer",
    "Loss",
    "Metric",
    "Model",
    "Operation",
    "Optimizer",
    "Regularizer",
    "Sequential",
    "StatelessScope",
    "Variable",
    "__version__",
    "activations",
    "applications",
    "backend",
    "callbacks",
    "config",
    "constraints",
    "datasets",
    "device",
    "distribution",
    "dtype_policies",
    "export",
    "initializers",
    "layers",
    "losses",
    "metrics",
    "mixed_precision",
    "models",
    "name_scope",
    "ops",
    "optimizers",
    "preprocessing",
    "random",
    "regularizers",
    "saving",
    "tree",
    "utils",
    "version",
]
