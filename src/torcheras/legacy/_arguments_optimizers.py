"""The legacy-argument table's named preprocessors for optimizers (Keras 2.3.1's
``keras/optimizers.py``): ``decay``, ``epsilon=None`` and Nadam's ``schedule_decay``.

``torcheras.optimizers._base`` imports this module so that they are registered before the
first optimizer is built (they need the schedules, which live in the optimizers package).
"""

from __future__ import annotations

import inspect

from torcheras.backend import _config
from torcheras.legacy._arguments_core import owner_name, preprocessor, warn_once
from torcheras.legacy._keras2_decay import Keras2Decay
from torcheras.optimizers.schedules._base import LearningRateSchedule

# Nadam's momentum schedule, fixed in Keras 3 at Keras 2's default.
_NADAM_SCHEDULE_DECAY = 0.004


@preprocessor("optimizer_epsilon", ("epsilon=None",))
def optimizer_epsilon(owner, args: tuple, kwargs: dict):
    """Keras 2's ``epsilon=None`` meant ``K.epsilon()`` (1e-7 unless changed)."""
    if "epsilon" in kwargs and kwargs["epsilon"] is None:
        kwargs["epsilon"] = _config.epsilon()
        warn_once(f"{owner_name(owner)}(epsilon=None)",
                  f"use `epsilon={kwargs['epsilon']!r}` (Keras 2 read `K.epsilon()`)", 2)
    return args, kwargs


@preprocessor("optimizer_decay", ("decay",))
def optimizer_decay(owner, args: tuple, kwargs: dict):
    """Keras 2's time-based ``decay``: the rate at step ``t`` is ``lr / (1 + decay * t)``,
    which is ``InverseTimeDecay(lr, decay_steps=1, decay_rate=decay)``. ``decay=0`` (in
    every Keras 2 optimizer config) changes nothing and is dropped quietly."""
    if "decay" not in kwargs:
        return args, kwargs
    decay = kwargs.pop("decay")
    if decay is None or (isinstance(decay, (int, float)) and decay == 0):
        return args, kwargs
    if isinstance(decay, bool) or not isinstance(decay, (int, float)) or decay < 0:
        raise ValueError(f"Argument `decay` must be >= 0. Received: decay={decay!r}")
    positional = bool(args)
    rate = args[0] if positional else kwargs.get("learning_rate", _default_rate(owner))
    if isinstance(rate, LearningRateSchedule) or callable(rate):
        raise ValueError(
            "Keras 2's `decay` applies to a float learning rate; with a schedule, fold the "
            "decay into the schedule. Received: learning_rate="
            f"{rate!r}, decay={decay!r}")
    schedule = Keras2Decay(float(rate), float(decay))
    warn_once(f"{owner_name(owner)}(decay=...)",
              "use `learning_rate=keras.optimizers.schedules.InverseTimeDecay(lr, "
              "decay_steps=1, decay_rate=decay)`", 2)
    if positional:
        return (schedule,) + tuple(args[1:]), kwargs
    kwargs["learning_rate"] = schedule
    return args, kwargs


@preprocessor("nadam_schedule_decay", ("schedule_decay",))
def nadam_schedule_decay(owner, args: tuple, kwargs: dict):
    """Keras 2's ``Nadam(schedule_decay=0.004)``: Keras 3 fixes it at that value."""
    if "schedule_decay" not in kwargs:
        return args, kwargs
    value = kwargs.pop("schedule_decay")
    if value != _NADAM_SCHEDULE_DECAY:
        raise ValueError(
            f"Keras 3's Nadam fixes the momentum schedule decay at {_NADAM_SCHEDULE_DECAY}; "
            f"other values are not supported. Received: schedule_decay={value!r}")
    warn_once(f"{owner_name(owner)}(schedule_decay=...)",
              f"remove it ({_NADAM_SCHEDULE_DECAY} is built in)", 2)
    return args, kwargs


def _default_rate(owner) -> float:
    parameter = inspect.signature(owner.__init__).parameters.get("learning_rate")
    if parameter is None or parameter.default is inspect.Parameter.empty:
        raise TypeError(f"{owner_name(owner)}() needs a `learning_rate` to apply `decay` to.")
    return parameter.default
