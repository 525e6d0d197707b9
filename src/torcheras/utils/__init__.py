"""``keras.utils``: labels to one-hot, seeding, progress bars, downloads, Python datasets.

Keras 2's utility modules (``np_utils``, ``generic_utils``, ``data_utils``, ...) are served
on first use from ``torcheras.legacy.utils`` and stay out of ``__all__``.
"""

from torcheras.legacy._serve import legacy_attribute as _legacy_attribute
from torcheras.preprocessing.image._pil import array_to_img, img_to_array, load_img, save_img
from torcheras.saving._registration import (
    CustomObjectScope,
    custom_object_scope,
    get_custom_objects,
    get_registered_name,
    get_registered_object,
    register_keras_serializable,
)
from torcheras.saving._serialization import deserialize_keras_object, serialize_keras_object
from torcheras.utils._audio_dataset import audio_dataset_from_directory
from torcheras.utils._dataset_utils import (
    pack_x_y_sample_weight,
    split_dataset,
    unpack_x_y_sample_weight,
)
from torcheras.utils._file import get_file
from torcheras.utils._image_dataset import image_dataset_from_directory
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
from torcheras.utils._source_inputs import get_source_inputs
from torcheras.utils._text_dataset import text_dataset_from_directory
from torcheras.utils._timeseries_dataset import timeseries_dataset_from_array

__all__ = [
    "array_to_img",
    "audio_dataset_from_directory",
    "image_dataset_from_directory",
    "img_to_array",
    "load_img",
    "pack_x_y_sample_weight",
    "save_img",
    "split_dataset",
    "text_dataset_from_directory",
    "timeseries_dataset_from_array",
    "unpack_x_y_sample_weight",
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
    "get_source_inputs",
    "is_interactive_logging_enabled",
    "model_to_dot",
    "normalize",
    "pad_sequences",
    "plot_history",
    "plot_model",
    "set_random_seed",
    "to_categorical",
]


def __getattr__(name: str):
    # The legacy utility modules import this package: loaded on first use, not here.
    value = _legacy_attribute(__name__, name)
    globals()[name] = value
    return value
