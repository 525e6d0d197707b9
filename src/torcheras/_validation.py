"""Argument checks shared by every namespace: one place for "must be a positive integer".

Each check raises the exception type Keras raises, names the argument and echoes the
received value with ``repr``.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def check_int(value: Any, name: str, *, minimum: int | None = None,
              allow_none: bool = False) -> int | None:
    """``value`` as an int no smaller than ``minimum``.

    Args:
        value: What the user passed.
        name: The argument's name, as the user wrote it.
        minimum: The smallest allowed value (``None``: any integer).
        allow_none: Whether ``None`` is accepted (and returned).

    >>> check_int(3, "epochs", minimum=0)
    3
    >>> check_int(-1, "epochs", minimum=0)
    Traceback (most recent call last):
    ...
    ValueError: Argument `epochs` must be a non-negative integer. Received: epochs=-1
    """
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"Argument `{name}` must be an integer. Received: {name}={value!r}")
    if minimum is not None and value < minimum:
        kind = {0: "non-negative", 1: "positive"}.get(minimum, f"≥ {minimum}")
        raise ValueError(f"Argument `{name}` must be a {kind} integer. Received: {name}={value!r}")
    return int(value)


def check_positive_int(value: Any, name: str, *, allow_none: bool = False,
                       allow_zero: bool = False) -> int | None:
    """``value`` as a positive int (``allow_zero``: non-negative).

    Args:
        value: What the user passed.
        name: The argument's name.
        allow_none: Whether ``None`` is accepted (and returned).
        allow_zero: Whether 0 is accepted.
    """
    return check_int(value, name, minimum=0 if allow_zero else 1, allow_none=allow_none)


def check_choice(value: Any, name: str, allowed) -> Any:
    """``value`` if it is one of ``allowed``; else a ValueError listing them.

    Args:
        value: What the user passed.
        name: The argument's name.
        allowed: The accepted values.
    """
    if value not in allowed:
        raise ValueError(
            f"Invalid value for argument `{name}`. Expected one of {list(allowed)}. "
            f"Received: {name}={value!r}"
        )
    return value
