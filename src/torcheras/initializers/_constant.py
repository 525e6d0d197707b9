"""Deterministic initializers: zeros, ones, a constant, the identity matrix."""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from typing import Any

import numpy as np
import torch

from torcheras.backend import _device
from torcheras.initializers._base import Initializer, standardize_shape


class Zeros(Initializer):
    """Initializer that generates tensors initialized to 0.

    Example:

    >>> import torcheras
    >>> torcheras.initializers.Zeros()((2, 2)).tolist()
    [[0.0, 0.0], [0.0, 0.0]]
    """

    def __call__(self, shape: Any, dtype: Any = None) -> torch.Tensor:
        """Returns a tensor of zeros.

        Args:
            shape: Shape of the tensor.
            dtype: Optional dtype of the tensor. Defaults to `keras.config.floatx()`.
        """
        return torch.zeros(standardize_shape(shape), dtype=_device.to_torch_dtype(dtype),
                           device=_device.get_device())


class Ones(Initializer):
    """Initializer that generates tensors initialized to 1.

    Example:

    >>> import torcheras
    >>> torcheras.initializers.Ones()((3,)).tolist()
    [1.0, 1.0, 1.0]
    """

    def __call__(self, shape: Any, dtype: Any = None) -> torch.Tensor:
        """Returns a tensor of ones.

        Args:
            shape: Shape of the tensor.
            dtype: Optional dtype of the tensor. Defaults to `keras.config.floatx()`.
        """
        return torch.ones(standardize_shape(shape), dtype=_device.to_torch_dtype(dtype),
                          device=_device.get_device())


class Constant(Initializer):
    """Initializer that generates tensors with constant values.

    The constant value provided must be convertible to the dtype requested when
    calling the initializer. An array value is broadcast to the requested shape.

    Args:
        value: A Python scalar.

    Example:

    >>> import torcheras
    >>> torcheras.initializers.Constant(10.0)((2, 2)).tolist()
    [[10.0, 10.0], [10.0, 10.0]]
    """

    def __init__(self, value: Any = 0.0) -> None:
        if isinstance(value, Mapping):
            value = _deserialize_array(value)
        if isinstance(value, bool) or not isinstance(value, numbers.Number):
            try:
                arr = _device.convert_to_numpy(value)
            except Exception:
                arr = None
            if arr is None or arr.dtype.kind not in "biufc":
                raise ValueError(
                    "Argument `value` must be a number or an array of numbers. "
                    f"Received: value={value!r}"
                )
        self.value = value

    def __call__(self, shape: Any, dtype: Any = None) -> torch.Tensor:
        """Returns a tensor filled with `value`.

        Args:
            shape: Shape of the tensor.
            dtype: Optional dtype of the tensor. Defaults to `keras.config.floatx()`.
        """
        shape = standardize_shape(shape)
        torch_dtype = _device.to_torch_dtype(dtype)
        device = _device.get_device()
        if isinstance(self.value, numbers.Number):
            return torch.full(shape, self.value, dtype=torch_dtype, device=device)
        value = _device.convert_to_tensor(_device.convert_to_numpy(self.value),
                                          dtype=torch_dtype)
        return value * torch.ones(shape, dtype=torch_dtype, device=device)

    def get_config(self) -> dict:
        value = self.value
        if isinstance(value, numbers.Number):
            if isinstance(value, np.generic):
                value = value.item()
            return {"value": value}
        arr = _device.convert_to_numpy(value)
        return {"value": {"class_name": "__numpy__",
                          "config": {"value": arr.tolist(), "dtype": arr.dtype.name}}}

    @classmethod
    def from_config(cls, config: Mapping) -> Constant:
        return cls(config.get("value", 0.0))


def _deserialize_array(config: Mapping) -> Any:
    if config.get("class_name") in ("__numpy__", "__tensor__"):
        inner = config.get("config") or {}
        return np.asarray(inner.get("value"), dtype=inner.get("dtype"))
    raise ValueError(
        f"Argument `value` must be a number or an array of numbers. Received: value={config!r}"
    )


class Identity(Initializer):
    """Initializer that generates the identity matrix.

    Only usable for generating 2D matrices.

    Args:
        gain: Multiplicative factor to apply to the identity matrix.

    Example:

    >>> import torcheras
    >>> torcheras.initializers.Identity(gain=2.0)((2, 3)).tolist()
    [[2.0, 0.0, 0.0], [0.0, 2.0, 0.0]]
    """

    def __init__(self, gain: float = 1.0) -> None:
        if isinstance(gain, bool) or not isinstance(gain, numbers.Real):
            raise ValueError(f"Argument `gain` must be a number. Received: gain={gain!r}")
        self.gain = gain

    def __call__(self, shape: Any, dtype: Any = None) -> torch.Tensor:
        """Returns `gain` times the identity matrix.

        Args:
            shape: Shape of the tensor; must have rank 2.
            dtype: Optional dtype of the tensor. Defaults to `keras.config.floatx()`.
        """
        dims = standardize_shape(shape)
        if len(dims) != 2:
            raise ValueError(
                "Identity matrix initializer can only be used for 2D matrices. "
                f"Received: shape={shape} of rank {len(dims)}."
            )
        eye = torch.eye(*dims, dtype=_device.to_torch_dtype(dtype), device=_device.get_device())
        return eye * self.gain if self.gain != 1 else eye

    def get_config(self) -> dict:
        return {"gain": self.gain}
