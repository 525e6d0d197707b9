"""``compile``, ``fit``, ``evaluate`` and ``predict``: one training loop, read top to bottom.

Per step the loop does what a hand-written PyTorch loop does (forward, loss, gradients,
optimizer update) plus in-place metric updates on the device. Nothing is read back to the
host per step: logs are computed only when a callback reads them (the progress bar reads
them at most every 0.05 s).
"""

from __future__ import annotations

import warnings
import weakref
from collections.abc import Mapping

import torch

from torcheras import optimizers
from torcheras._validation import check_int
from torcheras.backend import _tuning
from torcheras.backend._trainable_version import TRAINABLE_VERSION
from torcheras.callbacks._callback_list import CallbackList
from torcheras.callbacks._history import History
from torcheras.config._switches import cap_epochs, cap_steps
from torcheras.config._traceback import filter_traceback
from torcheras.legacy._arguments_apply import legacy_method_arguments
from torcheras.legacy._history_keys import (
    AliasedLogs,
    keras2_metrics_names,
    with_keras2_keys,
)
from torcheras.legacy._mode import legacy_version
from torcheras.metrics import Mean, Metric
from torcheras.models import _data, _distributed, _jit
from torcheras.models import _trainer_checks as checks
from torcheras.models._arguments import callback_verbose, unexpected_kwargs, verbose_level
from torcheras.models._compile import CompileLoss, CompileMetrics
from torcheras.models._data import Method
from torcheras.models._evaluate_predict import EvaluatePredictMethods
from torcheras.models._logs import StepLogs, pythonify_logs
from torcheras.models._on_batch import OnBatchMethods
from torcheras.models._trainable import TrainablePlan, make_plan, trainable_state
from torcheras.optimizers._loss_scale_optimizer import with_loss_scaling

_FIT_ARGS = ("x", "y", "batch_size", "epochs", "verbose", "callbacks", "validation_split",
             "validation_data", "shuffle", "class_weight", "sample_weight", "initial_epoch",
             "steps_per_epoch", "validation_steps", "validation_batch_size", "validation_freq")


