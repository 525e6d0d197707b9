"""Core layers; also Keras 2's ``keras.layers.core`` module path."""

from torcheras.layers.core._activation import Activation
from torcheras.layers.core._activity_regularization import ActivityRegularization
from torcheras.layers.core._dense import Dense
from torcheras.layers.core._dropout import Dropout
from torcheras.layers.core._einsum_dense import EinsumDense
from torcheras.layers.core._flatten import Flatten
from torcheras.layers.core._identity import Identity
from torcheras.layers.core._lambda import Lambda
from torcheras.layers.core._permute import Permute
from torcheras.layers.core._repeat_vector import RepeatVector
from torcheras.layers.core._reshape import Reshape

__all__ = [
    "Activation",
    "ActivityRegularization",
    "Dense",
    "Dropout",
    "EinsumDense",
    "Flatten",
    "Identity",
    "Lambda",
    "Permute",
    "RepeatVector",
    "Reshape",
]
