"""Hinge, squared hinge and categorical hinge losses."""

from __future__ import annotations

from typing import Any

import torch

from torcheras.losses._loss import _BuiltinLoss, pred_and_true, shapes_error
from torcheras.ops._op import op


def _to_signed_labels(y_true: torch.Tensor) -> torch.Tensor:
    # 0/1 labels become -1/1; labels already in another form are left alone. Decided on
    # the device, so no host sync.
    is_binary = ((y_true == 0) | (y_true == 1)).all()
    return torch.where(is_binary, 2.0 * y_true - 1.0, y_true)


def _margins(y_true: Any, y_pred: Any) -> torch.Tensor:
    y_true, y_pred = pred_and_true(y_true, y_pred)
    y_true = _to_signed_labels(y_true)
    try:
        return torch.clamp_min(1.0 - y_true * y_pred, 0.0)
    except RuntimeError:
        raise shapes_error(y_true, y_pred, "broadcastable shapes") from None


@op("hinge")
def hinge(y_true: Any, y_pred: Any) -> torch.Tensor:
    """``mean(maximum(1 - y_true * y_pred, 0))`` over the last axis; 0/1 labels become -1/1.

    Example:

    >>> float(hinge([[0.0, 1.0]], [[0.5, 0.5]])[0])
    1.0
    """
    return _margins(y_true, y_pred).mean(dim=-1)


@op("squared_hinge")
def squared_hinge(y_true: Any, y_pred: Any) -> torch.Tensor:
    """``mean(square(maximum(1 - y_true * y_pred, 0)))`` over the last axis.

    Example:

    >>> float(squared_hinge([[0.0, 1.0]], [[0.5, 0.5]])[0])
    1.25
    """
    return torch.square(_margins(y_true, y_pred)).mean(dim=-1)


@op("categorical_hinge")
def categorical_hinge(y_true: Any, y_pred: Any) -> torch.Tensor:
    """``maximum(neg - pos + 1, 0)`` with ``pos = sum(y_true * y_pred)``, ``neg = max((1 - y_true) * y_pred)``.

    Example:

    >>> round(float(categorical_hinge([[0.0, 1.0]], [[0.3, 0.7]])[0]), 4)
    0.6
    """
    y_true, y_pred = pred_and_true(y_true, y_pred)
    try:
        pos = (y_true * y_pred).sum(dim=-1)
        neg = ((1.0 - y_true) * y_pred).amax(dim=-1)
    except RuntimeError:
        raise shapes_error(y_true, y_pred, "broadcastable shapes") from None
    return torch.clamp_min(neg - pos + 1.0, 0.0)


class Hinge(_BuiltinLoss):
    """Hinge loss; labels are expected to be -1 or 1 (0/1 labels are converted).

    Example:

    >>> float(Hinge()([[0.0, 1.0]], [[0.5, 0.5]]))
    1.0
    """

    _fn = staticmethod(hinge)

    def __init__(self, reduction: str | None = "sum_over_batch_size", name: str = "hinge",
                 dtype: Any = None) -> None:
        super().__init__(reduction, name, dtype)


class SquaredHinge(_BuiltinLoss):
    """Squared hinge loss; labels are expected to be -1 or 1 (0/1 labels are converted).

    Example:

    >>> float(SquaredHinge()([[0.0, 1.0]], [[0.5, 0.5]]))
    1.25
    """

    _fn = staticmethod(squared_hinge)

    def __init__(self, reduction: str | None = "sum_over_batch_size",
                 name: str = "squared_hinge", dtype: Any = None) -> None:
        super().__init__(reduction, name, dtype)


class CategoricalHinge(_BuiltinLoss):
    """Categorical hinge loss between one-hot labels and predictions.

    Example:

    >>> round(float(CategoricalHinge()([[0.0, 1.0]], [[0.3, 0.7]])), 4)
    0.6
    """

    _fn = staticmethod(categorical_hinge)

    def __init__(self, reduction: str | None = "sum_over_batch_size",
                 name: str = "categorical_hinge", dtype: Any = None) -> None:
        super().__init__(reduction, name, dtype)
