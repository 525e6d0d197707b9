"""``ProgbarLogger``: Keras's progress bar during fit, evaluate and predict."""

from __future__ import annotations

import time

from torcheras.callbacks._callback import Callback


class ProgbarLogger(Callback):
    """Prints ``469/469 ━━━━━━━━━━━━━━━━━━━━ 2s 4ms/step - accuracy: 0.9212 - loss: 0.2710``.

    The bar is redrawn at most every 0.05 s, as Keras throttles it; the logs (which may
    need a device synchronisation to read) are only read when the bar is redrawn.
    """

    def __init__(self, count_mode: str = "steps", stateful_metrics=None):
        super().__init__()
        self.seen = 0
        self.progbar = None
        self.target = None
        self.verbose = 1
        self.epochs = 1
        self._called_in_fit = False
        self._last_draw = 0.0
        self.interval = 0.05

    def set_params(self, params):
        verbose = params.get("verbose", 1)
        self.verbose = 1 if verbose == "auto" else verbose
        self.epochs = params.get("epochs", 1)
        self.target = params.get("steps")

    def on_train_begin(self, logs=None):
        self._called_in_fit = True

    def on_test_begin(self, logs=None):
        if not self._called_in_fit:
            self._reset_progbar()
            self._maybe_init_progbar()

    def on_predict_begin(self, logs=None):
        self._reset_progbar()
        self._maybe_init_progbar()

    def on_epoch_begin(self, epoch, logs=None):
        self._reset_progbar()
        self._maybe_init_progbar()
        if self.verbose and self.epochs > 1:
            print(f"Epoch {epoch + 1}/{self.epochs}", flush=True)

    def on_train_batch_end(self, batch, logs=None):
        self._update_progbar(batch, logs)

    def on_test_batch_end(self, batch, logs=None):
        if not self._called_in_fit:
            self._update_progbar(batch, logs)

    def on_predict_batch_end(self, batch, logs=None):
        self._update_progbar(batch, None)

    def on_epoch_end(self, epoch, logs=None):
        self._finalize_progbar(logs)

    def on_test_end(self, logs=None):
        if not self._called_in_fit:
            self._finalize_progbar(logs)

    def on_predict_end(self, logs=None):
        self._finalize_progbar(logs)

    def _reset_progbar(self):
        self.seen = 0
        self.progbar = None
        self._last_draw = 0.0

    def _maybe_init_progbar(self):
        from torcheras.utils import Progbar

        if self.progbar is None:
            self.progbar = Progbar(target=self.target, verbose=self.verbose, unit_name="step",
                                   stateful_metrics=None)
            self.progbar.stateful_metrics = _Everything()

    def _update_progbar(self, batch, logs=None):
        self._maybe_init_progbar()
        self.seen = batch + 1
        if self.verbose != 1:
            return
        now = time.time()
        if now - self._last_draw < self.interval and self.seen != self.target:
            return
        self._last_draw = now
        values = list(logs.items()) if logs else []
        self.progbar.update(self.seen, _floats(values), finalize=False)

    def _finalize_progbar(self, logs):
        self._maybe_init_progbar()
        if self.target is None:
            self.target = self.seen
            self.progbar.target = self.target
        values = list(logs.items()) if logs else []
        self.progbar.update(self.target, _floats(values), finalize=True)


class _Everything(set):
    """Every metric is shown as logged (Keras's logs are already running means)."""

    def __contains__(self, item):
        return True


def _floats(values):
    out = []
    for k, v in values:
        try:
            out.append((k, float(v)))
        except (TypeError, ValueError):
            out.append((k, v))
    return out
