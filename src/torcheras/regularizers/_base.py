"""The ``Regularizer`` base class and the validation of penalty factors."""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from typing import Any

import torch

from torcheras.backend import _config, _device


class Regularizer:
    """Regularizer base class.

    Regularizers apply penalties on layer parameters or layer activity during
    optimization; the penalties are summed into the loss the network optimizes.
    A regularizer is called on a weight and returns a scalar tensor. Any callable
    `weight -> scalar tensor` can be used where a regularizer is expected; subclass
    this class (and implement `get_config`) to make it serializable.

    Example:

    >>> import torch, torcheras
    >>> class L2Regularizer(torcheras.regularizers.Regularizer):
    ...     def __init__(self, l2=0.0):
    ...         self.l2 = l2
    ...     def __call__(self, x):
    ...         return self.l2 * torch.sum(torch.square(x))
    ...     def get_config(self):
    ...         return {"l2": float(self.l2)}
    >>> L2Regularizer(l2=0.5)(torch.ones(5, 5)).item()
    12.5
    """

    def __call__(self, x: Any) -> Any:
        """Compute a regularization penalty from an input tensor."""
        return 0.0

    @classmethod
    def from_config(cls, config: Mapping) -> Regularizer:
        """Creates a regularizer from its config (the output of `get_config`)."""
        return cls(**config)

    def get_config(self) -> dict:
        """Returns the config of the regularizer (a JSON-serializable dict)."""
        raise NotImplementedError(f"{object.__repr__(self)} does not implement get_config()")

    def __repr__(self) -> str:
        try:
            args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        except NotImplementedError:
            args = ""
        return f"<{type(self).__name__}({args})>"


def validate_float_arg(value: Any, name: str) -> float:
    """Return ``value`` as a float if it is a finite non-negative number."""
    if (isinstance(value, bool) or not isinstance(value, numbers.Real)
            or math.isinf(value) or math.isnan(value) or value < 0):
        raise ValueError(
            f"Invalid value for argument {name}: expected a non-negative float. "
            f"Received: {name}={value!r}"
        )
    return float(value)


def as_float_tensor(x: Any) -> torch.Tensor:
    """Weights pass through; arrays and lists become floating tensors."""
    if isinstance(x, torch.Tensor) and (x.is_floating_point() or x.is_complex()):
        return x
    t = _device.convert_to_tensor(x)
    if not t.is_floating_point():
        t = t.to(_device.to_torch_dtype(_config.floatx()))
    elif not isinstance(x, torch.Tensor) and t.dtype == torch.float64 and not hasattr(
            x, "dtype"):
        t = t.to(_device.to_torch_dtype(_config.floatx()))  # Python floats are floatx
    return t
