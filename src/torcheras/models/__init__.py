"""``keras.models``: Sequential and functional models."""

from torcheras.models._functional import Functional
from torcheras.models._model import Model
from torcheras.models._sequential import Sequential

__all__ = ["Functional", "Model", "Sequential"]
