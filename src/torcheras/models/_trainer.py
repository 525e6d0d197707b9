"""``compile``, ``fit``, ``evaluate`` and ``predict``: one training loop, read top to bottom.

Per step the loop does what a hand-written PyTorch loop does (forward, loss, backward,
optimizer update) plus in-place metric updates on the device. Nothing is read back to the
host per step: logs are computed only when a callback reads them (the progress bar reads
them at most every 0.05 s).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping

import numpy as np
import torch

from torcheras.backend import _device, _tuning
from torcheras.models import _data
from torcheras.models._compile import CompileLoss, CompileMetrics, detach

_FIT_ARGS = ("x", "y", "batch_size", "epochs", "verbose", "callbacks", "validation_split",
             "validation_data", "shuffle", "class_weight", "sample_weight", "initial_epoch",
             "steps_per_epoch", "validation_steps", "validation_batch_size", "validation_freq")


def _unexpected_kwargs(method: str, kwargs: dict, allowed) -> TypeError:
    name = sorted(kwargs)[0]
    hint = difflib.get_close_matches(name, allowed, n=1)
    extra = f" Did you mean {hint[0]!r}?" if hint else ""
    return TypeError(f"{method}() got an unexpected keyword argument {name!r}.{extra}")


def _check_positive_int(value, name: str, allow_none: bool = True, allow_zero: bool = False):
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"Argument `{name}` must be an integer. Received: {name}={value!r}")
    if value < 0 or (value == 0 and not allow_zero):
        raise ValueError(
            f"Argument `{name}` must be a {'non-negative' if allow_zero else 'positive'} "
            f"integer. Received: {name}={value!r}"
        )
    return int(value)


def _check_verbose(verbose):
    if verbose == "auto":
        return 1
    if verbose not in (0, 1, 2, True, False):
        raise ValueError(
            f"Argument `verbose` must be 0, 1, 2 or 'auto'. Received: verbose={verbose!r}"
        )
    return int(verbose)


class _LazyLogs(Mapping):
    """The metric results of the current epoch, computed only when read."""

    __slots__ = ("_trainer", "_values")

    def __init__(self, trainer):
        self._trainer = trainer
        self._values = None

    def _get(self):
        if self._values is None:
            self._values = self._trainer._metric_results()
        return self._values

    def __getitem__(self, key):
        return self._get()[key]

    def __iter__(self):
        return iter(self._get())

    def __len__(self):
        return len(self._get())


class Trainer:
    """The training API shared by every model: Sequential, functional and subclassed."""

    compiled = False

    def _init_trainer(self) -> None:
        self.compiled = False
        self.optimizer = None
        self.loss = None
        self.stop_training = False
        self.history = None
        self._initial_epoch = None  # set by BackupAndRestore when it restores a backup
        self._compile_loss = None
        self._compile_metrics = None
        self._loss_tracker = None
        self._run_eagerly = False
        self._steps_per_execution = 1
        self._jit_compile = False
        self._train_vars: list | None = None
        self._regularized = False

    # ------------------------------------------------------------------ compile
    def compile(self, optimizer="rmsprop", loss=None, loss_weights=None, metrics=None,
                weighted_metrics=None, run_eagerly=False, steps_per_execution=1,
                jit_compile="auto", auto_scale_loss=True, **kwargs):
        """Configure the model for training.

        Args:
            optimizer: Name (``"rmsprop"``) or optimizer instance.
            loss: Name, function or ``Loss``; a list or dict gives one per output.
            loss_weights: Scalar weights of each output's loss.
            metrics: Metrics to track (``["accuracy"]``); a list or dict per output.
            weighted_metrics: Metrics weighted by ``sample_weight``/``class_weight``.
            run_eagerly, steps_per_execution, jit_compile: Accepted; torcheras always
                runs eagerly on the PyTorch engine.
        """
        from torcheras import metrics as metrics_mod
        from torcheras import optimizers

        for legacy in ("sample_weight_mode", "target_tensors", "distribute", "class_mode"):
            kwargs.pop(legacy, None)  # Keras 1/2 arguments with no effect.
        if kwargs:
            raise _unexpected_kwargs("compile", kwargs, [
                "optimizer", "loss", "loss_weights", "metrics", "weighted_metrics",
                "run_eagerly", "steps_per_execution", "jit_compile", "auto_scale_loss"])
        self.optimizer = optimizers.get(optimizer)
        self.loss = loss
        names = self._output_names_for_compile()
        self._compile_loss = CompileLoss(loss, loss_weights, names) if loss is not None else None
        self._compile_metrics = (
            CompileMetrics(metrics, weighted_metrics, names,
                           self._compile_loss or _NoLoss(len(names)))
            if metrics is not None or weighted_metrics is not None else None)
        self._loss_tracker = metrics_mod.Mean(name="loss")
        self._run_eagerly = bool(run_eagerly)
        self._steps_per_execution = int(steps_per_execution)
        self._jit_compile = jit_compile is True
        self.compiled = True
        self._train_vars = None

    def _output_names_for_compile(self) -> list[str]:
        names = getattr(self, "output_names", None)
        return list(names) if names else ["output"]

    def _assert_compiled(self, method: str) -> None:
        if not self.compiled:
            raise RuntimeError(
                f"You must call `compile()` before calling `{method}()`. "
                "e.g. model.compile(optimizer='rmsprop', loss='categorical_crossentropy')"
            )

    @property
    def metrics(self) -> list:
        """As in Keras 3: the loss tracker, the compiled metrics (one ``compile_metrics``
        object), the per-output loss trackers, then metrics set as attributes."""
        out = []
        if self.compiled:
            if self._loss_tracker is not None:
                out.append(self._loss_tracker)
            if self._compile_metrics is not None:
                out.append(self._compile_metrics)
            if self._compile_loss is not None:
                out.extend(self._compile_loss.metrics)
        from torcheras.metrics import Metric

        owners = [self] + [la for la in self._flatten_layers(False) if not isinstance(la, Trainer)]
        for owner in owners:
            for value in list(vars(owner).values()):
                if isinstance(value, Metric) and all(value is not m for m in out):
                    out.append(value)
        return out

    @property
    def metrics_names(self) -> list[str]:
        return [m.name for m in self.metrics]

    @property
    def metrics_variables(self) -> list:
        return [v for m in self.metrics for v in m.variables]

    def reset_metrics(self) -> None:
        for m in self.metrics:
            m.reset_state()

    def _metric_results(self) -> dict:
        return self.get_metrics_result()

    def _get_metrics_result_or_logs(self, logs, convert: bool = True) -> dict:
        """The metrics' results, or the step's own logs when a custom step returns other
        keys, converted as Keras converts them (sorted by top-level key, then nested dicts
        flattened: ``{"loss", "compile_metrics": {"mae"}}`` gives ``mae`` then ``loss``)."""
        if logs is None or isinstance(logs, _LazyLogs):
            return self.get_metrics_result()
        raw = logs._raw if isinstance(logs, _StepLogs) else logs
        results = self.get_metrics_result()
        if set(raw) == set(results):
            return results
        return _pythonify_logs(raw) if convert else dict(raw)

    # ------------------------------------------------------------------ steps
    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        """The compiled loss plus regularization and ``add_loss`` losses.

        Per-output losses are recorded by their trackers (``<output>_loss``) as Keras does;
        the total is not recorded here (``train_step`` updates the ``loss`` tracker).
        """
        total = None
        if self._compile_loss is not None and y is not None:
            total, _ = self._compile_loss(y, y_pred, sample_weight)
        if self._regularized or self._has_added_losses():
            extra = self.losses
            if extra:
                reg = torch.stack([torch.as_tensor(e).sum() for e in extra]).sum()
                total = reg if total is None else total + reg
        if total is None:
            raise ValueError("No loss to compute. Provide a `loss` argument in `compile()`.")
        return total

    def compute_metrics(self, x, y, y_pred, sample_weight=None):
        """Update the compiled metrics and return the logs."""
        cm = self._compile_metrics
        if cm is not None and y is not None:
            with torch.no_grad():
                if self._compile_loss is not None:
                    ys, ps = self._compile_loss.flat(y, detach(y_pred))
                else:
                    ys, ps = cm.loss_flat(y, detach(y_pred))
                cm.update(ys, ps, sample_weight)
        return _LazyLogs(self)

    def get_metrics_result(self) -> dict:
        """The current value of every metric in ``self.metrics``, as Python floats, sorted
        by name (a ``compile_metrics`` entry expands to its metrics)."""
        results = {}
        for m in self.metrics:
            value = m.result()
            if isinstance(value, Mapping):
                results.update(value)
            else:
                results[m.name] = value
        return _pythonify_logs(results)

    def train_step(self, data):
        x, y, sample_weight = _data.unpack_x_y_sample_weight(data)
        y_pred = self(x, training=True)
        loss = self.compute_loss(x, y, y_pred, sample_weight, training=True)
        self._loss_tracker.update_state(loss.detach(), sample_weight=_batch_size(x))
        loss.backward()
        variables = self._train_vars
        self.optimizer.apply([v.grad for v in variables], variables)
        for v in variables:
            v.grad = None
        return self.compute_metrics(x, y, y_pred, sample_weight)

    def test_step(self, data):
        x, y, sample_weight = _data.unpack_x_y_sample_weight(data)
        y_pred = self(x, training=False)
        if self._compile_loss is not None and y is not None:
            loss = self.compute_loss(x, y, y_pred, sample_weight, training=False)
            self._loss_tracker.update_state(loss, sample_weight=_batch_size(x))
        return self.compute_metrics(x, y, y_pred, sample_weight)

    def predict_step(self, data):
        x, _, _ = _data.unpack_x_y_sample_weight(data)
        return self(x, training=False)

    def _prepare_training(self) -> None:
        variables = self.trainable_weights
        ids = {id(v) for v in variables}
        for v in self.weights:
            # Frozen weights get no gradient at all: autograd skips their backward.
            v.requires_grad_(id(v) in ids and v.is_floating_point())
        self._train_vars = variables
        self._regularized = any(getattr(v, "regularizer", None) is not None
                                for v in self.weights) or any(
            layer.activity_regularizer is not None for layer in self._flatten_layers(True))
        self.optimizer.build(variables) if hasattr(self.optimizer, "build") and not getattr(
            self.optimizer, "built", False) else None

    # ------------------------------------------------------------------ fit
    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose="auto", callbacks=None,
            validation_split=0.0, validation_data=None, shuffle=True, class_weight=None,
            sample_weight=None, initial_epoch=0, steps_per_epoch=None, validation_steps=None,
            validation_batch_size=None, validation_freq=1, **kwargs):
        """Train the model for a fixed number of epochs. Returns a ``History``."""
        from torcheras.callbacks import CallbackList

        if "nb_epoch" in kwargs:  # Keras 1 spelling
            epochs = kwargs.pop("nb_epoch")
        if kwargs:
            raise _unexpected_kwargs("fit", kwargs, _FIT_ARGS)
        self._assert_compiled("fit")
        epochs = _check_positive_int(epochs, "epochs", allow_none=False, allow_zero=True)
        batch_size = _check_positive_int(batch_size, "batch_size")
        initial_epoch = _check_positive_int(initial_epoch, "initial_epoch", allow_zero=True)
        steps_per_epoch = _check_positive_int(steps_per_epoch, "steps_per_epoch")
        validation_freq = _check_positive_int(validation_freq, "validation_freq")
        verbose_level = _check_verbose(verbose)
        if not isinstance(validation_split, (int, float)) or not 0 <= validation_split < 1:
            raise ValueError(
                "Argument `validation_split` must be a float in [0, 1). "
                f"Received: validation_split={validation_split!r}"
            )
        if validation_split and validation_data is None:
            if not _data.is_in_memory(x):
                raise ValueError(
                    "Argument `validation_split` is only supported for NumPy arrays and "
                    f"tensors. Received: x of type {type(x).__name__}"
                )
            (x, y, sample_weight), validation_data = _data.split_validation(
                x, y, sample_weight, validation_split)
        train = _data.make_batches(x, y, sample_weight, batch_size=batch_size, shuffle=shuffle,
                                   steps=steps_per_epoch, class_weight=class_weight)
        if isinstance(train, _data.ArrayBatches):
            self._validate_arrays(train.x, train.y, "fit")
        val = None
        if validation_data is not None:
            vx, vy, vsw = _unpack_validation(validation_data)
            val = _data.make_batches(vx, vy, vsw, batch_size=validation_batch_size or batch_size,
                                     steps=validation_steps, what="fit")
            if isinstance(val, _data.ArrayBatches):
                self._validate_arrays(val.x, val.y, "fit", prefix="validation_data")
        self._ensure_built_from(train)
        self._prepare_training()
        cbs = CallbackList(callbacks, add_history=True, add_progbar=verbose_level != 0,
                           model=self, verbose=verbose, epochs=epochs,
                           steps=train.num_batches, **_sample_params(train))
        self.stop_training = False
        with _tuning.tuned():
            return self._fit_loop(cbs, train, val, initial_epoch, epochs, validation_freq)

    def _fit_loop(self, cbs, train, val, initial_epoch, epochs, validation_freq):
        cbs.on_train_begin()
        epoch_logs: dict = {}
        self.train()
        # A restored backup (BackupAndRestore.on_train_begin) resumes at its epoch.
        initial_epoch = getattr(self, "_initial_epoch", None) or initial_epoch
        self._initial_epoch = None
        for epoch in range(initial_epoch, epochs):
            self.reset_metrics()
            cbs.on_epoch_begin(epoch)
            step = -1
            for step, batch in enumerate(train.epoch()):
                cbs.on_train_batch_begin(step)
                logs = self.train_step(batch)
                if type(logs) is dict:  # a custom step's tensors: read only if asked
                    logs = _StepLogs(logs)
                cbs.on_train_batch_end(step, logs)
                if self.stop_training:
                    break
            if step < 0:
                raise ValueError(
                    "The training data produced no batches in this epoch: a generator or "
                    "dataset that is exhausted or empty, or `steps_per_epoch=0`."
                )
            epoch_logs = self._get_metrics_result_or_logs(logs, convert=False)
            if val is not None and (epoch + 1) % validation_freq == 0:
                val_logs = self._evaluate_batches(val, cbs=cbs)
                epoch_logs.update({f"val_{k}": v for k, v in val_logs.items()})
            epoch_logs = _pythonify_logs(epoch_logs)
            cbs.on_epoch_end(epoch, epoch_logs)
            if self.stop_training:
                break
        self.eval()
        if getattr(self.optimizer, "use_ema", False) and hasattr(
                self.optimizer, "finalize_variable_values"):
            self.optimizer.finalize_variable_values(self.trainable_weights)
        cbs.on_train_end(epoch_logs)
        return self.history

    def _ensure_built_from(self, batches) -> None:
        """Build deferred models (no input shape given) from the first batch's shape."""
        if self.built:
            return
        if isinstance(batches, _data.ArrayBatches):
            sample = _data.map_structure(lambda t: t[:1], batches.x)
            with torch.no_grad():
                self(sample, training=False)

    def _validate_arrays(self, x, y, method: str, prefix: str = "") -> None:
        argx = f"{prefix}[0]" if prefix else "x"
        argy = f"{prefix}[1]" if prefix else "y"
        _data.check_finite(x, argx)
        if y is not None:
            _data.check_finite(y, argy)
        self._check_input_shapes(x, argx)
        if y is not None and self._compile_loss is not None:
            self._check_targets(y, argy)

    def _check_input_shapes(self, x, argument: str) -> None:
        specs = self._input_shapes()
        if specs is None:
            return
        flat = _data.flatten(x) if not isinstance(x, torch.Tensor) else [x]
        if len(flat) != len(specs):
            raise ValueError(
                f"The model expects {len(specs)} input(s), but argument `{argument}` holds "
                f"{len(flat)} array(s)."
            )
        for t, spec in zip(flat, specs):
            got = tuple(t.shape)
            if len(got) != len(spec) or any(
                    s is not None and s != g for s, g in zip(spec[1:], got[1:])):
                raise ValueError(
                    f"Argument `{argument}` has shape {got}, but the model expects inputs of "
                    f"shape {_fmt_shape(spec)} (None = any size). "
                    f"Reshape the data, e.g. x.reshape(len(x), -1) for flat vectors."
                )

    def _input_shapes(self):
        inputs = getattr(self, "_model_inputs", None)
        if not inputs:
            return None
        return [t.shape for t in inputs]

    def _check_targets(self, y, argument: str) -> None:
        from torcheras import losses

        outputs = getattr(self, "_model_outputs", None)
        if not outputs or not isinstance(y, torch.Tensor) or len(outputs) != 1:
            return
        loss = self._compile_loss.losses[0]
        fn = getattr(loss, "fn", None)
        sparse = isinstance(loss, losses.SparseCategoricalCrossentropy) or (
            getattr(fn, "__name__", "") == "sparse_categorical_crossentropy")
        out_shape = outputs[0].shape
        n_classes = out_shape[-1] if out_shape else None
        if sparse and n_classes and y.numel():
            lo, hi = int(y.min()), int(y.max())
            if lo < 0 or hi >= n_classes:
                raise ValueError(
                    f"Argument `{argument}` holds class labels in [{lo}, {hi}], but the model "
                    f"has {n_classes} output units, so labels must lie in [0, {n_classes - 1}]."
                )
        elif not sparse and n_classes and y.dim() == len(out_shape) and y.shape[-1] != n_classes:
            raise ValueError(
                f"Argument `{argument}` has shape {tuple(y.shape)}, but the model's output has "
                f"shape {_fmt_shape(out_shape)}. For class labels with a categorical loss, use "
                "`keras.utils.to_categorical(y)` or `loss='sparse_categorical_crossentropy'`."
            )
        elif not sparse and n_classes and n_classes > 1 and y.dim() == 1 and len(out_shape) == 2:
            raise ValueError(
                f"Argument `{argument}` has shape {tuple(y.shape)} (class labels?), but the "
                f"model's output has shape {_fmt_shape(out_shape)}. Use "
                "`keras.utils.to_categorical(y)` or `loss='sparse_categorical_crossentropy'`."
            )

    # ------------------------------------------------------------------ evaluate
    def evaluate(self, x=None, y=None, batch_size=None, verbose="auto", sample_weight=None,
                 steps=None, callbacks=None, return_dict=False, **kwargs):
        """Loss and metric values on the data: a scalar, a list, or a dict."""
        from torcheras.callbacks import CallbackList

        kwargs.pop("use_multiprocessing", None)
        kwargs.pop("workers", None)
        kwargs.pop("max_queue_size", None)
        if kwargs:
            raise _unexpected_kwargs("evaluate", kwargs, [
                "x", "y", "batch_size", "verbose", "sample_weight", "steps", "callbacks",
                "return_dict"])
        self._assert_compiled("evaluate")
        batch_size = _check_positive_int(batch_size, "batch_size")
        steps = _check_positive_int(steps, "steps")
        verbose_level = _check_verbose(verbose)
        data = _data.make_batches(x, y, sample_weight, batch_size=batch_size, steps=steps,
                                  what="evaluate")
        if isinstance(data, _data.ArrayBatches):
            self._validate_arrays(data.x, data.y, "evaluate")
        self._ensure_built_from(data)
        cbs = CallbackList(callbacks, add_progbar=verbose_level != 0, model=self,
                           verbose=verbose, epochs=1, steps=data.num_batches,
                           **_sample_params(data))
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
                    logs = _StepLogs(logs)
                if cbs is not None:
                    cbs.on_test_batch_end(step, logs)
        logs = self._get_metrics_result_or_logs(logs)
        if cbs is not None:
            cbs.on_test_end(logs)
        self.train(was_training)
        return logs

    # ------------------------------------------------------------------ predict
    def predict(self, x, batch_size=None, verbose="auto", steps=None, callbacks=None,
                **kwargs):
        """Model outputs for the inputs, as NumPy arrays, batch by batch."""
        from torcheras.callbacks import CallbackList

        for legacy in ("use_multiprocessing", "workers", "max_queue_size"):
            kwargs.pop(legacy, None)
        if kwargs:
            raise _unexpected_kwargs("predict", kwargs, ["x", "batch_size", "verbose",
                                                         "steps", "callbacks"])
        batch_size = _check_positive_int(batch_size, "batch_size")
        steps = _check_positive_int(steps, "steps")
        verbose_level = _check_verbose(verbose)
        data = _data.make_batches(x, None, None, batch_size=batch_size, steps=steps,
                                  what="predict")
        if isinstance(data, _data.ArrayBatches):
            _data.check_finite(data.x, "x")
            self._check_input_shapes(data.x, "x")
        cbs = CallbackList(callbacks, add_progbar=verbose_level != 0, model=self,
                           verbose=verbose, epochs=1, steps=data.num_batches,
                           **_sample_params(data))
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
        if not chunks:
            raise ValueError("Argument `x` produced no batches to predict on.")
        return _data.concat_outputs(chunks)

    # ------------------------------------------------------------------ on batch
    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None,
                       return_dict=False):
        """One optimizer step on one batch; returns the loss and metrics."""
        self._assert_compiled("train_on_batch")
        data = _data.make_batches(x, y, sample_weight, batch_size=_big(x), class_weight=class_weight)
        self._ensure_built_from(data)
        if self._train_vars is None:
            self._prepare_training()
        self.train()
        self.reset_metrics()
        logs = None
        for batch in data.epoch():
            logs = self.train_step(batch)
        return self._on_batch_result(return_dict, logs)

    def test_on_batch(self, x, y=None, sample_weight=None, return_dict=False):
        """Loss and metrics on one batch."""
        self._assert_compiled("test_on_batch")
        data = _data.make_batches(x, y, sample_weight, batch_size=_big(x), what="evaluate")
        self._ensure_built_from(data)
        self.reset_metrics()
        self.eval()
        logs = None
        with torch.no_grad():
            for batch in data.epoch():
                logs = self.test_step(batch)
        return self._on_batch_result(return_dict, logs)

    def predict_on_batch(self, x):
        """Model outputs for one batch, as NumPy."""
        self.eval()
        data = _data.make_batches(x, None, None, batch_size=_big(x), what="predict")
        with torch.no_grad():
            outs = [detach(self.predict_step(b)) for b in data.epoch()]
        return _data.concat_outputs(outs)

    def _on_batch_result(self, return_dict, logs=None):
        logs = self._get_metrics_result_or_logs(logs)
        if return_dict:
            return logs
        return self._flatten_logs(logs)

    # ------------------------------------------------------------------ Keras 1/2
    def fit_generator(self, generator, steps_per_epoch=None, epochs=1, **kwargs):
        """Keras 2 spelling of ``fit`` on a generator."""
        kwargs.pop("workers", None)
        kwargs.pop("use_multiprocessing", None)
        kwargs.pop("max_queue_size", None)
        return self.fit(generator, steps_per_epoch=steps_per_epoch, epochs=epochs, **kwargs)

    def evaluate_generator(self, generator, steps=None, **kwargs):
        """Keras 2 spelling of ``evaluate`` on a generator."""
        return self.evaluate(generator, steps=steps, **kwargs)

    def predict_generator(self, generator, steps=None, **kwargs):
        """Keras 2 spelling of ``predict`` on a generator."""
        return self.predict(generator, steps=steps, **kwargs)


