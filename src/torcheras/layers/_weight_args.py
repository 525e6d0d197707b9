"""A weight's ``<name>_initializer``, ``<name>_regularizer`` and ``<name>_constraint``.

Layers with weights (``Dense``, the convolutions) take these three arguments per weight;
they are resolved once, in ``__init__``, and saved in Keras's config order: every
initializer, every regularizer, then ``activity_regularizer``, then every constraint.
"""

from __future__ import annotations

from typing import Any

from torcheras import constraints, initializers, regularizers

_NAMESPACES = (("initializer", initializers), ("regularizer", regularizers),
               ("constraint", constraints))


def set_weight_args(layer: Any, **weights: tuple[Any, Any, Any]) -> None:
    """Store ``layer.<weight>_initializer`` (and regularizer, constraint), resolved.

    Args:
        layer: The layer being constructed.
        **weights: ``weight_name=(initializer, regularizer, constraint)`` as the user gave
            them (names, config dicts, objects or ``None``).
    """
    for weight, values in weights.items():
        for (kind, namespace), value in zip(_NAMESPACES, values):
            setattr(layer, f"{weight}_{kind}", namespace.get(value))


def weight_args_config(layer: Any, *weights: str) -> dict:
    """The serialized arguments of ``weights`` (and ``activity_regularizer``), in order."""
    config = {}
    for kind, namespace in _NAMESPACES:
        for weight in weights:
            config[f"{weight}_{kind}"] = namespace.serialize(getattr(layer, f"{weight}_{kind}"))
        if kind == "regularizer":
            config["activity_regularizer"] = regularizers.serialize(layer.activity_regularizer)
    return config
