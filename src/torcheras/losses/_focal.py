"""Focal crossentropies (binary and categorical) and the generalized crossentropy.

Keras computes these from clipped probabilities even with ``from_logits=True`` (it applies
the activation first), so there is no logits shortcut here: the numbers stay Keras's.
"""

from __future__ import annotations

from typing import Any

import torch
import torch.nn.functional as F

from torcheras.backend import _config
from torcheras.losses._crossentropy import _check_categorical
from torcheras.losses._loss import (
    _BuiltinLoss,
    as_tensor,
    check_axis,
    check_label_smoothing,
    pred_and_true,
    shapes_error,
)
from torcheras.ops._op import op


@op("binary_focal_crossentropy")
def binary_focal_crossentropy(y_true: Any, y_pred: Any, apply_class_balancing: bool = False,
                              alpha: float = 0.25, gamma: float = 2.0,
                              from_logits: bool = False, label_smoothing: float = 0.0,
                              axis: int = -1) -> torch.Tensor:
    """Binary focal crossentropy: ``(1 - p_t) ** gamma * bce``, averaged over ``axis``.

    Args:
        y_true: Ground truth values, shape ``(batch_size, d0, .. dN)``.
        y_pred: Predicted probabilities (or logits with ``from_logits=True``).
        apply_class_balancing: Weight positives by ``alpha`` and negatives by ``1 - alpha``.
        alpha: The class-balancing weight.
        gamma: The focusing parameter.
        from_logits: Whether ``y_pred`` holds logits.
        label_smoothing: Float in ``[0, 1]``.
        axis: The axis along which the mean is computed.

    Returns:
        Per-sample losses.

    Example:

    >>> loss = binary_focal_crossentropy([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]], gamma=2)
    >>> [round(float(v), 4) for v in loss]
    [0.3299, 0.2058]
    """
    y_true, y_pred = pred_and_true(y_true, y_pred)
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing
    if y_true.shape != y_pred.shape:
        raise shapes_error(y_true, y_pred, "the same shape")
    if from_logits:
        y_pred = torch.sigmoid(y_pred)
    eps = _config.epsilon()
    bce = F.binary_cross_entropy(y_pred.clamp(eps, 1.0 - eps), y_true, reduction="none")
    p_t = y_true * y_pred + (1 - y_true) * (1 - y_pred)
    focal = torch.pow(1.0 - p_t, gamma) * bce
    if apply_class_balancing:
        focal = (y_true * alpha + (1 - y_true) * (1 - alpha)) * focal
    return focal.mean(dim=axis)


@op("categorical_focal_crossentropy")
def categorical_focal_crossentropy(y_true: Any, y_pred: Any, alpha: float = 0.25,
                                   gamma: float = 2.0, from_logits: bool = False,
                                   label_smoothing: float = 0.0, axis: int = -1
                                   ) -> torch.Tensor:
    """Categorical focal crossentropy: ``alpha * (1 - p) ** gamma * cce``, summed over classes.

    Args:
        y_true: One-hot labels, same shape as ``y_pred``.
        y_pred: Predicted probabilities (or logits with ``from_logits=True``).
        alpha: The weighting factor.
        gamma: The focusing parameter.
        from_logits: Whether ``y_pred`` holds logits.
        label_smoothing: Float in ``[0, 1]``.
        axis: The class axis.

    Returns:
        Per-sample losses.

    Example:

    >>> loss = categorical_focal_crossentropy([[0, 1, 0], [0, 0, 1]],
    ...                                       [[0.05, 0.95, 0], [0.1, 0.8, 0.1]])
    >>> [round(float(v), 4) for v in loss]
    [0.0, 0.4663]
    """
    axis = check_axis(axis)
    y_true, y_pred = pred_and_true(y_true, y_pred)
    _check_categorical(y_true, y_pred, "categorical_focal_crossentropy")
    if label_smoothing:
        num_classes = y_true.shape[-1]
        y_true = y_true * (1.0 - label_smoothing) + label_smoothing / num_classes
    if from_logits:
        y_pred = torch.softmax(y_pred, dim=axis)
    eps = _config.epsilon()
    output = (y_pred / y_pred.sum(dim=axis, keepdim=True)).clamp(eps, 1.0 - eps)
    cce = -y_true * torch.log(output)
    focal = torch.pow(1.0 - output, gamma) * alpha * cce
    return focal.sum(dim=axis)


