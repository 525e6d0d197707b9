"""``LambdaCallback``: a callback built from plain functions."""

from __future__ import annotations

from torcheras.callbacks._callback import Callback

_ALLOWED = ("on_epoch_begin", "on_epoch_end", "on_train_begin", "on_train_end",
            "on_train_batch_begin", "on_train_batch_end", "on_batch_begin", "on_batch_end",
            "on_test_begin", "on_test_end", "on_test_batch_begin", "on_test_batch_end",
            "on_predict_begin", "on_predict_end", "on_predict_batch_begin",
            "on_predict_batch_end")


class LambdaCallback(Callback):
    """Create a callback from functions, e.g. ``on_epoch_end=lambda epoch, logs: ...``.

    Args:
        on_epoch_begin, on_epoch_end: ``f(epoch, logs)``.
        on_train_begin, on_train_end: ``f(logs)``.
        on_train_batch_begin, on_train_batch_end (and Keras 2's on_batch_*): ``f(batch, logs)``.

    Example:

    >>> seen = []
    >>> cb = LambdaCallback(on_epoch_end=lambda epoch, logs: seen.append(epoch))
    >>> cb.on_epoch_end(0, {})
    >>> seen
    [0]
    """

    def __init__(self, on_epoch_begin=None, on_epoch_end=None, on_train_begin=None,
                 on_train_end=None, on_train_batch_begin=None, on_train_batch_end=None,
                 **kwargs):
        super().__init__()
        given = dict(on_epoch_begin=on_epoch_begin, on_epoch_end=on_epoch_end,
                     on_train_begin=on_train_begin, on_train_end=on_train_end,
                     on_train_batch_begin=on_train_batch_begin,
                     on_train_batch_end=on_train_batch_end)
        for k, v in kwargs.items():
            if k not in _ALLOWED:
                raise TypeError(
                    f"Unrecognized keyword argument for LambdaCallback: {k!r}. "
                    f"Allowed: {list(_ALLOWED)}"
                )
            given[k] = v
        for name, fn in given.items():
            if fn is None:
                continue
            if not callable(fn):
                raise TypeError(f"Argument `{name}` must be callable. Received: {fn!r}")
            setattr(self, name, fn)
