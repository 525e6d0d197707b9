"""``keras.utils``: labels to one-hot, seeding, progress bars, downloads, Python datasets."""

from torcheras.saving._registration import (
    CustomObjectScope,
    custom_object_scope,
    get_custom_objects,
    get_registered_name,
    get_registered_object,
    register_keras_serializable,
)
from torcheras.saving._serialization import deserialize_keras_object, serialize_keras_object
from torcheras.utils import np_utils
from torcheras.utils._file import get_file
from torcheras.utils._io import (
    disable_interactive_logging,
    enable_interactive_logging,
    is_interactive_logging_enabled,
)
from torcheras.utils._numerical import normalize, to_categorical
from torcheras.utils._plot_history import plot_history
from torcheras.utils._plot_model import model_to_dot, plot_model
from torcheras.utils._progbar import Progbar
from torcheras.utils._py_dataset import PyDataset, Sequence
from torcheras.utils._rng import set_random_seed
from torcheras.utils._sequence import pad_sequences

__all__ = [
    "CustomObjectScope",
    "custom_object_scope",
    "deserialize_keras_object",
    "get_custom_objects",
    "get_registered_name",
    "get_registered_object",
    "register_keras_serializable",
    "serialize_keras_object",
    "Progbar",
    "PyDataset",
    "Sequence",
    "disable_interactive_logging",
    "enable_interactive_logging",
    "get_file",
    "is_interactive_logging_enabled",
    "model_to_dot",
    "normalize",
    "np_utils",
    "pad_sequences",
    "plot_history",
    "plot_model",
    "set_random_seed",
    "to_categorical",
]
