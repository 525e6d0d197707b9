"""``keras.models``: Sequential and functional models."""

from torcheras.models._functional import Functional
from torcheras.models._model import Model
from torcheras.models._sequential import Sequential
from torcheras.saving._api import load_model, save_model
from torcheras.saving._cloning import clone_model, model_from_config, model_from_json

__all__ = ["Functional", "Model", "Sequential", "clone_model", "load_model", "model_from_config",
           "model_from_json", "save_model"]