def _pythonify_logs(logs) -> dict:
    """Keras's ``pythonify_logs``: nested dicts flattened, values as floats, keys sorted."""
    out = {}
    for key, value in sorted(logs.items()):
        if isinstance(value, Mapping):
            out.update(_pythonify_logs(value))
            continue
        try:
            value = float(value)
        except (TypeError, ValueError, RuntimeError):
            pass
        out[key] = value
    return out


class _StepLogs(Mapping):
    """A custom step's returned dict, converted to Python numbers only when read."""

    __slots__ = ("_raw", "_values")

    def __init__(self, raw: dict):
        self._raw = raw
        self._values = None

    def _get(self) -> dict:
        if self._values is None:
            self._values = _pythonify_logs(self._raw)
        return self._values

    def __getitem__(self, key):
        return self._get()[key]

    def __iter__(self):
        return iter(self._get())

    def __len__(self):
        return len(self._get())


class _NoLoss:
    def __init__(self, n):
        self.losses = [None] * n


def _sample_params(batches) -> dict:
    """Keras 2's ``samples`` and ``batch_size`` callback params, for in-memory data (what
    ``ProgbarLogger(count_mode="samples")`` counts)."""
    if isinstance(batches, _data.ArrayBatches):
        return {"samples": min(batches.n, batches.num_batches * batches.batch_size),
                "batch_size": batches.batch_size}
    return {}


def _batch_size(x) -> int:
    if isinstance(x, torch.Tensor):
        return x.shape[0]
    first = _data.flatten(x)[0]
    return first.shape[0]


def _big(x) -> int:
    flat = _data.flatten(x)
    return max(1, len(flat[0])) if flat and hasattr(flat[0], "__len__") else 1


def _fmt_shape(shape) -> str:
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + (
        ",)" if len(shape) == 1 else ")")


def _unpack_validation(validation_data):
    if isinstance(validation_data, (list, tuple)):
        if len(validation_data) == 2:
            return validation_data[0], validation_data[1], None
        if len(validation_data) == 3:
            return validation_data[0], validation_data[1], validation_data[2]
        raise ValueError(
            "Argument `validation_data` must be a tuple `(x_val, y_val)` or "
            f"`(x_val, y_val, val_sample_weight)`. Received a sequence of length "
            f"{len(validation_data)}."
        )
    return validation_data, None, None
