"""``LossScaleOptimizer``: dynamic loss scaling for float16 training.

float16 gradients of small losses underflow to zero; the loss is multiplied by a large
scale before differentiating and the gradients divided by it before the update. A step
whose gradients hold inf/NaN (the scale was too large) is skipped and the scale halved;
after ``dynamic_growth_steps`` good steps in a row the scale doubles.
"""

from __future__ import annotations

from collections.abc import Mapping

import torch

from torcheras.optimizers._base import Optimizer
from torcheras.optimizers._host_scalar import HostScalar
from torcheras.optimizers._registry import deserialize, serialize

_BASE_DEFAULTS = {
    "weight_decay": None, "clipnorm": None, "global_clipnorm": None, "clipvalue": None,
    "use_ema": False, "ema_momentum": 0.99, "ema_overwrite_frequency": None,
    "loss_scale_factor": None, "gradient_accumulation_steps": None,
}


class LossScaleOptimizer(Optimizer):
    """An optimizer that scales the loss dynamically so float16 gradients do not underflow.

    Args:
        inner_optimizer: The ``keras.optimizers.Optimizer`` that applies the updates.
        initial_scale: The starting loss scale (a large power of two).
        dynamic_growth_steps: After this many steps with finite gradients in a row, the
            scale doubles.
        name: The optimizer's name.
        **kwargs: Keras's old arguments: ``dynamic=True`` and the base optimizer's
            defaults are accepted; anything else is a ``ValueError``.

    Example:

    >>> import torcheras as keras
    >>> opt = LossScaleOptimizer(keras.optimizers.SGD(), initial_scale=8.0)
    >>> float(opt.scale_loss(torch.tensor(2.0)))
    16.0
    """

    def __init__(self, inner_optimizer, initial_scale=2.0**15, dynamic_growth_steps=2000,
                 name=None, **kwargs):
        if not kwargs.pop("dynamic", True):
            raise ValueError(
                "LossScaleOptimizer no longer supports `dynamic=False`. Instead, simply set "
                "`loss_scale_factor` directly on the `inner_optimizer`."
            )
        for arg, default in _BASE_DEFAULTS.items():
            if arg in kwargs and kwargs.pop(arg) != default:
                raise ValueError(
                    f"LossScaleOptimizer does not support `{arg}`. Instead, set `{arg}` on "
                    "the `inner_optimizer`."
                )
        if kwargs:
            raise ValueError(
                f"LossScaleOptimizer does not support arguments: `{'`, `'.join(kwargs)}`."
            )
        if not isinstance(inner_optimizer, Optimizer):
            raise ValueError(
                "Argument `inner_optimizer` must be a `keras.optimizers.Optimizer` instance. "
                f"Received: inner_optimizer={inner_optimizer!r}"
            )
        if not isinstance(initial_scale, (int, float)) or not initial_scale > 0:
            raise ValueError(
                "Argument `initial_scale` must be a positive number. "
                f"Received: initial_scale={initial_scale!r}"
            )
        if not isinstance(dynamic_growth_steps, int) or dynamic_growth_steps < 1:
            raise ValueError(
                "Argument `dynamic_growth_steps` must be a positive integer. "
                f"Received: dynamic_growth_steps={dynamic_growth_steps!r}"
            )
        super().__init__(learning_rate=0.0, name=name)
        self.inner_optimizer = inner_optimizer
        self.initial_scale = float(initial_scale)
        self.dynamic_growth_steps = dynamic_growth_steps
        # The inner optimizer must not scale again.
        self.inner_optimizer.loss_scale_factor = None

    def build(self, variables) -> None:
        """Create the scale state and the inner optimizer's state."""
        self.step_counter = HostScalar(0, "int64", "step_counter", f"{self.name}/step_counter")
        self.dynamic_scale = HostScalar(self.initial_scale, "float32", "dynamic_scale",
                                        f"{self.name}/dynamic_scale")
        self._variables.extend([self.step_counter, self.dynamic_scale])
        if not self.inner_optimizer.built:
            self.inner_optimizer.build(variables)
        self.built = True

    @property
    def variables(self) -> list:
        return self._variables[:] + self.inner_optimizer.variables

    def scale_loss(self, loss):
        """``loss`` times the current scale."""
        scale = self.dynamic_scale._value if self.built else self.initial_scale
        return loss * scale

    def apply(self, grads, trainable_variables=None) -> None:
        """Unscale ``grads`` and apply them, or skip the step if any is inf/NaN."""
        grads = list(grads)
        if not self.built:
            self.build(trainable_variables or self.inner_optimizer._trainable_variables)
        present = [g for g in grads if g is not None]
        finite = bool(torch.stack([torch.isfinite(g).all() for g in present]).all()) \
            if present else True
        if not finite:
            self.step_counter.assign(0)
            self.dynamic_scale.assign(self.dynamic_scale._value * 0.5)
            return
        scale = self.dynamic_scale._value
        with torch.no_grad():
            unscaled = [None if g is None else g / scale for g in grads]
        self.inner_optimizer.apply(unscaled, trainable_variables)
        if self.step_counter._value == self.dynamic_growth_steps - 1:
            self.step_counter.assign(0)
            self.dynamic_scale.assign(scale * 2.0)
        else:
            self.step_counter.assign(self.step_counter._value + 1)

    @property
    def learning_rate(self):
        return self.inner_optimizer.learning_rate

    @learning_rate.setter
    def learning_rate(self, learning_rate) -> None:
        if "inner_optimizer" not in self.__dict__:  # the base class's own initialisation
            Optimizer.learning_rate.fset(self, learning_rate)
            return
        self.inner_optimizer.learning_rate = learning_rate

    @property
    def iterations(self):
        return self.inner_optimizer.iterations

    def finalize_variable_values(self, var_list) -> None:
        self.inner_optimizer.finalize_variable_values(var_list)

    def get_config(self) -> dict:
        return {"name": self.name, "inner_optimizer": serialize(self.inner_optimizer),
                "initial_scale": self.initial_scale,
                "dynamic_growth_steps": self.dynamic_growth_steps}

    @classmethod
    def from_config(cls, config: Mapping, custom_objects: Mapping | None = None):
        config = dict(config)
        inner = deserialize(config.pop("inner_optimizer"), custom_objects=custom_objects)
        return cls(inner, **config)


def with_loss_scaling(optimizer, policy_name: str, auto_scale_loss: bool):
    """``compile``'s rule, as Keras's: under ``"mixed_float16"`` (and
    ``auto_scale_loss=True``) the optimizer is wrapped in a ``LossScaleOptimizer``."""
    if (auto_scale_loss and policy_name == "mixed_float16" and optimizer is not None
            and not isinstance(optimizer, LossScaleOptimizer)):
        return LossScaleOptimizer(optimizer, name=f"loss_scale_optimizer_{optimizer.name}")
    return optimizer
