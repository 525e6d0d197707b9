"""``get``/``serialize``/``deserialize`` for every namespace of configurable objects.

Constraints, initializers, regularizers, losses and metrics (and the ``get`` of activations)
share one behaviour: ``None`` gives the namespace's default, a name or a config dict is
looked up in the namespace's table (an unknown name raises :mod:`torcheras._lookup`'s
"did you mean" error), a class is instantiated, an instance or a plain callable is returned
as it is. Saved objects use Keras's ``{"module", "class_name", "config",
"registered_name"}`` form; plain functions use ``{"class_name": "function", ...}``.

Losses and metrics that wrap a function (``LossFunctionWrapper``, ``MeanMetricWrapper``)
save it with :class:`FunctionWrapperConfig`; the function names are found again through the
tables their namespaces register with :func:`torcheras._lookup.register_namespace`.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from torcheras._lookup import lookup, namespace_classes, unknown_name_error
from torcheras.backend._naming import to_snake_case


def class_table(classes: Iterable[type], aliases: Mapping[str, Any] | None = None
                ) -> dict[str, Any]:
    """Name -> class for Keras's lookups: class names, their snake_case, then ``aliases``."""
    classes = tuple(classes)
    table: dict[str, Any] = {cls.__name__: cls for cls in classes}
    for cls in classes:
        table.setdefault(to_snake_case(cls.__name__), cls)
    table.update(aliases or {})
    return table


def serialize_function(fn: Callable) -> dict:
    """Keras's saved form of a plain function: found again by its name."""
    return {"module": "builtins", "class_name": "function",
            "config": getattr(fn, "__name__", str(fn)), "registered_name": "function"}


def deserialize_function(value: Any, namespaces: tuple[str, ...], kind: str,
                         custom_objects: Mapping[str, Any] | None = None) -> Callable:
    """The function saved as ``value``, from ``custom_objects`` then the ``namespaces``.

    Args:
        value: A callable (returned as is), a name, or Keras's function dict.
        namespaces: Registered function tables to search, in order (see
            :func:`torcheras._lookup.register_namespace`).
        kind: Words for the error, e.g. ``"loss function"``.
        custom_objects: The user's functions by name.
    """
    if callable(value):
        return value
    if isinstance(value, Mapping) and value.get("class_name") == "function":
        value = value.get("config")
    if not isinstance(value, str):
        raise ValueError(f"Could not interpret {kind}: {value!r}")
    tables = [dict(custom_objects or {})] + [namespace_classes(n) for n in namespaces]
    for table in tables:
        fn = table.get(value)
        if fn is None:
            fn = table.get(value.lower())
        if fn is not None and not inspect.isclass(fn):
            return fn
    allowed = {name for table in tables[1:] for name in table}
    raise unknown_name_error(kind, value, allowed)


