"""Weight constraints: projections applied to a weight after each optimizer step."""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence
from typing import Any

import torch

from torcheras.backend import _config, _device


class Constraint:
    """Base class for weight constraints.

    A `Constraint` instance works like a stateless function. Subclasses override
    `__call__()`, which takes a weight and returns a projected version of it (e.g.
    normalized or clipped). Layers apply constraints after each optimizer step
    (`kernel_constraint`, `bias_constraint` arguments).

    Example:

    >>> import torch, torcheras
    >>> class NonNegative(torcheras.constraints.Constraint):
    ...     def __call__(self, w):
    ...         return w * (w >= 0.0).to(w.dtype)
    >>> NonNegative()(torch.tensor([-1.0, 1.0])).tolist()
    [-0.0, 1.0]
    """

    def __call__(self, w: Any) -> Any:
        """Applies the constraint to the input weight variable.

        By default, the input weight variable is not modified.

        Args:
            w: Input weight variable.

        Returns:
            Projected variable (by default, returns unmodified inputs).
        """
        return w

    def get_config(self) -> dict:
        """Returns a Python dict of the object config."""
        return {}

    @classmethod
    def from_config(cls, config: Mapping) -> Constraint:
        """Instantiates a weight constraint from a configuration dictionary."""
        return cls(**config)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"<{type(self).__name__}({args})>"


def _check_number(value: Any, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or value < 0:
        raise ValueError(
            f"Argument `{name}` must be a non-negative number. Received: {name}={value!r}"
        )


def _check_axis(axis: Any) -> None:
    ok = axis is None or (isinstance(axis, int) and not isinstance(axis, bool)) or (
        isinstance(axis, Sequence) and not isinstance(axis, str)
        and all(isinstance(a, int) and not isinstance(a, bool) for a in axis))
    if not ok:
        raise ValueError(
            "Argument `axis` must be an integer, a list of integers or None. "
            f"Received: axis={axis!r}"
        )


def _weight(w: Any) -> torch.Tensor:
    if isinstance(w, torch.Tensor):
        return w if w.is_floating_point() else w.to(_device.to_torch_dtype(_config.floatx()))
    t = _device.convert_to_tensor(w)
    return t if t.is_floating_point() else t.to(_device.to_torch_dtype(_config.floatx()))


def _norms(w: torch.Tensor, axis: Any) -> torch.Tensor:
    dim = tuple(axis) if isinstance(axis, Sequence) else axis
    if dim is None:
        dim = tuple(range(w.ndim))
    return torch.sqrt(torch.sum(torch.square(w), dim=dim, keepdim=True))


class MaxNorm(Constraint):
    """MaxNorm weight constraint.

    Constrains the weights incident to each hidden unit to have a norm less than or
    equal to a desired value: `w * clip(norm, 0, max_value) / (epsilon + norm)`.

    Args:
        max_value: the maximum norm value for the incoming weights.
        axis: integer, axis along which to calculate weight norms.
            For instance, in a `Dense` layer the weight matrix has shape
            `(input_dim, output_dim)`, set `axis` to `0` to constrain each weight
            vector of length `(input_dim,)`. In a `Conv2D` layer with
            `data_format="channels_last"`, the weight tensor has shape
            `(rows, cols, input_depth, output_depth)`, set `axis` to `[0, 1, 2]`
            to constrain the weights of each filter tensor of size
            `(rows, cols, input_depth)`.

    Example:

    >>> import torch, torcheras
    >>> w = torcheras.constraints.MaxNorm(2.0)(torch.tensor([[3.0], [4.0]]))
    >>> [round(v, 4) for v in w.flatten().tolist()]
    [1.2, 1.6]
    """

    def __init__(self, max_value: float = 2, axis: int | Sequence[int] | None = 0) -> None:
        _check_number(max_value, "max_value")
        _check_axis(axis)
        self.max_value = max_value
        self.axis = axis

    def __call__(self, w: Any) -> torch.Tensor:
        w = _weight(w)
        norms = _norms(w, self.axis)
        desired = torch.clamp(norms, 0, self.max_value)
        return w * (desired / (_config.epsilon() + norms))

    def get_config(self) -> dict:
        return {"max_value": self.max_value, "axis": self.axis}


class NonNeg(Constraint):
    """Constrains the weights to be non-negative.

    Example:

    >>> import torch, torcheras
    >>> torcheras.constraints.NonNeg()(torch.tensor([-1.0, 2.0])).tolist()
    [0.0, 2.0]
    """

    def __call__(self, w: Any) -> torch.Tensor:
        return torch.clamp(_weight(w), min=0)


class UnitNorm(Constraint):
    """Constrains the weights incident to each hidden unit to have unit norm.

    Computes `w / (epsilon + norm)`.

    Args:
        axis: integer, axis along which to calculate weight norms (see `MaxNorm`).

    Example:

    >>> import torch, torcheras
    >>> w = torcheras.constraints.UnitNorm()(torch.tensor([[3.0], [4.0]]))
    >>> [round(v, 4) for v in w.flatten().tolist()]
    [0.6, 0.8]
    """

    def __init__(self, axis: int | Sequence[int] | None = 0) -> None:
        _check_axis(axis)
        self.axis = axis

    def __call__(self, w: Any) -> torch.Tensor:
        w = _weight(w)
        return w / (_config.epsilon() + _norms(w, self.axis))

    def get_config(self) -> dict:
        return {"axis": self.axis}


class MinMaxNorm(Constraint):
    """MinMaxNorm weight constraint.

    Constrains the weights incident to each hidden unit to have the norm between a
    lower bound and an upper bound.

    Args:
        min_value: the minimum norm for the incoming weights.
        max_value: the maximum norm for the incoming weights.
        rate: rate for enforcing the constraint: weights will be rescaled to yield
            `(1 - rate) * norm + rate * norm.clip(min_value, max_value)`.
            Effectively, this means that rate=1.0 stands for strict enforcement of
            the constraint, while rate<1.0 means that weights will be rescaled at
            each step to slowly move towards a value inside the desired interval.
        axis: integer, axis along which to calculate weight norms (see `MaxNorm`).

    Example:

    >>> import torch, torcheras
    >>> w = torcheras.constraints.MinMaxNorm(1.0, 2.0)(torch.tensor([[0.3], [0.4]]))
    >>> [round(v, 4) for v in w.flatten().tolist()]
    [0.6, 0.8]
    """

    def __init__(self, min_value: float = 0.0, max_value: float = 1.0, rate: float = 1.0,
                 axis: int | Sequence[int] | None = 0) -> None:
        _check_number(min_value, "min_value")
        _check_number(max_value, "max_value")
        _check_number(rate, "rate")
        if min_value > max_value:
            raise ValueError(
                "Argument `min_value` must not exceed `max_value`. "
                f"Received: min_value={min_value!r}, max_value={max_value!r}"
            )
        _check_axis(axis)
        self.min_value = min_value
        self.max_value = max_value
        self.rate = rate
        self.axis = axis

    def __call__(self, w: Any) -> torch.Tensor:
        w = _weight(w)
        norms = _norms(w, self.axis)
        desired = (self.rate * torch.clamp(norms, self.min_value, self.max_value)
                   + (1 - self.rate) * norms)
        return w * (desired / (_config.epsilon() + norms))

    def get_config(self) -> dict:
        return {"min_value": self.min_value, "max_value": self.max_value,
                "rate": self.rate, "axis": self.axis}
