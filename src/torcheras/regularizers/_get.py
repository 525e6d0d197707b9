"""``get``/``serialize``/``deserialize``: regularizer names and configs <-> objects."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from torcheras._objects import Namespace, class_table
from torcheras.regularizers._base import Regularizer
from torcheras.regularizers._orthogonal import OrthogonalRegularizer
from torcheras.regularizers._penalties import L1, L1L2, L2

# Keras 3's table (class names and their snake_case), plus Keras 2's "l1_l2".
REGULARIZERS: dict[str, type] = class_table(
    (Regularizer, L1, L2, L1L2, OrthogonalRegularizer), {"l1_l2": L1L2})
_NAMESPACE = Namespace(
    "regularizer", "keras.regularizers", REGULARIZERS, base=Regularizer,
    argument="regularizer",
    # Keras 2's `l1_l2()` defaulted both factors to 0.01; old code passes the name.
    factories={"l1_l2": lambda: L1L2(l1=0.01, l2=0.01)})


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
    return _NAMESPACE.get(identifier)


def serialize(regularizer: Any) -> dict | None:
    """Return the regularizer's serialized config dict.

    Example:

    >>> import torcheras
    >>> torcheras.regularizers.serialize(torcheras.regularizers.L2(0.1))["config"]
    {'l2': 0.1}
    """
    return _NAMESPACE.serialize(regularizer)


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
    return _NAMESPACE.deserialize(config, custom_objects)
