"""``R2Score``: the coefficient of determination, optionally adjusted for regressors."""

from __future__ import annotations

from typing import Any

import torch

from torcheras.losses._loss import squeeze_or_expand_to_same_rank
from torcheras.metrics._metric import Metric
from torcheras.metrics._reduction import _as_values

_AGGREGATIONS = (None, "uniform_average", "variance_weighted_average")


class R2Score(Metric):
    """R2 score: ``1 - sum((y_true - y_pred)**2) / sum((y_true - mean(y_true))**2)``.

    Args:
        class_aggregation: ``"uniform_average"`` (default), ``"variance_weighted_average"``
            or ``None`` (one score per output).
        num_regressors: Number of independent regressors, for the adjusted R2 score
            (``0``, the default, gives the plain score).
        name: Defaults to ``"r2_score"``.
        dtype: The dtype of the state.

    Example:

    >>> m = R2Score()
    >>> round(float(m([[1], [4], [3]], [[2], [4], [4]])), 4)
    0.5714
    """

    _direction = "up"

    def __init__(self, class_aggregation: str | None = "uniform_average",
                 num_regressors: int = 0, name: str = "r2_score", dtype: Any = None) -> None:
        super().__init__(name=name, dtype=dtype)
        if class_aggregation not in _AGGREGATIONS:
            raise ValueError(
                "Invalid value for argument `class_aggregation`. Expected one of "
                f"{_AGGREGATIONS}. Received: class_aggregation={class_aggregation!r}"
            )
        if num_regressors < 0:
            raise ValueError(
                "Invalid value for argument `num_regressors`. Expected a value >= 0. "
                f"Received: num_regressors={num_regressors}"
            )
        self.class_aggregation = class_aggregation
        self.num_regressors = num_regressors
        self.num_samples = self.add_variable(shape=(), initializer="zeros", name="num_samples")
        self._built = False

    def _build(self, y_true_shape: tuple, y_pred_shape: tuple) -> None:
        if len(y_pred_shape) != 2 or len(y_true_shape) != 2:
            raise ValueError(
                "R2Score expects 2D inputs with shape (batch_size, output_dim). Received "
                f"input shapes: y_pred.shape={y_pred_shape} and y_true.shape={y_true_shape}."
            )
        n = y_pred_shape[-1]
        for attr, name in (("squared_sum", "squared_sum"), ("sum", "sum"),
                           ("total_mse", "residual"), ("count", "count")):
            setattr(self, attr, self.add_variable(shape=(n,), initializer="zeros", name=name))
        self._built = True

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        with torch.no_grad():
            device = self.num_samples.device
            y_true = _as_values(y_true, self._torch_dtype, device)
            y_pred = _as_values(y_pred, self._torch_dtype, device)
            y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
            if not self._built:
                self._build(tuple(y_true.shape), tuple(y_pred.shape))
            if sample_weight is None:
                weight = torch.ones_like(y_true)
            else:
                weight = _as_values(sample_weight, self._torch_dtype, device)
                if weight.dim() == 1:
                    weight = weight.unsqueeze(1)
                weight = weight.broadcast_to(y_true.shape)
            weighted = y_true * weight
            self.sum.add_(weighted.sum(dim=0))
            self.squared_sum.add_((y_true * weighted).sum(dim=0))
            self.total_mse.add_((torch.square(y_true - y_pred) * weight).sum(dim=0))
            self.count.add_(weight.sum(dim=0))
            self.num_samples.add_(y_true.numel())

    def result(self) -> torch.Tensor:
        if not self._built:
            return torch.zeros((), dtype=self._torch_dtype)
        total_sum, count = self.sum.detach(), self.count.detach()
        mean = total_sum / count
        total = self.squared_sum.detach() - total_sum * mean
        raw = 1 - self.total_mse.detach() / total
        raw = torch.where(torch.isinf(raw), torch.zeros_like(raw), raw)
        if self.class_aggregation == "uniform_average":
            score = raw.mean()
        elif self.class_aggregation == "variance_weighted_average":
            score = (total * raw).sum() / total.sum()
        else:
            score = raw
        if self.num_regressors:
            # Adjusted only when there are more samples than regressors + 1 (Keras warns
            # and falls back otherwise); chosen on the device, without a sync.
            n = self.num_samples.detach()
            p = float(self.num_regressors)
            adjusted = 1.0 - (1.0 - score) * (n - 1.0) / torch.clamp_min(n - p - 1.0, 1e-12)
            score = torch.where(n - 1.0 > p, adjusted, score)
        return score

    def reset_state(self) -> None:
        super().reset_state()

    def get_config(self) -> dict:
        return {**super().get_config(), "class_aggregation": self.class_aggregation,
                "num_regressors": self.num_regressors}
