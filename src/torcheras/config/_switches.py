"""Keras 3's global switches: debugging caps on training length, traceback filtering and
flash attention.

``max_epochs``/``max_steps_per_epoch`` start from ``$KERAS_MAX_EPOCHS`` and
``$KERAS_MAX_STEPS_PER_EPOCH`` (read once at import, as Keras does).
"""

from __future__ import annotations

import os

_STATE: dict = {
    "max_epochs": None,
    "max_steps_per_epoch": None,
    "traceback_filtering": True,
    "flash_attention": None,
}


def _check_cap(value, argument: str):
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(
            f"Argument `{argument}` must be a positive integer or None. "
            f"Received: {argument}={value!r}"
        )
    return value


def _env_cap(variable: str, argument: str):
    raw = os.environ.get(variable)
    if raw is None:
        return None
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(
            f"Environment variable {variable} must be a positive integer. Received: {raw!r}"
        ) from None
    return _check_cap(value, argument)


def set_max_epochs(max_epochs: int | None) -> None:
    """Cap every ``fit()`` at ``max_epochs`` epochs (debugging; ``None`` removes the cap).

    Args:
        max_epochs: A positive integer, or ``None``.
    """
    _STATE["max_epochs"] = _check_cap(max_epochs, "max_epochs")


def max_epochs() -> int | None:
    """The cap set by :func:`set_max_epochs` or ``$KERAS_MAX_EPOCHS`` (``None``: none)."""
    return _STATE["max_epochs"]


def set_max_steps_per_epoch(max_steps_per_epoch: int | None) -> None:
    """Cap every epoch of ``fit()`` (and ``evaluate``/``predict``) at this many steps.

    Args:
        max_steps_per_epoch: A positive integer, or ``None``.
    """
    _STATE["max_steps_per_epoch"] = _check_cap(max_steps_per_epoch, "max_steps_per_epoch")


def max_steps_per_epoch() -> int | None:
    """The cap set by :func:`set_max_steps_per_epoch` or ``$KERAS_MAX_STEPS_PER_EPOCH``."""
    return _STATE["max_steps_per_epoch"]


def cap_epochs(epochs: int) -> int:
    """``epochs``, lowered to :func:`max_epochs` when that is set and smaller."""
    cap = _STATE["max_epochs"]
    return cap if cap and cap < epochs else epochs


def cap_steps(steps: int | None) -> int | None:
    """``steps`` per epoch (``None``: the whole data), lowered to the global cap."""
    cap = _STATE["max_steps_per_epoch"]
    if cap and (not steps or cap < steps):
        return cap
    return steps


def enable_traceback_filtering() -> None:
    """Hide torcheras's internal frames in tracebacks raised by Keras APIs (default)."""
    _STATE["traceback_filtering"] = True


def disable_traceback_filtering() -> None:
    """Show the full tracebacks, torcheras's internal frames included."""
    _STATE["traceback_filtering"] = False


def is_traceback_filtering_enabled() -> bool:
    """Whether tracebacks are filtered (``True`` by default)."""
    return _STATE["traceback_filtering"]


def enable_flash_attention() -> None:
    """Let attention layers use flash attention where the inputs allow (the default:
    ``is_flash_attention_enabled()`` returns ``None``, meaning "when available")."""
    _STATE["flash_attention"] = None


def disable_flash_attention() -> None:
    """Keep attention layers off flash attention."""
    _STATE["flash_attention"] = False


def is_flash_attention_enabled() -> bool | None:
    """``False`` once disabled; ``None`` (use it when available) otherwise."""
    return _STATE["flash_attention"]


_STATE["max_epochs"] = _env_cap("KERAS_MAX_EPOCHS", "max_epochs")
_STATE["max_steps_per_epoch"] = _env_cap("KERAS_MAX_STEPS_PER_EPOCH", "max_steps_per_epoch")


def set_backend(backend: str) -> None:
    """Keras's engine switch. torcheras has one engine: ``"torch"`` is accepted (nothing to
    change); any other name raises, since Keras code must then run on real Keras.

    Args:
        backend: The backend name.
    """
    if backend != "torch":
        raise ValueError(
            "torcheras runs Keras on PyTorch only: the only available backend is 'torch'. "
            f"Received: backend={backend!r}"
        )


def is_nnx_enabled() -> bool:
    """Whether Flax NNX integration is on (a JAX-backend feature): always ``False``."""
    return False
