"""``History``: records each epoch's logs; ``fit`` returns it."""

from __future__ import annotations

from torcheras.callbacks._callback import Callback

# Keras <= 2.2 named the accuracy metric "acc"; Keras >= 2.3 names it "accuracy".
_ALIASES = {"acc": "accuracy", "accuracy": "acc", "val_acc": "val_accuracy",
            "val_accuracy": "val_acc"}


class _HistoryDict(dict):
    """A plain dict of lists that also answers the other spelling of accuracy.

    Old tutorials read ``history.history['acc']`` after ``metrics=['accuracy']`` (Keras 2.2)
    and new ones the reverse; both work, while ``keys()`` stays what Keras 3 logs.
    """

    def __missing__(self, key):
        alias = _ALIASES.get(key)
        if alias is not None and dict.__contains__(self, alias):
            return dict.__getitem__(self, alias)
        raise KeyError(key)

    def get(self, key, default=None):
        try:
            return self[key]
        except KeyError:
            return default


class History(Callback):
    """Records the logs of every epoch in ``history`` (a dict of lists).

    Example:

    >>> h = History()
    >>> h.on_train_begin()
    >>> h.on_epoch_end(0, {"loss": 0.5})
    >>> h.history["loss"]
    [0.5]
    """

    def __init__(self):
        super().__init__()
        self.history: dict = _HistoryDict()
        self.epoch: list[int] = []

    def on_train_begin(self, logs=None):
        self.epoch = []

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        self.epoch.append(epoch)
        for k, v in logs.items():
            self.history.setdefault(k, []).append(v)
        if self.model is not None:
            self.model.history = self
