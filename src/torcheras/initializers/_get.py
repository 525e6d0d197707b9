"""``get``/``serialize``/``deserialize``: initializer names and configs <-> objects."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import torch

from torcheras._lookup import lookup
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

_CLASSES = (Initializer, Constant, Identity, Ones, STFT, Zeros, GlorotNormal, GlorotUniform,
            HeNormal, HeUniform, LecunNormal, LecunUniform, Orthogonal, RandomNormal,
            RandomUniform, TruncatedNormal, VarianceScaling)


def _snake(name: str) -> str:
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


# Keras's table: class names, their snake_case names, and the historical aliases.
INITIALIZERS: dict[str, type] = {cls.__name__: cls for cls in _CLASSES}
INITIALIZERS.update({_snake(cls.__name__): cls for cls in _CLASSES})
INITIALIZERS.update({
    "IdentityInitializer": Identity,
    "OrthogonalInitializer": Orthogonal,
    "STFTInitializer": STFT,
    "normal": RandomNormal,
    "uniform": RandomUniform,
    "one": Ones,
    "zero": Zeros,
})
_BUILTIN_CLASSES = set(_CLASSES)


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
    if identifier is None:
        return None
    if isinstance(identifier, (torch.Tensor, np.ndarray, np.generic)):
        return _from_values(identifier)
    if isinstance(identifier, Mapping):
        return deserialize(identifier)
    return lookup(identifier, INITIALIZERS, "initializer", argument="initializer",
                  instantiate=True, base=Initializer)


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
    if initializer is None:
        return None
    if not hasattr(initializer, "get_config"):
        raise ValueError(
            f"Cannot serialize {initializer!r}: it has no `get_config()` method."
        )
    cls = type(initializer)
    builtin = cls in _BUILTIN_CLASSES
    return {
        "module": "keras.initializers" if builtin else cls.__module__,
        "class_name": cls.__name__,
        "config": initializer.get_config(),
        "registered_name": None if builtin else cls.__name__,
    }


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
    table = {**INITIALIZERS, **(custom_objects or {})}
    if isinstance(config, Mapping) and config.get("registered_name") in table:
        config = {**config, "class_name": config["registered_name"]}
    return lookup(config, table, "initializer", argument="initializer", instantiate=True,
                  base=Initializer, allow_callable=False)
