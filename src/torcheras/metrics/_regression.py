"""Regression metrics: MSE, MAE, MAPE, MSLE, RMSE, cosine similarity and log-cosh error."""

from __future__ import annotations

from typing import Any

import torch

from torcheras.losses import _regression as reg
from torcheras.losses._loss import check_axis, squeeze_or_expand_to_same_rank
from torcheras.metrics._reduction import FunctionMetric, Mean, _as_values


def cosine_similarity(y_true: Any, y_pred: Any, axis: int = -1) -> torch.Tensor:
    """Cosine similarity along ``axis`` (the metric's sign: 1 means most similar).

    Example:

    >>> [round(float(v), 4) for v in cosine_similarity([[0., 1.], [1., 1.]], [[1., 0.], [1., 1.]])]
    [0.0, 1.0]
    """
    return -reg.cosine_similarity(y_true, y_pred, axis=axis)


class MeanSquaredError(FunctionMetric):
    """Mean of the squared errors.

    Example:

    >>> float(MeanSquaredError()([[0, 1], [0, 0]], [[1, 1], [0, 0]]))
    0.25
    """

    _metric_fn = staticmethod(reg.mean_squared_error)
    _direction = "down"

    def __init__(self, name: str = "mean_squared_error", dtype: Any = None) -> None:
        super().__init__(name, dtype)


class MeanAbsoluteError(FunctionMetric):
    """Mean of the absolute errors.

    Example:

    >>> float(MeanAbsoluteError()([[0, 1], [0, 0]], [[1, 1], [0, 0]]))
    0.25
    """

    _metric_fn = staticmethod(reg.mean_absolute_error)
    _direction = "down"

    def __init__(self, name: str = "mean_absolute_error", dtype: Any = None) -> None:
        super().__init__(name, dtype)


class MeanAbsolutePercentageError(FunctionMetric):
    """Mean absolute percentage error.

    Example:

    >>> float(MeanAbsolutePercentageError()([[2.0, 4.0]], [[1.0, 5.0]]))
    37.5
    """

    _metric_fn = staticmethod(reg.mean_absolute_percentage_error)
    _direction = "down"

    def __init__(self, name: str = "mean_absolute_percentage_error", dtype: Any = None) -> None:
        super().__init__(name, dtype)


class MeanSquaredLogarithmicError(FunctionMetric):
    """Mean squared logarithmic error.

    Example:

    >>> round(float(MeanSquaredLogarithmicError()([[0.0, 1.0]], [[1.0, 1.0]])), 4)
    0.2402
    """

    _metric_fn = staticmethod(reg.mean_squared_logarithmic_error)
    _direction = "down"

    def __init__(self, name: str = "mean_squared_logarithmic_error", dtype: Any = None) -> None:
        super().__init__(name, dtype)


class CosineSimilarity(FunctionMetric):
    """Mean cosine similarity between labels and predictions.

    Args:
        name: Defaults to ``"cosine_similarity"``.
        dtype: The dtype of the state.
        axis: The axis along which the similarity is computed. Defaults to ``-1``.

    Example:

    >>> round(float(CosineSimilarity()([[0., 1.], [1., 1.]], [[1., 0.], [1., 1.]])), 4)
    0.5
    """

    _metric_fn = staticmethod(cosine_similarity)
    # Keras 3 leaves `axis` out of the config; kept here so that a round trip keeps it.
    _option_names = ("axis",)
    _direction = "up"

    def __init__(self, name: str = "cosine_similarity", dtype: Any = None,
                 axis: int = -1) -> None:
        super().__init__(name, dtype, axis=check_axis(axis))


class LogCoshError(FunctionMetric):
    """Mean logarithm of the hyperbolic cosine of the prediction error.

    Example:

    >>> round(float(LogCoshError()([[0.0, 0.0]], [[1.0, 0.0]])), 4)
    0.2169
    """

    _metric_fn = staticmethod(reg.log_cosh)
    _direction = "down"

    def __init__(self, name: str = "logcosh", dtype: Any = None) -> None:
        super().__init__(name, dtype)


class RootMeanSquaredError(Mean):
    """Square root of the mean of the squared errors (over all batches seen).

    Example:

    >>> float(RootMeanSquaredError()([[0, 1], [0, 0]], [[1, 1], [0, 0]]))
    0.5
    """

    _direction = "down"

    def __init__(self, name: str = "root_mean_squared_error", dtype: Any = None) -> None:
        super().__init__(name=name, dtype=dtype)

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        with torch.no_grad():
            y_pred = _as_values(y_pred, self._torch_dtype, self.total.device)
            y_true = _as_values(y_true, self._torch_dtype, self.total.device)
            y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
            self._accumulate(torch.square(reg._difference(y_pred, y_true, y_true, y_pred)),
                             sample_weight)

    def result(self) -> torch.Tensor:
        return torch.sqrt(super().result())
