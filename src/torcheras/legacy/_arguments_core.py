"""What the legacy-argument table's preprocessors share: the once-per-spelling warning and
the registry of named preprocessors."""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable

# Spellings already warned about in this process.
_WARNED: set[str] = set()

# name -> (function(owner, args, kwargs) -> (args, kwargs), the spellings it handles);
# `owner` is the class being built or the name of the method/function called.
PREPROCESSORS: dict[str, tuple[Callable, tuple[str, ...]]] = {}


def warn_once(spelling: str, advice: str, keras: int = 1) -> None:
    """Warn that ``spelling`` is Keras 1/2, once per spelling per process.

    Args:
        spelling: The old spelling as the user wrote it, e.g. ``"Dense(output_dim=...)"``.
        advice: What to write instead, e.g. ``"use `units=`"``.
        keras: The Keras generation the spelling belongs to (1 or 2).

    >>> reset_warnings()
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warn_once("Dense(output_dim=...)", "use `units=`")
    ...     warn_once("Dense(output_dim=...)", "use `units=`")
    >>> [str(w.message) for w in caught]
    ['`Dense(output_dim=...)` is Keras 1; use `units=`.']
    >>> reset_warnings()
    """
    if spelling in _WARNED:
        return
    _WARNED.add(spelling)
    warnings.warn(f"`{spelling}` is Keras {keras}; {advice}.", UserWarning,
                  stacklevel=_user_stacklevel())


def reset_warnings() -> None:
    """Forget which spellings were warned about (for tests)."""
    _WARNED.clear()


def _user_stacklevel() -> int:
    """The stack level of the first frame outside torcheras, seen from ``warn_once``'s
    caller, so the warning points at the user's line."""
    frame = sys._getframe(2)
    level = 2
    while frame is not None and frame.f_globals.get("__name__", "").startswith("torcheras"):
        frame = frame.f_back
        level += 1
    return level


def preprocessor(name: str, spellings: tuple[str, ...]) -> Callable:
    """Register ``function(owner, args, kwargs) -> (args, kwargs)`` as the table's
    preprocessor ``name``, handling the legacy ``spellings`` (keywords, or a description of
    a positional form).

    Args:
        name: The name rows use in ``preprocess``/``finish``.
        spellings: The legacy spellings it translates (listed by the table's test).
    """
    def register(function: Callable) -> Callable:
        PREPROCESSORS[name] = (function, tuple(spellings))
        return function
    return register


def owner_name(owner) -> str:
    """The name a message gives ``owner``: a class's name, or the method/function name."""
    return owner if isinstance(owner, str) else owner.__name__


def duplicate_error(old: str, new: str) -> TypeError:
    """Keras 2's error for an old and a new keyword given together."""
    return TypeError(
        f"For the `{new}` argument, the layer received both the legacy keyword argument "
        f"`{old}` and the Keras 2 keyword argument `{new}`. Stick to the latter!"
    )
