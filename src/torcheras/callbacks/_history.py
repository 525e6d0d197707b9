"""``History``: records each epoch's logs; ``fit`` returns it."""

from __future__ import annotations

from torcheras.callbacks._callback import Callback
from torcheras.legacy._history_keys import AliasedDict, shadowed_keys


class History(Callback):
    """Records the logs of every epoch in ``history`` (a dict of lists).

    ``history`` also answers the names Keras 2.0-2.2 logged as read-only aliases of the
    ones logged (``history['acc']`` is the ``accuracy`` list, ``'val_mean_absolute_error'``
    the ``val_mae`` list, and the reverse); its keys, length and printout hold only the
    logged names. Under Keras 2's defaults (``keras.config.set_legacy_defaults(2)``) the
    logs carry both spellings and ``history`` keeps Keras 2's (``acc``, ``val_acc``), with
    Keras 3's answering as aliases, so a loop over its keys draws each curve once.

    Example:

    >>> h = History()
    >>> h.on_train_begin()
    >>> h.on_epoch_end(0, {"loss": 0.5, "accuracy": 0.75})
    >>> h.history["loss"], h.history["acc"], list(h.history)
    ([0.5], [0.75], ['loss', 'accuracy'])
    """

    def __init__(self):
        super().__init__()
        self.history: dict = AliasedDict()
        self.epoch: list[int] = []

    def on_train_begin(self, logs=None):
        self.epoch = []

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        self.epoch.append(epoch)
        skip = shadowed_keys(logs, getattr(self.model, "output_names", None) or ())
        for k, v in logs.items():
            if k not in skip:
                self.history.setdefault(k, []).append(v)
        if self.model is not None:
            self.model.history = self
