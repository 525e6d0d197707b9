"""``get``/``serialize``/``deserialize``: initializer names and configs <-> objects."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from torcheras._objects import Namespace, class_table
from torcheras.backend import _device
from torcheras.initializers import _constant as const
from torcheras.initializers import _random as rand
from torcheras.initializers import _variance_scaling as vs
from torcheras.initializers._base import Initializer, standardize_shape
from torcheras.initializers._orthogonal import Orthogonal
from torcheras.initializers._stft import STFT

# Keras's table: class names, their snake_case names, and the historical aliases.
INITIALIZERS: dict[str, type] = class_table((
    Initializer, const.Constant, const.Identity, const.Ones, const.Zeros, STFT, Orthogonal,
    vs.GlorotNormal, vs.GlorotUniform, vs.HeNormal, vs.HeUniform, vs.LecunNormal,
    vs.LecunUniform, vs.VarianceScaling, rand.RandomNormal, rand.RandomUniform,
    rand.TruncatedNormal), {
    "IdentityInitializer": const.Identity,
    "OrthogonalInitializer": Orthogonal,
    "STFTInitializer": STFT,
    "normal": rand.RandomNormal,
    "uniform": rand.RandomUniform,
    "one": const.Ones,
    "zero": const.Zeros,
})
_NAMESPACE = Namespace("initializer", "keras.initializers", INITIALIZERS, base=Initializer,
                       argument="initializer")


def get(identifier: Any) -> Callable | None:
    """Retrieves an initializer object via an identifier.

    Args:
        identifier: A name (`"glorot_uniform"`, `"Ones"`), a config dict, an
            initializer class or instance, a callable `(shape, dtype=None)`, or a
            tensor / NumPy array holding the initial values themselves.

    Returns:
        An initializer (a new instance for names and classes), or `None`.

    Example:

    >>> import torcheras
    >>> type(torcheras.initializers.get("he_normal")).__name__
    'HeNormal'
    >>> torcheras.initializers.get({"class_name": "Constant", "config": {"value": 2.0}}).value
    2.0
    """
    if isinstance(identifier, (torch.Tensor, np.ndarray, np.generic)):
        return _from_values(identifier)
    return _NAMESPACE.get(identifier)


def _from_values(values: Any) -> Callable:
    expected = tuple(values.shape)

    def initialize_fn(shape: Any, dtype: Any = None) -> torch.Tensor:
        if standardize_shape(shape) != expected:
            raise ValueError(
                f"Expected `shape` to be {expected} for direct tensor as initializer. "
                f"Received shape={shape}"
            )
        return _device.convert_to_tensor(values, dtype=_device.to_torch_dtype(dtype)).clone()

    return initialize_fn


# Keras's public serialize/deserialize, documented and typed in torcheras._objects.
serialize, deserialize = _NAMESPACE.public_serializers()
