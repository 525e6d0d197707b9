"""``keras.optimizers.schedules``: learning rate schedules."""

from torcheras.optimizers.schedules._base import LearningRateSchedule
from torcheras.optimizers.schedules._cosine import CosineDecay, CosineDecayRestarts
from torcheras.optimizers.schedules._exponential import ExponentialDecay, InverseTimeDecay
from torcheras.optimizers.schedules._piecewise import PiecewiseConstantDecay, PolynomialDecay
from torcheras.optimizers.schedules._serialization import deserialize, serialize

__all__ = [
    "CosineDecay",
    "CosineDecayRestarts",
    "ExponentialDecay",
    "InverseTimeDecay",
    "LearningRateSchedule",
    "PiecewiseConstantDecay",
    "PolynomialDecay",
    "deserialize",
    "serialize",
]
