"""Accuracy metrics: exact, binary, categorical, sparse categorical, and top-k."""

from __future__ import annotations

from typing import Any

import torch

from torcheras._validation import check_positive_int
from torcheras.backend import _device
from torcheras.losses._loss import as_tensor, pred_and_true, squeeze_or_expand_to_same_rank
from torcheras.metrics._reduction import FunctionMetric


def _floatx() -> torch.dtype:
    return _device.to_torch_dtype(None)


def _check_k(k: Any) -> int:
    return check_positive_int(k, "k", type_error=ValueError)


def _pred(y_pred: Any) -> torch.Tensor:
    return y_pred if isinstance(y_pred, torch.Tensor) else as_tensor(y_pred)


def accuracy(y_true: Any, y_pred: Any) -> torch.Tensor:
    """1.0 where ``y_true == y_pred`` exactly, else 0.0.

    Example:

    >>> accuracy([[1], [2], [3], [4]], [[0], [2], [3], [4]]).tolist()
    [[0.0], [1.0], [1.0], [1.0]]
    """
    y_true, y_pred = pred_and_true(y_true, _pred(y_pred))
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    return (y_true == y_pred).to(_floatx())


def binary_accuracy(y_true: Any, y_pred: Any, threshold: float = 0.5) -> torch.Tensor:
    """1.0 where ``(y_pred > threshold)`` equals the 0/1 label, else 0.0.

    Example:

    >>> binary_accuracy([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]]).tolist()
    [[1.0], [1.0], [1.0], [0.0]]
    """
    y_pred = _pred(y_pred)
    y_true = y_true.to(y_pred.device) if isinstance(y_true, torch.Tensor) else as_tensor(
        y_true, device=y_pred.device)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    predicted = (y_pred > threshold).to(y_true.dtype)
    return (y_true == predicted).to(_floatx())


def categorical_accuracy(y_true: Any, y_pred: Any) -> torch.Tensor:
    """1.0 where the arg-max of ``y_pred`` is the arg-max of the one-hot ``y_true``.

    Example:

    >>> categorical_accuracy([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]).tolist()
    [0.0, 1.0]
    """
    y_pred = _pred(y_pred)
    y_true = y_true.to(y_pred.device) if isinstance(y_true, torch.Tensor) else as_tensor(
        y_true, device=y_pred.device)
    labels = torch.argmax(y_true, dim=-1)
    original_shape = labels.shape
    reshape = labels.dim() == y_pred.dim()
    if reshape:
        labels = labels.squeeze(-1)
    matches = (labels == torch.argmax(y_pred, dim=-1)).to(_floatx())
    return matches.reshape(original_shape) if reshape else matches


def sparse_categorical_accuracy(y_true: Any, y_pred: Any) -> torch.Tensor:
    """1.0 where the arg-max of ``y_pred`` equals the integer label.

    Example:

    >>> sparse_categorical_accuracy([[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]]).tolist()
    [0.0, 1.0]
    """
    y_pred = _pred(y_pred)
    if isinstance(y_true, torch.Tensor) and not y_true.is_floating_point():
        # Integer labels compare with the arg-max directly: the same result as Keras's
        # cast to float, two kernels fewer.
        y_true = y_true.to(y_pred.device)
    else:
        y_true, y_pred = pred_and_true(y_true, y_pred)
    original_shape = y_true.shape
    reshape = y_true.dim() == y_pred.dim() and y_true.dim() > 0 and y_true.shape[-1] == 1
    if reshape:
        y_true = y_true.squeeze(-1)
    predicted = torch.argmax(y_pred, dim=-1)
    if y_true.is_floating_point():
        predicted = predicted.to(y_true.dtype)
    try:
        matches = (y_true == predicted).to(_floatx())
    except RuntimeError:
        raise ValueError(
            "Arguments `y_true` and `y_pred` must have the same shape up until the class "
            f"dimension. Received: y_true.shape={tuple(original_shape)}, "
            f"y_pred.shape={tuple(y_pred.shape)}"
        ) from None
    if reshape:
        matches = matches.reshape(original_shape)
    if matches.dim() > 1 and matches.shape[-1] == 1:
        matches = matches.squeeze(-1)
    return matches


def _in_top_k(targets: torch.Tensor, predictions: torch.Tensor, k: int) -> torch.Tensor:
    # Ties count as inside the top k (Keras's rule): compare with the k-th largest value.
    k = min(k, predictions.shape[-1])
    kth = torch.topk(predictions, k, dim=-1).values[:, -1]
    target_values = torch.gather(predictions, -1, targets.long()[:, None])[:, 0]
    return target_values >= kth


def top_k_categorical_accuracy(y_true: Any, y_pred: Any, k: int = 5) -> torch.Tensor:
    """1.0 where the one-hot target is among the ``k`` highest predictions.

    Example:

    >>> top_k_categorical_accuracy([[0, 0, 1], [0, 1, 0]],
    ...                            [[0.1, 0.9, 0.8], [0.05, 0.95, 0]], k=1).tolist()
    [0.0, 1.0]
    """
    _check_k(k)
    y_true, y_pred = pred_and_true(y_true, _pred(y_pred))
    labels = torch.argmax(y_true, dim=-1)
    original_shape = labels.shape
    if y_pred.dim() > 2:
        y_pred = y_pred.reshape(-1, y_pred.shape[-1])
    matches = _in_top_k(labels.reshape(-1), y_pred, k).to(_floatx())
    return matches.reshape(original_shape) if labels.dim() > 1 else matches


