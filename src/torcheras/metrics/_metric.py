"""``keras.metrics.Metric``: the base class of stateful metrics.

State lives in non-trainable :class:`~torcheras.backend.Variable` tensors on the device and
is updated in place under ``torch.no_grad()``: an ``update_state`` never waits for the
device, and ``result()`` returns a 0-d tensor (call ``float()`` on it to print it).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import torch

from torcheras import initializers
from torcheras.backend import _device
from torcheras.backend._naming import to_snake_case, unique_name
from torcheras.backend._variable import Variable
from torcheras.losses._loss import resolve_dtype


def _initial_value(initializer: Any, shape: tuple, dtype: str) -> Any:
    if initializer is None or isinstance(initializer, str) and initializer in ("zeros", "Zeros"):
        return np.zeros(shape, dtype="float32" if dtype == "bfloat16" else dtype)
    if isinstance(initializer, str) and initializer in ("ones", "Ones"):
        return np.ones(shape, dtype="float32" if dtype == "bfloat16" else dtype)
    init = initializers.get(initializer)
    return init(shape, dtype=dtype)


class Metric:
    """Encapsulates metric logic and state.

    Subclasses create their state with :meth:`add_variable` in ``__init__``, and implement
    ``update_state(y_true, y_pred, sample_weight=None)`` and ``result()``.

    Args:
        dtype: The dtype of the metric's computations. Defaults to ``floatx()``.
        name: Optional name for the metric instance.

    Example:

    >>> import torch
    >>> class Counter(Metric):
    ...     def __init__(self, name="counter", dtype=None):
    ...         super().__init__(name=name, dtype=dtype)
    ...         self.count = self.add_variable(shape=(), initializer="zeros", name="count")
    ...     def update_state(self, values):
    ...         self.count.add_(torch.as_tensor(values).numel())
    ...     def result(self):
    ...         return self.count.detach().clone()
    >>> c = Counter()
    >>> c.update_state([1, 2, 3])
    >>> float(c.result())
    3.0
    """

    def __init__(self, dtype: Any = None, name: str | None = None) -> None:
        self.name = name or unique_name(to_snake_case(type(self).__name__))
        self._dtype = resolve_dtype(dtype)
        self._torch_dtype = _device.to_torch_dtype(self._dtype)
        self._variables: list[Variable] = []
        self._metrics: list[Metric] = []

    # State tracking ----------------------------------------------------------------------
    def __setattr__(self, name: str, value: Any) -> None:
        d = self.__dict__
        if "_metrics" in d and isinstance(value, Metric) and value is not self and not any(
                m is value for m in d["_metrics"]):
            d["_metrics"].append(value)
        object.__setattr__(self, name, value)

    def _check_super_called(self) -> None:
        if "_variables" not in self.__dict__:
            raise RuntimeError(
                "You forgot to call `super().__init__()` in the `__init__()` method. Go add it!"
            )

    def add_variable(self, shape: Sequence[int] = (), initializer: Any = None,
                     dtype: Any = None, aggregation: str = "sum",
                     name: str | None = None) -> Variable:
        """Create a state variable (non-trainable, on the device) and track it."""
        self._check_super_called()
        dtype_name = _device.standardize_dtype(dtype) if dtype is not None else self._dtype
        shape = tuple(int(s) for s in shape)
        value = _initial_value(initializer, shape, dtype_name)
        var = Variable(value, dtype=dtype_name, trainable=False, name=name or "variable")
        var._path = f"{self.name.replace('/', '>')}/{var.name}"
        var.aggregation = aggregation
        self._variables.append(var)
        return var

    def add_weight(self, shape: Sequence[int] = (), initializer: Any = None,
                   dtype: Any = None, name: str | None = None) -> Variable:
        """Keras 2 spelling of :meth:`add_variable`."""
        return self.add_variable(shape=shape, initializer=initializer, dtype=dtype, name=name)

    @property
    def variables(self) -> list[Variable]:
        variables = list(self.__dict__.get("_variables", []))
        for metric in self.__dict__.get("_metrics", []):
            variables.extend(metric.variables)
        return variables

    @property
    def dtype(self) -> str:
        return self._dtype

    # The protocol ------------------------------------------------------------------------
    def update_state(self, *args: Any, **kwargs: Any) -> None:
        raise NotImplementedError(
            f"Metric subclass {type(self).__name__} must implement `update_state()`."
        )

    def result(self) -> torch.Tensor:
        raise NotImplementedError(
            f"Metric subclass {type(self).__name__} must implement `result()`."
        )

    def reset_state(self) -> None:
        """Set every state variable back to zero."""
        with torch.no_grad():
            for v in self.variables:
                v.zero_()

    def reset_states(self) -> None:
        """Keras 2 spelling of :meth:`reset_state`."""
        self.reset_state()

    def __call__(self, *args: Any, **kwargs: Any) -> torch.Tensor:
        """Update the state with this batch, then return the result so far."""
        self._check_super_called()
        self.update_state(*args, **kwargs)
        return self.result()

    # Stateless variants (the state passed in and returned as lists of tensors) -----------
    def _swap_state(self, values: Sequence[Any]) -> list[torch.Tensor]:
        variables = self.variables
        if len(values) != len(variables):
            raise ValueError(
                "Argument `metric_variables` must be a list of tensors corresponding 1:1 to "
                f"{type(self).__name__}().variables. Received list with length "
                f"{len(values)}, but expected {len(variables)} variables."
            )
        saved = [v.detach().clone() for v in variables]
        with torch.no_grad():
            for v, value in zip(variables, values, strict=True):
                v.copy_(_device.convert_to_tensor(value, dtype=v.dtype, device=v.device))
        return saved

    def _restore_state(self, saved: list[torch.Tensor]) -> None:
        with torch.no_grad():
            for v, value in zip(self.variables, saved, strict=True):
                v.copy_(value)

    def stateless_update_state(self, metric_variables: Sequence[Any], *args: Any,
                               **kwargs: Any) -> list[torch.Tensor]:
        saved = self._swap_state(metric_variables)
        try:
            self.update_state(*args, **kwargs)
            return [v.detach().clone() for v in self.variables]
        finally:
            self._restore_state(saved)

    def stateless_result(self, metric_variables: Sequence[Any]) -> torch.Tensor:
        saved = self._swap_state(metric_variables)
        try:
            return self.result()
        finally:
            self._restore_state(saved)

    def stateless_reset_state(self) -> list[torch.Tensor]:
        return [torch.zeros_like(v.detach()) for v in self.variables]

    # Config ------------------------------------------------------------------------------
    def get_config(self) -> dict:
        return {"name": self.name, "dtype": self.dtype}

    @classmethod
    def from_config(cls, config: dict) -> Metric:
        return cls(**config)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name}>"

    def __str__(self) -> str:
        return self.__repr__()
