"""``keras.optimizers.schedules.LearningRateSchedule``: the base of all schedules.

Optimizers evaluate a schedule once per step on the host, from the Python step count,
so a schedule never costs a device round trip during training.
"""

from __future__ import annotations

import numpy as np
import torch

from torcheras.backend import _device


class LearningRateSchedule:
    """The learning rate schedule base class.

    A schedule maps the optimizer step (an integer) to a learning rate. Pass an instance
    as the ``learning_rate`` of any optimizer. To write your own, override
    ``__call__(self, step)`` and, to make it serializable, ``get_config()``.

    The optimizer calls the schedule with a Python ``int`` step.

    Example:

    >>> class MyLRSchedule(LearningRateSchedule):
    ...     def __init__(self, initial_learning_rate):
    ...         self.initial_learning_rate = initial_learning_rate
    ...     def __call__(self, step):
    ...         return self.initial_learning_rate / (step + 1)
    >>> MyLRSchedule(0.1)(4)
    0.02
    """

    def __call__(self, step):
        raise NotImplementedError(
            f"Learning rate schedule '{self.__class__.__name__}' "
            "must override `__call__(self, step)`."
        )

    def get_config(self) -> dict:
        raise NotImplementedError(
            f"Learning rate schedule '{self.__class__.__name__}' "
            "must override `get_config()` in order to be serializable."
        )

    @classmethod
    def from_config(cls, config: dict):
        """Instantiates a `LearningRateSchedule` from its config.

        Args:
            config: Output of `get_config()`.

        Returns:
            A `LearningRateSchedule` instance.
        """
        return cls(**config)

    def _host_value(self, step: int) -> float:
        """The learning rate at ``step`` as a Python float (what optimizers use)."""
        value = self(step)
        if isinstance(value, (int, float)):
            return float(value)
        return float(np.asarray(_device.convert_to_numpy(value)))


class BuiltinSchedule(LearningRateSchedule):
    """Base of the built-in schedules: they compute in Python floats.

    Subclasses implement ``_value(step: float) -> float``; ``__call__`` wraps it in a
    0-d float32 tensor, as Keras returns a tensor.
    """

    def _value(self, step: float) -> float:
        raise NotImplementedError

    def __call__(self, step) -> torch.Tensor:
        return torch.tensor(self._value(_step_to_float(step)), dtype=torch.float32)

    def _host_value(self, step: int) -> float:
        # A user subclass that overrides __call__ must be honoured.
        if type(self).__call__ is not BuiltinSchedule.__call__:
            return super()._host_value(step)
        return self._value(float(step))


def _step_to_float(step) -> float:
    if isinstance(step, torch.Tensor):
        return float(step.detach().cpu())
    return float(np.asarray(step))


def check_steps(name: str, value) -> None:
    """Keras's check of ``decay_steps``-like arguments (kept as given, not converted)."""
    try:
        bad = value <= 0
    except TypeError:
        raise TypeError(
            f"Argument `{name}` must be a number > 0. "
            f"Received: {name}={value!r} (of type {type(value).__name__})"
        ) from None
    if bad:
        raise ValueError(f"Argument `{name}` must be > 0. Received: {name}={value}")