class Trainer(EvaluatePredictMethods, OnBatchMethods):
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
        self._compiled_forward = None
        self._compiled_trainable_state: dict | None = None
        self._trainable_plan: TrainablePlan | None = None

    # ------------------------------------------------------------------ compile
    @legacy_method_arguments
    def compile(self, optimizer="rmsprop", loss=None, loss_weights=None, metrics=None,
                weighted_metrics=None, run_eagerly=False, steps_per_execution=1,
                jit_compile="auto", auto_scale_loss=True, **kwargs):
        """Configure the model for training.

        The layers' ``trainable`` flags are recorded here: training uses them as they are
        now (set the flags, then compile, to change what a model trains).

        Args:
            optimizer: An optimizer name (``"rmsprop"``, ``"adam"``...) or a
                ``keras.optimizers.Optimizer`` instance.
            loss: The loss to minimize: a name (``"categorical_crossentropy"``), a
                ``keras.losses.Loss`` instance, or a function ``fn(y_true, y_pred)``
                returning one value per sample. For a model with several outputs, a list
                (one per output, in order) or a dict keyed by output name; an output given
                ``None`` has no loss. ``None`` compiles without a compiled loss (the model
                then needs losses of its own, from ``add_loss``).
            loss_weights: Scalars weighting each output's loss in the total (a list in
                output order, or a dict keyed by output name). The total loss is the
                weighted sum of the per-output losses.
            metrics: Metrics to report during training and evaluation: names
                (``"accuracy"``, ``"mae"``), ``keras.metrics.Metric`` instances, or
                functions. For several outputs, a list of lists or a dict keyed by output
                name; a flat list applies to every output (Keras 2). ``"accuracy"`` picks
                binary, sparse categorical or categorical accuracy from the shapes of the
                targets and outputs, as Keras 3 does.
            weighted_metrics: Like ``metrics``, but weighted by ``sample_weight`` or
                ``class_weight`` during ``fit`` and ``evaluate``.
            run_eagerly: Accepted for compatibility; torcheras always runs eagerly.
            steps_per_execution: Steps run per host round-trip: batch-level callbacks
                (and the progress bar) are called once every that many steps, as Keras
                calls them once per execution (the loop itself never waits for the
                device between steps).
            jit_compile: ``True`` runs the train step (forward pass, loss, their
                backward and, for SGD, Adam/AdamW and RMSprop, the optimizer update)
                through ``torch.compile``; ``"auto"`` (the default) and ``False`` run
                eagerly. Without a C++ compiler on the CPU, ``True`` warns
                and runs eagerly.
            auto_scale_loss: Under a ``mixed_float16`` policy, wrap the optimizer in a
                ``keras.optimizers.LossScaleOptimizer`` (dynamic loss scaling), as Keras.
            **kwargs: Nothing else is accepted (a ``TypeError``); Keras 1/2 arguments
                (``sample_weight_mode``...) are dropped, with a warning, by the
                legacy-argument table.
        """
        if kwargs:
            raise unexpected_kwargs("compile", kwargs, [
                "optimizer", "loss", "loss_weights", "metrics", "weighted_metrics",
                "run_eagerly", "steps_per_execution", "jit_compile", "auto_scale_loss"])
        self.optimizer = with_loss_scaling(self._own_optimizer(optimizers.get(optimizer)),
                                           self.dtype_policy.name, auto_scale_loss)
        self.loss = loss
        names = self._output_names_for_compile()
        self._compile_loss = CompileLoss(loss, loss_weights, names) if loss is not None else None
        self._compile_metrics = (
            CompileMetrics(metrics, weighted_metrics, names, self._compile_loss)
            if metrics is not None or weighted_metrics is not None else None)
        self._loss_tracker = Mean(name="loss")
        self._run_eagerly = bool(run_eagerly)
        self._steps_per_execution = check_int(steps_per_execution, "steps_per_execution",
                                              minimum=1)
        self._jit_compile = _jit.resolve(jit_compile)
        self._compiled_forward = None
        self._compiled_trainable_state = trainable_state(self)
        self._trainable_plan = None
        self.compiled = True

    def _own_optimizer(self, optimizer):
        """``optimizer``, or a fresh copy of it when another live model trains with it.

        Keras 2 scripts pass one optimizer instance to several models (a GAN's
        discriminator and combined model); Keras 2 kept the optimizer's state per weight,
        so that worked. Here an optimizer's state is built for one set of weights, so the
        second model gets its own optimizer of the same class and hyperparameters.
        """
        owner_ref = getattr(optimizer, "_trainer_owner", None)
        owner = owner_ref() if owner_ref is not None else None
        if owner is not None and owner is not self and owner.optimizer is optimizer:
            try:
                optimizer = type(optimizer).from_config(optimizer.get_config())
            except (TypeError, ValueError):
                # A custom optimizer that cannot be rebuilt from its config stays shared
                # (and says so if it is asked to update weights it was not built for).
                return optimizer
        optimizer._trainer_owner = weakref.ref(self)
        return optimizer

    def _output_names_for_compile(self) -> list[str]:
        names = getattr(self, "output_names", None)
        return list(names) if names else ["output"]

    def _assert_compiled(self, method: str) -> None:
        if not self.compiled:
            raise RuntimeError(
                f"You must call `compile()` before calling `{method}()`. "
                "e.g. model.compile(optimizer='rmsprop', loss='categorical_crossentropy')"
            )

    def _training_plan(self) -> TrainablePlan:
        """The weights this model's steps update (cached until a flag or layer changes)."""
        plan = self._trainable_plan
        if plan is None or plan.version != TRAINABLE_VERSION.count:
            plan = self._trainable_plan = make_plan(self, self._compiled_trainable_state)
        return plan

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
        owners = [self] + [la for la in self._flatten_layers(False) if not isinstance(la, Trainer)]
        for owner in owners:
            for value in list(vars(owner).values()):
                if isinstance(value, Metric) and all(value is not m for m in out):
                    out.append(value)
        return out

    @property
    def metrics_names(self) -> list[str]:
        """The names of ``self.metrics``; under Keras 2's defaults, Keras 2's names of the
        values ``evaluate`` returns (``['loss', 'acc']``)."""
        if legacy_version() == 2:
            return keras2_metrics_names(self.metrics, getattr(self, "output_names", None) or ())
        return [m.name for m in self.metrics]

    @property
    def metrics_variables(self) -> list:
        """The state variables of every metric in ``self.metrics``."""
        return [v for m in self.metrics for v in m.variables]

    def reset_metrics(self) -> None:
        """Reset the state of every metric (done at the start of each epoch)."""
        for m in self.metrics:
            m.reset_state()

    def _get_metrics_result_or_logs(self, logs, convert: bool = True) -> dict:
        """The metrics' results, or the step's own logs when a custom step returns other
        keys, converted as Keras converts them (sorted by top-level key, then nested dicts
        flattened: ``{"loss", "compile_metrics": {"mae"}}`` gives ``mae`` then ``loss``)."""
        raw = logs.raw if isinstance(logs, StepLogs) else logs
        if raw is None:
            return self.get_metrics_result()
        results = self.get_metrics_result()
        if set(raw) == set(results):
            return results
        return pythonify_logs(raw) if convert else dict(raw)

    # ------------------------------------------------------------------ steps
    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        """The compiled loss plus regularization and ``add_loss`` losses.

        Per-output losses are recorded by their trackers (``<output>_loss``) as Keras does;
        the total is not recorded here (``train_step`` updates the ``loss`` tracker).

        Args:
            x: The inputs (unused by the compiled loss; custom overrides may use them).
            y: The targets (``None`` when the data has none).
            y_pred: The model's outputs for ``x``.
            sample_weight: Per-sample weights, or ``None``.
            training: Whether the loss is computed for a training step.
        """
        total = None
        if self._compile_loss is not None and y is not None:
            total, _ = self._compile_loss(y, y_pred, sample_weight)
        if self._training_plan().regularized or self._has_added_losses():
            extra = self.losses
            if extra:
                reg = torch.stack([torch.as_tensor(e).sum() for e in extra]).sum()
                total = reg if total is None else total + reg
        if total is None:
            if self._compile_loss is not None:
                raise ValueError(
                    f"The model was compiled with loss={self.loss!r}, but the batch has no "
                    "targets `y` to compare the outputs with. Pass `y` (or make the data "
                    "yield `(x, y)` pairs)."
                )
            raise ValueError("No loss to compute. Provide a `loss` argument in `compile()`.")
        return total

    def compute_metrics(self, x, y, y_pred, sample_weight=None):
        """Update the compiled metrics and return the logs (read lazily).

        Args:
            x: The inputs.
            y: The targets (the compiled metrics are skipped without them).
            y_pred: The model's outputs.
            sample_weight: Per-sample weights for the weighted metrics.
        """
        if self._compile_metrics is not None and y is not None:
            self._compile_metrics.update_state(y, y_pred, sample_weight)
        return StepLogs(self.get_metrics_result)

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
        return pythonify_logs(results)

    def train_step(self, data):
        """One optimizer step on a batch ``(x, y, sample_weight)``; returns the logs."""
        x, y, sample_weight = _data.unpack_x_y_sample_weight(data)
        if self._jit_compile:
            if self._compiled_forward is None:
                self._compiled_forward = _jit.CompiledStep(self)
            y_pred, loss = self._compiled_forward(x, y, sample_weight)
        else:
            y_pred = self(x, training=True)
            loss = self.compute_loss(x, y, y_pred, sample_weight, training=True)
        self._loss_tracker.update_state(loss.detach(), sample_weight=_batch_size(x))
        variables = self._training_plan().variables
        if variables:
            # Gradients of the trainable weights only: frozen weights (maybe trained by
            # another model that shares them) are left as they are, `.grad` included.
            scaled = self.optimizer.scale_loss(loss)
            grads = (torch.autograd.grad(scaled, variables, allow_unused=True)
                     if scaled.requires_grad else [None] * len(variables))
            grads = _distributed.reduce_gradients(list(grads), x, variables)
            if not (self._jit_compile and self._compiled_forward.apply(grads, variables)):
                self.optimizer.apply(grads, variables)
        else:
            warnings.warn("The model does not have any trainable weights.", stacklevel=2)
        return self.compute_metrics(x, y, y_pred, sample_weight)

    def test_step(self, data):
        """Loss and metrics on a batch ``(x, y, sample_weight)``; returns the logs."""
        x, y, sample_weight = _data.unpack_x_y_sample_weight(data)
        y_pred = self(x, training=False)
        # `add_loss` losses count in the evaluation loss too (Keras's val_loss of a VAE).
        if (self._compile_loss is not None and y is not None) or self._has_added_losses():
            loss = self.compute_loss(x, y, y_pred, sample_weight, training=False)
            self._loss_tracker.update_state(loss, sample_weight=_batch_size(x))
        return self.compute_metrics(x, y, y_pred, sample_weight)

    def predict_step(self, data):
        """The model's outputs for a batch ``x`` (or ``(x,)``)."""
        x, _, _ = _data.unpack_x_y_sample_weight(data)
        return self(x, training=False)

    def _build_optimizer(self) -> None:
        # Built before the loop, as Keras does, so that callbacks (BackupAndRestore) find
        # its variables in on_train_begin.
        if not self.optimizer.built:
            self.optimizer.build(self._training_plan().variables)

    # ------------------------------------------------------------------ fit
    @filter_traceback
    @legacy_method_arguments
    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose="auto", callbacks=None,
            validation_split=0.0, validation_data=None, shuffle=True, class_weight=None,
            sample_weight=None, initial_epoch=0, steps_per_epoch=None, validation_steps=None,
            validation_batch_size=None, validation_freq=1, **kwargs):
        """Train the model for a fixed number of epochs (passes over the data).

        Args:
            x: The inputs: a NumPy array or tensor (or a list of them, one per input, or a
                dict keyed by input name); a generator or ``keras.utils.PyDataset``
                yielding ``(x, y)`` or ``(x, y, sample_weight)`` batches; or a torch
                ``DataLoader``/``Dataset`` yielding the same.
            y: The targets, in the same forms as in-memory ``x`` (a list or dict for
                several outputs). Leave ``None`` when ``x`` yields its own targets.
            batch_size: Samples per gradient update (default 32). Do not set it when ``x``
                yields batches.
            epochs: The epoch to stop at: training runs epochs ``initial_epoch`` up to
                ``epochs - 1``. With ``epochs <= initial_epoch`` nothing is trained and an
                empty ``History`` is returned.
            verbose: ``"auto"`` (= 1), 0 (silent), 1 (progress bar), or 2 (one line per
                epoch; any larger integer means the same).
            callbacks: A list of ``keras.callbacks.Callback`` called during training.
            validation_split: Fraction (in [0, 1)) of the in-memory training data held
                out for validation: the last samples, taken before shuffling.
            validation_data: Data to evaluate on at the end of each epoch:
                ``(x_val, y_val)``, ``(x_val, y_val, val_sample_weight)``, or a generator /
                dataset. Overrides ``validation_split``.
            shuffle: Whether to shuffle in-memory data (and a ``PyDataset``'s batch order)
                before each epoch; ``"batch"`` shuffles whole batches.
            class_weight: Dict mapping class indices to a weight for the loss, e.g. to
                weigh an under-represented class more.
            sample_weight: One weight per training sample for the loss (an array of
                shape ``(samples,)``, or ``(samples, timesteps)`` for sequence outputs).
            initial_epoch: The epoch to start at (to resume an earlier run).
            steps_per_epoch: Batches per epoch; default: all of them (or until the
                generator is exhausted).
            validation_steps: Batches of ``validation_data`` evaluated per validation.
            validation_batch_size: Batch size for validation (default ``batch_size``).
            validation_freq: Validate every this many epochs.
            **kwargs: Nothing else is accepted (a ``TypeError``); Keras 1/2 spellings
                (``nb_epoch``...) are translated by the legacy-argument table.

        Returns:
            A ``History`` whose ``history`` dict holds the loss and metric values of each
            epoch (``val_``-prefixed for validation).
        """
        if kwargs:
            raise unexpected_kwargs("fit", kwargs, _FIT_ARGS)
        self._assert_compiled("fit")
        epochs = check_int(epochs, "epochs", minimum=0)
        batch_size = check_int(batch_size, "batch_size", minimum=1, allow_none=True)
        initial_epoch = check_int(initial_epoch, "initial_epoch", minimum=0)
        steps_per_epoch = check_int(steps_per_epoch, "steps_per_epoch", minimum=1,
                                    allow_none=True)
        epochs, steps_per_epoch = _capped(epochs, steps_per_epoch)
        validation_freq = check_int(validation_freq, "validation_freq", minimum=1)
        level = verbose_level(verbose)
        dp = _distributed.join()  # torchrun: one process of several (else None)
        verbose, level, callbacks = _distributed.rank_zero_only(dp, verbose, level, callbacks)
        (x, y, sample_weight), validation_data = _split_validation(
            x, y, sample_weight, validation_split, validation_data)
        train = _data.make_batches(x, y, sample_weight, batch_size=batch_size, shuffle=shuffle,
                                   steps=steps_per_epoch, class_weight=class_weight)
        if isinstance(train, _data.ArrayBatches):
            self._check_arrays(train.x, train.y, Method.FIT)
        val = None
        if validation_data is not None:
            vx, vy, vsw = _unpack_validation(validation_data)
            val = _data.make_batches(vx, vy, vsw, batch_size=validation_batch_size or batch_size,
                                     steps=cap_steps(validation_steps), method=Method.EVALUATE)
            if isinstance(val, _data.ArrayBatches):
                self._check_arrays(val.x, val.y, Method.FIT, prefix="validation_data")
        self._ensure_built_from(train)
        self._build_optimizer()
        train = _distributed.shard(dp, train, Method.FIT)
        val = _distributed.shard(dp, val, Method.EVALUATE)
        cbs = CallbackList(callbacks, add_history=True, add_progbar=level != 0,
                           model=self, verbose=callback_verbose(verbose, level),
                           epochs=epochs, steps=train.num_batches, **_data.sample_params(train))
        self.stop_training = False
        with _tuning.tuned(), _distributed.training(dp):
            return self._fit_loop(cbs, train, val, initial_epoch, epochs, validation_freq)

    def _fit_loop(self, cbs, train, val, initial_epoch, epochs, validation_freq):
        cbs.on_train_begin()
        epoch_logs: dict = {}
        self.train()
        # A restored backup (BackupAndRestore.on_train_begin) resumes at its epoch.
        initial_epoch = getattr(self, "_initial_epoch", None) or initial_epoch
        self._initial_epoch = None
        initial_epoch = _distributed.start_fit(self, initial_epoch)
        for epoch in range(initial_epoch, epochs):
            self.reset_metrics()
            cbs.on_epoch_begin(epoch)
            step = -1
            per_call, last = self._steps_per_execution, (train.num_batches or 0) - 1
            for step, batch in enumerate(train.epoch()):
                if step % per_call == 0:
                    cbs.on_train_batch_begin(step)
                _distributed.full_weights()  # ModelParallel: gather the shards
                logs = self.train_step(batch)
                if type(logs) is dict:  # a custom step's tensors: read only if asked
                    logs = StepLogs.of_step_result(logs)
                if (step + 1) % per_call == 0 or step == last:
                    cbs.on_train_batch_end(step, logs)
                if self.stop_training:
                    break
            if step < 0:
                raise ValueError(
                    "The training data produced no batches in this epoch: a generator or "
                    "dataset that is exhausted or empty, or `steps_per_epoch=0`."
                )
            _distributed.full_weights()
            with _distributed.global_metrics(self, train):
                epoch_logs = self._get_metrics_result_or_logs(logs, convert=False)
            if val is not None and (epoch + 1) % validation_freq == 0:
                val_logs = self._evaluate_batches(val, cbs=cbs)
                epoch_logs.update({f"val_{k}": v for k, v in val_logs.items()})
            # Callbacks may read Keras 2's names (logs['val_acc']) in every mode.
            epoch_logs = AliasedLogs(with_keras2_keys(
                pythonify_logs(epoch_logs), getattr(self, "output_names", None) or ()))
            cbs.on_epoch_end(epoch, epoch_logs)
            _distributed.end_epoch(self)
            if self.stop_training:
                break
        self.eval()
        if getattr(self.optimizer, "use_ema", False) and hasattr(
                self.optimizer, "finalize_variable_values"):
            self.optimizer.finalize_variable_values(self._training_plan().variables)
        cbs.on_train_end(epoch_logs)
        # With no epoch run (epochs <= initial_epoch) History never set it: Keras still
        # returns the (empty) History of this call.
        return next(c for c in cbs.callbacks if isinstance(c, History))

    def _ensure_built_from(self, batches) -> None:
        """Build deferred models (no input shape given) from the first batch's shape."""
        if self.built:
            return
        if isinstance(batches, _data.ArrayBatches):
            sample = _data.map_structure(lambda t: t[:1], batches.x)
            with torch.no_grad():
                self(sample, training=False)

    def _check_arrays(self, x, y, method: Method, prefix: str = "") -> None:
        """Up-front checks of in-memory data (once per call, never per step)."""
        argx = f"{prefix}[0]" if prefix else "x"
        argy = f"{prefix}[1]" if prefix else "y"
        if method is Method.FIT:  # NaN would poison the weights; evaluate reports NaN
            _data.check_finite(x, argx)
            if y is not None:
                _data.check_finite(y, argy)
            if not prefix:
                checks.check_targets_present(
                    self, y, builtin_step=type(self).train_step is Trainer.train_step)
        checks.check_inputs(self, x, argx)
        if y is not None and self._compile_loss is not None:
            checks.check_targets(self, y, argy)


