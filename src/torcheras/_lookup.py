"""The one way every namespace turns a string (or a config dict) into an object.

Each namespace's public ``get()`` calls :func:`lookup` with its own table, so an unknown
name always raises the same ``ValueError``: what was received, the allowed names, and the
closest match.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from typing import Any


def closest(name: str, allowed) -> str | None:
    matches = difflib.get_close_matches(str(name).lower(), [str(a) for a in allowed], n=1,
                                        cutoff=0.6)
    return matches[0] if matches else None


def unknown_name_error(kind: str, name, allowed, argument: str | None = None) -> ValueError:
    allowed = sorted({str(a) for a in allowed})
    hint = closest(name, allowed)
    arg = f" for `{argument}`" if argument else ""
    msg = f"Unknown {kind}{arg}: {name!r}."
    if hint is not None:
        msg += f" Did you mean {hint!r}?"
    msg += f" Allowed values are: {', '.join(repr(a) for a in allowed)}."
    return ValueError(msg)


def lookup(identifier: Any, table: Mapping[str, Any], kind: str, *,
           argument: str | None = None, instantiate: bool = False,
           base: type | None = None, allow_callable: bool = True) -> Any:
    """Resolve ``identifier`` against ``table``.

    Args:
        identifier: A string, a ``{"class_name": ..., "config": ...}`` dict, an instance
            of ``base``, or a callable.
        table: Name -> class or function. Keys are matched case-sensitively first, then
            lower-cased.
        kind: Words used in the error, e.g. ``"optimizer"``.
        argument: The user-facing argument name, used in the error.
        instantiate: Call the table entry with no arguments when it is a class.
        base: Instances of this type are returned as they are.
        allow_callable: Return other callables as they are.
    """
    if identifier is None:
        return None
    if base is not None and isinstance(identifier, base):
        return identifier
    if isinstance(identifier, str):
        entry = table.get(identifier)
        if entry is None:
            entry = table.get(identifier.lower())
        if entry is None:
            raise unknown_name_error(kind, identifier, table.keys(), argument)
        if instantiate and isinstance(entry, type):
            return entry()
        return entry
    if isinstance(identifier, Mapping):
        class_name = identifier.get("class_name")
        config = identifier.get("config", {}) or {}
        if class_name is None:
            raise ValueError(
                f"Could not interpret {kind} identifier: {dict(identifier)!r}. "
                "A config dict needs a 'class_name' key."
            )
        entry = table.get(class_name) or table.get(str(class_name).lower())
        if entry is None:
            raise unknown_name_error(kind, class_name, table.keys(), argument)
        if isinstance(entry, type):
            if hasattr(entry, "from_config"):
                return entry.from_config(dict(config))
            return entry(**config)
        return entry
    if isinstance(identifier, type) and base is not None and issubclass(identifier, base):
        return identifier()
    if allow_callable and callable(identifier):
        return identifier
    arg = f" for `{argument}`" if argument else ""
    raise ValueError(
        f"Could not interpret {kind} identifier{arg}: {identifier!r} "
        f"(of type {type(identifier).__name__})."
    )


# Public classes by Keras module ("keras.layers"): a namespace lower in the import order
# finds the classes of one built on top of it here (activations finding the activation
# *layers* a model saved as its activation) without importing it. The upper namespace
# registers its classes when it is imported.
_NAMESPACES: dict[str, dict[str, Any]] = {}


def register_namespace(module: str, classes: Mapping[str, Any]) -> None:
    """Make ``classes`` (public name -> class) findable as Keras module ``module``."""
    _NAMESPACES.setdefault(module, {}).update(classes)


def namespace_classes(module: Any) -> dict[str, Any]:
    """The classes registered for Keras module ``module`` (empty when none are)."""
    return dict(_NAMESPACES.get(module, {})) if isinstance(module, str) else {}


def register_table(*entries: tuple[Callable | type, tuple[str, ...]]) -> dict[str, Any]:
    """Build a lookup table from ``(object, (alias, ...))`` pairs."""
    table: dict[str, Any] = {}
    for obj, names in entries:
        for n in names:
            table[n] = obj
    return table
