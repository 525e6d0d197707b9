"""Intersection-over-union metrics: IoU, MeanIoU, BinaryIoU and their one-hot variants.

The state is a ``num_classes x num_classes`` confusion matrix (rows: true class, columns:
predicted class), accumulated in place with one ``scatter_add_`` per batch.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import torch

from torcheras._validation import check_positive_int
from torcheras.backend import _config
from torcheras.losses._loss import as_tensor
from torcheras.metrics._metric import Metric


class _IoUBase(Metric):
    def __init__(self, num_classes: int, name: str | None = None, dtype: Any = None,
                 ignore_class: int | None = None, sparse_y_true: bool = True,
                 sparse_y_pred: bool = True, axis: int = -1) -> None:
        # Keras counts in int32 by default (float weights are truncated, with a warning).
        super().__init__(name=name, dtype=dtype or "int32")
        self._direction = "up"
        self.num_classes = check_positive_int(num_classes, "num_classes",
                                              type_error=ValueError)
        self.ignore_class = ignore_class
        self.sparse_y_true = sparse_y_true
        self.sparse_y_pred = sparse_y_pred
        self.axis = axis
        self.total_cm = self.add_variable(shape=(num_classes, num_classes),
                                          initializer="zeros", dtype=self.dtype,
                                          name="total_confusion_matrix")

    def _labels(self, x: Any, sparse: bool) -> torch.Tensor:
        t = x if isinstance(x, torch.Tensor) else as_tensor(x)
        if t.device != self.total_cm.device:
            t = t.to(self.total_cm.device)
        if not sparse:
            t = torch.argmax(t, dim=self.axis)
        return t.reshape(-1).to(self._torch_dtype)

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        with torch.no_grad():
            y_true = self._labels(y_true, self.sparse_y_true)
            y_pred = self._labels(y_pred, self.sparse_y_pred)
            if y_true.shape != y_pred.shape:
                raise ValueError(
                    "Arguments `y_true` and `y_pred` must hold the same number of labels. "
                    f"Received: {y_true.shape[0]} and {y_pred.shape[0]} labels"
                )
            if sample_weight is None:
                weight = torch.ones_like(y_true)
            else:
                sw = sample_weight if isinstance(sample_weight, torch.Tensor) else as_tensor(
                    sample_weight)
                if sw.is_floating_point() and not self._torch_dtype.is_floating_point:
                    warnings.warn(
                        "You are passing weight as `float`, but dtype is `int`. This may "
                        "result in an incorrect weight due to type casting Consider using "
                        "integer weights.",
                        stacklevel=2,
                    )
                weight = sw.to(device=y_true.device, dtype=self._torch_dtype).reshape(-1)
                weight = weight.broadcast_to(y_true.shape)
            n = self.num_classes
            valid = (y_true >= 0) & (y_true < n) & (y_pred >= 0) & (y_pred < n)
            if self.ignore_class is not None:
                valid &= y_true != self.ignore_class
            zero = torch.zeros_like(y_true)
            index = (torch.where(valid, y_true, zero) * n + torch.where(valid, y_pred, zero))
            weight = torch.where(valid, weight, torch.zeros_like(weight))
            self.total_cm.view(-1).scatter_add_(0, index.long(), weight)

    def get_config(self) -> dict:
        return {**super().get_config(), "num_classes": self.num_classes,
                "ignore_class": self.ignore_class, "sparse_y_true": self.sparse_y_true,
                "sparse_y_pred": self.sparse_y_pred, "axis": self.axis}


class IoU(_IoUBase):
    """Intersection-over-union of the target classes: ``TP / (TP + FP + FN)``, averaged.

    Args:
        num_classes: The number of possible labels.
        target_class_ids: The classes whose IoU is averaged.
        name: The metric's name.
        dtype: The dtype of the confusion matrix. Defaults to ``"int32"``.
        ignore_class: A label to leave out (e.g. a "void" class).
        sparse_y_true: Whether labels are integers (else one-hot along ``axis``).
        sparse_y_pred: Whether predictions are integers (else scores along ``axis``).
        axis: The class axis for one-hot inputs.

    Example:

    >>> m = IoU(num_classes=2, target_class_ids=[0])
    >>> round(float(m([0, 0, 1, 1], [0, 1, 0, 1])), 4)
    0.3333
    """

    def __init__(self, num_classes: int, target_class_ids: Sequence[int],
                 name: str | None = None, dtype: Any = None, ignore_class: int | None = None,
                 sparse_y_true: bool = True, sparse_y_pred: bool = True,
                 axis: int = -1) -> None:
        super().__init__(num_classes=num_classes, name=name, dtype=dtype,
                         ignore_class=ignore_class, sparse_y_true=sparse_y_true,
                         sparse_y_pred=sparse_y_pred, axis=axis)
        target_class_ids = list(target_class_ids)
        if not target_class_ids:
            raise ValueError("Argument `target_class_ids` must not be empty.")
        if max(target_class_ids) >= num_classes:
            raise ValueError(
                f"Target class id {max(target_class_ids)} is out of range, which is "
                f"[0, {num_classes})."
            )
        self.target_class_ids = target_class_ids
        self._target_index = torch.tensor(target_class_ids, dtype=torch.long).to(
            self.total_cm.device)

    def result(self) -> torch.Tensor:
        cm = self.total_cm.detach().to(torch.float32)
        true_positives = torch.diagonal(cm)
        denominator = cm.sum(dim=0) + cm.sum(dim=1) - true_positives
        true_positives = true_positives[self._target_index]
        denominator = denominator[self._target_index]
        valid = denominator > 1e-9
        iou = true_positives / (denominator + _config.epsilon())
        iou = torch.where(valid, iou, torch.zeros_like(iou))
        return iou.sum(dim=-1) / (valid.to(torch.float32).sum() + _config.epsilon())

    def get_config(self) -> dict:
        return {**super().get_config(), "target_class_ids": self.target_class_ids}


class BinaryIoU(IoU):
    """IoU for binary tasks: predictions ``>= threshold`` are class 1.

    Args:
        target_class_ids: Which of the two classes to average. Defaults to ``(0, 1)``.
        threshold: The decision threshold. Defaults to ``0.5``.
        name: The metric's name.
        dtype: The dtype of the confusion matrix.

    Example:

    >>> m = BinaryIoU(target_class_ids=[0, 1], threshold=0.3)
    >>> round(float(m([0, 1, 0, 1], [0.1, 0.2, 0.4, 0.7])), 4)
    0.3333
    """

    def __init__(self, target_class_ids: Sequence[int] = (0, 1), threshold: float = 0.5,
                 name: str | None = None, dtype: Any = None) -> None:
        super().__init__(num_classes=2, target_class_ids=target_class_ids, name=name,
                         dtype=dtype)
        self.threshold = threshold

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        scores = y_pred if isinstance(y_pred, torch.Tensor) else as_tensor(y_pred)
        super().update_state(y_true, (scores.to(torch.float32) >= self.threshold),
                             sample_weight)

    def get_config(self) -> dict:
        return {"target_class_ids": self.target_class_ids, "threshold": self.threshold,
                "name": self.name, "dtype": self.dtype}


class MeanIoU(IoU):
    """The mean IoU over all classes.

    Args:
        num_classes: The number of possible labels.
        name: The metric's name.
        dtype: The dtype of the confusion matrix.
        ignore_class: A label to leave out.
        sparse_y_true: Whether labels are integers.
        sparse_y_pred: Whether predictions are integers.
        axis: The class axis for one-hot inputs.

    Example:

    >>> m = MeanIoU(num_classes=2)
    >>> round(float(m([0, 0, 1, 1], [0, 1, 0, 1])), 4)
    0.3333
    """

    def __init__(self, num_classes: int, name: str | None = None, dtype: Any = None,
                 ignore_class: int | None = None, sparse_y_true: bool = True,
                 sparse_y_pred: bool = True, axis: int = -1) -> None:
        super().__init__(num_classes=check_positive_int(num_classes, "num_classes",
                                                            type_error=ValueError),
                         target_class_ids=list(range(num_classes)), name=name, dtype=dtype,
                         ignore_class=ignore_class, sparse_y_true=sparse_y_true,
                         sparse_y_pred=sparse_y_pred, axis=axis)

    def get_config(self) -> dict:
        return {"num_classes": self.num_classes, "name": self.name, "dtype": self.dtype,
                "ignore_class": self.ignore_class, "sparse_y_true": self.sparse_y_true,
                "sparse_y_pred": self.sparse_y_pred, "axis": self.axis}


class OneHotIoU(IoU):
    """IoU of the target classes, for one-hot labels and per-class scores.

    Example:

    >>> m = OneHotIoU(num_classes=3, target_class_ids=[0, 2])
    >>> round(float(m([[0, 0, 1], [1, 0, 0]], [[0.2, 0.3, 0.5], [0.1, 0.2, 0.7]])), 4)
    0.25
    """

    def __init__(self, num_classes: int, target_class_ids: Sequence[int],
                 name: str | None = None, dtype: Any = None, ignore_class: int | None = None,
                 sparse_y_pred: bool = False, axis: int = -1) -> None:
        super().__init__(num_classes=num_classes, target_class_ids=target_class_ids,
                         name=name, dtype=dtype, ignore_class=ignore_class,
                         sparse_y_true=False, sparse_y_pred=sparse_y_pred, axis=axis)

    def get_config(self) -> dict:
        return {"num_classes": self.num_classes, "target_class_ids": self.target_class_ids,
                "name": self.name, "dtype": self.dtype, "ignore_class": self.ignore_class,
                "sparse_y_pred": self.sparse_y_pred, "axis": self.axis}


class OneHotMeanIoU(MeanIoU):
    """The mean IoU over all classes, for one-hot labels and per-class scores.

    Example:

    >>> m = OneHotMeanIoU(num_classes=3)
    >>> round(float(m([[0, 0, 1], [1, 0, 0]], [[0.2, 0.3, 0.5], [0.1, 0.2, 0.7]])), 4)
    0.25
    """

    def __init__(self, num_classes: int, name: str | None = None, dtype: Any = None,
                 ignore_class: int | None = None, sparse_y_pred: bool = False,
                 axis: int = -1) -> None:
        super().__init__(num_classes=num_classes, name=name, dtype=dtype,
                         ignore_class=ignore_class, sparse_y_true=False,
                         sparse_y_pred=sparse_y_pred, axis=axis)

    def get_config(self) -> dict:
        return {"num_classes": self.num_classes, "name": self.name, "dtype": self.dtype,
                "ignore_class": self.ignore_class, "sparse_y_pred": self.sparse_y_pred,
                "axis": self.axis}
