"""Loss-valued metrics: the crossentropies, KL divergence and Poisson."""

from __future__ import annotations

from typing import Any

from torcheras.losses import _crossentropy as ce
from torcheras.losses import _probabilistic as prob
from torcheras.losses._loss import check_axis, check_label_smoothing
from torcheras.metrics._reduction import FunctionMetric


class BinaryCrossentropy(FunctionMetric):
    """Mean binary crossentropy between labels and predictions.

    Args:
        name: Defaults to ``"binary_crossentropy"``.
        dtype: The dtype of the state.
        from_logits: Whether ``y_pred`` holds logits.
        label_smoothing: Float in ``[0, 1]``.

    Example:

    >>> round(float(BinaryCrossentropy()([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]])), 4)
    0.8149
    """

    _metric_fn = staticmethod(ce.binary_crossentropy)
    _option_names = ("from_logits", "label_smoothing")
    _direction = "down"

    def __init__(self, name: str = "binary_crossentropy", dtype: Any = None,
                 from_logits: bool = False, label_smoothing: float = 0) -> None:
        super().__init__(name, dtype, from_logits=from_logits,
                         label_smoothing=check_label_smoothing(label_smoothing))


class CategoricalCrossentropy(FunctionMetric):
    """Mean categorical crossentropy between one-hot labels and predictions.

    Args:
        name: Defaults to ``"categorical_crossentropy"``.
        dtype: The dtype of the state.
        from_logits: Whether ``y_pred`` holds logits.
        label_smoothing: Float in ``[0, 1]``.
        axis: The class axis. Defaults to ``-1``.

    Example:

    >>> m = CategoricalCrossentropy()
    >>> round(float(m([[0, 1, 0], [0, 0, 1]], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]])), 4)
    1.1769
    """

    _metric_fn = staticmethod(ce.categorical_crossentropy)
    _option_names = ("from_logits", "label_smoothing", "axis")
    _direction = "down"

    def __init__(self, name: str = "categorical_crossentropy", dtype: Any = None,
                 from_logits: bool = False, label_smoothing: float = 0, axis: int = -1) -> None:
        super().__init__(name, dtype, from_logits=from_logits,
                         label_smoothing=check_label_smoothing(label_smoothing),
                         axis=check_axis(axis))


class SparseCategoricalCrossentropy(FunctionMetric):
    """Mean crossentropy between integer labels and predictions.

    Args:
        name: Defaults to ``"sparse_categorical_crossentropy"``.
        dtype: The dtype of the state.
        from_logits: Whether ``y_pred`` holds logits.
        ignore_class: Optional label value to leave out.
        axis: The class axis. Defaults to ``-1``.

    Example:

    >>> m = SparseCategoricalCrossentropy()
    >>> round(float(m([1, 2], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]])), 4)
    1.1769
    """

    _metric_fn = staticmethod(ce.sparse_categorical_crossentropy)
    _option_names = ("from_logits", "ignore_class", "axis")
    _direction = "down"

    def __init__(self, name: str = "sparse_categorical_crossentropy", dtype: Any = None,
                 from_logits: bool = False, ignore_class: int | None = None,
                 axis: int = -1) -> None:
        super().__init__(name, dtype, from_logits=from_logits, ignore_class=ignore_class,
                         axis=check_axis(axis))


class KLDivergence(FunctionMetric):
    """Mean Kullback-Leibler divergence between labels and predictions.

    Example:

    >>> round(float(KLDivergence()([[0.5, 0.5]], [[0.25, 0.75]])), 4)
    0.1438
    """

    _metric_fn = staticmethod(prob.kl_divergence)

    def __init__(self, name: str = "kl_divergence", dtype: Any = None) -> None:
        super().__init__(name, dtype)


class Poisson(FunctionMetric):
    """Mean Poisson loss between labels and predictions.

    Example:

    >>> round(float(Poisson()([[1.0, 0.0]], [[2.0, 1.0]])), 4)
    1.1534
    """

    _metric_fn = staticmethod(prob.poisson)

    def __init__(self, name: str = "poisson", dtype: Any = None) -> None:
        super().__init__(name, dtype)
