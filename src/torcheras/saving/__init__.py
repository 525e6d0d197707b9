"""``keras.saving``: save and load models, weights and configs in Keras 3's formats."""

from torcheras.saving._api import load_model, load_weights, save_model, save_weights
from torcheras.saving._file_editor import KerasFileEditor
from torcheras.saving._registration import (
    CustomObjectScope,
    custom_object_scope,
    get_custom_objects,
    get_registered_name,
    get_registered_object,
    register_keras_serializable,
)
from torcheras.saving._serialization import deserialize_keras_object, serialize_keras_object

__all__ = [
    "CustomObjectScope",
    "KerasFileEditor",
    "custom_object_scope",
    "deserialize_keras_object",
    "get_custom_objects",
    "get_registered_name",
    "get_registered_object",
    "load_model",
    "load_weights",
    "register_keras_serializable",
    "save_model",
    "save_weights",
    "serialize_keras_object",
]
