"""``CallbackList``: calls every callback's hook in order, adding History and the progress bar."""

from __future__ import annotations

from torcheras.callbacks._callback import Callback
from torcheras.callbacks._history import History
from torcheras.callbacks._progbar_logger import ProgbarLogger

_HOOKS = ("on_epoch_begin", "on_epoch_end", "on_train_batch_begin", "on_train_batch_end",
          "on_test_batch_begin", "on_test_batch_end", "on_predict_batch_begin",
          "on_predict_batch_end", "on_train_begin", "on_train_end", "on_test_begin",
          "on_test_end", "on_predict_begin", "on_predict_end")


class CallbackList(Callback):
    """A container that forwards each hook to all its callbacks.

    Per-batch hooks are dispatched only to the callbacks that override them, so a fit with
    only the default callbacks spends no time in empty hooks.
    """

    def __init__(self, callbacks=None, add_history: bool = False, add_progbar: bool = False,
                 model=None, **params):
        super().__init__()
        if callbacks is None:
            callbacks = []
        elif isinstance(callbacks, Callback):
            callbacks = [callbacks]
        elif not isinstance(callbacks, (list, tuple)):
            raise TypeError(
                "Argument `callbacks` must be a list of `keras.callbacks.Callback` instances. "
                f"Received: callbacks={callbacks!r}"
            )
        for cb in callbacks:
            if not isinstance(cb, Callback) and not _duck_callback(cb):
                raise TypeError(
                    "Argument `callbacks` must be a list of `keras.callbacks.Callback` "
                    f"instances. Received an item of type {type(cb).__name__}: {cb!r}"
                )
        self.callbacks = list(callbacks)
        self._history = next((c for c in self.callbacks if isinstance(c, History)), None)
        self._progbar = next((c for c in self.callbacks if isinstance(c, ProgbarLogger)), None)
        if self._history is None and add_history:
            self._history = History()
            self.callbacks.append(self._history)
        if self._progbar is None and add_progbar:
            self._progbar = ProgbarLogger()
            self.callbacks.append(self._progbar)
        if model is not None:
            self.set_model(model)
        # fit/evaluate/predict also pass the number of samples and the batch size for
        # ProgbarLogger(count_mode="samples"); callbacks' params stay Keras 3's.
        counts = {k: params.pop(k) for k in ("samples", "batch_size") if k in params}
        if params:
            self.set_params(params)
        if counts:
            for cb in self.callbacks:
                if isinstance(cb, ProgbarLogger):
                    cb._set_sample_counts(**counts)
        self._dispatch = {h: [getattr(c, h) for c in self.callbacks if _overrides(c, h)]
                          for h in _HOOKS}

    def append(self, callback) -> None:
        self.callbacks.append(callback)
        self._dispatch = {h: [getattr(c, h) for c in self.callbacks if _overrides(c, h)]
                          for h in _HOOKS}

    def set_params(self, params: dict) -> None:
        self.params = params
        for cb in self.callbacks:
            cb.set_params(params)

    def set_model(self, model) -> None:
        super().set_model(model)
        for cb in self.callbacks:
            cb.set_model(model)

    def _call(self, hook, *args):
        for fn in self._dispatch[hook]:
            fn(*args)

    def on_epoch_begin(self, epoch, logs=None):
        self._call("on_epoch_begin", epoch, logs)

    def on_epoch_end(self, epoch, logs=None):
        self._call("on_epoch_end", epoch, logs)

    def on_train_batch_begin(self, batch, logs=None):
        self._call("on_train_batch_begin", batch, logs)

    def on_train_batch_end(self, batch, logs=None):
        self._call("on_train_batch_end", batch, logs)

    def on_test_batch_begin(self, batch, logs=None):
        self._call("on_test_batch_begin", batch, logs)

    def on_test_batch_end(self, batch, logs=None):
        self._call("on_test_batch_end", batch, logs)

    def on_predict_batch_begin(self, batch, logs=None):
        self._call("on_predict_batch_begin", batch, logs)

    def on_predict_batch_end(self, batch, logs=None):
        self._call("on_predict_batch_end", batch, logs)

    def on_train_begin(self, logs=None):
        self._call("on_train_begin", logs)

    def on_train_end(self, logs=None):
        self._call("on_train_end", logs)

    def on_test_begin(self, logs=None):
        self._call("on_test_begin", logs)

    def on_test_end(self, logs=None):
        self._call("on_test_end", logs)

    def on_predict_begin(self, logs=None):
        self._call("on_predict_begin", logs)

    def on_predict_end(self, logs=None):
        self._call("on_predict_end", logs)


def _overrides(cb, hook: str) -> bool:
    if not isinstance(cb, Callback):
        return hasattr(cb, hook)
    if _defines(cb, hook):
        return True
    # The train-batch defaults forward to Keras 2's on_batch_* names.
    if hook == "on_train_batch_begin":
        return _defines(cb, "on_batch_begin")
    if hook == "on_train_batch_end":
        return _defines(cb, "on_batch_end")
    return False


def _defines(cb, hook: str) -> bool:
    """True when ``cb`` (its class or the instance itself) replaces Callback's hook."""
    return hook in vars(cb) or getattr(type(cb), hook) is not getattr(Callback, hook)


def _duck_callback(cb) -> bool:
    return all(hasattr(cb, h) for h in ("set_model", "set_params", "on_epoch_end"))
