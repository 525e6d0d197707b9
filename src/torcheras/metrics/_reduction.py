"""``Sum``, ``Mean`` and ``MeanMetricWrapper``: the reducing metrics most others build on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from torcheras._lookup import namespace_classes
from torcheras._objects import FunctionWrapperConfig
from torcheras.backend import _device
from torcheras.losses._loss import apply_mask, squeeze_or_expand_to_same_rank
from torcheras.metrics._metric import Metric


def _as_values(values: Any, dtype: torch.dtype, device: torch.device) -> torch.Tensor:
    if isinstance(values, torch.Tensor):
        if values.dtype is not dtype or values.device != device:
            mask = getattr(values, "_keras_mask", None)
            values = values.to(device=device, dtype=dtype)
            if mask is not None:
                values._keras_mask = mask
        return values
    return _device.convert_to_tensor(np.asarray(values), dtype=dtype, device=device)


def _reduce(fn: Callable, x: torch.Tensor, start: int, stop: int) -> torch.Tensor:
    return fn(x, dim=tuple(range(start, stop)))


def reduce_to_samplewise_values(values: torch.Tensor, sample_weight: Any, reduce_fn: Callable,
                                dtype: torch.dtype) -> tuple[torch.Tensor, Any]:
    """Keras's rule: weight the values, then reduce everything but the batch axis."""
    mask = getattr(values, "_keras_mask", None)
    if values.dtype is not dtype:
        values = values.to(dtype)
    if sample_weight is not None:
        if not isinstance(sample_weight, torch.Tensor):
            sample_weight = _device.convert_to_tensor(np.asarray(sample_weight), dtype=dtype,
                                                      device=values.device)
        elif sample_weight.dtype is not dtype or sample_weight.device != values.device:
            sample_weight = sample_weight.to(device=values.device, dtype=dtype)
        if mask is not None:
            sample_weight = apply_mask(sample_weight, mask, dtype, "sum")
        values, sample_weight = squeeze_or_expand_to_same_rank(values, sample_weight)
        weight_ndim, values_ndim = sample_weight.dim(), values.dim()
        if values_ndim > weight_ndim:
            values = _reduce(reduce_fn, values, weight_ndim, values_ndim)
        try:
            sample_weight = sample_weight.broadcast_to(values.shape)
        except RuntimeError:
            raise ValueError(
                "`sample_weight` cannot be broadcast to the shape of the values. Received: "
                f"sample_weight.shape={tuple(sample_weight.shape)}, "
                f"values.shape={tuple(values.shape)}"
            ) from None
        values = values * sample_weight
        if weight_ndim > 1:
            sample_weight = _reduce(reduce_fn, sample_weight, 1, weight_ndim)
    if values.dim() > 1:
        values = _reduce(reduce_fn, values, 1, values.dim())
    return values, sample_weight


def _is_number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


class Sum(Metric):
    """Compute the (weighted) sum of the given values.

    Args:
        name: Defaults to ``"sum"``.
        dtype: The dtype of the state.

    Example:

    >>> m = Sum()
    >>> m.update_state([1, 3, 5, 7])
    >>> float(m.result())
    16.0
    """

    def __init__(self, name: str = "sum", dtype: Any = None) -> None:
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable(shape=(), initializer="zeros", dtype=self.dtype,
                                       name="total")

    def update_state(self, values: Any, sample_weight: Any = None) -> None:
        with torch.no_grad():
            values = _as_values(values, self._torch_dtype, self.total.device)
            if _is_number(sample_weight) and getattr(values, "_keras_mask", None) is None:
                self.total.add_(values.sum() * sample_weight)
                return
            values, _ = reduce_to_samplewise_values(values, sample_weight, torch.sum,
                                                    self._torch_dtype)
            self.total.add_(values.sum())

    def result(self) -> torch.Tensor:
        return self.total.detach().clone()


