"""``keras.optimizers.Ftrl``."""

from __future__ import annotations

import torch

from torcheras.optimizers import _validation as V
from torcheras.optimizers._base import Optimizer


def _non_negative(name: str, value) -> float:
    if not V.is_number(value):
        raise TypeError(f"Argument `{name}` must be a float. Received: {name}={value!r} "
                        f"(of type {type(value).__name__})")
    if value < 0.0:
        raise ValueError(f"`{name}` needs to be positive or zero. Received: {name}={value}.")
    return float(value)


class Ftrl(Optimizer):
    """Optimizer that implements the FTRL algorithm ("Follow The Regularized Leader").

    The version of McMahan et al. (2013) with online L2 (the `l2_regularization_strength`)
    and L2 shrinkage (a penalty on the loss) regularization, as in Keras.

    Args:
        learning_rate: A float, a `LearningRateSchedule`, or a callable taking no
            arguments. Defaults to `0.001`.
        learning_rate_power: A float value, must be less or equal to zero. Controls how
            the learning rate decreases during training. Use zero for a fixed rate.
        initial_accumulator_value: The starting value for accumulators. Only zero or
            positive values are allowed.
        l1_regularization_strength: A float value, must be greater than or equal to zero.
        l2_regularization_strength: A float value, must be greater than or equal to zero.
        l2_shrinkage_regularization_strength: A float value, must be greater than or
            equal to zero. A magnitude penalty, unlike the stabilization penalty above.
        beta: A float value, representing the beta value from the paper.
        weight_decay, clipnorm, clipvalue, global_clipnorm, use_ema, ema_momentum,
        ema_overwrite_frequency, loss_scale_factor, gradient_accumulation_steps, name:
            See `keras.optimizers.Optimizer`.

    Example:

    >>> import numpy as np, torch
    >>> from torcheras.backend import Variable
    >>> w = Variable(np.array([0.0]))
    >>> Ftrl(learning_rate=0.1, initial_accumulator_value=0.0).apply([torch.tensor([2.0])], [w])
    >>> np.round(w.numpy(), 5)
    array([-0.1], dtype=float32)
    """

    def __init__(self, learning_rate=0.001, learning_rate_power=-0.5,
                 initial_accumulator_value=0.1, l1_regularization_strength=0.0,
                 l2_regularization_strength=0.0, l2_shrinkage_regularization_strength=0.0,
                 beta=0.0, weight_decay=None, clipnorm=None, clipvalue=None,
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
        self.initial_accumulator_value = _non_negative(
            "initial_accumulator_value", initial_accumulator_value)
        if not V.is_number(learning_rate_power):
            raise TypeError("Argument `learning_rate_power` must be a float. Received: "
                            f"learning_rate_power={learning_rate_power!r}")
        if learning_rate_power > 0.0:
            raise ValueError(
                "`learning_rate_power` needs to be negative or zero. Received: "
                f"learning_rate_power={learning_rate_power}.")
        self.learning_rate_power = float(learning_rate_power)
        self.l1_regularization_strength = _non_negative(
            "l1_regularization_strength", l1_regularization_strength)
        self.l2_regularization_strength = _non_negative(
            "l2_regularization_strength", l2_regularization_strength)
        self.l2_shrinkage_regularization_strength = _non_negative(
            "l2_shrinkage_regularization_strength", l2_shrinkage_regularization_strength)
        self.beta = V.check_float("beta", beta)

    def build(self, var_list) -> None:
        if self.built:
            return
        super().build(var_list)
        self._accumulators, self._linears = self.add_optimizer_variables(
            var_list, ["accumulator", "linear"],
            initializer=[self.initial_accumulator_value, "zeros"])

    def _backend_update_step(self, grads, variables, learning_rate) -> None:
        accumulators = self._slots_for(self._accumulators, variables)
        linears = self._slots_for(self._linears, variables)
        power = -self.learning_rate_power
        l2 = self.l2_regularization_strength + self.beta / (2.0 * learning_rate)
        shrink = self.l2_shrinkage_regularization_strength
        l1 = self.l1_regularization_strength
        new_accumulators = torch._foreach_addcmul(accumulators, grads, grads)
        new_powers = torch._foreach_pow(new_accumulators, power)
        sigma = torch._foreach_sub(new_powers, torch._foreach_pow(accumulators, power))
        torch._foreach_div_(sigma, learning_rate)
        torch._foreach_mul_(sigma, variables)
        torch._foreach_add_(linears, grads)
        if shrink:
            torch._foreach_add_(linears, variables, alpha=2.0 * shrink)
        torch._foreach_sub_(linears, sigma)
        quadratic = torch._foreach_div(new_powers, learning_rate)
        torch._foreach_add_(quadratic, 2.0 * l2)
        new_values = torch._foreach_clamp_min(linears, -l1)
        torch._foreach_clamp_max_(new_values, l1)
        torch._foreach_sub_(new_values, linears)
        torch._foreach_div_(new_values, quadratic)
        torch._foreach_copy_(variables, new_values)
        torch._foreach_copy_(accumulators, new_accumulators)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "learning_rate_power": self.learning_rate_power,
            "initial_accumulator_value": self.initial_accumulator_value,
            "l1_regularization_strength": self.l1_regularization_strength,
            "l2_regularization_strength": self.l2_regularization_strength,
            "l2_shrinkage_regularization_strength":
                self.l2_shrinkage_regularization_strength,
            "beta": self.beta,
        })
        return config
