"""Names of the metrics, and ``get``/``serialize``/``deserialize``."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Any

from torcheras._lookup import lookup, unknown_name_error
from torcheras.backend._naming import to_snake_case
from torcheras.losses import _registry as loss_registry
from torcheras.metrics import _accuracy as acc
from torcheras.metrics import (
    _auc,
    _confusion,
    _correlation,
    _fscore,
    _hinge,
    _iou,
    _probabilistic,
    _r2,
    _regression,
    _sensitivity,
)
from torcheras.metrics._metric import Metric
from torcheras.metrics._reduction import Mean, MeanMetricWrapper, Sum

CLASSES: list[type] = [
    Metric, Mean, Sum, MeanMetricWrapper,
    _regression.MeanSquaredError, _regression.RootMeanSquaredError,
    _regression.MeanAbsoluteError, _regression.MeanAbsolutePercentageError,
    _regression.MeanSquaredLogarithmicError, _regression.CosineSimilarity,
    _regression.LogCoshError, _r2.R2Score,
    _correlation.ConcordanceCorrelation, _correlation.PearsonCorrelation,
    _fscore.F1Score, _fscore.FBetaScore,
    _iou.IoU, _iou.BinaryIoU, _iou.MeanIoU, _iou.OneHotIoU, _iou.OneHotMeanIoU,
    _auc.AUC, _confusion.FalseNegatives, _confusion.FalsePositives, _confusion.Precision,
    _confusion.Recall, _confusion.TrueNegatives, _confusion.TruePositives,
    _sensitivity.PrecisionAtRecall, _sensitivity.RecallAtPrecision,
    _sensitivity.SensitivityAtSpecificity, _sensitivity.SpecificityAtSensitivity,
    _hinge.Hinge, _hinge.SquaredHinge, _hinge.CategoricalHinge,
    _probabilistic.KLDivergence, _probabilistic.Poisson, _probabilistic.BinaryCrossentropy,
    _probabilistic.CategoricalCrossentropy, _probabilistic.SparseCategoricalCrossentropy,
    acc.Accuracy, acc.BinaryAccuracy, acc.CategoricalAccuracy, acc.SparseCategoricalAccuracy,
    acc.TopKCategoricalAccuracy, acc.SparseTopKCategoricalAccuracy,
]

# Keras 3's short names, plus the Keras 2 spellings old programs use.
ALIASES: dict[str, str] = {
    "bce": "BinaryCrossentropy", "BCE": "BinaryCrossentropy",
    "mse": "MeanSquaredError", "MSE": "MeanSquaredError",
    "mae": "MeanAbsoluteError", "MAE": "MeanAbsoluteError",
    "mape": "MeanAbsolutePercentageError", "MAPE": "MeanAbsolutePercentageError",
    "msle": "MeanSquaredLogarithmicError", "MSLE": "MeanSquaredLogarithmicError",
    "rmse": "RootMeanSquaredError",
    "kld": "KLDivergence", "KLD": "KLDivergence",
    "kullback_leibler_divergence": "KLDivergence",
    "logcosh": "LogCoshError", "log_cosh": "LogCoshError",
    "cosine_proximity": "CosineSimilarity",
}

TABLE: dict[str, Any] = {}


def register(*classes: type) -> None:
    """Add metric classes (by class name and snake_case name) to the lookup table."""
    for cls in classes:
        TABLE[cls.__name__] = cls
        TABLE.setdefault(to_snake_case(cls.__name__), cls)
    for alias, target in ALIASES.items():
        if target in TABLE:
            TABLE[alias] = TABLE[target]


register(*CLASSES)


def _table(custom_objects: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return {**TABLE, **custom_objects} if custom_objects else TABLE


def deserialize_function(value: Any, custom_objects: Mapping[str, Any] | None = None
                         ) -> Callable:
    """A metric function from its serialized form (functions of metrics, then losses)."""
    if callable(value):
        return value
    if isinstance(value, Mapping) and value.get("class_name") == "function":
        value = value.get("config")
    if isinstance(value, str):
        from torcheras import metrics

        fn = (custom_objects or {}).get(value)
        if fn is None and value in getattr(metrics, "FUNCTION_NAMES", ()):
            fn = getattr(metrics, value)
        if fn is None:
            fn = loss_registry.TABLE.get(value)
        if fn is None or inspect.isclass(fn):
            raise unknown_name_error("metric function", value, metrics.FUNCTION_NAMES)
        return fn
    raise ValueError(f"Could not interpret metric function: {value!r}")


def serialize(metric: Any) -> Any:
    """Serialize a metric (instance or function) to Keras's config format.

    Example:

    >>> from torcheras.metrics import AUC
    >>> serialize(AUC(name="auc"))["config"]["num_thresholds"]
    200
    """
    if metric is None:
        return None
    if isinstance(metric, Metric):
        cls = type(metric)
        builtin = TABLE.get(cls.__name__) is cls
        return {
            "module": "keras.metrics" if builtin else cls.__module__,
            "class_name": cls.__name__,
            "config": metric.get_config(),
            "registered_name": None if builtin else cls.__name__,
        }
    if callable(metric):
        return loss_registry.serialize_function(metric)
    raise ValueError(f"Could not serialize metric: {metric!r}")


def deserialize(config: Any, custom_objects: Mapping[str, Any] | None = None) -> Any:
    """Turn a name or config dict back into a metric instance or function.

    Example:

    >>> deserialize({"class_name": "Precision", "config": {"thresholds": 0.3}}).thresholds
    [0.3]
    """
    if isinstance(config, Mapping) and config.get("class_name") == "function":
        return deserialize_function(config, custom_objects)
    return lookup(config, _table(custom_objects), "metric", argument="metrics", base=Metric)


def get(identifier: Any) -> Any:
    """Retrieve a metric: names and classes give new instances; functions stay functions.

    Args:
        identifier: ``None``, a name (``"mse"``, ``"AUC"``, ``"precision"``,
            ``"binary_accuracy"``), a config dict, a :class:`Metric` class or instance, or
            a function.

    Returns:
        A :class:`Metric` instance or a function.

    Example:

    >>> type(get("mse")).__name__
    'MeanSquaredError'
    """
    if identifier is None:
        return None
    if isinstance(identifier, Mapping):
        return deserialize(identifier)
    if inspect.isclass(identifier) and not issubclass(identifier, Metric):
        raise ValueError(f"Could not interpret metric identifier: {identifier!r}")
    return lookup(identifier, TABLE, "metric", argument="metrics", instantiate=True,
                  base=Metric)
