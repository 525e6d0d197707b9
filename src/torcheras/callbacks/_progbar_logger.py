"""``ProgbarLogger``: Keras's progress bar during fit, evaluate and predict."""

from __future__ import annotations

import time

from torcheras.callbacks._callback import Callback
from torcheras.legacy._history_keys import shadowed_keys
from torcheras.utils._io import print_msg
from torcheras.utils._progbar import Progbar


class ProgbarLogger(Callback):
    """Prints ``469/469 ━━━━━━━━━━━━━━━━━━━━ 2s 4ms/step - accuracy: 0.9212 - loss: 0.2710``.

    The bar is redrawn at most every 0.05 s, as Keras throttles it; the logs (which may
    need a device synchronisation to read) are only read when the bar is redrawn.

    Args:
        count_mode: ``"steps"`` (count batches, Keras 3's bar) or ``"samples"`` (count
            samples, Keras 2's default; for in-memory data, else it counts steps).
        stateful_metrics: Keras 2's argument: names of logged values shown as logged;
            every other value that is not one of the model's metrics is shown averaged
            over the epoch's batches. ``None`` (Keras 3): every value as logged, since
            the model's metrics are already running means.

    Example:

    >>> ProgbarLogger(count_mode="samples").count_mode
    'samples'
    """

    def __init__(self, count_mode: str = "steps", stateful_metrics=None):
        super().__init__()
        if count_mode not in ("steps", "samples"):
            raise ValueError(
                f"Unknown `count_mode`: {count_mode!r}. Expected values are "
                "['samples', 'steps']"
            )
        if stateful_metrics is not None and (
                isinstance(stateful_metrics, str) or not all(
                    isinstance(n, str) for n in stateful_metrics)):
            raise TypeError(
                "Argument `stateful_metrics` must be a list of metric names. Received: "
                f"stateful_metrics={stateful_metrics!r}"
            )
        self.count_mode = count_mode
        self.stateful_metrics = None if stateful_metrics is None else set(stateful_metrics)
        self.seen = 0
        self.progbar = None
        self.target = None
        self.verbose = 1
        self.epochs = 1
        self._batch_size = None
        self._called_in_fit = False
        self._last_draw = 0.0
        self.interval = 0.05

    def set_params(self, params):
        verbose = params.get("verbose", 1)
        self.verbose = 1 if verbose == "auto" else verbose
        self.epochs = params.get("epochs", 1)
        self._batch_size = None
        self.target = params.get("steps")
        # Keras 2's params carried the sample count (as may a hand-made params dict).
        if params.get("samples") is not None:
            self._set_sample_counts(params["samples"], params.get("batch_size"))

    def _set_sample_counts(self, samples: int, batch_size: int | None) -> None:
        """In ``count_mode="samples"``, count up to ``samples`` by ``batch_size``."""
        if self.count_mode == "samples" and samples is not None and batch_size:
            self.target = samples
            self._batch_size = batch_size

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
            print_msg(f"Epoch {epoch + 1}/{self.epochs}")

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
        if self.progbar is None:
            self.progbar = Progbar(target=self.target, verbose=self.verbose,
                                   unit_name="sample" if self._batch_size else "step")
            self.progbar.stateful_metrics = (_Everything() if self.stateful_metrics is None
                                             else self.stateful_metrics | self._model_metrics())

    def _model_metrics(self) -> set:
        """Names the model's own metrics log under (already running means)."""
        names = {"loss"}
        for m in getattr(self.model, "metrics", None) or []:
            entries = getattr(m, "entries", None)
            if entries is not None:  # the compiled metrics, by their log names
                names.update(entry[3] for entry in entries)
            else:
                names.add(m.name)
        return names | {f"val_{n}" for n in names}

    def _update_progbar(self, batch, logs=None):
        self._maybe_init_progbar()
        self.seen = batch + 1
        if self._batch_size:
            self.seen = min(self.seen * self._batch_size, self.target)
        if self.verbose != 1:
            return
        now = time.time()
        # With stateful_metrics, other values are averaged over every batch, so every
        # batch is read (Progbar still throttles the drawing).
        if (self.stateful_metrics is None and now - self._last_draw < self.interval
                and self.seen != self.target):
            return
        self._last_draw = now
        values = list(logs.items()) if logs else []
        if self.stateful_metrics is not None:
            # The compiled metrics are built on the first batch: their names are known now.
            self.progbar.stateful_metrics = self.stateful_metrics | self._model_metrics()
        self.progbar.update(self.seen, _floats(values), finalize=False)

    def _finalize_progbar(self, logs):
        self._maybe_init_progbar()
        if self.target is None:
            self.target = self.seen
            self.progbar.target = self.target
        # Under Keras 2's defaults the epoch logs carry acc beside accuracy: the bar shows
        # the names its batch updates showed, once.
        outputs = getattr(self.model, "output_names", None) or ()
        skip = shadowed_keys(logs, outputs, keep=3) if logs else ()
        values = [(k, v) for k, v in logs.items() if k not in skip] if logs else []
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
