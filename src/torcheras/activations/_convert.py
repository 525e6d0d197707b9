"""Turning what users pass to an activation into a torch tensor, cheaply.

Activations run on every forward pass, so a torch tensor goes straight through; only
NumPy arrays, Python numbers and lists pay for a conversion.
"""

from __future__ import annotations

from typing import Any, Union

import numpy as np
import torch

from torcheras.backend import _config, _device

TensorLike = Union[torch.Tensor, np.ndarray, float, int, list, tuple]

_INT32_MIN, _INT32_MAX = -(2**31), 2**31 - 1


def to_tensor(x: Any, argument: str = "x") -> torch.Tensor:
    """Return ``x`` as a torch tensor; tensors pass through unchanged."""
    if isinstance(x, torch.Tensor):
        return x
    return _convert(x, argument)


def to_float_tensor(x: Any, argument: str = "x") -> torch.Tensor:
    """Like :func:`to_tensor`, and integer or boolean inputs become ``floatx()``."""
    if not isinstance(x, torch.Tensor):
        x = _convert(x, argument)
    if x.is_floating_point() or x.is_complex():
        return x
    return x.to(_device.to_torch_dtype(_config.floatx()))


def _convert(x: Any, argument: str) -> torch.Tensor:
    if isinstance(x, (np.ndarray, np.generic)):
        if x.dtype.kind not in "biufc":
            raise _type_error(x, argument)
        return _device.convert_to_tensor(np.asarray(x))
    if isinstance(x, (bool, int, float, list, tuple)):
        try:
            arr = np.asarray(x)
        except ValueError:
            raise _type_error(x, argument) from None
        if arr.dtype.kind not in "biuf":
            raise _type_error(x, argument)
        # Keras reads Python floats as floatx() and Python ints as int32.
        if arr.dtype == np.float64:
            return _device.convert_to_tensor(arr, dtype=_config.floatx())
        if arr.dtype == np.int64 and (arr.size == 0 or (
                arr.min() >= _INT32_MIN and arr.max() <= _INT32_MAX)):
            return _device.convert_to_tensor(arr, dtype="int32")
        return _device.convert_to_tensor(arr)
    if hasattr(x, "__array__"):
        return _convert(np.asarray(x), argument)
    raise _type_error(x, argument)


def _type_error(x: Any, argument: str) -> TypeError:
    return TypeError(
        f"Expected a tensor, a NumPy array or numbers for `{argument}`. "
        f"Received: {argument}={x!r} (of type {type(x).__name__})"
    )
