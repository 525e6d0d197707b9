"""``get``/``serialize``/``deserialize``: regularizer names and configs <-> objects."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from torcheras._lookup import lookup
from torcheras.regularizers._base import Regularizer
from torcheras.regularizers._orthogonal import OrthogonalRegularizer
from torcheras.regularizers._penalties import L1, L1L2, L2

_CLASSES = (Regularizer, L1, L2, L1L2, OrthogonalRegularizer)

# Keras 3's table (class names and their snake_case), plus Keras 2's "l1_l2".
REGULARIZERS: dict[str, type] = {cls.__name__: cls for cls in _CLASSES}
REGULARIZERS.update({"regularizer": Regularizer, "l1": L1, "l2": L2, "l1l2": L1L2,
                     "orthogonal_regularizer": OrthogonalRegularizer, "l1_l2": L1L2})


def get(identifier: Any) -> Callable | None:
    """Retrieve a regularizer object via an identifier.

    Args:
        identifier: `None`, a name (`"l1"`, `"l2"`, `"l1_l2"`, `"L1L2"`, ...), a config
            dict, a regularizer class or instance, or any callable.

    Returns:
        A regularizer (a new instance for names and classes), or `None`.

    Example:

    >>> import torcheras
    >>> torcheras.regularizers.get("l2").get_config()
    {'l2': 0.01}
    >>> torcheras.regularizers.get("l1_l2").get_config()
    {'l1': 0.01, 'l2': 0.01}
    """
    if identifier is None:
        return None
    if isinstance(identifier, Mapping):
        return deserialize(identifier)
    if identifier == "l1_l2":
        # Keras 2's `l1_l2()` defaulted both factors to 0.01; old code passes the name.
        return L1L2(l1=0.01, l2=0.01)
    return lookup(identifier, REGULARIZERS, "regularizer", argument="regularizer",
                  instantiate=True, base=Regularizer)


def serialize(regularizer: Any) -> dict | None:
    """Return the regularizer's serialized config dict.

    Example:

    >>> import torcheras
    >>> torcheras.regularizers.serialize(torcheras.regularizers.L2(0.1))["config"]
    {'l2': 0.1}
    """
    if regularizer is None:
        return None
    if not hasattr(regularizer, "get_config"):
        raise ValueError(
            f"Cannot serialize {regularizer!r}: it has no `get_config()` method."
        )
    cls = type(regularizer)
    builtin = cls in _CLASSES
    return {
        "module": "keras.regularizers" if builtin else cls.__module__,
        "class_name": cls.__name__,
        "config": regularizer.get_config(),
        "registered_name": None if builtin else cls.__name__,
    }


def deserialize(config: str | Mapping, custom_objects: Mapping | None = None) -> Any:
    """Return a regularizer object from its name or its serialized config.

    Args:
        config: A name or a dict as made by `serialize`.
        custom_objects: Optional dict of names to user classes or functions.

    Example:

    >>> import torcheras
    >>> torcheras.regularizers.deserialize({"class_name": "L1", "config": {"l1": 0.2}}).l1
    0.2
    """
    table = {**REGULARIZERS, **(custom_objects or {})}
    if isinstance(config, Mapping) and config.get("registered_name") in table:
        config = {**config, "class_name": config["registered_name"]}
    if config == "l1_l2" and "l1_l2" not in (custom_objects or {}):
        return L1L2(l1=0.01, l2=0.01)
    return lookup(config, table, "regularizer", argument="regularizer", instantiate=True,
                  base=Regularizer, allow_callable=False)
