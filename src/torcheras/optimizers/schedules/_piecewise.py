"""``PiecewiseConstantDecay`` and ``PolynomialDecay``."""

from __future__ import annotations

import bisect
import math

from torcheras.optimizers.schedules._base import BuiltinSchedule, check_steps


class PiecewiseConstantDecay(BuiltinSchedule):
    """A `LearningRateSchedule` that uses a piecewise constant decay schedule.

    The rate is ``values[0]`` while ``step <= boundaries[0]``, ``values[1]`` while
    ``boundaries[0] < step <= boundaries[1]``, ..., and ``values[-1]`` after
    ``boundaries[-1]``.

    Args:
        boundaries: A list of Python numbers with strictly increasing entries.
        values: A list of Python numbers, one more than `boundaries`.
        name: A string. Optional name of the operation. Defaults to
            `"PiecewiseConstant"`.

    Returns:
        A 1-arg callable learning rate schedule that takes the current optimizer step
        and outputs the learning rate, a scalar float32 tensor.

    Raises:
        ValueError: if the number of elements in the `boundaries` and `values` lists
            do not match.

    Example:

    >>> schedule = PiecewiseConstantDecay([10, 20], [1.0, 0.5, 0.1])
    >>> [float(schedule(s)) for s in (10, 11, 21)]
    [1.0, 0.5, 0.10000000149011612]
    """

    def __init__(self, boundaries, values, name="PiecewiseConstant"):
        super().__init__()
        if len(boundaries) != len(values) - 1:
            raise ValueError(
                "The length of boundaries should be 1 less than the length of "
                f"values. Received: boundaries={boundaries} of length "
                f"{len(boundaries)}, and values={values} "
                f"of length {len(values)}."
            )
        self.boundaries = boundaries
        self.values = values
        self.name = name
        self._sorted = [float(b) for b in boundaries]
        self._floats = [float(v) for v in values]

    def _value(self, step: float) -> float:
        return self._floats[bisect.bisect_left(self._sorted, step)]

    def get_config(self) -> dict:
        return {"boundaries": self.boundaries, "values": self.values, "name": self.name}


class PolynomialDecay(BuiltinSchedule):
    """A `LearningRateSchedule` that uses a polynomial decay schedule.

    With ``step = min(step, decay_steps)`` the rate is
    ``(initial_learning_rate - end_learning_rate) * (1 - step / decay_steps) ** power
    + end_learning_rate``. With ``cycle=True``, ``decay_steps`` is replaced by its
    first multiple that is not smaller than ``step``.

    Args:
        initial_learning_rate: A Python float. The initial learning rate.
        decay_steps: A Python integer. Must be positive.
        end_learning_rate: A Python float. The minimal end learning rate.
        power: A Python float. The power of the polynomial. Defaults to `1.0`.
        cycle: A boolean, whether it should cycle beyond decay_steps.
        name: String. Optional name of the operation. Defaults to `"PolynomialDecay"`.

    Returns:
        A 1-arg callable learning rate schedule that takes the current optimizer step
        and outputs the decayed learning rate, a scalar float32 tensor.

    Example:

    >>> schedule = PolynomialDecay(0.1, decay_steps=10, end_learning_rate=0.0)
    >>> round(float(schedule(5)), 6)
    0.05
    """

    def __init__(self, initial_learning_rate, decay_steps, end_learning_rate=0.0001,
                 power=1.0, cycle=False, name="PolynomialDecay"):
        super().__init__()
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.end_learning_rate = end_learning_rate
        self.power = power
        self.cycle = cycle
        self.name = name
        check_steps("decay_steps", decay_steps)

    def _value(self, step: float) -> float:
        decay_steps = float(self.decay_steps)
        if self.cycle:
            multiplier = 1.0 if step == 0 else math.ceil(step / decay_steps)
            decay_steps *= multiplier
        else:
            step = min(step, decay_steps)
        p = step / decay_steps
        start, end = float(self.initial_learning_rate), float(self.end_learning_rate)
        return (start - end) * (1.0 - p) ** float(self.power) + end

    def get_config(self) -> dict:
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "end_learning_rate": self.end_learning_rate,
            "power": self.power,
            "cycle": self.cycle,
            "name": self.name,
        }
