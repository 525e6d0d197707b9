"""``EarlyStopping``: stop training when a monitored quantity stops improving."""

from __future__ import annotations

import warnings

import numpy as np

from torcheras._validation import check_int
from torcheras.callbacks import _legacy
from torcheras.callbacks._monitor_callback import MonitorCallback
from torcheras.utils._io import print_msg


class EarlyStopping(MonitorCallback):
    """Stop training when a monitored metric has stopped improving.

    At the end of every epoch the monitored value is compared with the best so far;
    after ``patience`` epochs in a row without an improvement larger than ``min_delta``,
    ``model.stop_training`` is set. Counting is Keras's: with ``patience=2`` and a best
    epoch ``k``, training stops at the end of epoch ``k + 2``.

    Args:
        monitor: Quantity to be monitored. Defaults to ``"val_loss"``.
        min_delta: Minimum change of the monitored quantity that counts as an
            improvement. Defaults to 0.
        patience: Number of epochs with no improvement after which training is
            stopped. Defaults to 0.
        verbose: 0 (silent) or 1 (prints when it stops and when it restores weights).
        mode: ``"auto"``, ``"min"`` or ``"max"``: whether the quantity should go down or
            up (``"auto"`` infers it from the name). Defaults to ``"auto"``.
        baseline: A value the monitored quantity must beat; epochs that improve on the
            best so far but not on the baseline still count towards ``patience``.
        restore_best_weights: Whether to restore, at the end of training, the weights of
            the epoch with the best monitored value (even when no epoch beat
            ``baseline``). Defaults to False.
        start_from_epoch: Number of warm-up epochs during which nothing is monitored.
            Defaults to 0.

    Example:

    >>> import numpy as np
    >>> import torcheras as keras
    >>> callback = EarlyStopping(monitor="loss", patience=3)
    >>> model = keras.Sequential([keras.layers.Dense(10)])
    >>> model.compile(keras.optimizers.SGD(), loss="mse")
    >>> history = model.fit(np.arange(100).reshape(5, 20), np.zeros(5), epochs=10,
    ...                     batch_size=1, callbacks=[callback], verbose=0)
    >>> len(history.history["loss"])  # Only 4 epochs are run.
    4
    """

    def __init__(self, monitor: str = "val_loss", min_delta: float = 0, patience: int = 0,
                 verbose: int = 0, mode: str = "auto", baseline: float | None = None,
                 restore_best_weights: bool = False, start_from_epoch: int = 0):
        super().__init__(monitor, mode, min_delta=min_delta)
        self.patience = check_int(patience, "patience", minimum=0)
        self.verbose = verbose
        self.baseline = baseline
        self.wait = 0
        self.stopped_epoch = 0
        self.restore_best_weights = bool(restore_best_weights)
        self.best_weights = None
        self.best_epoch = 0
        self.start_from_epoch = check_int(start_from_epoch, "start_from_epoch", minimum=0)

    def on_train_begin(self, logs=None):
        self.wait = 0
        self.stopped_epoch = 0
        self.best = None
        self.best_weights = None
        self.best_epoch = 0

    def on_epoch_end(self, epoch, logs=None):
        if self.monitor_op is None:
            self._set_monitor_op()
        current = self.get_monitor_value(logs)
        if current is None or epoch < self.start_from_epoch:
            return
        if self.restore_best_weights and self.best_weights is None:
            # The first monitored epoch is the best until another beats it, so a run
            # where nothing beats the baseline still restores something.
            self.best_weights = _snapshot(self.model)
            self.best_epoch = epoch
        self.wait += 1
        if self._is_improvement(current, self.best):
            self.best = current
            self.best_epoch = epoch
            if self.restore_best_weights:
                self.best_weights = _snapshot(self.model)
            if self.baseline is None or self._is_improvement(current, self.baseline):
                self.wait = 0
            return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True

    def on_train_end(self, logs=None):
        if self.stopped_epoch > 0 and self.verbose > 0:
            print_msg(f"Epoch {self.stopped_epoch + 1}: early stopping")
        if self.restore_best_weights and self.best_weights is not None:
            if self.verbose > 0:
                print_msg("Restoring model weights from the end of the best epoch: "
                      f"{self.best_epoch + 1}.")
            self.model.set_weights(self.best_weights)

    def get_monitor_value(self, logs):
        """The monitored value from ``logs``, or None (with a warning) when missing."""
        logs = logs or {}
        value = _legacy.monitored(logs, self.monitor)
        if value is None:
            warnings.warn(
                f"Early stopping conditioned on metric `{self.monitor}` which is not "
                f"available. Available metrics are: {','.join(list(logs.keys()))}",
                stacklevel=2,
            )
        return value


def _snapshot(model) -> list:
    # Copies: a model's get_weights() may return views of the live parameters.
    return [np.array(w, copy=True) for w in model.get_weights()]
