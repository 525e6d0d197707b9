"""``keras.optimizers.RMSprop``."""

from __future__ import annotations

import torch

from torcheras.optimizers import _validation as V
from torcheras.optimizers._base import Optimizer


class RMSprop(Optimizer):
    """Optimizer that implements the RMSprop algorithm.

    Keeps a moving average of the squared gradients and divides the gradient by its
    root: `v = rho * v + (1 - rho) * g**2; w -= lr * g / sqrt(v + epsilon)`. With
    `centered=True` the moving average of the gradients `a` is kept too and the
    denominator becomes `sqrt(v - a**2 + epsilon)`. With `momentum > 0` the increment
    goes through a plain (not Nesterov) momentum buffer.

    Args:
        learning_rate: A float, a `LearningRateSchedule`, or a callable taking no
            arguments. Defaults to `0.001`.
        rho: float in [0, 1], defaults to 0.9. Discounting factor for the old gradients.
        momentum: float in [0, 1], defaults to 0.0.
        epsilon: A small constant for numerical stability. Defaults to 1e-7.
        centered: Boolean. Normalize by the estimated variance of the gradient.
            Defaults to `False`.
        weight_decay, clipnorm, clipvalue, global_clipnorm, use_ema, ema_momentum,
        ema_overwrite_frequency, loss_scale_factor, gradient_accumulation_steps, name:
            See `keras.optimizers.Optimizer`.

    Example:

    >>> import numpy as np, torch
    >>> from torcheras.backend import Variable
    >>> var1 = Variable(np.array(10.0))
    >>> opt = RMSprop(learning_rate=0.1)
    >>> opt.apply([var1.detach().clone()], [var1])   # d(var1**2 / 2) / d(var1) = var1
    >>> round(float(var1.numpy()), 5)
    9.68377
    """

    def __init__(self, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7,
                 centered=False, weight_decay=None, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name=None, **kwargs):
        super().__init__(
            learning_rate=learning_rate, name=name, weight_decay=weight_decay,
            clipnorm=clipnorm, clipvalue=clipvalue, global_clipnorm=global_clipnorm,
            use_ema=use_ema, ema_momentum=ema_momentum,
            ema_overwrite_frequency=ema_overwrite_frequency,
            loss_scale_factor=loss_scale_factor,
            gradient_accumulation_steps=gradient_accumulation_steps, **kwargs)
        self.rho = V.check_float("rho", rho, low=0.0, high=1.0)
        self.momentum = V.check_float("momentum", momentum, low=0.0, high=1.0)
        self.epsilon = V.check_float("epsilon", epsilon, low=0.0)
        self.centered = V.check_bool("centered", centered)

    def build(self, var_list) -> None:
        if self.built:
            return
        super().build(var_list)
        self._velocities = self.add_optimizer_variables(var_list, "velocity")
        self._momentums = []
        if self.momentum > 0:
            self._momentums = self.add_optimizer_variables(var_list, "momentum")
        self._average_gradients = []
        if self.centered:
            self._average_gradients = self.add_optimizer_variables(var_list, "average_gradient")

    def _backend_update_step(self, grads, variables, learning_rate) -> None:
        rho = self.rho
        velocities = self._slots_for(self._velocities, variables)
        torch._foreach_mul_(velocities, rho)
        torch._foreach_addcmul_(velocities, grads, grads, value=1.0 - rho)
        denominators = torch._foreach_add(velocities, self.epsilon)
        if self.centered:
            averages = self._slots_for(self._average_gradients, variables)
            torch._foreach_mul_(averages, rho)
            torch._foreach_add_(averages, grads, alpha=1.0 - rho)
            torch._foreach_addcmul_(denominators, averages, averages, value=-1.0)
        torch._foreach_sqrt_(denominators)
        if self.momentum > 0:
            momentums = self._slots_for(self._momentums, variables)
            torch._foreach_mul_(momentums, self.momentum)
            torch._foreach_addcdiv_(momentums, grads, denominators, value=learning_rate)
            torch._foreach_sub_(variables, momentums)
        else:
            torch._foreach_addcdiv_(variables, grads, denominators, value=-learning_rate)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"rho": self.rho, "momentum": self.momentum, "epsilon": self.epsilon,
                       "centered": self.centered})
        return config
