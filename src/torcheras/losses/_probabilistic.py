"""Kullback-Leibler divergence and Poisson losses."""

from __future__ import annotations

from typing import Any

import torch

from torcheras.backend import _config
from torcheras.losses._loss import _BuiltinLoss, pred_and_true, shapes_error
from torcheras.ops._op import op


@op("kl_divergence")
def kl_divergence(y_true: Any, y_pred: Any) -> torch.Tensor:
    """``sum(y_true * log(y_true / y_pred))`` over the last axis (both clipped to [eps, 1]).

    Example:

    >>> round(float(kl_divergence([[0.5, 0.5]], [[0.25, 0.75]])[0]), 4)
    0.1438
    """
    y_true, y_pred = pred_and_true(y_true, y_pred)
    eps = _config.epsilon()
    y_true = y_true.clamp(eps, 1.0)
    y_pred = y_pred.clamp(eps, 1.0)
    try:
        return (y_true * torch.log(y_true / y_pred)).sum(dim=-1)
    except RuntimeError:
        raise shapes_error(y_true, y_pred, "broadcastable shapes") from None


@op("poisson")
def poisson(y_true: Any, y_pred: Any) -> torch.Tensor:
    """``mean(y_pred - y_true * log(y_pred + epsilon))`` over the last axis.

    Example:

    >>> round(float(poisson([[1.0, 0.0]], [[2.0, 1.0]])[0]), 4)
    1.1534
    """
    y_true, y_pred = pred_and_true(y_true, y_pred)
    try:
        return (y_pred - y_true * torch.log(y_pred + _config.epsilon())).mean(dim=-1)
    except RuntimeError:
        raise shapes_error(y_true, y_pred, "broadcastable shapes") from None


class KLDivergence(_BuiltinLoss):
    """Kullback-Leibler divergence between labels and predictions.

    Example:

    >>> round(float(KLDivergence()([[0.5, 0.5]], [[0.25, 0.75]])), 4)
    0.1438
    """

    _fn = staticmethod(kl_divergence)

    def __init__(self, reduction: str | None = "sum_over_batch_size",
                 name: str = "kl_divergence", dtype: Any = None) -> None:
        super().__init__(reduction, name, dtype)


class Poisson(_BuiltinLoss):
    """Poisson loss: ``y_pred - y_true * log(y_pred)``.

    Example:

    >>> round(float(Poisson()([[1.0, 0.0]], [[2.0, 1.0]])), 4)
    1.1534
    """

    _fn = staticmethod(poisson)

    def __init__(self, reduction: str | None = "sum_over_batch_size",
                 name: str = "poisson", dtype: Any = None) -> None:
        super().__init__(reduction, name, dtype)
