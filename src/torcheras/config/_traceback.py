"""Traceback filtering: errors raised through ``fit``/``evaluate``/``predict`` show the
user's frames, not torcheras's internals, unless ``keras.config.disable_traceback_filtering()``.
"""

from __future__ import annotations

import functools
import os
import types

from torcheras.config._switches import is_traceback_filtering_enabled

_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _in_package(filename: str) -> bool:
    return os.path.abspath(filename).startswith(_PACKAGE_DIR + os.sep)


def filtered(tb: types.TracebackType | None) -> types.TracebackType | None:
    """``tb`` without the frames of torcheras's own files; when every frame is ours, the
    innermost one (where the error was raised) is kept, as Keras keeps it."""
    frames, last = [], None
    while tb is not None:
        last = (tb.tb_frame, tb.tb_lasti, tb.tb_lineno)
        if not _in_package(tb.tb_frame.f_code.co_filename):
            frames.append(last)
        tb = tb.tb_next
    if not frames and last is not None:
        frames = [last]
    new_tb = None
    for frame, lasti, lineno in reversed(frames):
        new_tb = types.TracebackType(new_tb, frame, lasti, lineno)
    return new_tb


def filter_traceback(fn):
    """Decorate a public entry point so that its errors carry filtered tracebacks."""

    @functools.wraps(fn)
    def error_handler(*args, **kwargs):
        if not is_traceback_filtering_enabled():
            return fn(*args, **kwargs)
        try:
            return fn(*args, **kwargs)
        except Exception as e:
            tb = filtered(e.__traceback__)
            raise e.with_traceback(tb) from e.__cause__
        finally:
            tb = None  # no frame cycle kept alive

    return error_handler
