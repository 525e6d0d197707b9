"""``keras.activations``: activation functions on torch tensors, with Keras 3's formulas.

``softmax`` and ``sigmoid`` keep their input on the output (``output._keras_logits``)
so that the crossentropy losses can compute from the logits.
"""

from torcheras.activations._get import deserialize, get, serialize
from torcheras.activations._rectifiers import (
    celu,
    elu,
    exponential,
    leaky_relu,
    linear,
    relu,
    relu6,
    selu,
    threshold,
)
from torcheras.activations._smooth import (
    gelu,
    hard_silu,
    mish,
    silu,
    softplus,
    softsign,
    sparse_plus,
    squareplus,
)
from torcheras.activations._softmax import glu, log_softmax, softmax, sparsemax
from torcheras.activations._squashing import (
    hard_shrink,
    hard_sigmoid,
    hard_tanh,
    log_sigmoid,
    sigmoid,
    soft_shrink,
    sparse_sigmoid,
    tanh,
    tanh_shrink,
)

swish = silu
hard_swish = hard_silu

__all__ = [
    "celu",
    "deserialize",
    "elu",
    "exponential",
    "gelu",
    "get",
    "glu",
    "hard_shrink",
    "hard_sigmoid",
    "hard_silu",
    "hard_swish",
    "hard_tanh",
    "leaky_relu",
    "linear",
    "log_sigmoid",
    "log_softmax",
    "mish",
    "relu",
    "relu6",
    "selu",
    "serialize",
    "sigmoid",
    "silu",
    "soft_shrink",
    "softmax",
    "softplus",
    "softsign",
    "sparse_plus",
    "sparse_sigmoid",
    "sparsemax",
    "squareplus",
    "swish",
    "tanh",
    "tanh_shrink",
    "threshold",
]