@op("categorical_generalized_cross_entropy")
def categorical_generalized_cross_entropy(y_true: Any, y_pred: Any, q: float) -> torch.Tensor:
    """Generalized crossentropy ``(1 - p ** q) / q`` for integer labels (noisy-label robust).

    Args:
        y_true: Integer labels, shape ``(batch_size,)``.
        y_pred: Predicted probabilities, shape ``(batch_size, num_classes)``.
        q: In ``(0, 1)``; towards 0 it approaches crossentropy, at 1 the MAE.

    Returns:
        Per-sample losses.

    Example:

    >>> loss = categorical_generalized_cross_entropy([1], [[0.2, 0.8]], q=0.5)
    >>> round(float(loss[0]), 4)
    0.2111
    """
    _, y_pred = pred_and_true(0.0, y_pred)
    labels = as_tensor(y_true, device=y_pred.device).long()
    if labels.dim() == y_pred.dim() and labels.shape[-1] == 1:
        labels = labels.squeeze(-1)
    one_hot = F.one_hot(labels.clamp_min(0), y_pred.shape[-1]).to(y_pred.dtype)
    p = (y_pred * one_hot).sum(dim=-1)
    return (1 - torch.pow(p, q)) / q


class BinaryFocalCrossentropy(_BuiltinLoss):
    """Binary focal crossentropy (Lin et al., 2018), down-weighting easy examples.

    Args:
        apply_class_balancing: Weight classes by ``alpha``. Defaults to ``False``.
        alpha: Class-balancing weight. Defaults to ``0.25``.
        gamma: Focusing parameter. Defaults to ``2.0``.
        from_logits: Whether ``y_pred`` holds logits.
        label_smoothing: Float in ``[0, 1]``.
        axis: The axis along which to average.
        reduction: See :class:`Loss`.
        name: Defaults to ``"binary_focal_crossentropy"``.
        dtype: The dtype of the computations.

    Example:

    >>> loss = BinaryFocalCrossentropy(gamma=2)
    >>> round(float(loss([0, 1, 0, 0], [0.6, 0.3, 0.2, 0.8])), 4)
    0.4897
    """

    _fn = staticmethod(binary_focal_crossentropy)
    _option_names = ("from_logits", "label_smoothing", "axis", "apply_class_balancing",
                     "alpha", "gamma")

    def __init__(self, apply_class_balancing: bool = False, alpha: float = 0.25,
                 gamma: float = 2.0, from_logits: bool = False, label_smoothing: float = 0.0,
                 axis: int = -1, reduction: str | None = "sum_over_batch_size",
                 name: str = "binary_focal_crossentropy", dtype: Any = None) -> None:
        check_label_smoothing(label_smoothing)
        super().__init__(reduction, name, dtype, apply_class_balancing=apply_class_balancing,
                         alpha=alpha, gamma=gamma, from_logits=from_logits,
                         label_smoothing=label_smoothing, axis=check_axis(axis))


class CategoricalFocalCrossentropy(_BuiltinLoss):
    """Categorical focal crossentropy, for one-hot labels and imbalanced classes.

    Args:
        alpha: Weighting factor. Defaults to ``0.25``.
        gamma: Focusing parameter. Defaults to ``2.0``.
        from_logits: Whether ``y_pred`` holds logits.
        label_smoothing: Float in ``[0, 1]``.
        axis: The class axis.
        reduction: See :class:`Loss`.
        name: Defaults to ``"categorical_focal_crossentropy"``.
        dtype: The dtype of the computations.

    Example:

    >>> loss = CategoricalFocalCrossentropy()
    >>> round(float(loss([[0, 1, 0], [0, 0, 1]], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]])), 4)
    0.2332
    """

    _fn = staticmethod(categorical_focal_crossentropy)
    _option_names = ("from_logits", "label_smoothing", "axis", "alpha", "gamma")

    def __init__(self, alpha: float = 0.25, gamma: float = 2.0, from_logits: bool = False,
                 label_smoothing: float = 0.0, axis: int = -1,
                 reduction: str | None = "sum_over_batch_size",
                 name: str = "categorical_focal_crossentropy", dtype: Any = None) -> None:
        check_label_smoothing(label_smoothing)
        super().__init__(reduction, name, dtype, alpha=alpha, gamma=gamma,
                         from_logits=from_logits, label_smoothing=label_smoothing,
                         axis=check_axis(axis))


class CategoricalGeneralizedCrossEntropy(_BuiltinLoss):
    """Generalized crossentropy for integer labels: ``(1 - p ** q) / q``.

    Args:
        q: In ``(0, 1)``. Defaults to ``0.5``.
        reduction: See :class:`Loss`.
        name: Defaults to ``"categorical_generalized_cross_entropy"``.
        dtype: The dtype of the computations.

    Example:

    >>> loss = CategoricalGeneralizedCrossEntropy(q=0.5)
    >>> round(float(loss([1], [[0.2, 0.8]])), 4)
    0.2111
    """

    _fn = staticmethod(categorical_generalized_cross_entropy)
    _option_names = ("q",)
    _cast_y_true = False

    def __init__(self, q: float = 0.5, reduction: str | None = "sum_over_batch_size",
                 name: str = "categorical_generalized_cross_entropy", dtype: Any = None) -> None:
        if not 0 < q < 1:
            raise ValueError(f"Argument `q` must be in the interval (0, 1). Received: q={q!r}")
        super().__init__(reduction, name, dtype, q=q)
