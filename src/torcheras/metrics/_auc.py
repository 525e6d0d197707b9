"""``AUC``: area under the ROC or PR curve from bucketed confusion counts (Keras's algorithm)."""

from __future__ import annotations

from typing import Any

import numpy as np
import torch

from torcheras.backend import _config, _device
from torcheras.metrics import _confusion_utils as cu
from torcheras.metrics._confusion import divide_no_nan
from torcheras.metrics._metric import Metric

_CURVES = {"roc": "ROC", "pr": "PR", "prgain": "PRGAIN"}
_SUMMATIONS = ("interpolation", "majoring", "minoring")


def _curve(curve: Any) -> str:
    value = getattr(curve, "value", curve)
    if not isinstance(value, str) or value.lower() not in _CURVES or value not in (
            value.lower(), value.upper()):
        raise ValueError(
            f'Invalid AUC curve value: "{curve}". Expected values are ["PR", "ROC", "PRGAIN"]'
        )
    return _CURVES[value.lower()]


def _summation(method: Any) -> str:
    value = getattr(method, "value", method)
    if not isinstance(value, str) or value.lower() not in _SUMMATIONS or value not in (
            value.lower(), value.capitalize()):
        raise ValueError(
            f'Invalid AUC summation method value: "{method}". Expected values are '
            '["interpolation", "majoring", "minoring"]'
        )
    return value.lower()


