"""Applying the legacy-argument table (:mod:`torcheras.legacy._arguments`), once, at the
boundary: ``LegacyArgumentsMeta`` (the metaclass of ``Layer`` and ``Optimizer``) translates a
constructor call before ``__init__`` runs; :func:`legacy_method_arguments` and
:func:`legacy_function_arguments` translate a call of a model method or of ``Input``;
:func:`layer_input_shape` turns the ``input_dim``/``input_length`` that reach
``Layer.__init__`` into ``input_shape`` (there, because a user's layer may name its own
arguments ``input_dim``, as ``Embedding`` does).

A class is translated only when its ``__init__`` is torcheras's (a user's subclass with its
own ``__init__`` has its own signature; what it passes on to ``Layer.__init__`` is still
translated by :func:`layer_input_shape`).
"""

from __future__ import annotations

import functools
import inspect
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from torcheras.legacy import _arguments_preprocessors  # noqa: F401  (registers them)
from torcheras.legacy._arguments import (
    FUNCTION_ROWS,
    INPUT_SHAPE_LAYOUTS,
    LAYER_ROWS,
    METHOD_ROWS,
    OPTIMIZER_ROWS,
    Row,
)
from torcheras.legacy._arguments_core import (
    PREPROCESSORS,
    duplicate_error,
    owner_name,
    warn_once,
)
from torcheras.legacy._keras2_defaults import layer_defaults
from torcheras.legacy._mode import legacy_version

CLASS_ROWS: Mapping[str, Row] = {**LAYER_ROWS, **OPTIMIZER_ROWS}


@dataclass(frozen=True)
class _Plan:
    """A class's merged row, Keras 2 defaults and positional parameter names."""

    row: Row
    keras2_defaults: dict = field(default_factory=dict)
    params: tuple = ()


_PLANS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class LegacyArgumentsMeta(type):
    """Metaclass translating Keras 1/2 constructor arguments before ``__init__`` runs."""

    def __call__(cls, *args, **kwargs):
        args, kwargs = translate_construction(cls, args, kwargs)
        return super().__call__(*args, **kwargs)


def translate_construction(cls: type, args: tuple, kwargs: dict) -> tuple[tuple, dict]:
    """``(args, kwargs)`` of a call of ``cls`` with the legacy spellings translated and,
    under Keras 2's defaults, Keras 2's values for the arguments not passed.

    Args:
        cls: The class being called.
        args: The positional arguments (without ``self``).
        kwargs: The keyword arguments.
    """
    plan = _plan(cls)
    if plan is None:
        return args, kwargs
    kwargs = dict(kwargs)
    args, kwargs = _preprocess(cls, plan.row.preprocess, args, kwargs)
    kwargs = _rename(owner_name(cls), plan.row, kwargs)
    if plan.keras2_defaults and legacy_version() == 2:
        given = set(plan.params[:len(args)]) | set(kwargs)
        for name, value in plan.keras2_defaults.items():
            if name not in given:
                kwargs[name] = value
    return _preprocess(cls, plan.row.finish, args, kwargs)


def legacy_method_arguments(method: Callable) -> Callable:
    """Decorate a model method: its legacy keywords (``METHOD_ROWS[method.__name__]``) are
    translated when it is called."""
    row = METHOD_ROWS[method.__name__]

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        args, kwargs = _preprocess(method.__name__, row.preprocess, args, kwargs)
        return method(self, *args, **_rename(method.__name__, row, kwargs))

    return wrapper


def legacy_function_arguments(function: Callable) -> Callable:
    """Decorate a public function (``Input``): its legacy keywords
    (``FUNCTION_ROWS[function.__name__]``) are translated when it is called."""
    row = FUNCTION_ROWS[function.__name__]

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        args, kwargs = _preprocess(function.__name__, row.preprocess, args, kwargs)
        return function(*args, **_rename(function.__name__, row, kwargs))

    return wrapper


