"""The per-step path of every optimizer: ``apply`` and what it runs.

Runs once per training step, so it is written for speed: the learning rate and every
branch are decided on the host from Python numbers, the math runs as a handful of
multi-tensor ``torch._foreach_*`` calls over all variables, and nothing reads a device
value back.
"""

from __future__ import annotations

import operator
import warnings

import torch

from torcheras.optimizers import _clipping


class ApplyMixin:
    """``apply`` / ``apply_gradients`` and the steps around the optimizer's own update."""

    def _init_apply_state(self) -> None:
        self._decay_list_cache = None
        self._constrained: list = []

    def _on_build(self, variables: list) -> None:
        self._decay_list_cache = None
        self._constrained = [(v, c) for v in variables
                             if (c := getattr(v, "constraint", None)) is not None]

    def apply_gradients(self, grads_and_vars):
        """Apply `(gradient, variable)` pairs; returns `iterations` (tf.keras compat)."""
        grads, variables = zip(*grads_and_vars, strict=True)
        self.apply(list(grads), list(variables))
        return self._iterations

    def apply(self, grads, trainable_variables=None) -> None:
        """Update `trainable_variables` from `grads` (one gradient per variable).

        The first call builds the optimizer state. `None` gradients are skipped.

        Args:
            grads: A list of gradient tensors, aligned with the variables.
            trainable_variables: The variables; optional once the optimizer is built.
        """
        if not isinstance(grads, list):
            grads = list(grads)
        if len(grads) == 0:
            return
        variables = self._resolve_variables(grads, trainable_variables)
        with torch.no_grad():
            if any(g is None for g in grads):
                grads, variables = self._filter_empty_gradients(grads, variables)
            if self.loss_scale_factor is not None:
                grads = torch._foreach_div(grads, self.loss_scale_factor)
            self._backend_apply_gradients(grads, variables)
            for variable, constraint in self._constrained:
                variable.assign(constraint(variable))
        self._iterations._value += 1

    def _resolve_variables(self, grads: list, trainable_variables) -> list:
        known = self._trainable_variables
        if trainable_variables is None:
            if not self.built:
                raise ValueError(
                    "When passing `grads` without `variables`, the optimizer "
                    "must already be built on a list of variables. "
                    "Call `optimizer.build(trainable_variables)` first. "
                )
            if len(grads) != len(known):
                raise ValueError(
                    "When passing `grads` as a list of gradient tensors, the "
                    "gradients must match `optimizer.variables` one-to-one. "
                    f"Received a list of {len(grads)} gradients, but the "
                    f"optimizer is tracking {len(known)} trainable variables."
                )
            return known
        if len(trainable_variables) != len(grads):
            raise ValueError(
                "Arguments `grads` and `trainable_variables` must have the same length. "
                f"Received: {len(grads)} gradients and {len(trainable_variables)} variables."
            )
        # The training loop passes the same variables every step: the fast path.
        if len(trainable_variables) == len(known) and all(
                map(operator.is_, trainable_variables, known)):
            return known
        variables = list(trainable_variables)
        if not self.built:
            self.build(variables)
            self.built = True
            return self._trainable_variables
        index = self._trainable_variables_indices
        for v in variables:
            if id(v) not in index:
                raise ValueError(
                    f"Unknown variable: {v!r}. This optimizer can only "
                    "be called for the variables it was originally built with. "
                    "When working with a new set of variables, you should "
                    "recreate a new optimizer instance."
                )
        return variables

    def _filter_empty_gradients(self, grads: list, variables: list):
        kept = [(g, v) for g, v in zip(grads, variables, strict=True) if g is not None]
        if not kept:
            raise ValueError("No gradients provided for any variable.")
        missing = [getattr(v, "path", getattr(v, "name", "?"))
                   for g, v in zip(grads, variables, strict=True) if g is None]
        warnings.warn(
            f"Gradients do not exist for variables {missing} when minimizing the loss."
            " If using `model.compile()`, did you forget to provide a `loss` argument?",
            stacklevel=3,
        )
        return [g for g, _ in kept], [v for _, v in kept]

    def scale_loss(self, loss):
        """Multiply the loss by `loss_scale_factor` (when set) before differentiating."""
        if self.loss_scale_factor is not None:
            return loss * self.loss_scale_factor
        return loss

    # The step ---------------------------------------------------------------------------
    def _backend_apply_gradients(self, grads: list, variables: list) -> None:
        steps = self.gradient_accumulation_steps
        if steps:
            accumulators = self._slots_for(self._accumulated_gradients, variables)
            if (self._iterations._value + 1) % steps == 0:
                grads = torch._foreach_add(grads, accumulators)
                torch._foreach_div_(grads, float(steps))
                self._update(grads, variables)
                torch._foreach_zero_(accumulators)
            else:
                torch._foreach_add_(accumulators, grads)
        else:
            self._update(grads, variables)
        if self.use_ema:
            self._update_model_variables_moving_average(self._trainable_variables)

    def _update(self, grads: list, variables: list) -> None:
        grads = self._clip_gradients(grads)
        learning_rate = self._current_learning_rate()
        self._apply_weight_decay(variables, learning_rate)
        self._backend_update_step(grads, variables, learning_rate)

    def _clip_gradients(self, grads: list) -> list:
        if self.clipnorm:
            return _clipping.clip_by_norm(grads, self.clipnorm)
        if self.global_clipnorm:
            return _clipping.clip_by_global_norm(grads, self.global_clipnorm)
        if self.clipvalue:
            return _clipping.clip_by_value(grads, self.clipvalue)
        return grads

    def _apply_weight_decay(self, variables: list, learning_rate: float) -> None:
        if not self.weight_decay:
            return
        if variables is self._trainable_variables:
            if self._decay_list_cache is None:
                self._decay_list_cache = [v for v in variables if self._use_weight_decay(v)]
            decayed = self._decay_list_cache
        else:
            decayed = [v for v in variables if self._use_weight_decay(v)]
        if decayed:
            torch._foreach_mul_(decayed, 1.0 - self.weight_decay * learning_rate)

    def _backend_update_step(self, grads: list, variables: list, learning_rate: float) -> None:
        """Update all variables; the default calls `update_step` once per variable."""
        for grad, variable in zip(grads, variables, strict=True):
            self.update_step(grad, variable, learning_rate)

    def _update_model_variables_moving_average(self, variables: list) -> None:
        steps = self.gradient_accumulation_steps
        iterations = self._iterations._value // steps if steps else self._iterations._value
        averages = self._model_variables_moving_average
        if iterations == 0:
            torch._foreach_copy_(averages, variables)
        else:
            torch._foreach_lerp_(averages, variables, 1.0 - self.ema_momentum)
        frequency = self.ema_overwrite_frequency
        if frequency and (iterations + 1) % frequency == 0:
            torch._foreach_copy_(variables, averages)
