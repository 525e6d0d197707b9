"""``keras.regularizers``: weight penalties returning scalar torch tensors."""

from torcheras.regularizers._base import Regularizer
from torcheras.regularizers._get import deserialize, get, serialize
from torcheras.regularizers._orthogonal import OrthogonalRegularizer
from torcheras.regularizers._penalties import L1, L1L2, L2

# As in Keras 3, the lower-case names are the classes (so `l2(0.01)` still works).
l1 = L1
l2 = L2
l1_l2 = L1L2
orthogonal_regularizer = OrthogonalRegularizer

__all__ = [
    "L1",
    "L1L2",
    "L2",
    "OrthogonalRegularizer",
    "Regularizer",
    "deserialize",
    "get",
    "l1",
    "l1_l2",
    "l2",
    "orthogonal_regularizer",
    "serialize",
]
