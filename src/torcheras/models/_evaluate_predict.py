"""``evaluate`` and ``predict``: the loops that run the model without training it.

Both accept the data ``fit`` accepts, run batch by batch under ``torch.no_grad()`` in eval
mode, and call the callbacks' ``on_test_*`` / ``on_predict_*`` hooks.
"""

from __future__ import annotations

import torch

from torcheras._validation import check_int
from torcheras.callbacks._callback_list import CallbackList
from torcheras.config._switches import cap_steps
from torcheras.config._traceback import filter_traceback
from torcheras.legacy._arguments_apply import legacy_method_arguments
from torcheras.models import _data, _distributed
from torcheras.models import _trainer_checks as checks
from torcheras.models._arguments import callback_verbose, unexpected_kwargs, verbose_level
from torcheras.models._compile import CompileMetrics, detach
from torcheras.models._data import Method
from torcheras.models._logs import StepLogs


class EvaluatePredictMethods:
    """``evaluate``/``predict`` of every model (mixed into ``Trainer``)."""

    @filter_traceback
    @legacy_method_arguments
    def evaluate(self, x=None, y=None, batch_size=None, verbose="auto", sample_weight=None,
                 steps=None, callbacks=None, return_dict=False, **kwargs):
        """The loss and metric values of the model on the data, batch by batch.

        Args:
            x: The inputs, in the forms ``fit`` accepts.
            y: The targets, in the forms ``fit`` accepts (``None`` when ``x`` yields them).
            batch_size: Samples per batch (default 32) for in-memory data.
            verbose: ``"auto"`` (= 1), 0 (silent), 1 (progress bar) or 2 (one line).
            sample_weight: One weight per sample for the loss and the weighted metrics.
            steps: Batches to evaluate (default: all, or until the generator ends).
            callbacks: A list of ``keras.callbacks.Callback`` called during evaluation.
            return_dict: Return a dict ``{name: value}`` instead of a list.
            **kwargs: Nothing else is accepted (a ``TypeError``); Keras 2's ``workers``,
                ``use_multiprocessing`` and ``max_queue_size`` are dropped with a warning
                by the legacy-argument table.

        Returns:
            The loss (a float) when the model has no metrics, else a list of the loss and
            metric values in ``model.metrics_names`` order, or a dict with
            ``return_dict=True``.
        """
        if kwargs:
            raise unexpected_kwargs("evaluate", kwargs, [
                "x", "y", "batch_size", "verbose", "sample_weight", "steps", "callbacks",
                "return_dict"])
        self._assert_compiled("evaluate")
        batch_size = check_int(batch_size, "batch_size", minimum=1, allow_none=True)
        steps = cap_steps(check_int(steps, "steps", minimum=1, allow_none=True))
        level = verbose_level(verbose)
        dp = _distributed.join()  # torchrun: one process of several (else None)
        verbose, level, callbacks = _distributed.rank_zero_only(dp, verbose, level, callbacks)
        data = _data.make_batches(x, y, sample_weight, batch_size=batch_size, steps=steps,
                                  method=Method.EVALUATE)
        if isinstance(data, _data.ArrayBatches):
            self._check_arrays(data.x, data.y, Method.EVALUATE)
        self._ensure_built_from(data)
        data = _distributed.shard(dp, data, Method.EVALUATE)
        cbs = CallbackList(callbacks, add_progbar=level != 0, model=self,
                           verbose=callback_verbose(verbose, level), epochs=1,
                           steps=data.num_batches, **_data.sample_params(data))
        logs = self._evaluate_batches(data, cbs)
        if return_dict:
            return logs
        return self._flatten_logs(logs)

    def _ordered_metric_names(self) -> list[str]:
        """Keras 3's order for list results: ``self.metrics`` order (a compiled metric by
        its own name), then every other key sorted."""
        names = []
        for m in self.metrics:
            if isinstance(m, CompileMetrics):
                names += [sub.name for sub in m.metrics]
            else:
                names.append(m.name)
        return names

    def _flatten_logs(self, logs: dict):
        names = self._ordered_metric_names()
        ordered = [logs[k] for k in names if k in logs]
        ordered += [logs[k] for k in sorted(logs) if k not in names]
        return ordered[0] if len(ordered) == 1 else ordered

    def _evaluate_batches(self, data, cbs) -> dict:
        self.reset_metrics()
        was_training = self.training
        self.eval()
        if cbs is not None:
            cbs.on_test_begin()
        logs = None
        with torch.no_grad():
            for step, batch in enumerate(data.epoch()):
                if cbs is not None:
                    cbs.on_test_batch_begin(step)
                logs = self.test_step(batch)
                if type(logs) is dict:
                    logs = StepLogs.of_step_result(logs)
                if cbs is not None:
                    cbs.on_test_batch_end(step, logs)
        with _distributed.global_metrics(self, data):
            logs = self._get_metrics_result_or_logs(logs)
        if cbs is not None:
            cbs.on_test_end(logs)
        self.train(was_training)
        return logs

    # ------------------------------------------------------------------ predict
    @filter_traceback
    @legacy_method_arguments
    def predict(self, x, batch_size=None, verbose="auto", steps=None, callbacks=None,
                **kwargs):
        """The model's outputs for the inputs, computed batch by batch, as NumPy arrays.

        Inputs holding NaN give NaN outputs for those samples, as in Keras.

        Args:
            x: The inputs, in the forms ``fit`` accepts (a generator or dataset may yield
                ``x`` alone or ``(x, y)``; targets are ignored).
            batch_size: Samples per batch (default 32) for in-memory data.
            verbose: ``"auto"`` (= 1), 0 (silent), 1 (progress bar) or 2 (one line).
            steps: Batches to predict (default: all, or until the generator ends).
            callbacks: A list of ``keras.callbacks.Callback`` called during prediction.
            **kwargs: Nothing else is accepted (a ``TypeError``); Keras 2's ``workers``,
                ``use_multiprocessing`` and ``max_queue_size`` are dropped with a warning
                by the legacy-argument table.

        Returns:
            A NumPy array (or the model's output structure of arrays), one row per sample.
        """
        if kwargs:
            raise unexpected_kwargs("predict", kwargs, ["x", "batch_size", "verbose",
                                                         "steps", "callbacks"])
        batch_size = check_int(batch_size, "batch_size", minimum=1, allow_none=True)
        steps = cap_steps(check_int(steps, "steps", minimum=1, allow_none=True))
        level = verbose_level(verbose)
        dp = _distributed.join()  # torchrun: one process of several (else None)
        verbose, level, callbacks = _distributed.rank_zero_only(dp, verbose, level, callbacks)
        data = _data.make_batches(x, None, None, batch_size=batch_size, steps=steps,
                                  method=Method.PREDICT)
        if isinstance(data, _data.ArrayBatches):
            checks.check_inputs(self, data.x, "x")
        data = _distributed.shard(dp, data, Method.PREDICT)
        cbs = CallbackList(callbacks, add_progbar=level != 0, model=self,
                           verbose=callback_verbose(verbose, level), epochs=1,
                           steps=data.num_batches, **_data.sample_params(data))
        was_training = self.training
        self.eval()
        cbs.on_predict_begin()
        chunks = []
        with torch.no_grad():
            for step, batch in enumerate(data.epoch()):
                cbs.on_predict_batch_begin(step)
                out = self.predict_step(batch)
                chunks.append(detach(out))
                cbs.on_predict_batch_end(step, {"outputs": out})
        cbs.on_predict_end()
        self.train(was_training)
        gathered = _distributed.gather_predictions(data, chunks) if dp is not None else None
        if gathered is not None:
            return gathered
        if not chunks:
            raise ValueError("Argument `x` produced no batches to predict on.")
        return _data.concat_outputs(chunks)


