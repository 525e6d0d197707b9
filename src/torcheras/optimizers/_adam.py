"""``keras.optimizers.Adam``."""

from __future__ import annotations

import math

import torch

from torcheras.optimizers import _validation as V
from torcheras.optimizers._base import Optimizer


class Adam(Optimizer):
    """Optimizer that implements the Adam algorithm.

    Adam is a stochastic gradient descent method based on adaptive estimation of
    first-order and second-order moments (Kingma et al., 2014). At step `t`:
    `m = b1 * m + (1 - b1) * g; v = b2 * v + (1 - b2) * g**2;
    w -= lr * sqrt(1 - b2**t) / (1 - b1**t) * m / (sqrt(v) + epsilon)`.

    Args:
        learning_rate: A float, a `LearningRateSchedule`, or a callable taking no
            arguments. Defaults to `0.001`.
        beta_1: The exponential decay rate for the 1st moment estimates, in [0, 1).
            Defaults to `0.9`.
        beta_2: The exponential decay rate for the 2nd moment estimates, in [0, 1).
            Defaults to `0.999`.
        epsilon: A small constant for numerical stability ("epsilon hat" in the
            paper). Defaults to `1e-7`.
        amsgrad: Boolean. Whether to apply the AMSGrad variant ("On the Convergence of
            Adam and beyond"). Defaults to `False`.
        weight_decay, clipnorm, clipvalue, global_clipnorm, use_ema, ema_momentum,
        ema_overwrite_frequency, loss_scale_factor, gradient_accumulation_steps, name:
            See `keras.optimizers.Optimizer`.

    Example:

    >>> import numpy as np, torch
    >>> from torcheras.backend import Variable
    >>> w = Variable(np.array([1.0]))
    >>> Adam(learning_rate=0.1).apply([torch.tensor([3.0])], [w])
    >>> np.round(w.numpy(), 5)
    array([0.9], dtype=float32)
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 amsgrad=False, weight_decay=None, clipnorm=None, clipvalue=None,
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
        self.beta_1 = V.check_float("beta_1", beta_1, low=0.0, high=1.0, high_open=True)
        self.beta_2 = V.check_float("beta_2", beta_2, low=0.0, high=1.0, high_open=True)
        self.epsilon = V.check_float("epsilon", epsilon, low=0.0)
        self.amsgrad = V.check_bool("amsgrad", amsgrad)

    def build(self, var_list) -> None:
        if self.built:
            return
        super().build(var_list)
        self._momentums, self._velocities = self.add_optimizer_variables(
            var_list, ["momentum", "velocity"])
        if self.amsgrad:
            self._velocity_hats = self.add_optimizer_variables(var_list, "velocity_hat")

    def _backend_update_step(self, grads, variables, learning_rate) -> None:
        t = self._local_step()
        alpha = learning_rate * math.sqrt(1.0 - self.beta_2**t) / (1.0 - self.beta_1**t)
        m_list = self._slots_for(self._momentums, variables)
        v_list = self._slots_for(self._velocities, variables)
        torch._foreach_mul_(m_list, self.beta_1)
        torch._foreach_add_(m_list, grads, alpha=1.0 - self.beta_1)
        torch._foreach_mul_(v_list, self.beta_2)
        torch._foreach_addcmul_(v_list, grads, grads, value=1.0 - self.beta_2)
        if self.amsgrad:
            v_hat = self._slots_for(self._velocity_hats, variables)
            torch._foreach_maximum_(v_hat, v_list)
            v_list = v_hat
        denominators = torch._foreach_sqrt(v_list)
        torch._foreach_add_(denominators, self.epsilon)
        torch._foreach_addcdiv_(variables, m_list, denominators, value=-alpha)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2,
                       "epsilon": self.epsilon, "amsgrad": self.amsgrad})
        return config
