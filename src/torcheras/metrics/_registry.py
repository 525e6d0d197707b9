"""Names of the metrics, and ``get``/``serialize``/``deserialize``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from torcheras import _objects
from torcheras.backend._naming import to_snake_case
from torcheras.losses._regression import cosine_similarity as cosine_similarity_loss
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
# Keras 2's `cosine_proximity` metric was its loss, minus the cosine (Keras 3's
# CosineSimilarity metric is the cosine itself).
TABLE["cosine_proximity"] = cosine_similarity_loss


_NAMESPACE = _objects.Namespace("metric", "keras.metrics", TABLE, base=Metric,
                                argument="metrics", functions=True, instantiate_names=False)


def deserialize_function(value: Any, custom_objects: Mapping[str, Any] | None = None
                         ) -> Callable:
    """A metric function from its serialized form (functions of metrics, then losses)."""
    return _objects.deserialize_function(
        value, ("keras.metrics.functions", "keras.losses.functions"), "metric function",
        custom_objects)


def serialize(metric: Any) -> Any:
    """Serialize a metric (instance or function) to Keras's config format.

    Example:

    >>> from torcheras.metrics import AUC
    >>> serialize(AUC(name="auc"))["config"]["num_thresholds"]
    200
    """
    return _NAMESPACE.serialize(metric)


def deserialize(config: Any, custom_objects: Mapping[str, Any] | None = None) -> Any:
    """Turn a name or config dict back into a metric instance or function.

    Example:

    >>> deserialize({"class_name": "Precision", "config": {"thresholds": 0.3}}).thresholds
    [0.3]
    """
    return _NAMESPACE.deserialize(config, custom_objects, deserialize_function)


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
    return _NAMESPACE.get(identifier)
