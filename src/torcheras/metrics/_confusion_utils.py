"""Accumulating true/false positives/negatives at a list of thresholds (Keras's algorithm).

Evenly spaced thresholds (AUC's) use bucketing: each prediction falls in one bucket, and a
reversed cumulative sum gives the counts at every threshold in O(n + thresholds). Other
thresholds are compared one by one. Everything happens on the device, in place.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import torch

from torcheras.backend import _config
from torcheras.losses._loss import as_tensor, squeeze_or_expand_to_same_rank

NEG_INF = -1e10
TP, FP, TN, FN = "tp", "fp", "tn", "fn"


def assert_thresholds_range(thresholds: Sequence[Any] | None) -> None:
    if thresholds is not None:
        invalid = [t for t in thresholds if t is None or t < 0 or t > 1]
        if invalid:
            raise ValueError(f"Threshold values must be in [0, 1]. Received: {invalid}")


def parse_init_thresholds(thresholds: Any, default_threshold: float = 0.5) -> list[float]:
    if thresholds is not None:
        values = list(thresholds) if isinstance(thresholds, (list, tuple, np.ndarray)) else [
            thresholds]
        for t in values:
            if isinstance(t, bool) or not isinstance(t, (int, float, np.floating, np.integer)):
                raise ValueError(
                    f"Threshold values must be numbers in [0, 1]. Received: {values}"
                )
        assert_thresholds_range(values)
        return [float(t) for t in values]
    return [float(default_threshold)]


def is_evenly_distributed_thresholds(thresholds: Sequence[float]) -> bool:
    n = len(thresholds)
    if n < 3:
        return False
    even = np.arange(n, dtype=np.float32) / (n - 1)
    return bool(np.allclose(thresholds, even, atol=_config.epsilon()))


def filter_top_k(x: torch.Tensor, k: int) -> torch.Tensor:
    """Keep the top ``k`` values of the last axis; the others become ``NEG_INF``."""
    k = min(k, x.shape[-1])
    idx = torch.topk(x, k, dim=-1).indices
    mask = torch.zeros_like(x).scatter_(-1, idx, 1.0)
    return x * mask + NEG_INF * (1 - mask)


def _as(x: Any, dtype: torch.dtype, device: torch.device) -> torch.Tensor:
    t = x if isinstance(x, torch.Tensor) else as_tensor(x)
    if t.dtype is not dtype or t.device != device:
        t = t.to(device=device, dtype=dtype)
    return t


def _add(variables: Mapping[str, torch.Tensor], key: str, value: torch.Tensor) -> None:
    var = variables.get(key)
    if var is not None:
        var.add_(value.to(var.dtype))


def _update_bucketed(variables: Mapping[str, torch.Tensor], y_true: torch.Tensor,
                     y_pred: torch.Tensor, num_thresholds: int, multi_label: bool,
                     sample_weight: torch.Tensor | None, label_weights: torch.Tensor | None,
                     thresholds_with_epsilon: bool) -> None:
    weights = None
    if sample_weight is not None:
        weights = sample_weight.broadcast_to(y_pred.shape)
    if label_weights is not None:
        lw = label_weights.unsqueeze(0).broadcast_to(y_pred.shape)
        weights = lw if weights is None else weights * lw
    y_pred = y_pred.clamp(0.0, 1.0)
    y_true = (y_true != 0).to(y_pred.dtype)
    if not multi_label:
        y_true, y_pred = y_true.reshape(-1), y_pred.reshape(-1)
        if weights is not None:
            weights = weights.reshape(-1)
    true_labels = y_true if weights is None else y_true * weights
    false_labels = (1.0 - y_true) if weights is None else (1.0 - y_true) * weights
    buckets = torch.ceil(y_pred * (num_thresholds - 1)) - 1
    if thresholds_with_epsilon:
        buckets = torch.relu(buckets)
    buckets = buckets.long()
    # Out-of-range buckets (a prediction of 0 without the epsilon threshold) go to an
    # extra slot that is dropped.
    buckets = torch.where((buckets >= 0) & (buckets < num_thresholds), buckets,
                          num_thresholds)
    shape = (num_thresholds + 1,) + tuple(true_labels.shape[1:])
    tp_buckets = true_labels.new_zeros(shape).scatter_add_(0, buckets, true_labels)
    fp_buckets = false_labels.new_zeros(shape).scatter_add_(0, buckets, false_labels)
    tp = tp_buckets[:-1].flip(0).cumsum(0).flip(0)
    fp = fp_buckets[:-1].flip(0).cumsum(0).flip(0)
    _add(variables, TP, tp)
    _add(variables, FP, fp)
    if TN in variables:
        _add(variables, TN, false_labels.sum(dim=0) - fp)
    if FN in variables:
        _add(variables, FN, true_labels.sum(dim=0) - tp)


def _update_compared(variables: Mapping[str, torch.Tensor], y_true: torch.Tensor,
                     y_pred: torch.Tensor, thresholds: torch.Tensor, multi_label: bool,
                     sample_weight: torch.Tensor | None,
                     label_weights: torch.Tensor | None) -> None:
    weights = None
    if sample_weight is not None:
        weights = sample_weight.broadcast_to(y_pred.shape)
    if label_weights is not None and not multi_label:
        lw = label_weights.unsqueeze(0).broadcast_to(y_pred.shape)
        weights = lw if weights is None else weights * lw
    if multi_label:
        # (thresholds, samples, labels), summed over samples.
        pred_is_pos = y_pred.unsqueeze(0) > thresholds.reshape(-1, 1, 1)
        label_is_pos = (y_true != 0).unsqueeze(0)
        if weights is not None:
            weights = weights.unsqueeze(0)
    else:
        pred_is_pos = y_pred.reshape(1, -1) > thresholds.reshape(-1, 1)
        label_is_pos = (y_true != 0).reshape(1, -1)
        if weights is not None:
            weights = weights.reshape(1, -1)

    def count(label: torch.Tensor, pred: torch.Tensor) -> torch.Tensor:
        both = label & pred
        if weights is None:
            return both.to(y_pred.dtype).sum(dim=1)
        return torch.where(both, weights, torch.zeros_like(weights)).sum(dim=1)

    if TP in variables:
        _add(variables, TP, count(label_is_pos, pred_is_pos))
    if FN in variables or TN in variables:
        pred_is_neg = ~pred_is_pos
        if FN in variables:
            _add(variables, FN, count(label_is_pos, pred_is_neg))
    label_is_neg = ~label_is_pos
    if FP in variables:
        _add(variables, FP, count(label_is_neg, pred_is_pos))
    if TN in variables:
        _add(variables, TN, count(label_is_neg, pred_is_neg))


def update_confusion_matrix_variables(variables: Mapping[str, torch.Tensor], y_true: Any,
                                      y_pred: Any, thresholds: Sequence[float],
                                      top_k: int | None = None, class_id: int | None = None,
                                      sample_weight: Any = None, multi_label: bool = False,
                                      label_weights: torch.Tensor | None = None,
                                      thresholds_distributed_evenly: bool = False,
                                      threshold_tensor: torch.Tensor | None = None) -> None:
    """Add this batch's confusion counts at every threshold to ``variables`` (in place).

    Args:
        variables: Any of ``{"tp", "fp", "tn", "fn"}`` mapped to state tensors.
        y_true: Labels (non-zero is positive).
        y_pred: Scores, compared with ``score > threshold``.
        thresholds: Python floats.
        top_k: Only the top ``k`` scores of each row count as predicted positive.
        class_id: Only this class (last axis) is looked at.
        sample_weight: Optional weights.
        multi_label: Keep one set of counts per label (last axis).
        label_weights: Optional per-label weights (not with ``multi_label``).
        thresholds_distributed_evenly: Use the bucketing algorithm.
        threshold_tensor: ``thresholds`` already on the device (saves a copy per call).
    """
    var = next(iter(variables.values()))
    dtype, device = var.dtype, var.device
    with torch.no_grad():
        y_true = _as(y_true, dtype, device)
        y_pred = _as(y_pred, dtype, device)
        y_pred, y_true = squeeze_or_expand_to_same_rank(y_pred, y_true)
        if sample_weight is not None:
            sample_weight = _as(sample_weight, dtype, device).unsqueeze(-1)
            _, sample_weight = squeeze_or_expand_to_same_rank(y_true, sample_weight,
                                                              expand_rank_1=False)
        if top_k is not None:
            y_pred = filter_top_k(y_pred, top_k)
        if class_id is not None:
            if y_pred.dim() == 1:
                raise ValueError(
                    "When class_id is provided, y_pred must be a 2D array with shape "
                    f"(num_samples, num_classes), found shape: {tuple(y_pred.shape)}"
                )
            if class_id >= y_pred.shape[-1]:
                raise ValueError(
                    f"Argument `class_id` must be smaller than the number of classes "
                    f"({y_pred.shape[-1]}). Received: class_id={class_id}"
                )
            y_true = y_true[..., class_id, None]
            y_pred = y_pred[..., class_id, None]
        if y_true.shape != y_pred.shape:
            try:
                torch.broadcast_shapes(y_true.shape, y_pred.shape)
            except RuntimeError:
                raise ValueError(
                    "Arguments `y_true` and `y_pred` must have compatible shapes. Received: "
                    f"y_true.shape={tuple(y_true.shape)}, y_pred.shape={tuple(y_pred.shape)}"
                ) from None
            y_true = y_true.broadcast_to(y_pred.shape)
        if sample_weight is not None:
            try:
                sample_weight = sample_weight.broadcast_to(y_pred.shape)
            except RuntimeError:
                raise ValueError(
                    "`sample_weight` cannot be broadcast to the shape of `y_pred`. Received: "
                    f"sample_weight.shape={tuple(sample_weight.shape)}, "
                    f"y_pred.shape={tuple(y_pred.shape)}"
                ) from None
        if thresholds_distributed_evenly:
            with_eps = thresholds[0] < 0.0 or thresholds[-1] > 1.0
            _update_bucketed(variables, y_true, y_pred, len(thresholds), multi_label,
                             sample_weight, label_weights, with_eps)
        else:
            t = threshold_tensor
            if t is None or t.device != device or t.dtype is not dtype:
                t = torch.tensor(list(thresholds), dtype=dtype).to(device)
            _update_compared(variables, y_true, y_pred, t, multi_label, sample_weight,
                             label_weights)
