"""Custom-object registration: ``register_keras_serializable``, custom-object scopes and the
global table that ``deserialize_keras_object`` searches after the built-in namespaces."""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable, Mapping
from typing import Any

# name -> object, filled by `register_keras_serializable` (as Keras's GLOBAL_CUSTOM_OBJECTS).
GLOBAL_CUSTOM_OBJECTS: dict[str, Any] = {}
# object -> registered name, to write `registered_name` when saving.
GLOBAL_CUSTOM_NAMES: dict[Any, str] = {}

_SCOPE = threading.local()


def _scope_stack() -> list:
    if not hasattr(_SCOPE, "stack"):
        _SCOPE.stack = []
    return _SCOPE.stack


def scoped_custom_objects() -> dict:
    """The objects of every open ``custom_object_scope`` (innermost wins)."""
    out: dict = {}
    for objects in _scope_stack():
        out.update(objects)
    return out


class CustomObjectScope:
    """Exposes custom classes/functions to Keras deserialization internals.

    Under a scope ``with custom_object_scope(objects_dict)``, Keras methods such as
    ``keras.models.load_model()`` or ``keras.models.model_from_config()`` will be able
    to deserialize any custom object referenced by a saved config.

    Args:
        custom_objects: Dictionaries of ``{str: object}`` pairs, where the ``str`` key is
            the object name.

    Example:

    >>> def my_fn(x):
    ...     return x
    >>> with CustomObjectScope({"my_fn": my_fn}):
    ...     "my_fn" in get_custom_objects() or "my_fn" in scoped_custom_objects()
    True
    """

    def __init__(self, *custom_objects: Mapping | None):
        objects: dict = {}
        for item in custom_objects:
            if item is None:
                continue
            if not isinstance(item, Mapping):
                raise TypeError(
                    "Argument `custom_objects` of CustomObjectScope must be dicts of "
                    f"{{name: object}}. Received: {item!r} (of type {type(item).__name__})"
                )
            objects.update(item)
        self.custom_objects = objects

    def __enter__(self):
        _scope_stack().append(self.custom_objects)
        return self

    def __exit__(self, *exc):
        _scope_stack().pop()
        return False


custom_object_scope = CustomObjectScope


def get_custom_objects() -> dict:
    """Retrieves a live reference to the global dictionary of custom objects.

    Custom objects set using ``custom_object_scope`` are not added to the global
    dictionary of custom objects, and will not appear in the returned dictionary.

    Example:

    >>> get_custom_objects().clear()
    >>> get_custom_objects()["MyObject"] = int
    >>> "MyObject" in get_custom_objects()
    True
    >>> get_custom_objects().clear()
    """
    return GLOBAL_CUSTOM_OBJECTS


def register_keras_serializable(package: str = "Custom", name: str | None = None):
    """Registers an object with the Keras serialization framework.

    This decorator injects the decorated class or function into the Keras custom
    object dictionary, so that it can be serialized and deserialized without needing
    an entry in the user-provided custom object dict. It also injects a function that
    Keras will call to get the object's serializable string key.

    Args:
        package: The package that this class belongs to. This is used for the ``key``
            (which is ``"package>name"``) to identify the class.
        name: The name to serialize this class under in this package. If not provided
            or ``None``, the class' name will be used.

    Returns:
        A decorator that registers the decorated class with the passed names.

    Example:

    >>> @register_keras_serializable(package="Doc", name="twice")
    ... def twice(x):
    ...     return 2 * x
    >>> get_registered_name(twice)
    'Doc>twice'
    >>> get_registered_object("Doc>twice") is twice
    True
    """
    if not isinstance(package, str) or ">" in package:
        raise ValueError(
            "Argument `package` of `register_keras_serializable` must be a string "
            f"without '>'. Received: package={package!r}"
        )

    def decorator(arg: Callable):
        class_name = name if name is not None else getattr(arg, "__name__", None)
        if not isinstance(class_name, str):
            raise ValueError(
                f"Cannot register {arg!r}: it has no `__name__`; pass `name=`."
            )
        registered_name = package + ">" + class_name
        if inspect.isclass(arg) and not hasattr(arg, "get_config"):
            raise ValueError("Cannot register a class that does not have a get_config() method.")
        GLOBAL_CUSTOM_OBJECTS[registered_name] = arg
        GLOBAL_CUSTOM_NAMES[arg] = registered_name
        return arg

    return decorator


def get_registered_name(obj) -> str:
    """Returns the name registered to an object within the Keras framework.

    Args:
        obj: The object to look up.

    Returns:
        The name associated with the object, or the default Python name if the object
        is not registered.
    """
    try:
        if obj in GLOBAL_CUSTOM_NAMES:
            return GLOBAL_CUSTOM_NAMES[obj]
    except TypeError:  # unhashable
        pass
    return getattr(obj, "__name__", type(obj).__name__)


def is_registered(obj) -> bool:
    try:
        return obj in GLOBAL_CUSTOM_NAMES
    except TypeError:
        return False


def get_registered_object(name: str, custom_objects: Mapping | None = None,
                          module_objects: Mapping | None = None):
    """Returns the class associated with ``name`` if it is registered with Keras.

    Searches, in order: open ``custom_object_scope``s, the global registry,
    ``custom_objects``, then ``module_objects``.

    Args:
        name: The name to look up.
        custom_objects: A dictionary of custom objects to look the name up in.
        module_objects: A dictionary of custom objects to look the name up in.

    Returns:
        An instantiable class associated with ``name``, or ``None`` if no such class
        exists.
    """
    scoped = scoped_custom_objects()
    if name in scoped:
        return scoped[name]
    if name in GLOBAL_CUSTOM_OBJECTS:
        return GLOBAL_CUSTOM_OBJECTS[name]
    if custom_objects and name in custom_objects:
        return custom_objects[name]
    if module_objects and name in module_objects:
        return module_objects[name]
    return None
