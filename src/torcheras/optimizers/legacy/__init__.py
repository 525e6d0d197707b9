"""``keras.optimizers.legacy``: the tf.keras 2.11+ spelling of the classic optimizers.

Keras 3 keeps these names only to raise an ImportError. torcheras maps them to the
regular optimizers, which accept the Keras 2 arguments (`lr`, `decay`), so programs
written for tf.keras keep running.
"""

from torcheras.optimizers._adagrad import Adagrad
from torcheras.optimizers._adam import Adam
from torcheras.optimizers._base import Optimizer
from torcheras.optimizers._ftrl import Ftrl
from torcheras.optimizers._rmsprop import RMSprop
from torcheras.optimizers._sgd import SGD

__all__ = ["SGD", "Adagrad", "Adam", "Ftrl", "Optimizer", "RMSprop"]
