"""``keras.optimizers.schedules.serialize`` / ``deserialize``."""

from __future__ import annotations

from collections.abc import Mapping

from torcheras._lookup import lookup
from torcheras.optimizers.schedules._base import LearningRateSchedule
from torcheras.optimizers.schedules._cosine import CosineDecay, CosineDecayRestarts
from torcheras.optimizers.schedules._exponential import ExponentialDecay, InverseTimeDecay
from torcheras.optimizers.schedules._piecewise import PiecewiseConstantDecay, PolynomialDecay

BUILTIN_SCHEDULES = {
    cls.__name__: cls
    for cls in (ExponentialDecay, InverseTimeDecay, PiecewiseConstantDecay, PolynomialDecay,
                CosineDecay, CosineDecayRestarts, LearningRateSchedule)
}


def serialize(learning_rate_schedule: LearningRateSchedule) -> dict:
    """Serializes a `LearningRateSchedule` into a JSON-compatible dict.

    Args:
        learning_rate_schedule: The `LearningRateSchedule` object to serialize.

    Returns:
        A JSON-serializable dict representing the object's config.

    Example:

    >>> cfg = serialize(ExponentialDecay(0.1, decay_steps=100000, decay_rate=0.96))
    >>> cfg["class_name"], cfg["config"]["decay_rate"]
    ('ExponentialDecay', 0.96)
    """
    if not isinstance(learning_rate_schedule, LearningRateSchedule):
        raise TypeError(
            "Argument `learning_rate_schedule` must be a `LearningRateSchedule`. "
            f"Received: learning_rate_schedule={learning_rate_schedule!r} "
            f"(of type {type(learning_rate_schedule).__name__})"
        )
    # A schedule may save as the built-in class it computes (Keras 2's settable decay).
    cls = getattr(learning_rate_schedule, "_serialized_class", type(learning_rate_schedule))
    builtin = BUILTIN_SCHEDULES.get(cls.__name__) is cls
    return {
        "module": "keras.optimizers.schedules" if builtin else cls.__module__,
        "class_name": cls.__name__,
        "config": learning_rate_schedule.get_config(),
        "registered_name": None if builtin else cls.__name__,
    }


def deserialize(config: Mapping, custom_objects: Mapping | None = None) -> LearningRateSchedule:
    """Instantiates a `LearningRateSchedule` object from a serialized form.

    Args:
        config: The serialized form of the `LearningRateSchedule`: a dict of the form
            `{'class_name': str, 'config': dict}`.
        custom_objects: A dictionary mapping class names to custom (non-Keras) classes.

    Returns:
        A `LearningRateSchedule` object.

    Example:

    >>> schedule = deserialize({"class_name": "PolynomialDecay",
    ...                         "config": {"initial_learning_rate": 0.1,
    ...                                    "decay_steps": 10000, "power": 0.5}})
    >>> type(schedule).__name__
    'PolynomialDecay'
    """
    if isinstance(config, LearningRateSchedule):
        return config
    if not isinstance(config, Mapping):
        raise TypeError(
            "Argument `config` must be a dict with 'class_name' and 'config' keys. "
            f"Received: config={config!r} (of type {type(config).__name__})"
        )
    table = dict(BUILTIN_SCHEDULES)
    table.update(custom_objects or {})
    name = config.get("registered_name") or config.get("class_name")
    if name not in table and config.get("class_name") in table:
        name = config["class_name"]
    return lookup({"class_name": name, "config": dict(config.get("config") or {})}, table,
                  "learning rate schedule", argument="config")