def sparse_top_k_categorical_accuracy(y_true: Any, y_pred: Any, k: int = 5,
                                      from_sorted_ids: bool = False) -> torch.Tensor:
    """1.0 where the integer target is among the ``k`` highest predictions.

    With ``from_sorted_ids=True``, ``y_pred`` holds class ids sorted by score (e.g. the
    indices from ``top_k``) and the first ``k`` columns are searched.

    Example:

    >>> sparse_top_k_categorical_accuracy([2, 1], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]],
    ...                                   k=1).tolist()
    [0.0, 1.0]
    """
    _check_k(k)
    y_pred = _pred(y_pred)
    y_true = y_true.to(y_pred.device) if isinstance(y_true, torch.Tensor) else as_tensor(
        y_true, device=y_pred.device)
    original_shape = y_true.shape
    if y_pred.dim() > 2:
        y_pred = y_pred.reshape(-1, y_pred.shape[-1])
    flat = y_true.reshape(-1) if y_true.dim() > 1 else y_true
    if from_sorted_ids:
        matches = (flat[:, None].to(y_pred.dtype) == y_pred[:, :k]).any(dim=1)
    else:
        if flat.shape[0] != y_pred.shape[0]:
            raise ValueError(
                "Arguments `y_true` and `y_pred` must have the same number of samples. "
                f"Received: y_true.shape={tuple(original_shape)}, "
                f"y_pred.shape={tuple(y_pred.shape)}"
            )
        matches = _in_top_k(flat, y_pred, k)
    matches = matches.to(_floatx())
    return matches.reshape(original_shape) if y_true.dim() > 1 else matches


class Accuracy(FunctionMetric):
    """How often predictions equal labels exactly.

    Example:

    >>> m = Accuracy()
    >>> float(m([[1], [2], [3], [4]], [[0], [2], [3], [4]]))
    0.75
    """

    _metric_fn = staticmethod(accuracy)
    _direction = "up"

    def __init__(self, name: str = "accuracy", dtype: Any = None) -> None:
        super().__init__(name, dtype)


class BinaryAccuracy(FunctionMetric):
    """How often ``y_pred > threshold`` matches the binary labels.

    Args:
        name: Defaults to ``"binary_accuracy"``.
        dtype: The dtype of the state.
        threshold: Predictions above it count as 1. Defaults to ``0.5``.

    Example:

    >>> m = BinaryAccuracy()
    >>> float(m([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]]))
    0.75
    """

    _metric_fn = staticmethod(binary_accuracy)
    _option_names = ("threshold",)
    _direction = "up"

    def __init__(self, name: str = "binary_accuracy", dtype: Any = None,
                 threshold: float = 0.5) -> None:
        if isinstance(threshold, bool) or not isinstance(threshold, (int, float)):
            raise ValueError(
                f"Argument `threshold` must be a number. Received: threshold={threshold!r}"
            )
        super().__init__(name, dtype, threshold=threshold)


class CategoricalAccuracy(FunctionMetric):
    """How often the arg-max of the predictions matches the one-hot labels.

    Example:

    >>> m = CategoricalAccuracy()
    >>> float(m([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]))
    0.5
    """

    _metric_fn = staticmethod(categorical_accuracy)
    _direction = "up"

    def __init__(self, name: str = "categorical_accuracy", dtype: Any = None) -> None:
        super().__init__(name, dtype)


class SparseCategoricalAccuracy(FunctionMetric):
    """How often the arg-max of the predictions matches the integer labels.

    Example:

    >>> m = SparseCategoricalAccuracy()
    >>> float(m([[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]]))
    0.5
    """

    _metric_fn = staticmethod(sparse_categorical_accuracy)
    _direction = "up"

    def __init__(self, name: str = "sparse_categorical_accuracy", dtype: Any = None) -> None:
        super().__init__(name, dtype)


class TopKCategoricalAccuracy(FunctionMetric):
    """How often the one-hot targets are in the top ``k`` predictions.

    Args:
        k: Number of top elements to look at. Defaults to ``5``.
        name: Defaults to ``"top_k_categorical_accuracy"``.
        dtype: The dtype of the state.

    Example:

    >>> m = TopKCategoricalAccuracy(k=1)
    >>> float(m([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]))
    0.5
    """

    _metric_fn = staticmethod(top_k_categorical_accuracy)
    _option_names = ("k",)
    _direction = "up"

    def __init__(self, k: int = 5, name: str = "top_k_categorical_accuracy",
                 dtype: Any = None) -> None:
        super().__init__(name, dtype, k=_check_k(k))


class SparseTopKCategoricalAccuracy(FunctionMetric):
    """How often the integer targets are in the top ``k`` predictions.

    Args:
        k: Number of top elements to look at. Defaults to ``5``.
        name: Defaults to ``"sparse_top_k_categorical_accuracy"``.
        dtype: The dtype of the state.
        from_sorted_ids: ``y_pred`` holds class ids sorted by score.

    Example:

    >>> m = SparseTopKCategoricalAccuracy(k=1)
    >>> float(m([2, 1], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]))
    0.5
    """

    _metric_fn = staticmethod(sparse_top_k_categorical_accuracy)
    _option_names = ("k",)
    _direction = "up"

    def __init__(self, k: int = 5, name: str = "sparse_top_k_categorical_accuracy",
                 dtype: Any = None, from_sorted_ids: bool = False) -> None:
        super().__init__(name, dtype, k=_check_k(k), from_sorted_ids=from_sorted_ids)

    def get_config(self) -> dict:
        config = super().get_config()
        if self.from_sorted_ids:
            config["from_sorted_ids"] = True
        return config
