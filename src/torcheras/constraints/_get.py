"""``get``/``serialize``/``deserialize``: constraint names and configs <-> objects."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from torcheras._lookup import lookup
from torcheras.constraints._constraints import (
    Constraint,
    MaxNorm,
    MinMaxNorm,
    NonNeg,
    UnitNorm,
)

_CLASSES = (Constraint, MaxNorm, MinMaxNorm, NonNeg, UnitNorm)


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


CONSTRAINTS: dict[str, type] = {cls.__name__: cls for cls in _CLASSES}
CONSTRAINTS.update({_snake(cls.__name__): cls for cls in _CLASSES})


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
    if identifier is None:
        return None
    if isinstance(identifier, Mapping):
        return deserialize(identifier)
    return lookup(identifier, CONSTRAINTS, "constraint", argument="constraint",
                  instantiate=True, base=Constraint)


def serialize(constraint: Any) -> dict | None:
    """Return the constraint's serialized config dict.

    Example:

    >>> import torcheras
    >>> torcheras.constraints.serialize(torcheras.constraints.NonNeg())["class_name"]
    'NonNeg'
    """
    if constraint is None:
        return None
    if not hasattr(constraint, "get_config"):
        raise ValueError(f"Cannot serialize {constraint!r}: it has no `get_config()` method.")
    cls = type(constraint)
    builtin = cls in _CLASSES
    return {
        "module": "keras.constraints" if builtin else cls.__module__,
        "class_name": cls.__name__,
        "config": constraint.get_config(),
        "registered_name": None if builtin else cls.__name__,
    }


def deserialize(config: str | Mapping, custom_objects: Mapping | None = None) -> Any:
    """Return a constraint object from its name or its serialized config.

    Args:
        config: A name or a dict as made by `serialize`.
        custom_objects: Optional dict of names to user classes.

    Example:

    >>> import torcheras
    >>> torcheras.constraints.deserialize(
    ...     {"class_name": "UnitNorm", "config": {"axis": 1}}).axis
    1
    """
    table = {**CONSTRAINTS, **(custom_objects or {})}
    if isinstance(config, Mapping) and config.get("registered_name") in table:
        config = {**config, "class_name": config["registered_name"]}
    return lookup(config, table, "constraint", argument="constraint", instantiate=True,
                  base=Constraint, allow_callable=False)
