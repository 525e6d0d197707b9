"""``OrbaxCheckpoint``: checkpoints through the ``orbax-checkpoint`` package.

Orbax writes NumPy arrays (it needs ``jax`` installed, which it pulls in itself); the
torch state is handed over as NumPy arrays, as Keras's torch backend does. The package
is imported when the callback is created, not with torcheras: importing it starts jax.
"""

from __future__ import annotations

import importlib
import json
import os
import warnings

import numpy as np

from torcheras.callbacks import _legacy
from torcheras.callbacks._monitor_callback import MonitorCallback
from torcheras.utils._io import print_msg

_MISSING = ("OrbaxCheckpoint requires the 'orbax-checkpoint' package (with jax), which is "
            "not installed or cannot be imported{detail}. You can install it via "
            "`pip install orbax-checkpoint`.")


def _orbax():
    try:
        parent = importlib.import_module("orbax.checkpoint")
    except ImportError as e:
        raise ImportError(_MISSING.format(detail=f" ({e})")) from e
    v1 = getattr(parent, "v1", None)
    if v1 is None:
        raise ImportError(_MISSING.format(
            detail=f": version {getattr(parent, '__version__', '?')} has no `v1` API "
                   "(orbax-checkpoint >= 0.11 is needed)"))
    return v1


