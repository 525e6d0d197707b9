"""Keras 2's optimizer ``decay``, as a schedule whose base rate stays settable.

Keras 2 kept ``lr`` a variable and divided it by ``1 + decay * iterations`` at each step,
so ``K.set_value(model.optimizer.lr, ...)``, ``LearningRateScheduler`` and
``ReduceLROnPlateau`` still changed the base rate of an optimizer built with ``decay``.
``Keras2Decay`` is Keras 3's ``InverseTimeDecay(lr, decay_steps=1, decay_rate=decay)``
whose ``initial_learning_rate`` lives in a scalar variable, ``base_learning_rate``; the
optimizer reads and writes that variable as its learning rate. It saves as the plain
``InverseTimeDecay`` it computes, so files stay loadable by Keras 3.
"""

from __future__ import annotations

from torcheras.optimizers._host_scalar import HostScalar
from torcheras.optimizers.schedules._exponential import InverseTimeDecay


class Keras2Decay(InverseTimeDecay):
    """``learning_rate / (1 + decay * step)`` with a settable ``learning_rate``.

    Args:
        learning_rate: The base rate (Keras 2's ``lr``).
        decay: Keras 2's ``decay`` (>= 0).

    >>> schedule = Keras2Decay(0.5, decay=1.0)
    >>> round(float(schedule(1)), 6)
    0.25
    >>> _ = schedule.base_learning_rate.assign(1.0)
    >>> round(float(schedule(1)), 6), schedule.get_config()["initial_learning_rate"]
    (0.5, 1.0)
    """

    _serialized_class = InverseTimeDecay

    def __init__(self, learning_rate: float, decay: float) -> None:
        self.base_learning_rate = HostScalar(float(learning_rate), "float64", "learning_rate")
        super().__init__(learning_rate, decay_steps=1, decay_rate=decay)

    @property
    def initial_learning_rate(self) -> float:
        return float(self.base_learning_rate._value)

    @initial_learning_rate.setter
    def initial_learning_rate(self, value) -> None:
        self.base_learning_rate.assign(float(value))
