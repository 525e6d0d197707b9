"""Keras 1/2 spellings of callback arguments, translated to Keras 3's in one place.

Each function takes the extra keyword arguments a Keras 3 signature does not know and
returns what the class should do with them; anything unknown is refused by name.
"""

from __future__ import annotations

import warnings

from torcheras.legacy._history_keys import resolve, spellings


def monitored(logs, monitor: str):
    """``logs[monitor]``, or the value ``logs`` holds under the other spelling of its metric
    name (``val_acc``/``val_accuracy``, ``val_mean_absolute_error``/``val_mae``), or None."""
    logs = logs or {}
    key = resolve(monitor, logs)
    return None if key is None else logs[key]


def metric_names(name: str) -> set:
    """``name`` and its other spellings (to find the metric's direction)."""
    return {name, *spellings(name)}


def _refuse(cls_name: str, kwargs: dict, allowed) -> None:
    if kwargs:
        name = sorted(kwargs)[0]
        raise TypeError(
            f"{cls_name}.__init__() got an unexpected keyword argument {name!r}. "
            f"Allowed: {sorted(allowed)}"
        )


def model_checkpoint(kwargs: dict) -> int:
    """Keras 2's ``period=N`` (save every N epochs) → the epoch period; ``options`` and
    ``load_weights_on_restart`` (TensorFlow-only) are dropped."""
    kwargs = dict(kwargs)
    period = kwargs.pop("period", 1)
    kwargs.pop("options", None)
    kwargs.pop("load_weights_on_restart", None)
    _refuse("ModelCheckpoint", kwargs, ["period", "options", "load_weights_on_restart"])
    if isinstance(period, bool) or not isinstance(period, int) or period < 1:
        raise ValueError(f"Argument `period` must be a positive integer. Received: period={period!r}")
    if period != 1:
        warnings.warn("`period` argument is deprecated. Please use `save_freq` to specify "
                      "the frequency in number of batches seen.", stacklevel=3)
    return period


def reduce_lr_on_plateau(kwargs: dict, min_delta: float) -> float:
    """Keras 2's ``epsilon`` is ``min_delta``; other unknown arguments are ignored, as
    Keras 3 ignores them."""
    if "epsilon" in kwargs:
        warnings.warn("`epsilon` argument is deprecated and will be removed, use "
                      "`min_delta` instead.", stacklevel=3)
        return kwargs["epsilon"]
    return min_delta


def tensorboard(kwargs: dict) -> None:
    """Keras 2's ``batch_size``, ``write_grads``, ``embeddings_layer_names`` and
    ``embeddings_data`` had no effect in TF2 Keras either; they are dropped."""
    kwargs = dict(kwargs)
    for name in ("batch_size", "write_grads", "embeddings_layer_names", "embeddings_data"):
        kwargs.pop(name, None)
    _refuse("TensorBoard", kwargs, ["batch_size", "write_grads", "embeddings_layer_names",
                                    "embeddings_data"])


def backup_and_restore(kwargs: dict) -> None:
    """tf.keras's ``save_before_preemption`` (TPU preemption only) is dropped."""
    kwargs = dict(kwargs)
    kwargs.pop("save_before_preemption", None)
    _refuse("BackupAndRestore", kwargs, ["save_before_preemption"])
