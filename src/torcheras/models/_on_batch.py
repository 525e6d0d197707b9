"""``train_on_batch``, ``test_on_batch``, ``predict_on_batch`` and the Keras 2 generator
spellings (``fit_generator``...): thin layers over the steps and loops of the trainer."""

from __future__ import annotations

import torch

from torcheras.legacy._arguments_apply import legacy_method_arguments
from torcheras.models import _data
from torcheras.models._compile import detach
from torcheras.models._data import Method


class OnBatchMethods:
    """The one-batch methods of every model (mixed into ``Trainer``)."""

    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None,
                       return_dict=False):
        """One optimizer step on one batch.

        Args:
            x: The batch's inputs (an array, a list of arrays or a dict of them).
            y: The batch's targets.
            sample_weight: One weight per sample for the loss.
            class_weight: Dict mapping class indices to a weight for the loss.
            return_dict: Return a dict ``{name: value}`` instead of a list.

        Returns:
            The loss (a float) when the model has no metrics, else a list (or a dict) of
            the loss and metric values on this batch.
        """
        self._assert_compiled("train_on_batch")
        data = _data.make_batches(x, y, sample_weight, batch_size=_whole(x),
                                  class_weight=class_weight)
        self._ensure_built_from(data)
        self.train()
        self.reset_metrics()
        logs = None
        for batch in data.epoch():
            logs = self.train_step(batch)
        return self._on_batch_result(return_dict, logs)

    def test_on_batch(self, x, y=None, sample_weight=None, return_dict=False):
        """The loss and metrics on one batch.

        Args:
            x: The batch's inputs.
            y: The batch's targets.
            sample_weight: One weight per sample for the loss.
            return_dict: Return a dict ``{name: value}`` instead of a list.
        """
        self._assert_compiled("test_on_batch")
        data = _data.make_batches(x, y, sample_weight, batch_size=_whole(x),
                                  method=Method.EVALUATE)
        self._ensure_built_from(data)
        self.reset_metrics()
        self.eval()
        logs = None
        with torch.no_grad():
            for batch in data.epoch():
                logs = self.test_step(batch)
        return self._on_batch_result(return_dict, logs)

    def predict_on_batch(self, x):
        """The model's outputs for one batch, as NumPy arrays.

        Args:
            x: The batch's inputs.
        """
        self.eval()
        data = _data.make_batches(x, None, None, batch_size=_whole(x), method=Method.PREDICT)
        with torch.no_grad():
            outs = [detach(self.predict_step(b)) for b in data.epoch()]
        return _data.concat_outputs(outs)

    def _on_batch_result(self, return_dict, logs=None):
        logs = self._get_metrics_result_or_logs(logs)
        if return_dict:
            return logs
        return self._flatten_logs(logs)

    # Keras 2's generator spellings; Keras 1's arguments (`samples_per_epoch`, `nb_epoch`,
    # `nb_val_samples`, `val_samples`, ...) are translated by the legacy-argument table.
    @legacy_method_arguments
    def fit_generator(self, generator, steps_per_epoch=None, epochs=1, workers=1,
                      use_multiprocessing=False, max_queue_size=10, **kwargs):
        """Keras 2 spelling of ``fit`` on a generator or ``keras.utils.Sequence``.

        Args:
            generator: A generator of ``(x, y[, sample_weight])`` or a ``Sequence``.
            steps_per_epoch: Batches per epoch (required for a plain generator).
            epochs: Number of epochs.
            workers: Threads (or processes) that read batches ahead.
            use_multiprocessing: Read a ``Sequence`` in worker processes.
            max_queue_size: How many batches the workers may read ahead.
            **kwargs: Any other argument of ``fit``.
        """
        source = _data.with_queue_options(generator, steps_per_epoch, workers,
                                          use_multiprocessing, max_queue_size, "fit_generator")
        return self.fit(source, steps_per_epoch=steps_per_epoch, epochs=epochs, **kwargs)

    @legacy_method_arguments
    def evaluate_generator(self, generator, steps=None, workers=1, use_multiprocessing=False,
                           max_queue_size=10, **kwargs):
        """Keras 2 spelling of ``evaluate`` on a generator (arguments as ``fit_generator``)."""
        source = _data.with_queue_options(generator, steps, workers, use_multiprocessing,
                                          max_queue_size, "evaluate_generator")
        return self.evaluate(source, steps=steps, **kwargs)

    @legacy_method_arguments
    def predict_generator(self, generator, steps=None, workers=1, use_multiprocessing=False,
                          max_queue_size=10, **kwargs):
        """Keras 2 spelling of ``predict`` on a generator (arguments as ``fit_generator``)."""
        source = _data.with_queue_options(generator, steps, workers, use_multiprocessing,
                                          max_queue_size, "predict_generator")
        return self.predict(source, steps=steps, **kwargs)


def _whole(x) -> int:
    """A batch size that makes ``x`` one batch."""
    flat = _data.flatten(x)
    return max(1, len(flat[0])) if flat and hasattr(flat[0], "__len__") else 1
