"""Regression losses: MSE, MAE, MAPE, MSLE, Huber, log-cosh, cosine similarity."""

from __future__ import annotations

import math
from typing import Any

import torch
import torch.nn.functional as F

from torcheras.backend import _config
from torcheras.losses._loss import (
    _BuiltinLoss,
    check_axis,
    pred_and_true,
    shapes_error,
    squeeze_or_expand_to_same_rank,
)
from torcheras.ops._op import op


def _aligned(y_true: Any, y_pred: Any) -> tuple[torch.Tensor, torch.Tensor]:
    y_true, y_pred = pred_and_true(y_true, y_pred)
    return squeeze_or_expand_to_same_rank(y_true, y_pred)


def _difference(a: torch.Tensor, b: torch.Tensor, y_true: torch.Tensor | None = None,
                y_pred: torch.Tensor | None = None) -> torch.Tensor:
    """``a - b``; a shape mismatch is reported with ``y_true``/``y_pred`` (default a, b)."""
    try:
        return a - b
    except RuntimeError:
        raise shapes_error(a if y_true is None else y_true, b if y_pred is None else y_pred,
                           "broadcastable shapes") from None


@op("mean_squared_error")
def mean_squared_error(y_true: Any, y_pred: Any) -> torch.Tensor:
    """Mean of the squared errors over the last axis.

    Example:

    >>> loss = mean_squared_error([[0.0, 1.0]], [[1.0, 1.0]])
    >>> float(loss[0])
    0.5
    """
    y_true, y_pred = _aligned(y_true, y_pred)
    return torch.square(_difference(y_true, y_pred)).mean(dim=-1)


@op("mean_absolute_error")
def mean_absolute_error(y_true: Any, y_pred: Any) -> torch.Tensor:
    """Mean of the absolute errors over the last axis.

    Example:

    >>> float(mean_absolute_error([[0.0, 1.0]], [[1.0, 3.0]])[0])
    1.5
    """
    y_true, y_pred = _aligned(y_true, y_pred)
    return torch.abs(_difference(y_true, y_pred)).mean(dim=-1)


@op("mean_absolute_percentage_error")
def mean_absolute_percentage_error(y_true: Any, y_pred: Any) -> torch.Tensor:
    """``100 * mean(|y_true - y_pred| / max(|y_true|, epsilon))`` over the last axis.

    Example:

    >>> float(mean_absolute_percentage_error([[2.0, 4.0]], [[1.0, 5.0]])[0])
    37.5
    """
    y_true, y_pred = _aligned(y_true, y_pred)
    diff = _difference(y_true, y_pred)
    diff = torch.abs(diff / torch.clamp_min(torch.abs(y_true), _config.epsilon()))
    return 100.0 * diff.mean(dim=-1)


@op("mean_squared_logarithmic_error")
def mean_squared_logarithmic_error(y_true: Any, y_pred: Any) -> torch.Tensor:
    """Mean of ``(log(y_pred + 1) - log(y_true + 1)) ** 2`` (inputs floored at epsilon).

    Example:

    >>> round(float(mean_squared_logarithmic_error([[0.0, 1.0]], [[1.0, 1.0]])[0]), 4)
    0.2402
    """
    y_true, y_pred = _aligned(y_true, y_pred)
    eps = _config.epsilon()
    first = torch.log(torch.clamp_min(y_pred, eps) + 1.0)
    second = torch.log(torch.clamp_min(y_true, eps) + 1.0)
    return torch.square(_difference(first, second, y_true, y_pred)).mean(dim=-1)


def _l2_normalize(x: torch.Tensor, axis: int) -> torch.Tensor:
    # Keras's `normalize`: x * min(rsqrt(sum(x**2)), 1/epsilon).
    inv_norm = torch.rsqrt(torch.square(x).sum(dim=axis, keepdim=True))
    return x * torch.clamp_max(inv_norm, 1.0 / _config.epsilon())


@op("cosine_similarity")
def cosine_similarity(y_true: Any, y_pred: Any, axis: int = -1) -> torch.Tensor:
    """Negative cosine similarity along ``axis`` (``-1`` means most similar).

    Example:

    >>> [round(float(v), 4) for v in cosine_similarity([[0., 1.], [1., 1.]], [[1., 0.], [1., 1.]])]
    [-0.0, -1.0]
    """
    y_true, y_pred = _aligned(y_true, y_pred)
    return -(_l2_normalize(y_true, axis) * _l2_normalize(y_pred, axis)).sum(dim=axis)


@op("huber")
def huber(y_true: Any, y_pred: Any, delta: float = 1.0) -> torch.Tensor:
    """Huber loss: quadratic for ``|error| <= delta``, linear beyond, averaged over the last axis.

    Example:

    >>> float(huber([[0.0, 0.0]], [[0.5, 3.0]])[0])
    1.3125
    """
    y_true, y_pred = _aligned(y_true, y_pred)
    error = _difference(y_pred, y_true, y_true, y_pred)
    abs_error = torch.abs(error)
    quadratic = 0.5 * torch.square(error)
    linear = delta * abs_error - 0.5 * delta * delta
    return torch.where(abs_error <= delta, quadratic, linear).mean(dim=-1)


_LOG2 = math.log(2.0)


