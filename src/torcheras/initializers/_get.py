"""``get``/``serialize``/``deserialize``: initializer names and configs <-> objects."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import torch

from torcheras._objects import Namespace, class_table
from torcheras.backend import _device
from torcheras.initializers._base import Initializer, standardize_shape
from torcheras.initializers._constant import Constant, Identity, Ones, Zeros
from torcheras.initializers._orthogonal import Orthogonal
from torcheras.initializers._random import RandomNormal, RandomUniform, TruncatedNormal
from torcheras.initializers._stft import STFT
from torcheras.initializers._variance_scaling import (
    GlorotNormal,
    GlorotUniform,
    HeNormal,
    HeUniform,
    LecunNormal,
    LecunUniform,
    VarianceScaling,
)

# Keras's table: class names, their snake_case names, and the historical aliases.
INITIALIZERS: dict[str, type] = class_table((
    Initializer, Constant, Identity, Ones, STFT, Zeros, GlorotNormal, GlorotUniform,
    HeNormal, HeUniform, LecunNormal, LecunUniform, Orthogonal, RandomNormal,
    RandomUniform, TruncatedNormal, VarianceScaling), {
    "IdentityInitializer": Identity,
    "OrthogonalInitializer": Orthogonal,
    "STFTInitializer": STFT,
    "normal": RandomNormal,
    "uniform": RandomUniform,
    "one": Ones,
    "zero": Zeros,
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


def serialize(initializer: Any) -> dict | None:
    """Returns the initializer configuration as a Python dict.

    Example:

    >>> import torcheras
    >>> torcheras.initializers.serialize(torcheras.initializers.Ones())["class_name"]
    'Ones'
    """
    return _NAMESPACE.serialize(initializer)


def deserialize(config: str | Mapping, custom_objects: Mapping | None = None) -> Any:
    """Returns an initializer object from its name or its serialized config.

    Args:
        config: A name or a dict as made by `serialize`.
        custom_objects: Optional dict of names to user classes.

    Example:

    >>> import torcheras
    >>> init = torcheras.initializers.deserialize(
    ...     {"class_name": "RandomUniform", "config": {"minval": 0.0, "maxval": 1.0}})
    >>> (init.minval, init.maxval)
    (0.0, 1.0)
    """
    return _NAMESPACE.deserialize(config, custom_objects)
