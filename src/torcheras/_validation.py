"""Argument checks shared by every namespace: one place for "must be a positive integer".

Each check raises the exception type Keras raises, names the argument and echoes the
received value with ``repr``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

# Keras words "must be a positive integer" differently per layer; a call site passes the
# template of its layer so each keeps Keras's text. Fields: {name}, {value} (the repr of
# what was received), {type} (its type's name), {or_none} (" or `None`" when allowed),
# {minimum} (the smallest allowed value).
DENSE_MESSAGE = ("Received an invalid value for `{name}`, expected a positive integer. "
                 "Received: {name}={value}")
CONV_MESSAGE = ("Invalid value for argument `{name}`. Expected a strictly positive integer. "
                "Received {name}={value}.")
RNN_MESSAGE = ("Received an invalid value for argument `{name}`, expected a positive integer, "
               "got {value}.")
LAYER_MESSAGE = ("Received an invalid value for argument `{name}`, expected a positive "
                 "integer{or_none}. Received: {name}={value}")
EMBEDDING_MESSAGE = ("`{name}` must be a positive integer. Received: {name}={value} "
                     "(of type {type}).")
ARGUMENT_MESSAGE = "Argument `{name}` must be a positive integer. Received: {name}={value}"
RANGE_MESSAGE = "Argument `{name}` must be an integer >= {minimum}. Received: {name}={value}"


def _is_int(value: Any) -> bool:
    # Anything usable as an index (Python, NumPy and 0-d torch integers), but not a bool.
    return not isinstance(value, (bool, np.bool_)) and hasattr(value, "__index__")


def _describe(minimum: int | None) -> str:
    if minimum is None:
        return "an integer"
    return {0: "a non-negative integer", 1: "a positive integer"}.get(
        minimum, f"an integer >= {minimum}")


def check_int(value: Any, name: str, *, minimum: int | None = None,
              allow_none: bool = False, message: str | None = None,
              type_error: type[Exception] = TypeError) -> int | None:
    """``value`` as an int no smaller than ``minimum``.

    Args:
        value: What the user passed.
        name: The argument's name, as the user wrote it.
        minimum: The smallest allowed value (``None``: any integer).
        allow_none: Whether ``None`` is accepted (and returned).
        message: A layer's own wording (one of the ``*_MESSAGE`` templates above); every
            bad value, whatever its type, then raises ``ValueError`` with it, as Keras's
            layers do.
        type_error: The exception for a value that is not an integer at all, when no
            ``message`` is given (``ValueError`` where Keras raises that for any bad value).

    >>> check_int(3, "epochs", minimum=0)
    3
    >>> check_int(-1, "epochs", minimum=0)
    Traceback (most recent call last):
    ...
    ValueError: Argument `epochs` must be a non-negative integer. Received: epochs=-1
    >>> check_int(2.5, "steps", minimum=1, allow_none=True)
    Traceback (most recent call last):
    ...
    TypeError: Argument `steps` must be a positive integer or None. Received: steps=2.5
    >>> check_int(0, "units", minimum=1, message=DENSE_MESSAGE)
    Traceback (most recent call last):
    ...
    ValueError: Received an invalid value for `units`, expected a positive integer. \
Received: units=0
    """
    if value is None and allow_none:
        return None
    is_int = _is_int(value)
    if is_int and (minimum is None or value >= minimum):
        return int(value)
    if message is not None:
        raise ValueError(message.format(
            name=name, value=repr(value), type=type(value).__name__,
            or_none=" or `None`" if allow_none else "", minimum=minimum))
    what = _describe(minimum) + (" or None" if allow_none else "")
    error = ValueError if is_int else type_error
    raise error(f"Argument `{name}` must be {what}. Received: {name}={value!r}")


def check_positive_int(value: Any, name: str, *, allow_none: bool = False,
                       allow_zero: bool = False, message: str | None = None,
                       type_error: type[Exception] = TypeError) -> int | None:
    """``value`` as a positive int (``allow_zero``: non-negative).

    Args:
        value: What the user passed.
        name: The argument's name.
        allow_none: Whether ``None`` is accepted (and returned).
        allow_zero: Whether 0 is accepted.
        message: A layer's own wording (see :func:`check_int`).
        type_error: The exception for a non-integer without ``message``.

    >>> check_positive_int(4, "filters", message=CONV_MESSAGE)
    4
    >>> check_positive_int("4", "filters", message=CONV_MESSAGE)
    Traceback (most recent call last):
    ...
    ValueError: Invalid value for argument `filters`. Expected a strictly positive integer. \
Received filters='4'.
    """
    return check_int(value, name, minimum=0 if allow_zero else 1, allow_none=allow_none,
                     message=message, type_error=type_error)


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
