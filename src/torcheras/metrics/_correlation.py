"""Correlation metrics: Pearson and concordance correlation (per sample, then averaged)."""

from __future__ import annotations

from typing import Any

import torch

from torcheras.backend import _config
from torcheras.losses._loss import check_axis, pred_and_true, squeeze_or_expand_to_same_rank
from torcheras.metrics._reduction import FunctionMetric


def _aligned(y_true: Any, y_pred: Any) -> tuple[torch.Tensor, torch.Tensor]:
    y_true, y_pred = pred_and_true(y_true, y_pred)
    return squeeze_or_expand_to_same_rank(y_true, y_pred)


def pearson_correlation(y_true: Any, y_pred: Any, axis: int = -1) -> torch.Tensor:
    """Pearson correlation coefficient along ``axis``.

    Example:

    >>> [round(float(v), 4) for v in pearson_correlation([[0., 1., 2.]], [[1., 3., 5.]])]
    [1.0]
    """
    y_true, y_pred = _aligned(y_true, y_pred)
    t = y_true - y_true.mean(dim=axis, keepdim=True)
    p = y_pred - y_pred.mean(dim=axis, keepdim=True)
    t = t / t.std(dim=axis, keepdim=True, correction=0)
    p = p / p.std(dim=axis, keepdim=True, correction=0)
    return (t * p).mean(dim=axis)


def concordance_correlation(y_true: Any, y_pred: Any, axis: int = -1) -> torch.Tensor:
    """Lin's concordance correlation coefficient along ``axis`` (Keras 3's formula).

    Example:

    >>> [round(float(v), 4) for v in concordance_correlation([[0., 1., 2.]], [[0., 1., 2.]])]
    [1.0]
    """
    y_true, y_pred = _aligned(y_true, y_pred)
    true_mean = y_true.mean(dim=axis, keepdim=True)
    pred_mean = y_pred.mean(dim=axis, keepdim=True)
    true_var = (y_true - true_mean).var(dim=axis, keepdim=True, correction=0)
    pred_var = (y_pred - pred_mean).var(dim=axis, keepdim=True, correction=0)
    # Keras 3 centres y_true on the *prediction* mean here; kept for the same numbers.
    covar = (y_true - pred_mean) * (y_pred - pred_mean)
    norm = true_var + pred_var + torch.square(true_mean - pred_mean)
    return (2 * covar / (norm + _config.epsilon())).mean(dim=axis)


class PearsonCorrelation(FunctionMetric):
    """Mean Pearson correlation coefficient.

    Args:
        name: Defaults to ``"pearson_correlation"``.
        dtype: The dtype of the state.
        axis: The axis along which the correlation is computed. Defaults to ``-1``.

    Example:

    >>> round(float(PearsonCorrelation()([[0., 1., 2.]], [[1., 3., 5.]])), 4)
    1.0
    """

    _metric_fn = staticmethod(pearson_correlation)
    _option_names = ("axis",)
    _direction = "up"

    def __init__(self, name: str = "pearson_correlation", dtype: Any = None,
                 axis: int = -1) -> None:
        super().__init__(name, dtype, axis=check_axis(axis))


class ConcordanceCorrelation(FunctionMetric):
    """Mean concordance correlation coefficient.

    Args:
        name: Defaults to ``"concordance_correlation"``.
        dtype: The dtype of the state.
        axis: The axis along which the correlation is computed. Defaults to ``-1``.

    Example:

    >>> round(float(ConcordanceCorrelation()([[0., 1., 2.]], [[0., 1., 2.]])), 4)
    1.0
    """

    _metric_fn = staticmethod(concordance_correlation)
    _option_names = ("axis",)
    _direction = "up"

    def __init__(self, name: str = "concordance_correlation", dtype: Any = None,
                 axis: int = -1) -> None:
        super().__init__(name, dtype, axis=check_axis(axis))