class Mean(Metric):
    """Compute the (weighted) mean of the given values.

    Args:
        name: Defaults to ``"mean"``.
        dtype: The dtype of the state.

    Example:

    >>> m = Mean()
    >>> m.update_state([1, 3, 5, 7])
    >>> float(m.result())
    4.0
    >>> m.reset_state()
    >>> m.update_state([1, 3, 5, 7], sample_weight=[1, 1, 0, 0])
    >>> float(m.result())
    2.0
    """

    def __init__(self, name: str = "mean", dtype: Any = None) -> None:
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable(shape=(), initializer="zeros", dtype=self.dtype,
                                       name="total")
        self.count = self.add_variable(shape=(), initializer="zeros", dtype=self.dtype,
                                       name="count")

    def update_state(self, values: Any, sample_weight: Any = None) -> None:
        with torch.no_grad():
            values = _as_values(values, self._torch_dtype, self.total.device)
            self._accumulate(values, sample_weight)

    def _accumulate(self, values: torch.Tensor, sample_weight: Any) -> None:
        if _is_number(sample_weight) and getattr(values, "_keras_mask", None) is None:
            # A Python weight stays a kernel argument (the trainer passes the batch size).
            # Keras weighs the mean of the whole batch by a scalar weight, counted once.
            self.total.add_((values.mean() if values.dim() else values) * sample_weight)
            self.count.add_(sample_weight)
            return
        values, sample_weight = reduce_to_samplewise_values(values, sample_weight, torch.mean,
                                                            self._torch_dtype)
        self.total.add_(values.sum())
        if sample_weight is not None:
            self.count.add_(sample_weight.sum())
        else:
            self.count.add_(values.shape[0] if values.dim() else 1)

    def result(self) -> torch.Tensor:
        count = self.count.detach()
        return torch.where(count == 0, torch.zeros_like(count),
                           self.total.detach() / torch.where(count == 0, 1.0, count))


class MeanMetricWrapper(FunctionWrapperConfig, Mean):
    """Wrap a function ``fn(y_true, y_pred, **kwargs)`` into a :class:`Mean` metric.

    Args:
        fn: The function returning per-sample values.
        name: The metric's name.
        dtype: The dtype of the state.
        **kwargs: Passed on to ``fn``.

    Example:

    >>> def error(y_true, y_pred):
    ...     return torch.abs(torch.as_tensor(y_true) - torch.as_tensor(y_pred))
    >>> m = MeanMetricWrapper(error, name="error")
    >>> float(m([1.0, 2.0], [2.0, 4.0]))
    1.5
    """

    _direction: str | None = None

    def __init__(self, fn: Callable, name: str | None = None, dtype: Any = None,
                 **kwargs: Any) -> None:
        super().__init__(name=name, dtype=dtype)
        self._fn = fn
        self._fn_kwargs = kwargs
        losses = namespace_classes("keras.losses.functions")
        if losses.get(getattr(fn, "__name__", None)) is fn:
            self._direction = "down"

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        with torch.no_grad():
            mask = getattr(y_pred, "_keras_mask", None)
            values = self._fn(y_true, y_pred, **self._fn_kwargs)
            values = _as_values(values, self._torch_dtype, self.total.device)
            if mask is not None:
                if sample_weight is not None and not isinstance(sample_weight, torch.Tensor):
                    sample_weight = _device.convert_to_tensor(
                        np.asarray(sample_weight), dtype=self._torch_dtype,
                        device=values.device)
                sample_weight = apply_mask(sample_weight, mask, self._torch_dtype, "sum")
            self._accumulate(values, sample_weight)

    _function_namespaces = ("keras.metrics.functions", "keras.losses.functions")
    _function_kind = "metric function"

    def _wrapped(self) -> tuple[Callable, dict]:
        return self._fn, self._fn_kwargs


class FunctionMetric(MeanMetricWrapper):
    """Base of Keras's named mean metrics: a fixed function and its options as config."""

    _metric_fn: Callable = staticmethod(lambda y_true, y_pred: y_pred)
    _option_names: tuple[str, ...] = ()

    def __init__(self, name: str, dtype: Any, **options: Any) -> None:
        super().__init__(type(self)._metric_fn, name=name, dtype=dtype, **options)
        for key, value in options.items():
            object.__setattr__(self, key, value)

    def get_config(self) -> dict:
        config = {"name": self.name, "dtype": self.dtype}
        config.update({k: self._fn_kwargs[k] for k in self._option_names})
        return config

    @classmethod
    def from_config(cls, config: dict) -> Metric:
        return cls(**config)
