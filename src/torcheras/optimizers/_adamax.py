"""``keras.optimizers.Adamax``."""

from __future__ import annotations

import torch

from torcheras.optimizers import _validation as V
from torcheras.optimizers._base import Optimizer


class Adamax(Optimizer):
    """Optimizer that implements the Adamax algorithm.

    A variant of Adam based on the infinity norm (Kingma et al., 2014, section 7.1):
    `m = b1 * m + (1 - b1) * g; u = max(b2 * u, |g|);
    w -= lr / (1 - b1**t) * m / (u + epsilon)`.

    Args:
        learning_rate: A float, a `LearningRateSchedule`, or a callable taking no
            arguments. Defaults to `0.001`.
        beta_1: The exponential decay rate for the 1st moment estimates, in [0, 1).
            Defaults to `0.9`.
        beta_2: The exponential decay rate for the exponentially weighted infinity
            norm, in [0, 1]. Defaults to `0.999`.
        epsilon: A small constant for numerical stability. Defaults to 1e-7.
        weight_decay, clipnorm, clipvalue, global_clipnorm, use_ema, ema_momentum,
        ema_overwrite_frequency, loss_scale_factor, gradient_accumulation_steps, name:
            See `keras.optimizers.Optimizer`.

    Example:

    >>> import numpy as np, torch
    >>> from torcheras.backend import Variable
    >>> w = Variable(np.array([1.0]))
    >>> Adamax(learning_rate=0.1).apply([torch.tensor([2.0])], [w])
    >>> np.round(w.numpy(), 5)
    array([0.9], dtype=float32)
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
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
        self.beta_1 = V.check_float("beta_1", beta_1, low=0.0, high=1.0, high_open=True)
        self.beta_2 = V.check_float("beta_2", beta_2, low=0.0, high=1.0)
        self.epsilon = V.check_float("epsilon", epsilon, low=0.0)

    def build(self, var_list) -> None:
        if self.built:
            return
        super().build(var_list)
        self._m, self._u = self.add_optimizer_variables(var_list, ["momentum", "norm"])

    def _backend_update_step(self, grads, variables, learning_rate) -> None:
        t = self._local_step()
        m_list = self._slots_for(self._m, variables)
        u_list = self._slots_for(self._u, variables)
        torch._foreach_mul_(m_list, self.beta_1)
        torch._foreach_add_(m_list, grads, alpha=1.0 - self.beta_1)
        torch._foreach_mul_(u_list, self.beta_2)
        torch._foreach_maximum_(u_list, torch._foreach_abs(grads))
        denominators = torch._foreach_add(u_list, self.epsilon)
        step = learning_rate / (1.0 - self.beta_1**t)
        torch._foreach_addcdiv_(variables, m_list, denominators, value=-step)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2,
                       "epsilon": self.epsilon})
        return config
