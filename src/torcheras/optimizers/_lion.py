"""``keras.optimizers.Lion``."""

from __future__ import annotations

import torch

from torcheras.optimizers import _validation as V
from torcheras.optimizers._base import Optimizer


class Lion(Optimizer):
    """Optimizer that implements the Lion algorithm.

    Uses the sign of an interpolation of momentum and gradient (Chen et al., 2023):
    `w -= lr * sign(b1 * m + (1 - b1) * g); m = b2 * m + (1 - b2) * g`. A suitable
    learning rate is typically 3-10x smaller than for AdamW.

    Args:
        learning_rate: A float, a `LearningRateSchedule`, or a callable taking no
            arguments. Defaults to `0.001`.
        beta_1: The rate to combine the current gradient and the 1st moment estimate,
            in (0, 1]. Defaults to `0.9`.
        beta_2: The exponential decay rate for the 1st moment estimate, in [0, 1].
            Defaults to `0.99`.
        weight_decay, clipnorm, clipvalue, global_clipnorm, use_ema, ema_momentum,
        ema_overwrite_frequency, loss_scale_factor, gradient_accumulation_steps, name:
            See `keras.optimizers.Optimizer`.

    Example:

    >>> import numpy as np, torch
    >>> from torcheras.backend import Variable
    >>> w = Variable(np.array([1.0, 1.0]))
    >>> Lion(learning_rate=0.1).apply([torch.tensor([2.0, -3.0])], [w])
    >>> w.numpy()
    array([0.9, 1.1], dtype=float32)
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.99, weight_decay=None,
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
        if not V.is_number(beta_1) or beta_1 <= 0 or beta_1 > 1:
            raise ValueError(
                "Argument `beta_1` must be in the [0, 1] range. Otherwise, the "
                f"optimizer degenerates to SignSGD. Received: beta_1={beta_1}."
            )
        self.beta_1 = float(beta_1)
        self.beta_2 = V.check_float("beta_2", beta_2, low=0.0, high=1.0)

    def build(self, var_list) -> None:
        if self.built:
            return
        super().build(var_list)
        self._momentums = self.add_optimizer_variables(var_list, "momentum")

    def _backend_update_step(self, grads, variables, learning_rate) -> None:
        m_list = self._slots_for(self._momentums, variables)
        directions = torch._foreach_mul(m_list, self.beta_1)
        torch._foreach_add_(directions, grads, alpha=1.0 - self.beta_1)
        torch._foreach_sign_(directions)
        torch._foreach_add_(variables, directions, alpha=-learning_rate)
        torch._foreach_mul_(m_list, self.beta_2)
        torch._foreach_add_(m_list, grads, alpha=1.0 - self.beta_2)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2})
        return config
