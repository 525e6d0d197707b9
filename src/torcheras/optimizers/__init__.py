"""``keras.optimizers``: the optimizers, their base class and learning rate schedules.

Keras 2's lowercase aliases (``keras.optimizers.adam``, ``sgd``, ...) are served on first
use from ``torcheras.legacy.optimizers`` and stay out of ``__all__``.
"""

from torcheras.legacy._serve import legacy_attribute as _legacy_attribute
from torcheras.optimizers import legacy, schedules
from torcheras.optimizers._adadelta import Adadelta
from torcheras.optimizers._adafactor import Adafactor
from torcheras.optimizers._adagrad import Adagrad
from torcheras.optimizers._adam import Adam
from torcheras.optimizers._adamax import Adamax
from torcheras.optimizers._adamw import AdamW
from torcheras.optimizers._base import Optimizer
from torcheras.optimizers._ftrl import Ftrl
from torcheras.optimizers._lion import Lion
from torcheras.optimizers._loss_scale_optimizer import LossScaleOptimizer
from torcheras.optimizers._nadam import Nadam
from torcheras.optimizers._registry import deserialize, get, serialize
from torcheras.optimizers._rmsprop import RMSprop
from torcheras.optimizers._sgd import SGD

__all__ = [
    "SGD",
    "Adadelta",
    "Adafactor",
    "Adagrad",
    "Adam",
    "AdamW",
    "Adamax",
    "Ftrl",
    "Lion",
    "LossScaleOptimizer",
    "Nadam",
    "Optimizer",
    "RMSprop",
    "deserialize",
    "get",
    "legacy",
    "schedules",
    "serialize",
]


def __getattr__(name: str):
    # torcheras.legacy.optimizers imports this package: loaded on first use, not here.
    value = _legacy_attribute(__name__, name)
    globals()[name] = value
    return value
