"""``ExponentialDecay`` and ``InverseTimeDecay``."""

from __future__ import annotations

import math

from torcheras.optimizers.schedules._base import BuiltinSchedule, check_steps


class ExponentialDecay(BuiltinSchedule):
    """A `LearningRateSchedule` that uses an exponential decay schedule.

    ``initial_learning_rate * decay_rate ** (step / decay_steps)``; with
    ``staircase=True`` the exponent is floored, so the rate drops in steps.

    Args:
        initial_learning_rate: A Python float. The initial learning rate.
        decay_steps: A Python integer. Must be positive.
        decay_rate: A Python float. The decay rate.
        staircase: Boolean. If `True` decay the learning rate at discrete intervals.
        name: String. Optional name of the operation. Defaults to `"ExponentialDecay"`.

    Returns:
        A 1-arg callable learning rate schedule that takes the current optimizer step
        and outputs the decayed learning rate, a scalar float32 tensor.

    Example:

    >>> schedule = ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5)
    >>> round(float(schedule(10)), 6)
    0.05
    """

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False,
                 name="ExponentialDecay"):
        super().__init__()
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = staircase
        self.name = name
        check_steps("decay_steps", decay_steps)

    def _value(self, step: float) -> float:
        p = step / float(self.decay_steps)
        if self.staircase:
            p = math.floor(p)
        return float(self.initial_learning_rate) * float(self.decay_rate) ** p

    def get_config(self) -> dict:
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "decay_rate": self.decay_rate,
            "staircase": self.staircase,
            "name": self.name,
        }


class InverseTimeDecay(BuiltinSchedule):
    """A `LearningRateSchedule` that uses an inverse time decay schedule.

    ``initial_learning_rate / (1 + decay_rate * step / decay_steps)``; with
    ``staircase=True`` the ratio ``step / decay_steps`` is floored.

    Args:
        initial_learning_rate: A Python float. The initial learning rate.
        decay_steps: How often to apply decay.
        decay_rate: A Python number. The decay rate.
        staircase: Whether to apply decay in a discrete staircase, as opposed to
            continuous, fashion.
        name: String. Optional name of the operation. Defaults to `"InverseTimeDecay"`.

    Returns:
        A 1-arg callable learning rate schedule that takes the current optimizer step
        and outputs the decayed learning rate, a scalar float32 tensor.

    Example:

    >>> schedule = InverseTimeDecay(0.1, decay_steps=1.0, decay_rate=0.5)
    >>> round(float(schedule(2)), 6)
    0.05
    """

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False,
                 name="InverseTimeDecay"):
        super().__init__()
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = staircase
        self.name = name
        check_steps("decay_steps", decay_steps)

    def _value(self, step: float) -> float:
        p = step / float(self.decay_steps)
        if self.staircase:
            p = math.floor(p)
        return float(self.initial_learning_rate) / (1.0 + float(self.decay_rate) * p)

    def get_config(self) -> dict:
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "decay_rate": self.decay_rate,
            "staircase": self.staircase,
            "name": self.name,
        }