class OrbaxCheckpoint(MonitorCallback):
    """Save the model's state (weights and optimizer) with Orbax, like ModelCheckpoint.

    Each checkpoint is a step folder ``<directory>/<step>`` (the epoch index, or the
    global batch count with an integer ``save_freq``) holding the ``pytree`` of
    ``trainable_variables``, ``non_trainable_variables`` and ``optimizer_variables``
    (nested by variable path) and, unless ``save_weights_only``, the model's config.

    Args:
        directory: Folder of the checkpoints.
        monitor: Logged quantity deciding what "best" is (``"val_loss"``).
        verbose: 0 (silent) or 1.
        save_best_only: Only save when the monitored quantity improves.
        mode: ``"auto"``, ``"min"`` or ``"max"``.
        save_freq: ``"epoch"`` or an integer number of batches.
        initial_value_threshold: Initial "best" value with ``save_best_only``.
        max_to_keep: How many recent checkpoints to keep (``None``: all). Defaults to 1.
        save_on_background: Save asynchronously (``wait_until_finished()`` waits).
        save_weights_only: Save the variables only, without the model's config.

    Example:

    >>> import importlib.util
    >>> if importlib.util.find_spec("orbax") is None:
    ...     print("orbax-checkpoint is not installed")
    ... else:
    ...     print(OrbaxCheckpoint("/tmp/ckpt", save_freq=100).save_freq)  # doctest: +SKIP
    """

    def __init__(self, directory, monitor: str = "val_loss", verbose: int = 0,
                 save_best_only: bool = False, mode: str = "auto", save_freq="epoch",
                 initial_value_threshold=None, max_to_keep: int | None = 1,
                 save_on_background: bool = True, save_weights_only: bool = False):
        ocp = _orbax()
        super().__init__(monitor, mode, initial_value_threshold)
        if save_freq != "epoch" and (isinstance(save_freq, bool) or not isinstance(
                save_freq, int) or save_freq < 1):
            raise ValueError(
                f"Unrecognized save_freq: {save_freq!r}. Expected save_freq are 'epoch' or "
                "integer values"
            )
        if max_to_keep is not None and (isinstance(max_to_keep, bool) or not isinstance(
                max_to_keep, int) or max_to_keep < 1):
            raise ValueError(
                f"Argument `max_to_keep` must be a positive integer or None. Received: "
                f"max_to_keep={max_to_keep!r}"
            )
        self._ocp = ocp
        self.directory = os.fspath(directory)
        self.verbose = verbose
        self.save_best_only = bool(save_best_only)
        self.save_freq = save_freq
        self.max_to_keep = max_to_keep
        self.save_on_background = bool(save_on_background)
        self.save_weights_only = bool(save_weights_only)
        self._batches_seen_since_last_saving = 0
        self._last_batch_seen = None
        self._total_batches_seen = 0
        self._async_futures: list = []
        policy = (ocp.training.preservation_policies.LatestN(max_to_keep)
                  if max_to_keep is not None else None)
        self.checkpointer = ocp.training.Checkpointer(
            directory=os.path.abspath(self.directory), preservation_policy=policy,
            save_decision_policy=ocp.training.save_decision_policies.FixedIntervalPolicy(1))

    def set_model(self, model):
        super().set_model(model)
        optimizer = getattr(model, "optimizer", None)
        if optimizer is not None:
            self._total_batches_seen = int(np.asarray(optimizer.iterations))

    def _should_save_on_batch(self, batch: int) -> bool:
        if self.save_freq == "epoch":
            return False
        if self._last_batch_seen is None or batch <= self._last_batch_seen:
            added = batch + 1
        else:
            added = batch - self._last_batch_seen
        self._batches_seen_since_last_saving += added
        self._last_batch_seen = batch
        self._total_batches_seen += added
        if self._batches_seen_since_last_saving >= self.save_freq:
            self._batches_seen_since_last_saving = 0
            return True
        return False

    def _best_allows(self, logs, when: str) -> bool:
        if not self.save_best_only:
            return True
        if self.monitor_op is None:
            self._set_monitor_op()
        current = _legacy.monitored(logs, self.monitor)
        if current is None:
            warnings.warn(f"Can save best model only with {self.monitor} available, "
                          f"skipping save at {when}.", stacklevel=3)
            return False
        if not self._is_improvement(current, self.best):
            return False
        self.best = current
        return True

    def on_train_batch_end(self, batch, logs=None):
        if self._should_save_on_batch(batch) and self._best_allows(logs, f"batch {batch}"):
            self._save_checkpoint(step=self._total_batches_seen)

    def on_epoch_end(self, epoch, logs=None):
        if self.monitor_op is None:
            self._set_monitor_op()
        if self.save_freq == "epoch" and self._best_allows(logs, f"epoch {epoch}"):
            self._save_checkpoint(step=epoch)

    def _save_checkpoint(self, step: int) -> None:
        tree = state_tree(self.model)
        if self.save_weights_only:
            tree = {k: tree[k] for k in ("trainable_variables", "non_trainable_variables")}
        payload = {"pytree": tree}
        if not self.save_weights_only:
            payload["model_config"] = {"config": _model_json(self.model)}
        if self.verbose > 0:
            print_msg(f"\nOrbaxCheckpoint: saving step {step} to {self.directory}")
        with self._ocp.Context():
            if self.save_on_background:
                self._async_futures.append(
                    self.checkpointer.save_checkpointables_async(step, payload))
            else:
                self.checkpointer.save_checkpointables(step, payload)

    def wait_until_finished(self) -> None:
        """Block until every background save has been written."""
        for future in self._async_futures:
            future.result()
        self._async_futures.clear()
        self.checkpointer.wait()

    def on_train_end(self, logs=None):
        self.wait_until_finished()
        self.checkpointer.close()


def state_tree(model) -> dict:
    """The model's variables as NumPy arrays nested by path (Keras's ``get_state_tree``)."""
    trainable = {id(v) for v in model.trainable_weights}
    tree = {"trainable_variables": {}, "non_trainable_variables": {},
            "optimizer_variables": {}}
    for v in model.weights:
        kind = "trainable_variables" if id(v) in trainable else "non_trainable_variables"
        _insert(tree[kind], v.path, v.numpy())
    optimizer = getattr(model, "optimizer", None)
    if optimizer is not None and getattr(optimizer, "built", False):
        for v in optimizer.variables:
            _insert(tree["optimizer_variables"], v.path, v.numpy())
    return tree


def _insert(tree: dict, path: str, value) -> None:
    *parents, leaf = path.split("/")
    for part in parents:
        tree = tree.setdefault(part, {})
    value = np.array(value, copy=True)
    tree[leaf] = value.item() if value.ndim == 0 else value


def _model_json(model) -> str:
    if hasattr(model, "to_json"):
        return model.to_json()
    return json.dumps({"class_name": type(model).__name__, "config": model.get_config()},
                      default=str)
