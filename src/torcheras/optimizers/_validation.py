"""Checks for optimizer hyperparameters, run once in ``__init__``.

Messages follow Keras: name the argument and echo what was received.
"""

from __future__ import annotations

import numbers

import numpy as np


class UnrecognizedArgumentsError(TypeError, ValueError):
    """Unknown keyword arguments.

    Keras 3 raises ``ValueError`` here while Python raises ``TypeError`` for an unexpected
    keyword; deriving from both lets either ``except`` clause catch it.
    """


def is_number(value) -> bool:
    return (isinstance(value, (numbers.Real, np.number))
            and not isinstance(value, (bool, np.bool_)))


def check_float(name: str, value, *, low: float | None = None, high: float | None = None,
                low_open: bool = False, high_open: bool = False,
                allow_none: bool = False) -> float | None:
    """Return ``value`` as a float after checking its type and range.

    Raises:
        TypeError: ``value`` is not a real number (or ``None`` when allowed).
        ValueError: ``value`` is outside the range.
    """
    if value is None and allow_none:
        return None
    if not is_number(value):
        raise TypeError(
            f"Argument `{name}` must be a float. "
            f"Received: {name}={value!r} (of type {type(value).__name__})"
        )
    value = float(value)
    below = low is not None and (value <= low if low_open else value < low)
    above = high is not None and (value >= high if high_open else value > high)
    if below or above or value != value:
        raise ValueError(
            f"Argument `{name}` must be {_describe(low, high, low_open, high_open)}. "
            f"Received: {name}={value!r}"
        )
    return value


def _describe(low, high, low_open, high_open) -> str:
    if low is not None and high is not None:
        left = "(" if low_open else "["
        right = ")" if high_open else "]"
        return f"in the range {left}{_fmt(low)}, {_fmt(high)}{right}"
    if low is not None:
        return f"{'>' if low_open else '>='} {_fmt(low)}"
    if high is not None:
        return f"{'<' if high_open else '<='} {_fmt(high)}"
    return "a number"


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def check_bool(name: str, value) -> bool:
    if isinstance(value, (bool, np.bool_)) or (isinstance(value, int) and value in (0, 1)):
        return bool(value)
    raise TypeError(
        f"Argument `{name}` must be a boolean. "
        f"Received: {name}={value!r} (of type {type(value).__name__})"
    )
