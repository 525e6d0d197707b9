"""Confusion-matrix metrics: TP/FP/TN/FN counts, Precision and Recall."""

from __future__ import annotations

from typing import Any

import torch

from torcheras._validation import check_int
from torcheras.backend import _device
from torcheras.metrics import _confusion_utils as cu
from torcheras.metrics._metric import Metric


def divide_no_nan(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    return torch.where(y == 0, torch.zeros_like(x), x / torch.where(y == 0, 1.0, y))


def check_top_k(top_k: Any) -> int | None:
    return check_int(top_k, "top_k", minimum=1, allow_none=True, type_error=ValueError)


def check_class_id(class_id: Any) -> int | None:
    return check_int(class_id, "class_id", minimum=0, allow_none=True,
                     type_error=ValueError)


class _ThresholdMetric(Metric):
    """Shared set-up: thresholds parsed once, and copied to the device once."""

    def _set_thresholds(self, thresholds: list[float]) -> None:
        self.thresholds = thresholds
        self._thresholds_distributed_evenly = cu.is_evenly_distributed_thresholds(thresholds)
        self._threshold_tensor = torch.tensor(thresholds, dtype=self._torch_dtype).to(
            _device.get_device())

    def _counts(self, *names: str) -> None:
        for name in names:
            setattr(self, name, self.add_variable(shape=(len(self.thresholds),),
                                                  initializer="zeros", name=name))

    def _update(self, mapping: dict, y_true: Any, y_pred: Any, sample_weight: Any,
                top_k: int | None = None, class_id: int | None = None) -> None:
        cu.update_confusion_matrix_variables(
            mapping, y_true, y_pred, self.thresholds, top_k=top_k, class_id=class_id,
            sample_weight=sample_weight,
            thresholds_distributed_evenly=self._thresholds_distributed_evenly,
            threshold_tensor=self._threshold_tensor)

    def _one_or_all(self, values: torch.Tensor) -> torch.Tensor:
        return values[0] if len(self.thresholds) == 1 else values


class _ConfusionMatrixConditionCount(_ThresholdMetric):
    _condition = cu.TP

    def __init__(self, thresholds: Any = None, name: str | None = None,
                 dtype: Any = None) -> None:
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self._set_thresholds(cu.parse_init_thresholds(thresholds, default_threshold=0.5))
        self.accumulator = self.add_variable(shape=(len(self.thresholds),),
                                             initializer="zeros", name="accumulator")

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        self._update({self._condition: self.accumulator}, y_true, y_pred, sample_weight)

    def result(self) -> torch.Tensor:
        return self._one_or_all(self.accumulator.detach().clone())

    def get_config(self) -> dict:
        return {**super().get_config(), "thresholds": self.init_thresholds}


class TruePositives(_ConfusionMatrixConditionCount):
    """The (weighted) number of true positives, at one or several thresholds.

    Args:
        thresholds: A float or list of floats in ``[0, 1]``; a prediction is positive when
            it is above the threshold. Defaults to ``0.5``.
        name: The metric's name.
        dtype: The dtype of the state.

    Example:

    >>> m = TruePositives()
    >>> float(m([0, 1, 1, 1], [1, 0, 1, 1]))
    2.0
    """

    _condition = cu.TP


class FalsePositives(_ConfusionMatrixConditionCount):
    """The (weighted) number of false positives, at one or several thresholds.

    Example:

    >>> m = FalsePositives()
    >>> float(m([0, 1, 0, 0], [0, 0, 1, 1]))
    2.0
    """

    _condition = cu.FP


class TrueNegatives(_ConfusionMatrixConditionCount):
    """The (weighted) number of true negatives, at one or several thresholds.

    Example:

    >>> m = TrueNegatives()
    >>> float(m([0, 1, 0, 0], [1, 1, 0, 0]))
    2.0
    """

    _condition = cu.TN


class FalseNegatives(_ConfusionMatrixConditionCount):
    """The (weighted) number of false negatives, at one or several thresholds.

    Example:

    >>> m = FalseNegatives()
    >>> float(m([0, 1, 1, 1], [0, 1, 0, 0]))
    2.0
    """

    _condition = cu.FN


class _PrecisionRecall(_ThresholdMetric):
    _other = "false_positives"
    _other_key = cu.FP
    _direction = "up"

    def __init__(self, thresholds: Any = None, top_k: int | None = None,
                 class_id: int | None = None, name: str | None = None,
                 dtype: Any = None) -> None:
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self.top_k = check_top_k(top_k)
        self.class_id = check_class_id(class_id)
        default = 0.5 if top_k is None else cu.NEG_INF
        self._set_thresholds(cu.parse_init_thresholds(thresholds, default_threshold=default))
        self._counts("true_positives", self._other)

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        mapping = {cu.TP: self.true_positives, self._other_key: getattr(self, self._other)}
        self._update(mapping, y_true, y_pred, sample_weight, self.top_k, self.class_id)

    def result(self) -> torch.Tensor:
        tp = self.true_positives.detach()
        return self._one_or_all(divide_no_nan(tp, tp + getattr(self, self._other).detach()))

    def get_config(self) -> dict:
        return {**super().get_config(), "thresholds": self.init_thresholds,
                "top_k": self.top_k, "class_id": self.class_id}


class Precision(_PrecisionRecall):
    """Precision: ``true_positives / (true_positives + false_positives)``.

    Args:
        thresholds: A float or list of floats in ``[0, 1]``; a prediction is positive when
            it is above the threshold. Defaults to ``0.5`` (or, with ``top_k``, the top
            ``k`` predictions are positive).
        top_k: Only the ``k`` highest predictions of each row count as positive.
        class_id: Look at this class only.
        name: The metric's name.
        dtype: The dtype of the state.

    Example:

    >>> m = Precision()
    >>> round(float(m([0, 1, 1, 1], [1, 0, 1, 1])), 4)
    0.6667
    """

    _other = "false_positives"
    _other_key = cu.FP


class Recall(_PrecisionRecall):
    """Recall: ``true_positives / (true_positives + false_negatives)``.

    Args:
        thresholds: A float or list of floats in ``[0, 1]``. Defaults to ``0.5``.
        top_k: Only the ``k`` highest predictions of each row count as positive.
        class_id: Look at this class only.
        name: The metric's name.
        dtype: The dtype of the state.

    Example:

    >>> m = Recall()
    >>> round(float(m([0, 1, 1, 1], [1, 0, 1, 1])), 4)
    0.6667
    """

    _other = "false_negatives"
    _other_key = cu.FN
