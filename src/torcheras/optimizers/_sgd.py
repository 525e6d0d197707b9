"""``keras.optimizers.SGD``."""

from __future__ import annotations

import torch

from torcheras.optimizers import _validation as V
from torcheras.optimizers._base import Optimizer


class SGD(Optimizer):
    """Gradient descent (with momentum) optimizer.

    Update rule for parameter `w` with gradient `g` when `momentum` is 0:
    `w = w - learning_rate * g`. When `momentum` is larger than 0:
    `velocity = momentum * velocity - learning_rate * g; w = w + velocity`.
    With `nesterov=True`: `w = w + momentum * velocity - learning_rate * g`.

    Args:
        learning_rate: A float, a `LearningRateSchedule`, or a callable taking no
            arguments. Defaults to `0.01`.
        momentum: float hyperparameter in [0, 1] that accelerates gradient descent in
            the relevant direction and dampens oscillations. Defaults to `0.0`.
        nesterov: boolean. Whether to apply Nesterov momentum. Defaults to `False`.
        weight_decay, clipnorm, clipvalue, global_clipnorm, use_ema, ema_momentum,
        ema_overwrite_frequency, loss_scale_factor, gradient_accumulation_steps, name:
            See `keras.optimizers.Optimizer`.

    Example:

    >>> import numpy as np, torch
    >>> from torcheras.backend import Variable
    >>> w = Variable(np.array([1.0, 2.0]), name="w")
    >>> opt = SGD(learning_rate=0.1, momentum=0.9)
    >>> opt.apply([torch.tensor([1.0, 1.0])], [w])
    >>> w.numpy()
    array([0.9, 1.9], dtype=float32)
    """

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, weight_decay=None,
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
        if not V.is_number(momentum) or momentum < 0 or momentum > 1:
            raise ValueError(
                f"`momentum` must be a float between [0, 1]. Received: momentum={momentum!r}")
        self.momentum = float(momentum)
        self.nesterov = V.check_bool("nesterov", nesterov)

    def build(self, variables) -> None:
        if self.built:
            return
        super().build(variables)
        self.momentums = []
        if self.momentum != 0:
            self.momentums = self.add_optimizer_variables(variables, "momentum")

    def _backend_update_step(self, grads, variables, learning_rate) -> None:
        if self.momentum == 0:
            torch._foreach_add_(variables, grads, alpha=-learning_rate)
            return
        bufs = self._slots_for(self.momentums, variables)
        torch._foreach_mul_(bufs, self.momentum)
        torch._foreach_add_(bufs, grads, alpha=-learning_rate)
        if self.nesterov:
            torch._foreach_add_(variables, grads, alpha=-learning_rate)
            torch._foreach_add_(variables, bufs, alpha=self.momentum)
        else:
            torch._foreach_add_(variables, bufs)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"momentum": self.momentum, "nesterov": self.nesterov})
        return config
