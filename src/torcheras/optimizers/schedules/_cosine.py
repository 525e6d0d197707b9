"""``CosineDecay`` (with optional linear warmup) and ``CosineDecayRestarts``."""

from __future__ import annotations

import math

from torcheras.optimizers.schedules._base import BuiltinSchedule, check_steps


class CosineDecay(BuiltinSchedule):
    """A `LearningRateSchedule` that uses a cosine decay with optional warmup.

    Without ``warmup_target`` the rate decays from ``initial_learning_rate`` to
    ``initial_learning_rate * alpha`` over ``decay_steps``:
    ``lr * ((1 - alpha) * 0.5 * (1 + cos(pi * min(step, decay_steps) / decay_steps))
    + alpha)``. With ``warmup_target``, the rate first rises linearly from
    ``initial_learning_rate`` to ``warmup_target`` over ``warmup_steps``, then decays
    from ``warmup_target`` as above.

    Args:
        initial_learning_rate: A Python float. The initial learning rate.
        decay_steps: A Python int. Number of steps to decay over.
        alpha: A Python float. Minimum learning rate value for decay as a fraction of
            `warmup_target` or, if `warmup_target` is None, `initial_learning_rate`.
        name: String. Optional name of the operation. Defaults to `"CosineDecay"`.
        warmup_target: A Python float. The target learning rate for the warmup phase.
            `None` skips warmup.
        warmup_steps: A Python int. Number of steps to warmup over.

    Returns:
        A 1-arg callable learning rate schedule that takes the current optimizer step
        and outputs the decayed learning rate, a scalar float32 tensor.

    Example:

    >>> schedule = CosineDecay(0.0, decay_steps=10, warmup_target=0.1, warmup_steps=10)
    >>> [round(float(schedule(s)), 6) for s in (5, 10, 15, 20)]
    [0.05, 0.1, 0.05, 0.0]
    """

    def __init__(self, initial_learning_rate, decay_steps, alpha=0.0, name="CosineDecay",
                 warmup_target=None, warmup_steps=0):
        super().__init__()
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.alpha = alpha
        self.name = name
        self.warmup_steps = warmup_steps
        self.warmup_target = warmup_target
        check_steps("decay_steps", decay_steps)

    def _decay(self, step: float, decay_from: float) -> float:
        cosine = 0.5 * (1.0 + math.cos(math.pi * step / float(self.decay_steps)))
        alpha = float(self.alpha)
        return decay_from * ((1.0 - alpha) * cosine + alpha)

    def _value(self, step: float) -> float:
        initial = float(self.initial_learning_rate)
        decay_steps = float(self.decay_steps)
        if self.warmup_target is None:
            return self._decay(min(step, decay_steps), initial)
        target = float(self.warmup_target)
        warmup_steps = float(self.warmup_steps)
        step = min(step, decay_steps + warmup_steps)
        if step < warmup_steps:
            return (target - initial) * (step / warmup_steps) + initial
        return self._decay(step - warmup_steps, target)

    def get_config(self) -> dict:
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "alpha": self.alpha,
            "name": self.name,
            "warmup_target": self.warmup_target,
            "warmup_steps": self.warmup_steps,
        }


class CosineDecayRestarts(BuiltinSchedule):
    """A `LearningRateSchedule` that uses a cosine decay schedule with restarts.

    The multiplier decays from 1 to ``alpha`` over ``first_decay_steps``; then a warm
    restart begins a period ``t_mul`` times longer, starting from ``m_mul`` times the
    previous starting rate (SGDR, Loshchilov & Hutter 2016).

    Args:
        initial_learning_rate: A Python float. The initial learning rate.
        first_decay_steps: A Python integer. Number of steps to decay over.
        t_mul: A Python float. Used to derive the number of iterations in the i-th
            period.
        m_mul: A Python float. Used to derive the initial learning rate of the i-th
            period.
        alpha: A Python float. Minimum learning rate value as a fraction of the
            `initial_learning_rate`.
        name: String. Optional name of the operation. Defaults to `"SGDRDecay"`.

    Returns:
        A 1-arg callable learning rate schedule that takes the current optimizer step
        and outputs the decayed learning rate, a scalar float32 tensor.

    Example:

    >>> schedule = CosineDecayRestarts(1.0, first_decay_steps=10, m_mul=0.5)
    >>> [round(float(schedule(s)), 6) for s in (0, 5, 10)]
    [1.0, 0.5, 0.5]
    """

    def __init__(self, initial_learning_rate, first_decay_steps, t_mul=2.0, m_mul=1.0,
                 alpha=0.0, name="SGDRDecay"):
        super().__init__()
        self.initial_learning_rate = initial_learning_rate
        self.first_decay_steps = first_decay_steps
        self._t_mul = t_mul
        self._m_mul = m_mul
        self.alpha = alpha
        self.name = name
        check_steps("first_decay_steps", first_decay_steps)

    def _value(self, step: float) -> float:
        t_mul, m_mul, alpha = float(self._t_mul), float(self._m_mul), float(self.alpha)
        fraction = step / float(self.first_decay_steps)
        if t_mul == 1.0:
            i_restart = math.floor(fraction)
            fraction -= i_restart
        else:
            restarts = math.log(1.0 - fraction * (1.0 - t_mul)) / math.log(t_mul)
            # Exactly at a restart the float64 log ratio can land a hair below the
            # integer; snap so the new period starts there, as the math says.
            if abs(restarts - round(restarts)) < 1e-9:
                restarts = round(restarts)
            i_restart = math.floor(restarts)
            sum_r = (1.0 - t_mul**i_restart) / (1.0 - t_mul)
            fraction = (fraction - sum_r) / t_mul**i_restart
        cosine = 0.5 * m_mul**i_restart * (1.0 + math.cos(math.pi * fraction))
        return float(self.initial_learning_rate) * ((1.0 - alpha) * cosine + alpha)

    def get_config(self) -> dict:
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "first_decay_steps": self.first_decay_steps,
            "t_mul": self._t_mul,
            "m_mul": self._m_mul,
            "alpha": self.alpha,
            "name": self.name,
        }
