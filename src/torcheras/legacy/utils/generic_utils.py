"""Keras 2's ``keras.utils.generic_utils``: custom objects, (de)serialization, ``Progbar``.

The helpers old custom layers import from here (``to_list``, ``unpack_singleton``,
``has_arg``) are Keras 2's.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from torcheras.utils import (
    CustomObjectScope,
    Progbar,
    custom_object_scope,
    deserialize_keras_object,
    get_custom_objects,
    serialize_keras_object,
)


def to_list(x: Any, allow_tuple: bool = False) -> list:
    """``x`` as a list: a list unchanged, a tuple listed when ``allow_tuple``, else ``[x]``.

    Args:
        x: Anything.
        allow_tuple: Whether a tuple becomes a list of its items (else ``[x]``).

    >>> to_list(1), to_list([1, 2]), to_list((1, 2)), to_list((1, 2), allow_tuple=True)
    ([1], [1, 2], [(1, 2)], [1, 2])
    """
    if isinstance(x, list):
        return x
    if allow_tuple and isinstance(x, tuple):
        return list(x)
    return [x]


def unpack_singleton(x: Any) -> Any:
    """The only item of a one-item list or tuple, else ``x`` itself.

    Args:
        x: A list, a tuple or anything else.

    >>> unpack_singleton([5]), unpack_singleton([1, 2])
    (5, [1, 2])
    """
    if isinstance(x, (list, tuple)) and len(x) == 1:
        return x[0]
    return x


def has_arg(fn: Callable, name: str, accept_all: bool = False) -> bool:
    """Whether ``fn`` takes an argument called ``name`` (or any, with ``accept_all`` and a
    ``**kwargs``).

    Args:
        fn: A function or callable.
        name: The argument name.
        accept_all: Count a ``**kwargs`` parameter as taking ``name``.

    >>> has_arg(lambda x, training=None: x, "training"), has_arg(lambda **k: 0, "a", True)
    (True, True)
    """
    parameters = inspect.signature(fn).parameters
    if name in parameters:
        return parameters[name].kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                         inspect.Parameter.KEYWORD_ONLY)
    return accept_all and any(p.kind is inspect.Parameter.VAR_KEYWORD
                              for p in parameters.values())


__all__ = [
    "CustomObjectScope",
    "Progbar",
    "custom_object_scope",
    "deserialize_keras_object",
    "get_custom_objects",
    "has_arg",
    "serialize_keras_object",
    "to_list",
    "unpack_singleton",
]
