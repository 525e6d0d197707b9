"""Process tuning for speed, behind one switch: ``keras.config.enable_performance_tuning()``.

The switch governs three settings (measured below):

* **glibc malloc thresholds.** A CNN step frees and reallocates tens of megabytes of
  activations. With glibc's default thresholds each such block goes back to the kernel and
  comes back as fresh pages; the page faults (about 20,000 per step of the seed MNIST CNN at
  batch 200) cost about a third of the step's CPU time. TensorFlow keeps such memory in its
  own allocator; raising glibc's trim and mmap thresholds gives torch's allocations the same
  reuse. Skipped when the user chose thresholds (``MALLOC_TRIM_THRESHOLD_``,
  ``MALLOC_MMAP_THRESHOLD_`` or ``GLIBC_TUNABLES``).
* **Denormal flushing.** Tiny floats (below ~1e-38) in optimizer slots and gradients are
  otherwise computed in microcode, tens of times slower; TensorFlow flushes them too.
* **oneDNN's fused convolution + ReLU** for float32 2D convolutions on the CPU (the same
  numbers, one pass less over each activation).

Nothing here runs on import or when a layer is built. The first two change process-wide
state, so they are applied only around a training loop (:func:`tuned`, used by ``fit``) and
what was there before is put back when the loop ends. glibc offers no way to read its
thresholds, so they go back to glibc's documented defaults (128 KiB each); glibc's dynamic
mmap threshold stays off after that, which only changes when large blocks are mmapped.

Measured (2 cores shared with other jobs, so CPU time rather than wall time; seed MNIST CNN
of ``benchmarks/seed_cnn.py``, 3000 samples, batch 200, median of epochs 2-5, three
interleaved rounds, one process per setting):

=======================  ==================  ===========================
setting                  CPU s per epoch     page faults per epoch
=======================  ==================  ===========================
tuning on                5.10, 5.56, 4.00    923 / 309 / 2
tuning off               6.44, 6.16, 5.03    207,677 / 224,349 / 220,021
on, malloc untuned       6.06, 6.19, 4.61    182,871 / 130,740 / 184,499
on, no denormal flush    4.54, 5.36, 3.43    1,841 / 3 / 3
on, no fused conv+relu   5.05, 5.66, 4.40    4 / 1 / 1
=======================  ==================  ===========================

The malloc thresholds are the gain (-10 to -20 % CPU). The fused convolution + ReLU is
-6 % CPU on the seed CNN's two first convolutions, forward and backward (8 of 8 interleaved
rounds), too small to resolve in the whole-fit numbers above. Denormal flushing changes
nothing on the CNN (no denormal weight or slot after two epochs), but Adam's first moments
of embedding rows absent from a batch decay by 0.9 per step into denormals within a few
hundred steps (the IMDB LSTM's 20,000-word table); an Adam update over such a slot takes
0.55-0.73 s flushed against 0.93-0.98 s not (20 updates of 2.56 M entries).

The switch is on by default (the benchmarks show the gain; see the README); set
``TORCHERAS_PERFORMANCE_TUNING=0`` in the environment, call
:func:`disable_performance_tuning`, or use ``with performance_tuning(False):`` to turn it off.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import threading
from collections.abc import Iterator

import torch

_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
_TUNED_TRIM_BYTES = 1 << 30  # keep up to 1 GiB of freed memory at the top of the heap
_TUNED_MMAP_BYTES = 1 << 28  # serve blocks up to 256 MiB from the heap, not fresh mappings
_GLIBC_DEFAULT_BYTES = 128 * 1024  # glibc's documented default for both thresholds
_USER_MALLOC_ENV = ("MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_")


def _env_default() -> bool:
    value = os.environ.get("TORCHERAS_PERFORMANCE_TUNING", "1").strip().lower()
    return value not in ("0", "false", "no", "off")


_state = {"enabled": _env_default(), "depth": 0, "restore": None}
_lock = threading.Lock()


def enable_performance_tuning() -> None:
    """Turn on torcheras's speed settings for training loops (the default).

    While ``fit`` runs, glibc's malloc keeps freed memory for reuse and denormal floats
    are flushed to zero; 2D convolutions followed by ReLU run as one fused oneDNN kernel.
    The previous process settings are restored when ``fit`` returns.

    >>> import torcheras
    >>> torcheras.config.enable_performance_tuning()
    >>> torcheras.config.is_performance_tuning_enabled()
    True
    """
    _state["enabled"] = True


def disable_performance_tuning() -> None:
    """Run training loops with the process exactly as the user set it up.

    >>> import torcheras
    >>> torcheras.config.disable_performance_tuning()
    >>> torcheras.config.is_performance_tuning_enabled()
    False
    >>> torcheras.config.enable_performance_tuning()
    """
    _state["enabled"] = False


def is_performance_tuning_enabled() -> bool:
    """Whether :func:`enable_performance_tuning` is in effect."""
    return bool(_state["enabled"])


@contextlib.contextmanager
def performance_tuning(enabled: bool = True) -> Iterator[None]:
    """Turn the performance tuning on or off inside a ``with`` block only.

    Args:
        enabled: Whether the tuning is on inside the block.

    >>> import torcheras
    >>> with torcheras.config.performance_tuning(False):
    ...     torcheras.config.is_performance_tuning_enabled()
    False
    >>> torcheras.config.is_performance_tuning_enabled()
    True
    """
    if not isinstance(enabled, bool):
        raise TypeError(
            f"Argument `enabled` must be a boolean. Received: enabled={enabled!r}")
    previous = _state["enabled"]
    _state["enabled"] = enabled
    try:
        yield
    finally:
        _state["enabled"] = previous


def flush_denormal_enabled() -> bool:
    """Whether denormal floats are flushed to zero on this thread right now.

    torch has a setter (``torch.set_flush_denormal``) but no getter; a denormal operand
    comes out of a multiplication as 0 exactly when flushing is on.
    """
    return torch.tensor(1e-39, dtype=torch.float32).mul(1.0).item() == 0.0


def _mallopt():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return None
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return mallopt


def _user_chose_malloc() -> bool:
    if any(name in os.environ for name in _USER_MALLOC_ENV):
        return True
    tunables = os.environ.get("GLIBC_TUNABLES", "")
    return "malloc.trim_threshold" in tunables or "malloc.mmap_threshold" in tunables


def _set_malloc(trim: int, mmap: int) -> bool:
    mallopt = _mallopt()
    if mallopt is None:
        return False
    return bool(mallopt(_M_TRIM_THRESHOLD, trim)) and bool(mallopt(_M_MMAP_THRESHOLD, mmap))


def _apply() -> dict:
    """Apply the process settings; returns what to undo."""
    undo = {"malloc": False, "flush": None}
    if not _user_chose_malloc():
        undo["malloc"] = _set_malloc(_TUNED_TRIM_BYTES, _TUNED_MMAP_BYTES)
    was_flushing = flush_denormal_enabled()
    if not was_flushing and torch.set_flush_denormal(True):
        undo["flush"] = was_flushing
    return undo


def _undo(undo: dict) -> None:
    if undo["flush"] is not None:
        torch.set_flush_denormal(undo["flush"])
    if undo["malloc"]:
        _set_malloc(_GLIBC_DEFAULT_BYTES, _GLIBC_DEFAULT_BYTES)


@contextlib.contextmanager
def tuned() -> Iterator[None]:
    """Apply the process tuning (when enabled) around a training loop, then restore.

    Nested loops (a ``fit`` inside a callback) keep the outer loop's settings; only the
    outermost one applies and restores them.
    """
    with _lock:
        outermost = _state["depth"] == 0
        _state["depth"] += 1
        if outermost:
            _state["restore"] = _apply() if _state["enabled"] else None
    try:
        yield
    finally:
        with _lock:
            _state["depth"] -= 1
            if _state["depth"] == 0 and _state["restore"] is not None:
                _undo(_state["restore"])
                _state["restore"] = None


def fused_conv_relu() -> bool:
    """Whether convolutions followed by ReLU may take oneDNN's fused kernel."""
    return bool(_state["enabled"])
