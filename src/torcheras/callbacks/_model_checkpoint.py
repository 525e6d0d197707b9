"""``ModelCheckpoint``: save the model or its weights during training."""

from __future__ import annotations

import os
import warnings

import numpy as np
import torch

from torcheras.callbacks import _legacy
from torcheras.callbacks._monitor_callback import MonitorCallback
from torcheras.legacy._history_keys import AliasedDict
from torcheras.utils._io import print_msg

_WEIGHTS_SUFFIXES = (".weights.h5", ".h5", ".hdf5")  # the last two: Keras 2's HDF5 weights
_MODEL_SUFFIXES = (".keras", ".h5", ".hdf5")


class ModelCheckpoint(MonitorCallback):
    """Save the model (``model.save``) or its weights (``model.save_weights``) while training.

    Args:
        filepath: Path of the file; may hold ``str.format`` fields filled from ``epoch``
            (1-based), ``batch`` (1-based, with an integer ``save_freq``) and the logs,
            e.g. ``"w.{epoch:02d}-{val_loss:.2f}.keras"``. It must end in
            ``.weights.h5`` with ``save_weights_only=True`` and in ``.keras`` (or Keras
            2's ``.h5``) otherwise.
        monitor: Logged quantity deciding what "best" is (``"val_loss"``).
        verbose: 0 (silent) or 1 (prints each save decision).
        save_best_only: Only save when the monitored quantity improves on the best so
            far (a path without fields is then always the best model).
        save_weights_only: Save only the weights (with the optimizer state when the
            model is compiled), else the whole model.
        mode: ``"auto"``, ``"min"`` or ``"max"``: the direction of improvement.
        save_freq: ``"epoch"`` (at each epoch's end) or an integer number of batches.
        initial_value_threshold: The initial "best" value with ``save_best_only``: a
            model is saved only once it beats it.
        **kwargs: Keras 2's ``period`` (save every ``period`` epochs), ``options`` and
            ``load_weights_on_restart`` (both TensorFlow-only, ignored).

    Example:

    >>> cb = ModelCheckpoint("ckpt/w.{epoch:02d}-{val_loss:.2f}.keras")
    >>> cb._get_file_path(2, None, {"val_loss": 0.2571})
    'ckpt/w.03-0.26.keras'
    """

    def __init__(self, filepath, monitor: str = "val_loss", verbose: int = 0,
                 save_best_only: bool = False, save_weights_only: bool = False,
                 mode: str = "auto", save_freq="epoch", initial_value_threshold=None,
                 **kwargs):
        period = _legacy.model_checkpoint(kwargs)
        super().__init__(monitor, mode, initial_value_threshold)
        if not isinstance(filepath, (str, os.PathLike)):
            raise TypeError(
                f"Argument `filepath` must be a path (str or os.PathLike). "
                f"Received: filepath={filepath!r}"
            )
        self.verbose = verbose
        self.filepath = os.fspath(filepath)
        self.save_best_only = bool(save_best_only)
        self.save_weights_only = bool(save_weights_only)
        self.save_freq = save_freq
        self._period = period
        self._epochs_since_last_save = 0
        self._batches_seen_since_last_saving = 0
        self._last_batch_seen = None
        self._current_epoch = 0
        if save_freq != "epoch" and (isinstance(save_freq, bool) or not isinstance(
                save_freq, int) or save_freq < 1):
            raise ValueError(
                f"Unrecognized save_freq: {save_freq!r}. Expected save_freq are 'epoch' or "
                "integer values"
            )
        if self.save_weights_only:
            if not self.filepath.endswith(_WEIGHTS_SUFFIXES):
                raise ValueError(
                    "When using `save_weights_only=True` in `ModelCheckpoint`, the filepath "
                    "provided must end in `.weights.h5` (Keras weights format). Received: "
                    f"filepath={self.filepath}"
                )
        elif not self.filepath.endswith(_MODEL_SUFFIXES):
            raise ValueError(
                "The filepath provided must end in `.keras` (Keras model format). "
                f"Received: filepath={self.filepath}"
            )

    def on_train_batch_end(self, batch, logs=None):
        if self._should_save_on_batch(batch):
            self._save_model(epoch=self._current_epoch, batch=batch, logs=logs)

    def on_epoch_begin(self, epoch, logs=None):
        self._current_epoch = epoch

    def on_epoch_end(self, epoch, logs=None):
        if self.monitor_op is None:
            self._set_monitor_op()
        if self.save_freq != "epoch":
            return
        self._epochs_since_last_save += 1
        if self._epochs_since_last_save >= self._period:
            self._epochs_since_last_save = 0
            self._save_model(epoch=epoch, batch=None, logs=logs)

    def _should_save_on_batch(self, batch: int) -> bool:
        if self.save_freq == "epoch":
            return False
        if self._last_batch_seen is None or batch <= self._last_batch_seen:
            added = batch + 1  # a new epoch started: batches are 0-based
        else:
            added = batch - self._last_batch_seen
        self._batches_seen_since_last_saving += added
        self._last_batch_seen = batch
        if self._batches_seen_since_last_saving >= self.save_freq:
            self._batches_seen_since_last_saving = 0
            return True
        return False

    def _should_save_model(self, epoch, batch, logs, filepath) -> bool:
        if not self.save_best_only:
            if self.verbose > 0:
                print_msg(f"\nEpoch {epoch + 1}: saving model to {filepath}")
            return True
        if self.monitor_op is None:
            self._set_monitor_op()
        current = _legacy.monitored(logs, self.monitor)
        if current is None:
            warnings.warn(f"Can save best model only with {self.monitor} available.",
                          stacklevel=2)
            return True
        if isinstance(current, (np.ndarray, torch.Tensor)) and len(current.shape) > 0:
            warnings.warn(
                f"Can save best model only when `monitor` is a scalar value. Received: "
                f"{current}. Falling back to `save_best_only=False`."
            )
            return True
        best_str = "None" if self.best is None else f"{self.best:.5f}"
        if self._is_improvement(current, self.best):
            if self.verbose > 0:
                print_msg(f"\nEpoch {epoch + 1}: {self.monitor} improved from {best_str} to "
                      f"{current:.5f}, saving model to {filepath}")
            self.best = current
            return True
        if self.verbose > 0:
            print_msg(f"\nEpoch {epoch + 1}: {self.monitor} did not improve from {best_str}")
        return False

    def _save_model(self, epoch: int, batch: int | None, logs) -> None:
        logs = dict(logs or {})
        filepath = self._get_file_path(epoch, batch, logs)
        if not self._should_save_model(epoch, batch, logs, filepath):
            return
        if os.path.isdir(filepath):
            raise OSError(
                "Please specify a non-directory filepath for ModelCheckpoint. Filepath used "
                f"is an existing directory: {filepath}"
            )
        dirname = os.path.dirname(filepath)
        if dirname:
            os.makedirs(dirname, exist_ok=True)
        if self.save_weights_only:
            self.model.save_weights(filepath, overwrite=True)
        else:
            self.model.save(filepath, overwrite=True)
        if self.verbose > 0:
            print_msg(f"\nEpoch {epoch + 1}: finished saving model to {filepath}")

    def _get_file_path(self, epoch: int, batch: int | None, logs) -> str:
        # The fields also answer Keras 2's metric names: '{val_acc:.2f}' reads val_accuracy.
        fields = AliasedDict(logs or {})
        if batch is not None and "batch" not in fields:
            fields["batch"] = batch + 1
        fields["epoch"] = epoch + 1
        try:
            return self.filepath.format_map(fields)
        except KeyError as e:
            raise KeyError(
                f'Failed to format this callback filepath: "{self.filepath}". Reason: {e}'
            ) from None
