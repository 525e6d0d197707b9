"""Keep freed activation memory in the process instead of returning it to the kernel.

A CNN step frees and reallocates tens of megabytes of activations. With glibc's default
settings each such block comes back from the kernel as fresh pages, and the page faults
(about 20,000 per step of the seed MNIST CNN at batch 200) cost about 30 % of the step's
CPU time. TensorFlow keeps such memory in its own allocator; raising glibc's trim and
mmap thresholds gives torch's allocations the same reuse. Called once, when the first
convolution layer is built.
"""

from __future__ import annotations

import ctypes
import ctypes.util

_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
_TRIM_BYTES = 1 << 30  # keep up to 1 GiB of freed memory at the top of the heap
_MMAP_BYTES = 1 << 28  # serve blocks up to 256 MiB from the heap, not fresh mappings

_done = [False]


def keep_freed_memory() -> bool:
    """Tune glibc's malloc once per process; returns whether it applied (glibc only)."""
    if _done[0]:
        return True
    _done[0] = True
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(_M_TRIM_THRESHOLD, _TRIM_BYTES)) and bool(
        mallopt(_M_MMAP_THRESHOLD, _MMAP_BYTES))