class AUC(Metric):
    """Approximate AUC (area under the ROC or PR curve) with a Riemann sum over thresholds.

    Args:
        num_thresholds: Number of evenly spaced thresholds. Must be > 1. Defaults to 200.
        curve: ``"ROC"`` (default), ``"PR"`` or ``"PRGAIN"``.
        summation_method: ``"interpolation"`` (default), ``"minoring"`` or ``"majoring"``.
        name: The metric's name.
        dtype: The dtype of the state.
        thresholds: Optional explicit thresholds in ``[0, 1]`` (overrides
            ``num_thresholds``); 0 and 1 (each widened by epsilon) are added.
        multi_label: Keep one curve per label (last axis) and average the AUCs.
        num_labels: Number of labels with ``multi_label=True`` (else found on first use).
        label_weights: Optional per-label weights.
        from_logits: Apply a sigmoid to ``y_pred`` first.

    Example:

    >>> m = AUC(num_thresholds=3)
    >>> float(m([0, 0, 1, 1], [0, 0.5, 0.3, 0.9]))
    0.75
    """

    _direction = "up"

    def __init__(self, num_thresholds: int = 200, curve: str = "ROC",
                 summation_method: str = "interpolation", name: str | None = None,
                 dtype: Any = None, thresholds: Any = None, multi_label: bool = False,
                 num_labels: int | None = None, label_weights: Any = None,
                 from_logits: bool = False) -> None:
        self._init_from_thresholds = thresholds is not None
        if thresholds is not None:
            thresholds = sorted(cu.parse_init_thresholds(thresholds))
            self.num_thresholds = len(thresholds) + 2
            self._thresholds_distributed_evenly = cu.is_evenly_distributed_thresholds(
                [0.0] + thresholds + [1.0])
        else:
            if isinstance(num_thresholds, bool) or not isinstance(num_thresholds, int) or (
                    num_thresholds <= 1):
                raise ValueError(
                    "Argument `num_thresholds` must be an integer > 1. "
                    f"Received: num_thresholds={num_thresholds}"
                )
            self.num_thresholds = num_thresholds
            thresholds = [(i + 1) * 1.0 / (num_thresholds - 1)
                          for i in range(num_thresholds - 2)]
            self._thresholds_distributed_evenly = True
        eps = _config.epsilon()
        self._thresholds = np.array([0.0 - eps] + thresholds + [1.0 + eps])
        self.curve = _curve(curve)
        self.summation_method = _summation(summation_method)
        super().__init__(name=name, dtype=dtype)
        self.multi_label = bool(multi_label)
        self.num_labels = num_labels
        self.label_weights = None
        if label_weights is not None:
            self.label_weights = _device.convert_to_tensor(np.asarray(label_weights),
                                                           dtype=self._torch_dtype)
        self._from_logits = from_logits
        self._threshold_list = [float(t) for t in self._thresholds]
        self._threshold_tensor = torch.tensor(self._threshold_list, dtype=self._torch_dtype
                                              ).to(_device.get_device())
        self._built = False
        if self.multi_label:
            if num_labels:
                self._build((None, num_labels))
        else:
            if num_labels:
                raise ValueError("`num_labels` is needed only when `multi_label` is True.")
            self._build(None)

    @property
    def thresholds(self) -> list[float]:
        return list(self._thresholds)

    def _build(self, shape: Any) -> None:
        if self.multi_label:
            if len(shape) != 2:
                raise ValueError(
                    f"`y_pred` must have rank 2 when `multi_label=True`. Found rank "
                    f"{len(shape)}. Full shape received for `y_pred`: {tuple(shape)}"
                )
            self._num_labels = shape[1]
            variable_shape = (self.num_thresholds, self._num_labels)
        else:
            variable_shape = (self.num_thresholds,)
        self._build_input_shape = shape
        for name in ("true_positives", "false_positives", "true_negatives", "false_negatives"):
            setattr(self, name, self.add_variable(shape=variable_shape, initializer="zeros",
                                                  name=name))
        self._built = True

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        if not isinstance(y_pred, torch.Tensor):
            y_pred = _device.convert_to_tensor(np.asarray(y_pred))
        if not self._built:
            self._build(tuple(y_pred.shape))
        if self._from_logits:
            y_pred = torch.sigmoid(y_pred.to(self._torch_dtype))
        cu.update_confusion_matrix_variables(
            {cu.TP: self.true_positives, cu.TN: self.true_negatives,
             cu.FP: self.false_positives, cu.FN: self.false_negatives},
            y_true, y_pred, self._threshold_list,
            thresholds_distributed_evenly=self._thresholds_distributed_evenly,
            sample_weight=sample_weight, multi_label=self.multi_label,
            label_weights=None if self.multi_label else self.label_weights,
            threshold_tensor=self._threshold_tensor)

    def _by_label(self, per_threshold: torch.Tensor) -> torch.Tensor:
        if not self.multi_label:
            return per_threshold.sum()
        by_label = per_threshold.sum(dim=0)
        if self.label_weights is None:
            return by_label.mean()
        lw = self.label_weights.to(by_label.device)
        return divide_no_nan((by_label * lw).sum(), lw.sum())

    def interpolate_pr_auc(self) -> torch.Tensor:
        """Davis & Goadrich's interpolation of the PR curve between thresholds."""
        n = self.num_thresholds
        tp = self.true_positives.detach()
        fn = self.false_negatives.detach()
        dtp = tp[: n - 1] - tp[1:]
        p = tp + self.false_positives.detach()
        dp = p[: n - 1] - p[1:]
        prec_slope = divide_no_nan(dtp, torch.clamp_min(dp, 0))
        intercept = tp[1:] - prec_slope * p[1:]
        both_positive = (p[: n - 1] > 0) & (p[1:] > 0)
        safe_p_ratio = torch.where(both_positive,
                                   divide_no_nan(p[: n - 1], torch.clamp_min(p[1:], 0)),
                                   torch.ones_like(p[1:]))
        increment = divide_no_nan(prec_slope * (dtp + intercept * torch.log(safe_p_ratio)),
                                  torch.clamp_min(tp[1:] + fn[1:], 0))
        return self._by_label(increment)

    def _curve_points(self) -> tuple[torch.Tensor, torch.Tensor]:
        tp, fp = self.true_positives.detach(), self.false_positives.detach()
        tn, fn = self.true_negatives.detach(), self.false_negatives.detach()
        recall = divide_no_nan(tp, tp + fn)
        if self.curve == "ROC":
            return divide_no_nan(fp, fp + tn), recall
        if self.curve == "PR":
            return recall, divide_no_nan(tp, tp + fp)
        scaling = divide_no_nan(tp + fn, tn + fp)
        recall_gain = 1.0 - scaling * divide_no_nan(fn, tp)
        precision_gain = 1.0 - scaling * divide_no_nan(fp, tp)
        no_tp = tp == 0
        recall_gain = torch.where(no_tp, torch.zeros_like(recall_gain), recall_gain)
        precision_gain = torch.where(no_tp, torch.ones_like(precision_gain), precision_gain)
        return torch.clamp_min(recall_gain, 0.0), precision_gain

    def result(self) -> torch.Tensor:
        if self.curve == "PR" and self.summation_method == "interpolation":
            return self.interpolate_pr_auc()
        n = self.num_thresholds
        x, y = self._curve_points()
        if self.summation_method == "interpolation":
            heights = (y[: n - 1] + y[1:]) / 2.0
        elif self.summation_method == "minoring":
            heights = torch.minimum(y[: n - 1], y[1:])
        else:
            heights = torch.maximum(y[: n - 1], y[1:])
        return self._by_label((x[: n - 1] - x[1:]) * heights)

    def reset_state(self) -> None:
        if self._built:
            super().reset_state()

    def get_config(self) -> dict:
        label_weights = self.label_weights
        if label_weights is not None:
            label_weights = _device.convert_to_numpy(label_weights).tolist()
        config = {
            "num_thresholds": self.num_thresholds,
            "curve": self.curve,
            "summation_method": self.summation_method,
            "multi_label": self.multi_label,
            "num_labels": self.num_labels,
            "label_weights": label_weights,
            "from_logits": self._from_logits,
        }
        if self._init_from_thresholds:
            config["thresholds"] = self.thresholds[1:-1]
        return {**super().get_config(), **config}
