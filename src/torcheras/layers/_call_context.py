"""The state of the layer calls in progress (Keras's call context).

Keras keeps, for the outermost layer call under way, the ``training`` value that inner layers
called without one inherit, and which call is the outermost (it clears the losses layers added
during the previous call). Here that state is one small object per thread, read and written
directly by ``Layer.__call__`` and ``Model.__call__`` on their hot path (no method calls, so
the per-step cost of a call does not grow).
"""

from __future__ import annotations

import threading


class CallContext(threading.local):
    """Per-thread state of the layer calls in progress.

    Attributes:
        training: The ``training`` value of the innermost call that set one (``None`` outside
            any call): what a layer called without ``training`` inherits.
        model_call_depth: How many ``Model.__call__`` are in progress; the outermost one (depth
            0 on entry) clears the losses added during the previous call.

    Example:

    >>> context = CallContext()
    >>> context.training, context.model_call_depth
    (None, 0)
    """

    def __init__(self) -> None:
        # threading.local runs __init__ again in each thread that touches the object.
        self.training: bool | None = None
        self.model_call_depth: int = 0


# The one context, shared by every layer; per thread, as in Keras, so that a layer called in
# a data-loading worker does not inherit the main thread's `training`.
CALL_CONTEXT = CallContext()