@dataclass
class Namespace:
    """One namespace's ``get``/``serialize``/``deserialize``.

    Args:
        kind: Words used in errors (``"constraint"``).
        module: The Keras module saved in configs of built-in classes
            (``"keras.constraints"``).
        table: Name -> class or function (see :func:`class_table`).
        base: Instances of this class are returned as they are; classes deriving from it
            are instantiated.
        argument: The user-facing argument named in errors.
        default: What ``get(None)`` returns.
        factories: Names whose object is built by a call rather than a class's defaults
            (Keras 2's ``"l1_l2"``), unless ``custom_objects`` redefines the name.
        functions: Whether plain functions are members (losses, metrics): they serialize
            by name and ``deserialize`` accepts them; other classes given to ``get`` are
            then refused instead of returned as callables.
        instantiate_names: Whether ``deserialize("Name")`` instantiates the class (else it
            returns the class, as Keras's losses and metrics do).
    """

    kind: str
    module: str
    table: Mapping[str, Any]
    base: type | None = None
    argument: str | None = None
    default: Any = None
    factories: Mapping[str, Callable[[], Any]] = field(default_factory=dict)
    functions: bool = False
    instantiate_names: bool = True

    def get(self, identifier: Any) -> Any:
        if identifier is None:
            return self.default
        if isinstance(identifier, Mapping):
            return self.deserialize(identifier)
        if isinstance(identifier, str) and identifier in self.factories:
            return self.factories[identifier]()
        if (self.functions and inspect.isclass(identifier)
                and not issubclass(identifier, self.base)):
            raise ValueError(f"Could not interpret {self.kind} identifier: {identifier!r}")
        return lookup(identifier, self.table, self.kind, argument=self.argument,
                      instantiate=True, base=self.base)

    def serialize(self, obj: Any) -> Any:
        if obj is None:
            return None
        if hasattr(obj, "get_config") and not isinstance(obj, type):
            cls = type(obj)
            builtin = self.table.get(cls.__name__) is cls
            return {
                "module": self.module if builtin else cls.__module__,
                "class_name": cls.__name__,
                "config": obj.get_config(),
                "registered_name": None if builtin else cls.__name__,
            }
        if self.functions and callable(obj):
            return serialize_function(obj)
        raise ValueError(f"Cannot serialize {obj!r}: it has no `get_config()` method.")

    def deserialize(self, config: Any, custom_objects: Mapping[str, Any] | None = None,
                    deserialize_function: Callable | None = None) -> Any:
        table = {**self.table, **custom_objects} if custom_objects else self.table
        if isinstance(config, Mapping):
            if config.get("class_name") == "function" and deserialize_function is not None:
                return deserialize_function(config, custom_objects)
            if config.get("registered_name") in table:
                config = {**config, "class_name": config["registered_name"]}
        elif (isinstance(config, str) and config in self.factories
              and config not in (custom_objects or {})):
            return self.factories[config]()
        return lookup(config, table, self.kind, argument=self.argument,
                      instantiate=self.instantiate_names, base=self.base,
                      allow_callable=self.functions)


    def public_serializers(self) -> tuple[Callable[[Any], Any], Callable[..., Any]]:
        """The namespace's public ``serialize`` and ``deserialize`` functions."""
        kind, module = self.kind, self.module

        def serialize(obj: Any) -> dict | None:
            return self.serialize(obj)

        def deserialize(config: str | Mapping, custom_objects: Mapping | None = None) -> Any:
            return self.deserialize(config, custom_objects)

        serialize.__doc__ = (
            f"Return the {kind}'s config in Keras's form: ``{{'module', 'class_name', "
            f"'config', 'registered_name'}}`` (``module`` is ``{module}`` for Keras's own "
            f"classes).\n\n    Args:\n        obj: A {kind} with a ``get_config()`` method, "
            "or ``None``.\n")
        deserialize.__doc__ = (
            f"Return a {kind} from its name or from a config made by ``serialize``.\n\n"
            "    Args:\n        config: A name or a config dict.\n"
            "        custom_objects: Optional dict of names to user classes.\n")
        for fn in (serialize, deserialize):
            fn.__module__ = module.replace("keras.", "torcheras.", 1)
            fn.__qualname__ = fn.__name__
        return serialize, deserialize


class FunctionWrapperConfig:
    """``get_config``/``from_config`` of a loss or metric wrapping ``fn(y_true, y_pred, **kw)``.

    The config is the base class's, plus ``fn`` in Keras's function form and the keyword
    arguments. Subclasses set ``_function_namespaces`` (where a saved name is found again,
    in order), ``_function_kind`` (words for the error) and implement ``_wrapped()``.
    """

    _function_namespaces: tuple[str, ...] = ()
    _function_kind: str = "function"

    def _wrapped(self) -> tuple[Callable, dict]:
        """The wrapped function and its keyword arguments."""
        raise NotImplementedError

    def get_config(self) -> dict:
        fn, kwargs = self._wrapped()
        config = super().get_config()
        config["fn"] = serialize_function(fn)
        config.update(kwargs)
        return config

    @classmethod
    def from_config(cls, config: dict) -> Any:
        config = dict(config)
        if "fn" in config:
            config["fn"] = deserialize_function(config["fn"], cls._function_namespaces,
                                                cls._function_kind)
        return cls(**config)
