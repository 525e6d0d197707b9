"""``keras.optimizers.Nadam``."""

from __future__ import annotations

import math

import numpy as np
import torch

from torcheras.backend import _config
from torcheras.optimizers import _validation as V
from torcheras.optimizers._base import Optimizer
from torcheras.optimizers._host_scalar import HostScalar


class Nadam(Optimizer):
    """Optimizer that implements the Nadam algorithm.

    Adam with Nesterov momentum (Dozat, 2015), with Keras's momentum schedule
    `u_t = beta_1 * (1 - 0.5 * 0.96**t)`.

    Args:
        learning_rate: A float, a `LearningRateSchedule`, or a callable taking no
            arguments. Defaults to `0.001`.
        beta_1: The exponential decay rate for the 1st moment estimates, in [0, 1).
            Defaults to `0.9`.
        beta_2: The exponential decay rate for the 2nd moment estimates, in [0, 1).
            Defaults to `0.999`.
        epsilon: A small constant for numerical stability. Defaults to `1e-7`.
        weight_decay, clipnorm, clipvalue, global_clipnorm, use_ema, ema_momentum,
        ema_overwrite_frequency, loss_scale_factor, gradient_accumulation_steps, name:
            See `keras.optimizers.Optimizer`.

    Example:

    >>> import numpy as np, torch
    >>> from torcheras.backend import Variable
    >>> w = Variable(np.array([1.0]))
    >>> Nadam(learning_rate=0.1).apply([torch.tensor([2.0])], [w])
    >>> np.round(w.numpy(), 4)
    array([0.8937], dtype=float32)
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
        self.beta_2 = V.check_float("beta_2", beta_2, low=0.0, high=1.0, high_open=True)
        self.epsilon = V.check_float("epsilon", epsilon, low=0.0)

    def build(self, var_list) -> None:
        if self.built:
            return
        dtype = str(var_list[0].dtype).replace("torch.", "") if var_list else _config.floatx()
        super().build(var_list)
        self._momentums, self._velocities = self.add_optimizer_variables(
            var_list, ["momentum", "velocity"])
        # The running product of the momentum schedule: host-side, like `iterations`.
        self._u_product = HostScalar(1.0, dtype, "variable", "variable")
        self._variables.append(self._u_product)

    def _backend_update_step(self, grads, variables, learning_rate) -> None:
        t = self._local_step()
        b1, b2 = self.beta_1, self.beta_2
        u_t = b1 * (1.0 - 0.5 * 0.96**t)
        u_t_1 = b1 * (1.0 - 0.5 * 0.96 ** (t + 1))
        u_product_t = float(np.array(self._u_product._value * u_t, dtype=self._u_product.dtype))
        self._u_product._value = u_product_t
        u_product_t_1 = u_product_t * u_t_1
        m_list = self._slots_for(self._momentums, variables)
        v_list = self._slots_for(self._velocities, variables)
        torch._foreach_mul_(m_list, b1)
        torch._foreach_add_(m_list, grads, alpha=1.0 - b1)
        torch._foreach_mul_(v_list, b2)
        torch._foreach_addcmul_(v_list, grads, grads, value=1.0 - b2)
        # sqrt(v / (1 - b2**t)) + eps, then the two Nesterov terms of m_hat.
        denominators = torch._foreach_sqrt(v_list)
        torch._foreach_div_(denominators, math.sqrt(1.0 - b2**t))
        torch._foreach_add_(denominators, self.epsilon)
        torch._foreach_addcdiv_(variables, m_list, denominators,
                                value=-learning_rate * u_t_1 / (1.0 - u_product_t_1))
        torch._foreach_addcdiv_(variables, grads, denominators,
                                value=-learning_rate * (1.0 - u_t) / (1.0 - u_product_t))

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2,
                       "epsilon": self.epsilon})
        return config
