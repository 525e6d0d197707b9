"""F-scores: ``FBetaScore`` and ``F1Score`` (per class, or micro/macro/weighted averaged)."""

from __future__ import annotations

from typing import Any

import torch

from torcheras.backend import _config, _device
from torcheras.metrics._metric import Metric
from torcheras.metrics._reduction import _as_values


class FBetaScore(Metric):
    """F-beta score: ``(1 + beta**2) * precision * recall / (beta**2 * precision + recall)``.

    Args:
        average: ``None`` (one score per class), ``"micro"``, ``"macro"`` or ``"weighted"``.
        beta: A Python float > 0; recall weighs ``beta`` times as much as precision.
        threshold: Predictions above it are positive. ``None`` takes each row's maximum.
        name: Defaults to ``"fbeta_score"``.
        dtype: The dtype of the state.

    Example:

    >>> m = FBetaScore(beta=2.0, threshold=0.5)
    >>> [round(v, 4) for v in m([[1, 1, 1], [1, 0, 0], [1, 1, 0]],
    ...                         [[0.2, 0.6, 0.7], [0.2, 0.6, 0.6], [0.6, 0.8, 0.0]]).tolist()]
    [0.3846, 0.9091, 0.8333]
    """

    _direction = "up"

    def __init__(self, average: str | None = None, beta: float = 1.0,
                 threshold: float | None = None, name: str = "fbeta_score",
                 dtype: Any = None) -> None:
        super().__init__(name=name, dtype=dtype)
        if average not in (None, "micro", "macro", "weighted"):
            raise ValueError(
                "Invalid `average` argument value. Expected one of: {None, 'micro', 'macro', "
                f"'weighted'}}. Received: average={average!r}"
            )
        if not isinstance(beta, float):
            raise ValueError(
                "Invalid `beta` argument value. It should be a Python float. "
                f"Received: beta={beta!r} of type '{type(beta)}'"
            )
        if beta <= 0.0:
            raise ValueError(
                f"Invalid `beta` argument value. It should be > 0. Received: beta={beta}"
            )
        if threshold is not None:
            if not isinstance(threshold, float):
                raise ValueError(
                    "Invalid `threshold` argument value. It should be a Python float. "
                    f"Received: threshold={threshold!r} of type '{type(threshold)}'"
                )
            if threshold > 1.0 or threshold <= 0.0:
                raise ValueError(
                    "Invalid `threshold` argument value. It should verify "
                    f"0 < threshold <= 1. Received: threshold={threshold}"
                )
        self.average = average
        self.beta = beta
        self.threshold = threshold
        self.axis = None if average == "micro" else 0
        self._built = False

    def _build(self, y_true_shape: tuple, y_pred_shape: tuple) -> None:
        if len(y_pred_shape) != 2 or len(y_true_shape) != 2:
            raise ValueError(
                "FBetaScore expects 2D inputs with shape (batch_size, output_dim). Received "
                f"input shapes: y_pred.shape={y_pred_shape} and y_true.shape={y_true_shape}."
            )
        shape = () if self.average == "micro" else (y_pred_shape[-1],)
        for name in ("true_positives", "false_positives", "false_negatives",
                     "intermediate_weights"):
            setattr(self, name, self.add_variable(shape=shape, initializer="zeros",
                                                  dtype=self.dtype, name=name))
        self._built = True

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        with torch.no_grad():
            y_pred = _as_values(y_pred, self._torch_dtype, _device_of(self, y_pred))
            y_true = _as_values(y_true, self._torch_dtype, y_pred.device)
            if not self._built:
                self._build(tuple(y_true.shape), tuple(y_pred.shape))
            if self.threshold is None:
                top = y_pred.amax(dim=-1, keepdim=True)
                predicted = (y_pred >= top) & (y_pred.abs() > 1e-9)
            else:
                predicted = y_pred > self.threshold
            predicted = predicted.to(self._torch_dtype)
            if sample_weight is not None:
                sample_weight = _as_values(sample_weight, self._torch_dtype,
                                           y_pred.device).unsqueeze(1)

            def weighted_sum(value: torch.Tensor) -> torch.Tensor:
                if sample_weight is not None:
                    value = value * sample_weight
                return value.sum() if self.axis is None else value.sum(dim=self.axis)

            self.true_positives.add_(weighted_sum(predicted * y_true))
            self.false_positives.add_(weighted_sum(predicted * (1 - y_true)))
            self.false_negatives.add_(weighted_sum((1 - predicted) * y_true))
            self.intermediate_weights.add_(weighted_sum(y_true))

    def result(self) -> torch.Tensor:
        if not self._built:
            return torch.zeros((), dtype=self._torch_dtype)
        eps = _config.epsilon()
        tp = self.true_positives.detach()
        precision = tp / (tp + self.false_positives.detach() + eps)
        recall = tp / (tp + self.false_negatives.detach() + eps)
        beta2 = self.beta ** 2
        score = precision * recall / (beta2 * precision + recall + eps) * (1 + beta2)
        if self.average == "weighted":
            w = self.intermediate_weights.detach()
            return (score * (w / (w.sum() + eps))).sum()
        if self.average is not None:
            return score.mean()
        return score

    def reset_state(self) -> None:
        if self._built:
            super().reset_state()

    def get_config(self) -> dict:
        return {**super().get_config(), "average": self.average, "beta": self.beta,
                "threshold": self.threshold}


def _device_of(metric: Metric, x: Any) -> torch.device:
    if metric._built:
        return metric.true_positives.device
    return x.device if isinstance(x, torch.Tensor) else _device.get_device()


class F1Score(FBetaScore):
    """F1 score: the harmonic mean of precision and recall.

    Args:
        average: ``None`` (one score per class), ``"micro"``, ``"macro"`` or ``"weighted"``.
        threshold: Predictions above it are positive. ``None`` takes each row's maximum.
        name: Defaults to ``"f1_score"``.
        dtype: The dtype of the state.

    Example:

    >>> m = F1Score(threshold=0.5)
    >>> [round(v, 4) for v in m([[1, 1, 1], [1, 0, 0], [1, 1, 0]],
    ...                         [[0.2, 0.6, 0.7], [0.2, 0.6, 0.6], [0.6, 0.8, 0.0]]).tolist()]
    [0.5, 0.8, 0.6667]
    """

    def __init__(self, average: str | None = None, threshold: float | None = None,
                 name: str = "f1_score", dtype: Any = None) -> None:
        super().__init__(average=average, beta=1.0, threshold=threshold, name=name,
                         dtype=dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        del config["beta"]
        return config