@op("log_cosh")
def log_cosh(y_true: Any, y_pred: Any) -> torch.Tensor:
    """Mean of ``log(cosh(y_pred - y_true))`` over the last axis, computed without overflow.

    Example:

    >>> round(float(log_cosh([[0.0, 0.0]], [[1.0, 0.0]])[0]), 4)
    0.2169
    """
    y_true, y_pred = _aligned(y_true, y_pred)
    x = _difference(y_pred, y_true, y_true, y_pred)
    return (x + F.softplus(x * -2.0) - _LOG2).mean(dim=-1)


class MeanSquaredError(_BuiltinLoss):
    """Mean of squares of errors between labels and predictions.

    Example:

    >>> float(MeanSquaredError()([[0.0, 1.0], [0.0, 0.0]], [[1.0, 1.0], [1.0, 0.0]]))
    0.5
    """

    _fn = staticmethod(mean_squared_error)

    def __init__(self, reduction: str | None = "sum_over_batch_size",
                 name: str = "mean_squared_error", dtype: Any = None) -> None:
        super().__init__(reduction, name, dtype)


class MeanAbsoluteError(_BuiltinLoss):
    """Mean of absolute differences between labels and predictions.

    Example:

    >>> float(MeanAbsoluteError()([[0.0, 1.0], [0.0, 0.0]], [[1.0, 1.0], [1.0, 0.0]]))
    0.5
    """

    _fn = staticmethod(mean_absolute_error)

    def __init__(self, reduction: str | None = "sum_over_batch_size",
                 name: str = "mean_absolute_error", dtype: Any = None) -> None:
        super().__init__(reduction, name, dtype)


class MeanAbsolutePercentageError(_BuiltinLoss):
    """Mean absolute percentage error between labels and predictions.

    Example:

    >>> float(MeanAbsolutePercentageError()([[2.0, 4.0]], [[1.0, 5.0]]))
    37.5
    """

    _fn = staticmethod(mean_absolute_percentage_error)

    def __init__(self, reduction: str | None = "sum_over_batch_size",
                 name: str = "mean_absolute_percentage_error", dtype: Any = None) -> None:
        super().__init__(reduction, name, dtype)


class MeanSquaredLogarithmicError(_BuiltinLoss):
    """Mean squared logarithmic error between labels and predictions.

    Example:

    >>> round(float(MeanSquaredLogarithmicError()([[0.0, 1.0]], [[1.0, 1.0]])), 4)
    0.2402
    """

    _fn = staticmethod(mean_squared_logarithmic_error)

    def __init__(self, reduction: str | None = "sum_over_batch_size",
                 name: str = "mean_squared_logarithmic_error", dtype: Any = None) -> None:
        super().__init__(reduction, name, dtype)


class CosineSimilarity(_BuiltinLoss):
    """Negative cosine similarity between labels and predictions.

    Args:
        axis: The axis along which the similarity is computed. Defaults to ``-1``.
        reduction: See :class:`Loss`.
        name: Defaults to ``"cosine_similarity"``.
        dtype: The dtype of the computations.

    Example:

    >>> round(float(CosineSimilarity()([[0., 1.], [1., 1.]], [[1., 0.], [1., 1.]])), 4)
    -0.5
    """

    _fn = staticmethod(cosine_similarity)
    # Keras 3 leaves `axis` out of the config; kept here so that a round trip keeps it.
    _option_names = ("axis",)

    def __init__(self, axis: int = -1, reduction: str | None = "sum_over_batch_size",
                 name: str = "cosine_similarity", dtype: Any = None) -> None:
        super().__init__(reduction, name, dtype, axis=check_axis(axis))


class Huber(_BuiltinLoss):
    """Huber loss: ``0.5 * x**2`` if ``|x| <= delta`` else ``delta * |x| - 0.5 * delta**2``.

    Args:
        delta: Where the loss turns from quadratic to linear. Defaults to ``1.0``.
        reduction: See :class:`Loss`.
        name: Defaults to ``"huber_loss"``.
        dtype: The dtype of the computations.

    Example:

    >>> float(Huber()([[0.0, 0.0]], [[0.5, 3.0]]))
    1.3125
    """

    _fn = staticmethod(huber)
    # Keras 3 leaves `delta` out of the config; kept here so that a round trip keeps it.
    _option_names = ("delta",)

    def __init__(self, delta: float = 1.0, reduction: str | None = "sum_over_batch_size",
                 name: str = "huber_loss", dtype: Any = None) -> None:
        if not isinstance(delta, (int, float)) or isinstance(delta, bool) or delta < 0:
            raise ValueError(
                f"Argument `delta` must be a non-negative number. Received: delta={delta!r}"
            )
        super().__init__(reduction, name, dtype, delta=delta)


class LogCosh(_BuiltinLoss):
    """Logarithm of the hyperbolic cosine of the prediction error.

    Example:

    >>> round(float(LogCosh()([[0.0, 0.0]], [[1.0, 0.0]])), 4)
    0.2169
    """

    _fn = staticmethod(log_cosh)

    def __init__(self, reduction: str | None = "sum_over_batch_size",
                 name: str = "log_cosh", dtype: Any = None) -> None:
        super().__init__(reduction, name, dtype)