def layer_input_shape(cls: type, kwargs: dict) -> dict:
    """The ``input_dim``/``input_length`` among the keywords reaching ``Layer.__init__`` as
    ``input_shape``, laid out as Keras 2 did for the layer's family
    (``INPUT_SHAPE_LAYOUTS``: ``(input_length, input_dim)`` for recurrent layers and
    ``Conv1D``, ``(input_length,)`` for ``Embedding``, ``(input_dim,)`` otherwise).

    Args:
        cls: The layer's class.
        kwargs: The keywords ``Layer.__init__`` received; returned translated.
    """
    present = [k for k in ("input_dim", "input_length") if k in kwargs]
    if not present:
        return kwargs
    layout = _layout(cls)
    if any(k not in layout for k in present):
        return kwargs  # left for Layer's "unrecognized keyword" error
    kwargs = dict(kwargs)
    values = tuple(kwargs.pop(k, None) for k in layout)
    if all(v is None for v in values):
        return kwargs
    for shape_key in ("input_shape", "batch_input_shape"):
        if kwargs.get(shape_key) is not None:
            raise duplicate_error(present[0], shape_key)
    shape = values
    spelling = ", ".join(f"{k}=..." for k in present)
    warn_once(f"{cls.__name__}({spelling})", f"use `input_shape={shape}`", 2)
    kwargs["input_shape"] = shape
    return kwargs


def _layout(cls: type) -> tuple:
    for klass in cls.__mro__:
        if _is_torcheras(klass) and klass.__name__ in INPUT_SHAPE_LAYOUTS:
            return INPUT_SHAPE_LAYOUTS[klass.__name__]
    return INPUT_SHAPE_LAYOUTS["Layer"]


def _is_torcheras(klass: type) -> bool:
    return klass.__module__.startswith("torcheras.")


def _plan(cls: type) -> _Plan | None:
    try:
        return _PLANS[cls]
    except KeyError:
        plan = _PLANS[cls] = _make_plan(cls)
        return plan


def _make_plan(cls: type) -> _Plan | None:
    init_owner = next(k for k in cls.__mro__ if "__init__" in k.__dict__)
    if not _is_torcheras(init_owner):
        return None
    rows = [CLASS_ROWS[k.__name__] for k in cls.__mro__
            if _is_torcheras(k) and k.__name__ in CLASS_ROWS]
    row = _merge(rows)
    defaults = {}
    for each in reversed(rows):
        defaults.update(each.keras2_defaults)
    defaults.update(layer_defaults(cls))
    if not rows and not defaults:
        return None
    params = tuple(
        p.name for p in list(inspect.signature(cls.__init__).parameters.values())[1:]
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD))
    return _Plan(row, defaults, params)


def _merge(rows: list) -> Row:
    """One row from the rows of a class's MRO, nearest first (the nearest class wins)."""
    merged: dict = {"renames": {}, "values": {}, "dropped": {}, "keras2_defaults": {}}
    preprocess, finish, keras2 = [], [], set()
    for row in reversed(rows):
        for key, table in merged.items():
            table.update(getattr(row, key))
        keras2 |= row.keras2
    for row in rows:
        preprocess += [p for p in row.preprocess if p not in preprocess]
        finish += [p for p in row.finish if p not in finish]
    return Row(preprocess=tuple(preprocess), finish=tuple(finish), keras2=frozenset(keras2),
               **merged)


def _preprocess(owner, names: tuple, args: tuple, kwargs: dict) -> tuple[tuple, dict]:
    for name in names:
        function, _ = PREPROCESSORS[name]
        args, kwargs = function(owner, tuple(args), kwargs)
    return tuple(args), kwargs


def _rename(owner: str, row: Row, kwargs: dict) -> dict:
    """Renames, value conversions and dropped keywords of ``row`` applied to ``kwargs``."""
    legacy = [k for k in kwargs if k in row.renames or k in row.dropped]
    if not legacy:
        return kwargs
    kwargs = dict(kwargs)
    for old in legacy:
        value = kwargs.pop(old)
        keras = 2 if old in row.keras2 else 1
        if old in row.dropped:
            warn_once(f"{owner}({old}=...)", f"it has no effect: {row.dropped[old]}", keras)
            continue
        new = row.renames[old]
        if new in kwargs:
            raise duplicate_error(old, new)
        kwargs[new] = _convert(row.values.get(old), value)
        warn_once(f"{owner}({old}=...)", f"use `{new}=`", keras)
    return kwargs


def _convert(conversion, value):
    if conversion is None:
        return value
    if isinstance(conversion, Mapping):
        try:
            return conversion.get(value, value)
        except TypeError:  # an unhashable value is no legacy value
            return value
    return conversion(value)
