"""``BackupAndRestore``: continue an interrupted ``fit`` where it stopped."""

from __future__ import annotations

import json
import os
import shutil

from torcheras.callbacks import _legacy, _training_state
from torcheras.callbacks._callback import Callback


class BackupAndRestore(Callback):
    """Back up the training state during ``fit`` and restore it when ``fit`` starts again.

    At each save the callback writes, into ``backup_dir``, Keras's files
    (``latest.weights.h5`` and ``training_metadata.json``) and ``training_state.pt``: the
    weights, the optimizer state, the epoch and the state of every random stream (torch,
    NumPy, Python, seeded layers), written atomically. When ``fit`` starts with a backup
    present, the model gets that state back and training resumes at the saved epoch, so
    a run killed at any moment and started again ends with the same weights as an
    uninterrupted run with the same seed (for epoch-level backups; with ``save_freq=N``
    the interrupted epoch restarts from the weights of its last backup, as in Keras).
    At the end of a completed ``fit`` the backup is deleted.

    Args:
        backup_dir: Folder of the backup; used by this callback only.
        save_freq: ``"epoch"`` (back up at the end of every epoch) or an integer (every
            that many batches).
        double_checkpoint: Keep the previous backup too (``*.bkp``) and restore it when
            the latest one cannot be read.
        delete_checkpoint: Delete the backup once training finishes. Defaults to True.
        **kwargs: tf.keras's ``save_before_preemption`` (TPU-only, ignored).

    Example:

    >>> import tempfile
    >>> import numpy as np
    >>> import torcheras as keras
    >>> class Interrupt(keras.callbacks.Callback):
    ...     def on_epoch_begin(self, epoch, logs=None):
    ...         if epoch == 4:
    ...             raise RuntimeError("Interrupting!")
    >>> callback = BackupAndRestore(backup_dir=tempfile.mkdtemp())
    >>> model = keras.Sequential([keras.Input((20,)), keras.layers.Dense(10)])
    >>> model.compile(keras.optimizers.SGD(), loss="mse")
    >>> x, y = np.arange(100.0).reshape(5, 20) / 100, np.zeros((5, 10))
    >>> try:
    ...     model.fit(x, y, epochs=10, batch_size=1, callbacks=[callback, Interrupt()],
    ...               verbose=0)
    ... except RuntimeError:
    ...     pass
    >>> history = model.fit(x, y, epochs=10, batch_size=1, callbacks=[callback], verbose=0)
    >>> len(history.history["loss"])  # epochs 4 to 9
    6
    """

    def __init__(self, backup_dir, save_freq="epoch", double_checkpoint: bool = False,
                 delete_checkpoint: bool = True, **kwargs):
        super().__init__()
        _legacy.backup_and_restore(kwargs)
        if not backup_dir:
            raise ValueError("Empty `backup_dir` argument passed")
        if not isinstance(backup_dir, (str, os.PathLike)):
            raise TypeError(
                f"Argument `backup_dir` must be a path (str or os.PathLike). "
                f"Received: backup_dir={backup_dir!r}"
            )
        if save_freq != "epoch" and (isinstance(save_freq, bool) or not isinstance(
                save_freq, int) or save_freq < 1):
            raise ValueError(
                f"Invalid value for argument `save_freq`. Received: save_freq={save_freq!r}. "
                "Expected either 'epoch' or an integer value."
            )
        self.backup_dir = os.fspath(backup_dir)
        self.save_freq = save_freq
        self.double_checkpoint = bool(double_checkpoint)
        self.delete_checkpoint = bool(delete_checkpoint)
        self._batches_seen_since_last_saving = 0
        self._last_batch_seen = 0
        self._current_epoch = 0
        self._epoch_rng = None
        self._weights_path = os.path.join(self.backup_dir, "latest.weights.h5")
        self._training_metadata_path = os.path.join(self.backup_dir, "training_metadata.json")
        self._state_path = os.path.join(self.backup_dir, "training_state.pt")
        self._prev_weights_path = f"{self._weights_path}.bkp"
        self._prev_training_metadata_path = f"{self._training_metadata_path}.bkp"
        self._prev_state_path = f"{self._state_path}.bkp"

    # -------------------------------------------------------------- restore
    def on_train_begin(self, logs=None):
        if not self.model.built:
            raise ValueError(
                "To use the BackupAndRestore callback, your model must be built before you "
                f"call `fit()`. Model {self.model} is unbuilt. You can build it beforehand by "
                "calling it on a batch of data."
            )
        try:
            self._load_model()
        except OSError:
            if not self.double_checkpoint or not (os.path.exists(self._prev_state_path) or
                                                  os.path.exists(self._prev_weights_path)):
                raise
            for prev, latest in ((self._prev_state_path, self._state_path),
                                 (self._prev_weights_path, self._weights_path),
                                 (self._prev_training_metadata_path,
                                  self._training_metadata_path)):
                if os.path.exists(prev):
                    shutil.copyfile(prev, latest)
                elif os.path.exists(latest):
                    os.remove(latest)
            self._load_model()

    def _load_model(self) -> None:
        if os.path.exists(self._state_path):
            state = _training_state.load(self._state_path)
            _training_state.restore(self.model, state, self._state_path)
            self._current_epoch = state["epoch"]
            self.model._initial_epoch = state["epoch"]
            return
        # A backup written by Keras itself: weights (with the optimizer) and the epoch.
        if os.path.exists(self._weights_path):
            optimizer = getattr(self.model, "optimizer", None)
            if optimizer is not None and not getattr(optimizer, "built", False):
                optimizer.build(self.model.trainable_weights)
            self.model.load_weights(self._weights_path)
        if os.path.exists(self._training_metadata_path):
            try:
                with open(self._training_metadata_path) as f:
                    epoch = json.loads(f.read())["epoch"]
            except (ValueError, KeyError) as e:
                raise OSError(f"The backup file {self._training_metadata_path!r} is "
                              f"unreadable ({type(e).__name__}: {e}).") from e
            self._current_epoch = epoch
            self.model._initial_epoch = epoch

    # -------------------------------------------------------------- save
    def on_epoch_begin(self, epoch, logs=None):
        self._current_epoch = epoch
        if self.save_freq != "epoch":
            # A batch-level backup resumes this epoch from its start: same shuffling.
            self._epoch_rng = _training_state.capture_rng()

    def on_epoch_end(self, epoch, logs=None):
        self._current_epoch = epoch + 1
        self._last_batch_seen = 0
        if self.save_freq == "epoch":
            self._save_model(rng=None)

    def on_train_batch_end(self, batch, logs=None):
        if self._should_save_on_batch(batch):
            self._save_model(rng=self._epoch_rng)

    def _should_save_on_batch(self, batch: int) -> bool:
        if self.save_freq == "epoch":
            return False
        if batch <= self._last_batch_seen:  # a new epoch
            added = batch + 1
        else:
            added = batch - self._last_batch_seen
        self._batches_seen_since_last_saving += added
        self._last_batch_seen = batch
        if self._batches_seen_since_last_saving >= self.save_freq:
            self._batches_seen_since_last_saving = 0
            return True
        return False

    def _save_model(self, rng) -> None:
        os.makedirs(self.backup_dir, exist_ok=True)
        if self.double_checkpoint:
            for latest, prev in ((self._state_path, self._prev_state_path),
                                 (self._weights_path, self._prev_weights_path),
                                 (self._training_metadata_path,
                                  self._prev_training_metadata_path)):
                if os.path.exists(latest):
                    shutil.copyfile(latest, prev)
        state = _training_state.capture(self.model, self._current_epoch,
                                        self._last_batch_seen, rng=rng)
        # The .pt file is the backup restored here; the Keras files come first so that,
        # once it is renamed into place, all three describe the same moment.
        self.model.save_weights(self._weights_path, overwrite=True)
        metadata = json.dumps({"epoch": self._current_epoch, "batch": self._last_batch_seen})
        _training_state.atomic_write(self._training_metadata_path,
                                     lambda f: f.write(metadata.encode("utf-8")))
        _training_state.save(state, self._state_path)

    def on_train_end(self, logs=None):
        if self.delete_checkpoint and os.path.exists(self.backup_dir):
            shutil.rmtree(self.backup_dir)
