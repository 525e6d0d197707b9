"""How ``compile(metrics=[...])`` turns each entry into a :class:`Metric` (Keras 3 rules).

Measured on Keras 3.15 (torch backend), which this module reproduces:

- ``"accuracy"``/``"acc"`` (any case) become ``BinaryAccuracy`` when ``y_pred``'s last axis
  is 1, else ``SparseCategoricalAccuracy`` when ``y_true`` has fewer dimensions than
  ``y_pred`` or a last axis of 1 against several classes, else ``CategoricalAccuracy``.
  Keras 3 decides from the shapes only: the loss is not consulted (Keras 2 looked at it).
- ``"crossentropy"``/``"ce"`` (Keras 2 only; Keras 3 rejects them) pick the binary, sparse
  or categorical crossentropy metric by the same shape rule.
- The metric is named exactly as the string was written, so History keys follow:
  ``"acc"`` -> ``acc``, ``"mae"`` -> ``mae``, ``"AUC"`` -> ``AUC``,
  ``"MeanSquaredError"`` -> ``MeanSquaredError``.
- A metric object keeps its own name: ``AUC()`` -> ``auc``, a second ``AUC()`` -> ``auc_1``
  (the automatic name is given when the object is created).
- A function is wrapped in ``MeanMetricWrapper`` and named after it
  (``keras.metrics.mean_absolute_error`` -> ``mean_absolute_error``).
"""

from __future__ import annotations

from typing import Any

from torcheras.losses._resolve import is_binary_or_sparse_categorical, object_name
from torcheras.metrics import _accuracy as acc
from torcheras.metrics import _probabilistic as prob
from torcheras.metrics._metric import Metric
from torcheras.metrics._reduction import MeanMetricWrapper
from torcheras.metrics._registry import get

_BY_SHAPE = {
    "accuracy": (acc.BinaryAccuracy, acc.SparseCategoricalAccuracy, acc.CategoricalAccuracy),
    "acc": (acc.BinaryAccuracy, acc.SparseCategoricalAccuracy, acc.CategoricalAccuracy),
    "crossentropy": (prob.BinaryCrossentropy, prob.SparseCategoricalCrossentropy,
                     prob.CategoricalCrossentropy),
    "ce": (prob.BinaryCrossentropy, prob.SparseCategoricalCrossentropy,
           prob.CategoricalCrossentropy),
}


def resolve_metric(identifier: Any, loss: Any, y_true: Any, y_pred: Any) -> Metric:
    """The :class:`Metric` that ``compile(metrics=[identifier])`` uses for one output.

    Args:
        identifier: What the user wrote: a string, a function, a class, an instance or a
            config dict.
        loss: The output's loss object. Keras 3 does not use it; accepted so that callers
            need not change if that rule ever does.
        y_true: A batch of targets (only the shape is read).
        y_pred: A batch of predictions (only the shape is read).

    Returns:
        A :class:`Metric` whose ``name`` is the History key Keras 3 would use.
    """
    del loss  # Keras 3 resolves "accuracy" from shapes only.
    if identifier is None:
        raise ValueError("Expected metric, received `None`")
    key = identifier.lower() if isinstance(identifier, str) else None
    if key in _BY_SHAPE:
        binary_cls, sparse_cls, categorical_cls = _BY_SHAPE[key]
        is_binary, is_sparse = is_binary_or_sparse_categorical(y_true, y_pred)
        cls = binary_cls if is_binary else sparse_cls if is_sparse else categorical_cls
        return cls(name=identifier)
    metric = get(identifier)
    name = identifier if isinstance(identifier, str) else object_name(metric)
    if not isinstance(metric, Metric):
        metric = MeanMetricWrapper(metric, name=name)
    metric.name = name
    return metric
