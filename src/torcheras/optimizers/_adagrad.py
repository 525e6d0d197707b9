"""``keras.optimizers.Adagrad``."""

from __future__ import annotations

import torch

from torcheras.optimizers import _validation as V
from torcheras.optimizers._base import Optimizer


class Adagrad(Optimizer):
    """Optimizer that implements the Adagrad algorithm.

    Per-parameter learning rates that shrink with the sum of squared gradients:
    `acc += g**2; w -= lr * g / sqrt(acc + epsilon)` (Duchi et al., 2011).

    Args:
        learning_rate: A float, a `LearningRateSchedule`, or a callable taking no
            arguments. Defaults to `0.001`.
        initial_accumulator_value: Floating point value. Starting value for the
            accumulators. Must be non-negative. Defaults to `0.1`.
        epsilon: Small floating point value for numerical stability. Defaults to 1e-7.
        weight_decay, clipnorm, clipvalue, global_clipnorm, use_ema, ema_momentum,
        ema_overwrite_frequency, loss_scale_factor, gradient_accumulation_steps, name:
            See `keras.optimizers.Optimizer`.

    Example:

    >>> import numpy as np, torch
    >>> from torcheras.backend import Variable
    >>> w = Variable(np.array([1.0]))
    >>> Adagrad(learning_rate=0.1, initial_accumulator_value=0.0).apply(
    ...     [torch.tensor([2.0])], [w])
    >>> np.round(w.numpy(), 5)
    array([0.9], dtype=float32)
    """

    def __init__(self, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7,
                 weight_decay=None, clipnorm=None, clipvalue=None, global_clipnorm=None,
                 use_ema=False, ema_momentum=0.99, ema_overwrite_frequency=None,
                 loss_scale_factor=None, gradient_accumulation_steps=None, name=None,
                 **kwargs):
        super().__init__(
            learning_rate=learning_rate, name=name, weight_decay=weight_decay,
            clipnorm=clipnorm, clipvalue=clipvalue, global_clipnorm=global_clipnorm,
            use_ema=use_ema, ema_momentum=ema_momentum,
            ema_overwrite_frequency=ema_overwrite_frequency,
            loss_scale_factor=loss_scale_factor,
            gradient_accumulation_steps=gradient_accumulation_steps, **kwargs)
        self.initial_accumulator_value = V.check_float(
            "initial_accumulator_value", initial_accumulator_value, low=0.0)
        self.epsilon = V.check_float("epsilon", epsilon, low=0.0)

    def build(self, var_list) -> None:
        if self.built:
            return
        super().build(var_list)
        self._accumulators = self.add_optimizer_variables(
            var_list, "accumulator", initializer=self.initial_accumulator_value)

    def _backend_update_step(self, grads, variables, learning_rate) -> None:
        accumulators = self._slots_for(self._accumulators, variables)
        torch._foreach_addcmul_(accumulators, grads, grads)
        denominators = torch._foreach_add(accumulators, self.epsilon)
        torch._foreach_sqrt_(denominators)
        torch._foreach_addcdiv_(variables, grads, denominators, value=-learning_rate)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"initial_accumulator_value": self.initial_accumulator_value,
                       "epsilon": self.epsilon})
        return config
