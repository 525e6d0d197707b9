"""Hinge metrics: hinge, squared hinge, categorical hinge."""

from __future__ import annotations

from typing import Any

from torcheras.losses import _hinge as hg
from torcheras.metrics._reduction import FunctionMetric


class Hinge(FunctionMetric):
    """Mean hinge loss between labels (-1/1, or 0/1) and predictions.

    Example:

    >>> float(Hinge()([[0.0, 1.0]], [[0.5, 0.5]]))
    1.0
    """

    _metric_fn = staticmethod(hg.hinge)
    _direction = "down"

    def __init__(self, name: str = "hinge", dtype: Any = None) -> None:
        super().__init__(name, dtype)


class SquaredHinge(FunctionMetric):
    """Mean squared hinge loss between labels and predictions.

    Example:

    >>> float(SquaredHinge()([[0.0, 1.0]], [[0.5, 0.5]]))
    1.25
    """

    _metric_fn = staticmethod(hg.squared_hinge)
    _direction = "down"

    def __init__(self, name: str = "squared_hinge", dtype: Any = None) -> None:
        super().__init__(name, dtype)


class CategoricalHinge(FunctionMetric):
    """Mean categorical hinge loss between one-hot labels and predictions.

    Example:

    >>> round(float(CategoricalHinge()([[0.0, 1.0]], [[0.3, 0.7]])), 4)
    0.6
    """

    _metric_fn = staticmethod(hg.categorical_hinge)
    _direction = "down"

    def __init__(self, name: str = "categorical_hinge", dtype: Any = None) -> None:
        super().__init__(name, dtype)
