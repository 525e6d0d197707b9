"""``get``/``serialize``/``deserialize``: constraint names and configs <-> objects."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from torcheras._objects import Namespace, class_table
from torcheras.constraints._constraints import (
    Constraint,
    MaxNorm,
    MinMaxNorm,
    NonNeg,
    UnitNorm,
)

CONSTRAINTS: dict[str, type] = class_table((Constraint, MaxNorm, MinMaxNorm, NonNeg, UnitNorm))
_NAMESPACE = Namespace("constraint", "keras.constraints", CONSTRAINTS, base=Constraint,
                       argument="constraint")


def get(identifier: Any) -> Callable | None:
    """Retrieve a constraint object via an identifier.

    Args:
        identifier: `None`, a name (`"max_norm"`, `"NonNeg"`, ...), a config dict, a
            constraint class or instance, or any callable.

    Returns:
        A constraint (a new instance for names and classes), or `None`.

    Example:

    >>> import torcheras
    >>> torcheras.constraints.get("max_norm").get_config()
    {'max_value': 2, 'axis': 0}
    """
    return _NAMESPACE.get(identifier)


# Keras's public serialize/deserialize, documented and typed in torcheras._objects.
serialize, deserialize = _NAMESPACE.public_serializers()
