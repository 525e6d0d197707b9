"""``get``/``serialize``/``deserialize``: activation names <-> functions."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Any

from torcheras._lookup import lookup, namespace_classes, unknown_name_error
from torcheras.activations import _rectifiers, _smooth, _softmax, _squashing
from torcheras.activations._rectifiers import linear
from torcheras.activations._smooth import hard_silu, silu


def _public_functions(*modules) -> dict[str, Callable]:
    # Every public function defined in the activation modules is a built-in activation.
    return {name: fn for module in modules for name, fn in vars(module).items()
            if inspect.isfunction(fn) and fn.__module__ == module.__name__
            and not name.startswith("_")}


_BUILTINS: dict[str, Callable] = _public_functions(_rectifiers, _smooth, _softmax, _squashing)
# Keras's aliases; serializing them gives the canonical name ("swish" -> "silu").
ACTIVATIONS: dict[str, Callable] = {**_BUILTINS, "swish": silu, "hard_swish": hard_silu}
_NAME_OF = {fn: name for name, fn in _BUILTINS.items()}


def get(identifier: Any) -> Callable:
    """Retrieve an activation function via an identifier.

    Args:
        identifier: `None` (gives `linear`), a name such as `"relu"`, a serialized
            config dict, or a callable (returned as is).

    Returns:
        The activation function.

    Example:

    >>> import torcheras
    >>> torcheras.activations.get("relu") is torcheras.activations.relu
    True
    >>> torcheras.activations.get(None) is torcheras.activations.linear
    True
    """
    if identifier is None:
        return linear
    if isinstance(identifier, Mapping):
        return deserialize(identifier)
    return lookup(identifier, ACTIVATIONS, "activation function", argument="activation")


def serialize(activation: Callable) -> str | dict:
    """Return the name of a built-in activation, or a config dict for other callables.

    Args:
        activation: An activation function or activation object.

    Example:

    >>> import torcheras
    >>> torcheras.activations.serialize(torcheras.activations.swish)
    'silu'
    """
    name = _NAME_OF.get(activation)
    if name is not None:
        return name
    if hasattr(activation, "get_config") and not isinstance(activation, type):
        return {
            "module": _public_module(type(activation).__module__),
            "class_name": type(activation).__name__,
            "config": activation.get_config(),
            "registered_name": None,
        }
    fn_name = getattr(activation, "__name__", None)
    if not callable(activation) or fn_name is None or fn_name == "<lambda>":
        raise ValueError(
            f"Unknown activation function '{activation}' cannot be serialized: "
            "pass a named function or register it with "
            "`keras.saving.register_keras_serializable()`."
        )
    return {
        "module": activation.__module__,
        "class_name": "function",
        "config": fn_name,
        "registered_name": "function",
    }


def deserialize(config: str | Mapping, custom_objects: Mapping | None = None) -> Callable:
    """Return an activation function from its name or its serialized config.

    Args:
        config: A name (`"relu"`) or a dict as made by `serialize`.
        custom_objects: Optional dict of names to user functions or classes.

    Example:

    >>> import torcheras
    >>> torcheras.activations.deserialize("tanh") is torcheras.activations.tanh
    True
    """
    table = {**ACTIVATIONS, **(custom_objects or {})}
    if isinstance(config, str):
        return lookup(config, table, "activation function", argument="activation")
    if not isinstance(config, Mapping):
        raise ValueError(
            f"Could not interpret activation function identifier: {config!r}"
        )
    class_name = config.get("class_name")
    inner = config.get("config")
    if class_name == "function":
        if not isinstance(inner, str):
            raise ValueError(
                f"Could not interpret activation function identifier: {dict(config)!r}"
            )
        return lookup(inner, table, "activation function", argument="activation")
    cls = table.get(class_name) or _layer_class(config.get("module"), class_name)
    if cls is None:
        raise unknown_name_error("activation function", class_name, table, "activation")
    if isinstance(cls, type) and hasattr(cls, "from_config"):
        return cls.from_config(dict(inner or {}))
    return cls


def _public_module(module: str) -> str:
    if module.startswith("torcheras."):
        return "keras." + module.split(".")[1]
    return module


def _layer_class(module: Any, class_name: Any) -> Any:
    # Activation layers (e.g. `ReLU`) are saved as their class; torcheras.layers registers
    # its classes, so this namespace never imports the layers built on top of it.
    if module not in ("keras.layers", "torcheras.layers"):
        return None
    return namespace_classes("keras.layers").get(class_name)
