"""Keras 2's learning phase (``K.learning_phase``) and the functions that branch on it."""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator
from typing import Any

from torcheras import ops
from torcheras.layers._call_context import CALL_CONTEXT

# None: follow the layer call in progress, as Keras 2's fit fed 1 and predict fed 0 to the
# symbolic phase. 0/1: pinned by set_learning_phase / learning_phase_scope.
_STATE: dict = {"phase": None}


def learning_phase() -> int:
    """The learning phase: ``1`` inside a training call (``fit``, ``training=True``), else ``0``.

    ``set_learning_phase`` and ``learning_phase_scope`` pin it. In
    ``K.function([model.input, K.learning_phase()], ...)`` it marks the input slot whose
    value chooses training (1) or inference (0) behaviour for that call.
    """
    if _STATE["phase"] is not None:
        return _STATE["phase"]
    return 1 if CALL_CONTEXT.training else 0


def _check_phase(value: Any) -> int:
    if value not in (0, 1):
        raise ValueError(f"Expected learning phase to be 0 or 1. Received: value={value!r}")
    return int(value)


def set_learning_phase(value: int) -> None:
    """Set the learning phase to ``0`` (test) or ``1`` (train), as Keras 2 did (deprecated).

    Args:
        value: ``0`` or ``1``.
    """
    value = _check_phase(value)
    warnings.warn(
        "`keras.backend.set_learning_phase` is deprecated: pass `training=True/False` "
        "when calling the model or layer instead.", UserWarning, stacklevel=2
    )
    _STATE["phase"] = value


@contextlib.contextmanager
def learning_phase_scope(value: int) -> Iterator[None]:
    """Set the learning phase inside a ``with`` block and restore it after.

    Args:
        value: ``0`` or ``1``.
    """
    value = _check_phase(value)
    previous = _STATE["phase"]
    _STATE["phase"] = value
    try:
        yield
    finally:
        _STATE["phase"] = previous


def _call_if_callable(x: Any) -> Any:
    return x() if callable(x) else x


def switch(condition: Any, then_expression: Any, else_expression: Any) -> Any:
    """``then_expression`` where ``condition`` holds, else ``else_expression``.

    A Python bool (or scalar) condition picks one branch; a tensor condition selects element
    by element, its trailing axes broadcast as Keras 2 did.

    Args:
        condition: A bool, an int or a boolean tensor.
        then_expression: A tensor or a callable returning one.
        else_expression: A tensor or a callable returning one.
    """
    if isinstance(condition, (bool, int)):
        return _call_if_callable(then_expression if condition else else_expression)
    then_value = _call_if_callable(then_expression)
    else_value = _call_if_callable(else_expression)
    cond = ops.cast(condition, "bool")
    target_rank = max(len(ops.shape(then_value)), len(ops.shape(else_value)))
    while len(ops.shape(cond)) < target_rank:
        cond = ops.expand_dims(cond, -1)
    return ops.where(cond, then_value, else_value)


def in_train_phase(x: Any, alt: Any, training: Any = None) -> Any:
    """``x`` in the training phase, ``alt`` otherwise (callables are called).

    Args:
        x: Value for training.
        alt: Value for inference.
        training: ``True``/``False``/``1``/``0``; the learning phase when ``None``.
    """
    if training is None:
        training = learning_phase()
    if isinstance(training, (bool, int)):
        return _call_if_callable(x if training else alt)
    return switch(training, x, alt)


def in_test_phase(x: Any, alt: Any, training: Any = None) -> Any:
    """``x`` in the inference phase, ``alt`` in training.

    Args:
        x: Value for inference.
        alt: Value for training.
        training: ``True``/``False``/``1``/``0``; the learning phase when ``None``.
    """
    return in_train_phase(alt, x, training=training)
