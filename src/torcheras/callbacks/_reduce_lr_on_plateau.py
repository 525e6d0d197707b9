"""``ReduceLROnPlateau``: lower the learning rate when a metric stops improving."""

from __future__ import annotations

import warnings

import numpy as np

from torcheras._validation import check_int
from torcheras.callbacks import _legacy
from torcheras.callbacks._monitor_callback import MonitorCallback
from torcheras.utils._io import print_msg


class ReduceLROnPlateau(MonitorCallback):
    """Multiply the learning rate by ``factor`` after ``patience`` epochs without improvement.

    Each epoch's logs get a ``learning_rate`` entry (so History records the rate).

    Args:
        monitor: Quantity to be monitored. Defaults to ``"val_loss"``.
        factor: Factor by which the rate is reduced: ``new_lr = lr * factor`` (< 1).
        patience: Number of epochs with no improvement after which the rate is reduced.
        verbose: 0 (quiet) or 1 (prints each reduction).
        mode: ``"auto"``, ``"min"`` or ``"max"``.
        min_delta: Threshold for measuring the new optimum. Defaults to 1e-4.
        cooldown: Number of epochs to wait after a reduction before counting again.
        min_lr: Lower bound on the learning rate.
        **kwargs: Keras 2's ``epsilon`` (the old name of ``min_delta``).

    Example:

    >>> cb = ReduceLROnPlateau(monitor="val_loss", factor=0.2, patience=5, min_lr=0.001)
    >>> cb.factor
    0.2
    """

    def __init__(self, monitor: str = "val_loss", factor: float = 0.1, patience: int = 10,
                 verbose: int = 0, mode: str = "auto", min_delta: float = 1e-4,
                 cooldown: int = 0, min_lr: float = 0.0, **kwargs):
        min_delta = _legacy.reduce_lr_on_plateau(kwargs, min_delta)
        super().__init__(monitor, mode, min_delta=min_delta)
        if isinstance(factor, bool) or not isinstance(factor, (int, float)):
            raise TypeError(f"Argument `factor` must be a float. Received: factor={factor!r}")
        if factor >= 1.0:
            raise ValueError(
                f"ReduceLROnPlateau does not support a factor >= 1.0. Received factor={factor}"
            )
        self.factor = factor
        self.min_lr = min_lr
        self.patience = check_int(patience, "patience", minimum=0)
        self.verbose = verbose
        self.cooldown = check_int(cooldown, "cooldown", minimum=0)
        self.cooldown_counter = 0
        self.wait = 0

    def _reset(self) -> None:
        self.best = None
        self.cooldown_counter = 0
        self.wait = 0

    def on_train_begin(self, logs=None):
        self._reset()

    def in_cooldown(self) -> bool:
        return self.cooldown_counter > 0

    def _reduce_optimizer_lr(self, optimizer, epoch: int) -> bool:
        old_lr = float(np.asarray(optimizer.learning_rate))
        if old_lr > np.float32(self.min_lr):
            new_lr = max(old_lr * self.factor, self.min_lr)
            optimizer.learning_rate = new_lr
            if self.verbose > 0:
                print_msg(f"\nEpoch {epoch + 1}: ReduceLROnPlateau reducing learning rate to "
                      f"{new_lr}.")
            return True
        return False

    def on_epoch_end(self, epoch, logs=None):
        if self.monitor_op is None:
            self._set_monitor_op()
        logs = logs if logs is not None else {}
        optimizer = self.model.optimizer
        logs["learning_rate"] = float(np.asarray(optimizer.learning_rate))
        current = _legacy.monitored(logs, self.monitor)
        if current is None:
            warnings.warn(
                f"Learning rate reduction is conditioned on metric `{self.monitor}` which is "
                f"not available. Available metrics are: {','.join(list(logs.keys()))}.",
                stacklevel=2,
            )
            return
        if self.in_cooldown():
            self.cooldown_counter -= 1
            self.wait = 0
        if self._is_improvement(current, self.best):
            self.best = current
            self.wait = 0
        elif not self.in_cooldown():
            self.wait += 1
            if self.wait >= self.patience and self._reduce_optimizer_lr(optimizer, epoch):
                self.cooldown_counter = self.cooldown
                self.wait = 0
