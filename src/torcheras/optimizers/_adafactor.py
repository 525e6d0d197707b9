"""``keras.optimizers.Adafactor``."""

from __future__ import annotations

import math

import torch

from torcheras.optimizers import _validation as V
from torcheras.optimizers._base import Optimizer
from torcheras.optimizers._host_scalar import HostScalar


def _rms(x: torch.Tensor) -> torch.Tensor:
    return torch.sqrt(torch.mean(torch.square(x)))


class Adafactor(Optimizer):
    """Optimizer that implements the Adafactor algorithm (Shazeer & Stern, 2018).

    Keeps factored second moments (a row and a column average) for variables of rank
    >= 2, which saves memory, and scales updates by the variable's RMS.

    Args:
        learning_rate: A float, a `LearningRateSchedule`, or a callable taking no
            arguments. Defaults to `0.001`.
        beta_2_decay: float, defaults to -0.8. The decay rate of `beta_2`.
        epsilon_1: float, defaults to 1e-30. A small offset to keep denominator away
            from 0.
        epsilon_2: float, defaults to 1e-3. A small offset to avoid learning rate
            becoming too small by time.
        clip_threshold: float, defaults to 1.0. Clipping threshold.
        relative_step: bool, defaults to `True`. If `learning_rate` is a constant and
            `relative_step=True`, the learning rate is adjusted by the step count.
        weight_decay, clipnorm, clipvalue, global_clipnorm, use_ema, ema_momentum,
        ema_overwrite_frequency, loss_scale_factor, gradient_accumulation_steps, name:
            See `keras.optimizers.Optimizer`.

    Example:

    >>> import numpy as np, torch
    >>> from torcheras.backend import Variable
    >>> w = Variable(np.ones((2, 2)))
    >>> Adafactor(learning_rate=0.1).apply([torch.ones(2, 2)], [w])
    >>> np.round(w.numpy(), 5)
    array([[0.9, 0.9],
           [0.9, 0.9]], dtype=float32)
    """

    def __init__(self, learning_rate=0.001, beta_2_decay=-0.8, epsilon_1=1e-30,
                 epsilon_2=1e-3, clip_threshold=1.0, relative_step=True, weight_decay=None,
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
        self.beta_2_decay = V.check_float("beta_2_decay", beta_2_decay)
        self.epsilon_1 = V.check_float("epsilon_1", epsilon_1, low=0.0)
        self.epsilon_2 = V.check_float("epsilon_2", epsilon_2, low=0.0)
        self.clip_threshold = V.check_float("clip_threshold", clip_threshold, low=0.0,
                                            low_open=True)
        self.relative_step = V.check_bool("relative_step", relative_step)

    def build(self, var_list) -> None:
        if self.built:
            return
        super().build(var_list)
        self._r, self._c, self._v = [], [], []
        for var in var_list:
            if var.ndim < 2:
                # Placeholders keep the state list aligned with Keras's (for saving).
                for store in (self._r, self._c):
                    dummy = HostScalar(0, "int64", var.name, var.name)
                    self._variables.append(dummy)
                    store.append(dummy)
            else:
                shape = tuple(var.shape)
                self._r.append(self.add_variable(shape[:-1], dtype=var.dtype,
                                                 name=var.name, device=var.device))
                self._c.append(self.add_variable(shape[:-2] + shape[-1:], dtype=var.dtype,
                                                 name=var.name, device=var.device))
            self._v.append(self.add_variable_from_reference(var, "velocity"))

    def _backend_update_step(self, grads, variables, learning_rate) -> None:
        t = float(self._local_step())
        rho_t = min(learning_rate, 1.0 / math.sqrt(t))
        beta = 1.0 - t**self.beta_2_decay
        for grad, variable in zip(grads, variables, strict=True):
            index = self._get_variable_index(variable)
            r, c, v = self._r[index], self._c[index], self._v[index]
            alpha = torch.clamp(_rms(variable), min=self.epsilon_2) * rho_t
            squared = torch.square(grad) + self.epsilon_1
            if variable.ndim >= 2:
                r.mul_(beta).add_(squared.mean(dim=-1), alpha=1.0 - beta)
                c.mul_(beta).add_(squared.mean(dim=-2), alpha=1.0 - beta)
                v.copy_((r / r.mean(dim=-1, keepdim=True)).unsqueeze(-1) * c.unsqueeze(-2))
            else:
                v.mul_(beta).add_(squared, alpha=1.0 - beta)
            update = grad / torch.sqrt(v)
            update = update / torch.clamp(_rms(update) / self.clip_threshold, min=1.0)
            variable.sub_(alpha * update)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "beta_2_decay": self.beta_2_decay,
            "epsilon_1": self.epsilon_1,
            "epsilon_2": self.epsilon_2,
            "clip_threshold": self.clip_threshold,
            "relative_step": self.relative_step,
        })
        return config
