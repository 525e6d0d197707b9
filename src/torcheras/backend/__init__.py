"""``keras.backend``: global settings, the session, dtype questions and tensor conversions.

The names of Keras 2's ``keras.backend`` that programs still use are here too
(``floatx``, ``epsilon``, ``clear_session``, ``image_data_format``, ``get_value``, ...).
"""

import importlib

from torcheras.backend._config import (
    epsilon,
    floatx,
    image_data_format,
    set_epsilon,
    set_floatx,
    set_image_data_format,
)
from torcheras.backend._device import (
    convert_to_numpy,
    convert_to_tensor,
    get_device,
    set_device,
)
from torcheras.backend._dtype_checks import is_float_dtype, is_int_dtype, is_keras_tensor
from torcheras.backend._dtypes import result_type, standardize_dtype
from torcheras.backend._naming import get_uid
from torcheras.backend._session import backend, clear_session, get_value, set_value
from torcheras.backend._variable import Variable
from torcheras.legacy._backend_names import LEGACY_BACKEND_NAMES

__all__ = [
    "Variable",
    "backend",
    "clear_session",
    "convert_to_numpy",
    "convert_to_tensor",
    "epsilon",
    "floatx",
    "get_device",
    "get_uid",
    "get_value",
    "image_data_format",
    "is_float_dtype",
    "is_int_dtype",
    "is_keras_tensor",
    "result_type",
    "set_device",
    "set_epsilon",
    "set_floatx",
    "set_image_data_format",
    "set_value",
    "standardize_dtype",
]

# Keras 2's `K.*` functions (`K.mean`, `K.int_shape`, `K.function`, ...) live in
# torcheras.legacy.backend and are served from here on first use. They are built on keras.ops,
# which itself builds on the layers, and those import this package: importing them eagerly here
# would make the lowest package depend on the highest. Keras 3 names defined above win a clash.
_LEGACY_NAMES = [n for n in LEGACY_BACKEND_NAMES if n not in globals()]
__all__ += _LEGACY_NAMES


def __getattr__(name: str):
    if name in _LEGACY_NAMES:
        value = getattr(importlib.import_module("torcheras.legacy.backend"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'torcheras.backend' has no attribute {name!r}")