def _batch_size(x) -> int:
    if isinstance(x, torch.Tensor):
        return x.shape[0]
    first = _data.flatten(x)[0]
    return first.shape[0]


def _split_validation(x, y, sample_weight, validation_split, validation_data):
    """``((x, y, sample_weight), validation_data)`` after Keras's ``validation_split``: the
    last fraction of the in-memory samples, unless ``validation_data`` is given."""
    if not isinstance(validation_split, (int, float)) or not 0 <= validation_split < 1:
        raise ValueError(
            "Argument `validation_split` must be a float in [0, 1). "
            f"Received: validation_split={validation_split!r}"
        )
    if not validation_split or validation_data is not None:
        return (x, y, sample_weight), validation_data
    if not _data.is_in_memory(x):
        raise ValueError(
            "Argument `validation_split` is only supported for NumPy arrays and "
            f"tensors. Received: x of type {type(x).__name__}"
        )
    return _data.split_validation(x, y, sample_weight, validation_split)


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


def _capped(epochs: int, steps_per_epoch: int | None) -> tuple:
    """``keras.config.set_max_epochs``/``set_max_steps_per_epoch`` (or their environment
    variables) cap a debugging run, with Keras's warnings."""
    capped_epochs, capped_steps = cap_epochs(epochs), cap_steps(steps_per_epoch)
    if capped_epochs != epochs:
        warnings.warn(f"Limiting epochs to {capped_epochs}", stacklevel=3)
    if capped_steps != steps_per_epoch:
        warnings.warn(f"Limiting steps_per_epoch to {capped_steps}", stacklevel=3)
    return capped_epochs, capped_steps
