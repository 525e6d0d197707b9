"""``safe_mode``: whether stored Python bytecode (Lambda layers, lambdas) may be loaded."""

from __future__ import annotations

import threading

_STATE = threading.local()
_GLOBAL = {"unsafe": False}

LAMBDA_REFUSED = (
    "Requested the deserialization of a Python lambda. This carries a potential risk of "
    "arbitrary code execution and thus it is disallowed by default. If you trust the "
    "source of the artifact, you can override this error by passing `safe_mode=False` "
    "to the loading function, or calling `keras.config.enable_unsafe_deserialization()."
)
LAMBDA_LAYER_REFUSED = (
    "Requested the deserialization of a `Lambda` layer whose `{argument}` is a Python "
    "lambda. This carries a potential risk of arbitrary code execution and thus it is "
    "disallowed by default. If you trust the source of the artifact, you can override "
    "this error by passing `safe_mode=False` to the loading function, or calling "
    "`keras.config.enable_unsafe_deserialization()`."
)


def enable_unsafe_deserialization() -> None:
    """Disables safe mode globally, allowing deserialization of lambdas.

    Only do this for files you trust: a lambda's stored bytecode runs when it loads.
    """
    _GLOBAL["unsafe"] = True


def _disable_unsafe_deserialization() -> None:  # for tests
    _GLOBAL["unsafe"] = False


class SafeModeScope:
    """Scope in which deserialization runs with the given ``safe_mode``."""

    def __init__(self, safe_mode: bool | None = True):
        self.safe_mode = safe_mode

    def __enter__(self):
        self._previous = getattr(_STATE, "safe_mode", None)
        _STATE.safe_mode = self.safe_mode
        return self

    def __exit__(self, *exc):
        _STATE.safe_mode = self._previous
        return False


def in_safe_mode() -> bool | None:
    """The safe mode of the innermost scope, ``False`` once unsafe loading is enabled
    globally, or ``None`` outside any scope."""
    if _GLOBAL["unsafe"]:
        return False
    return getattr(_STATE, "safe_mode", None)


def resolve(safe_mode: bool | None) -> bool:
    """The effective safe mode for a call that received ``safe_mode``."""
    if _GLOBAL["unsafe"]:
        return False
    scoped = getattr(_STATE, "safe_mode", None)
    if scoped is not None:
        return bool(scoped)
    return True if safe_mode is None else bool(safe_mode)
