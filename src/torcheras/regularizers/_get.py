"""``get``/``serialize``/``deserialize``: regularizer names and configs <-> objects."""

from __future__ import annotations

from collections.abc import Callable
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


# Keras's public serialize/deserialize, documented and typed in torcheras._objects.
serialize, deserialize = _NAMESPACE.public_serializers()
