"""``keras.optimizers.Adadelta``."""

from __future__ import annotations

import torch

from torcheras.optimizers import _validation as V
from torcheras.optimizers._base import Optimizer


class Adadelta(Optimizer):
    """Optimizer that implements the Adadelta algorithm.

    Adapts learning rates from a moving window of gradient updates (Zeiler, 2012):
    `acc_g = rho * acc_g + (1 - rho) * g**2;
    delta = -sqrt(acc_d + epsilon) / sqrt(acc_g + epsilon) * g;
    acc_d = rho * acc_d + (1 - rho) * delta**2; w += lr * delta`.

    Args:
        learning_rate: A float, a `LearningRateSchedule`, or a callable taking no
            arguments. Defaults to `0.001`; use `1.0` for the paper's exact form.
        rho: A floating point value in [0, 1]. The decay rate. Defaults to `0.95`.
        epsilon: Small floating point value for numerical stability. Defaults to 1e-7.
        weight_decay, clipnorm, clipvalue, global_clipnorm, use_ema, ema_momentum,
        ema_overwrite_frequency, loss_scale_factor, gradient_accumulation_steps, name:
            See `keras.optimizers.Optimizer`.

    Example:

    >>> import numpy as np, torch
    >>> from torcheras.backend import Variable
    >>> w = Variable(np.array([1.0]))
    >>> Adadelta(learning_rate=1.0, rho=0.0, epsilon=0.0).apply([torch.tensor([2.0])], [w])
    >>> w.numpy()
    array([1.], dtype=float32)
    """

    def __init__(self, learning_rate=0.001, rho=0.95, epsilon=1e-7, weight_decay=None,
                 clipnorm=None, clipvalue=None, global_clipnorm=None, use_ema=False,
                 ema_momentum=0.99, ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name=None, **kwargs):
        super().__init__(
            learning_rate=learning_rate, name=name, weight_decay=weight_decay,
            clipnorm=clipnorm, clipvalue=clipvalue, global_clipnorm=global_clipnorm,
            use_ema=use_ema, ema_momentum=ema_momentum,
            ema_overwrite_frequency=ema_overwrite_frequency,
            loss_scale_factor=loss_scale_factor,
            gradient_accumulation_steps=gradient_accumulation_steps, **kwargs)
        self.rho = V.check_float("rho", rho, low=0.0, high=1.0)
        self.epsilon = V.check_float("epsilon", epsilon, low=0.0)

    def build(self, var_list) -> None:
        if self.built:
            return
        super().build(var_list)
        self._accumulated_grads, self._accumulated_delta_vars = self.add_optimizer_variables(
            var_list, ["accumulated_grad", "accumulated_delta_var"])

    def _backend_update_step(self, grads, variables, learning_rate) -> None:
        rho, eps = self.rho, self.epsilon
        acc_grads = self._slots_for(self._accumulated_grads, variables)
        acc_deltas = self._slots_for(self._accumulated_delta_vars, variables)
        torch._foreach_mul_(acc_grads, rho)
        torch._foreach_addcmul_(acc_grads, grads, grads, value=1.0 - rho)
        numerators = torch._foreach_add(acc_deltas, eps)
        torch._foreach_sqrt_(numerators)
        denominators = torch._foreach_add(acc_grads, eps)
        torch._foreach_sqrt_(denominators)
        deltas = torch._foreach_mul(numerators, grads)
        torch._foreach_div_(deltas, denominators)
        torch._foreach_neg_(deltas)
        torch._foreach_mul_(acc_deltas, rho)
        torch._foreach_addcmul_(acc_deltas, deltas, deltas, value=1.0 - rho)
        torch._foreach_add_(variables, deltas, alpha=learning_rate)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"rho": self.rho, "epsilon": self.epsilon})
        return config
