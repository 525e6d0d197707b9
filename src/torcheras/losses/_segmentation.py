"""Dice and Tversky losses for segmentation."""

from __future__ import annotations

from typing import Any

import torch

from torcheras.backend import _config
from torcheras.losses._loss import _BuiltinLoss, pred_and_true
from torcheras.ops._op import op


def _dims(axis: Any) -> Any:
    return tuple(axis) if isinstance(axis, (list, tuple)) else axis


def _sum(x: torch.Tensor, axis: Any) -> torch.Tensor:
    return x.sum() if axis is None else x.sum(dim=_dims(axis))


@op("dice")
def dice(y_true: Any, y_pred: Any, axis: Any = None) -> torch.Tensor:
    """``1 - 2 * sum(y_true * y_pred) / (sum(y_true) + sum(y_pred) + epsilon)``.

    Example:

    >>> round(float(dice([[1.0, 0.0]], [[0.5, 0.5]])), 4)
    0.5
    """
    y_true, y_pred = pred_and_true(y_true, y_pred)
    intersection = _sum(y_true * y_pred, axis)
    denominator = _sum(y_true, axis) + _sum(y_pred, axis) + _config.epsilon()
    return 1 - 2.0 * intersection / denominator


@op("tversky")
def tversky(y_true: Any, y_pred: Any, alpha: float = 0.5, beta: float = 0.5,
            axis: Any = None) -> torch.Tensor:
    """Tversky loss: ``1 - TP / (TP + alpha * FP + beta * FN + epsilon)``.

    Example:

    >>> round(float(tversky([[1.0, 0.0]], [[0.5, 0.5]])), 4)
    0.5
    """
    y_true, y_pred = pred_and_true(y_true, y_pred)
    intersection = _sum(y_true * y_pred, axis)
    fp = _sum((1 - y_pred) * y_true, axis)
    fn = _sum(y_pred * (1 - y_true), axis)
    return 1 - intersection / (intersection + fp * alpha + fn * beta + _config.epsilon())


class Dice(_BuiltinLoss):
    """Dice loss.

    Args:
        reduction: See :class:`Loss`.
        name: Defaults to ``"dice"``.
        axis: Axes to sum over; ``None`` (default) sums over everything.
        dtype: The dtype of the computations.

    Example:

    >>> round(float(Dice()([[1.0, 0.0]], [[0.5, 0.5]])), 4)
    0.5
    """

    _fn = staticmethod(dice)
    _option_names = ("axis",)

    def __init__(self, reduction: str | None = "sum_over_batch_size", name: str = "dice",
                 axis: Any = None, dtype: Any = None) -> None:
        super().__init__(reduction, name, dtype, axis=axis)


class Tversky(_BuiltinLoss):
    """Tversky loss (``alpha = beta = 0.5`` is the Dice loss).

    Args:
        alpha: Weight of false positives. Defaults to ``0.5``.
        beta: Weight of false negatives. Defaults to ``0.5``.
        reduction: See :class:`Loss`.
        name: Defaults to ``"tversky"``.
        axis: Axes to sum over; ``None`` (default) sums over everything.
        dtype: The dtype of the computations.

    Example:

    >>> round(float(Tversky()([[1.0, 0.0]], [[0.5, 0.5]])), 4)
    0.5
    """

    _fn = staticmethod(tversky)
    _option_names = ("alpha", "beta", "axis")

    def __init__(self, alpha: float = 0.5, beta: float = 0.5,
                 reduction: str | None = "sum_over_batch_size", name: str = "tversky",
                 axis: Any = None, dtype: Any = None) -> None:
        super().__init__(reduction, name, dtype, alpha=alpha, beta=beta, axis=axis)
