"""``Callback``: the hooks ``fit``, ``evaluate`` and ``predict`` call."""

from __future__ import annotations


class Callback:
    """Base class of callbacks: override the hooks you need.

    Attributes:
        params: Dict with ``verbose``, ``epochs`` and ``steps`` of the current run.
        model: The model being trained (set by ``fit``).

    Example:

    >>> class CountEpochs(Callback):
    ...     def on_train_begin(self, logs=None):
    ...         self.n = 0
    ...     def on_epoch_end(self, epoch, logs=None):
    ...         self.n += 1
    """

    def __init__(self):
        self.params: dict = {}
        self._model = None
        self.validation_data = None

    def set_params(self, params: dict) -> None:
        self.params = params

    def set_model(self, model) -> None:
        self._model = model

    @property
    def model(self):
        return self._model

    # Keras calls every one of these; the defaults do nothing.
    def on_batch_begin(self, batch, logs=None):
        """Keras 2 alias of ``on_train_batch_begin``."""

    def on_batch_end(self, batch, logs=None):
        """Keras 2 alias of ``on_train_batch_end``."""

    def on_epoch_begin(self, epoch, logs=None):
        pass

    def on_epoch_end(self, epoch, logs=None):
        pass

    def on_train_batch_begin(self, batch, logs=None):
        self.on_batch_begin(batch, logs=logs)

    def on_train_batch_end(self, batch, logs=None):
        self.on_batch_end(batch, logs=logs)

    def on_test_batch_begin(self, batch, logs=None):
        pass

    def on_test_batch_end(self, batch, logs=None):
        pass

    def on_predict_batch_begin(self, batch, logs=None):
        pass

    def on_predict_batch_end(self, batch, logs=None):
        pass

    def on_train_begin(self, logs=None):
        pass

    def on_train_end(self, logs=None):
        pass

    def on_test_begin(self, logs=None):
        pass

    def on_test_end(self, logs=None):
        pass

    def on_predict_begin(self, logs=None):
        pass

    def on_predict_end(self, logs=None):
        pass
