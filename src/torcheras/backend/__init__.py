"""``keras.backend``: global settings, the session, dtype questions and tensor conversions.

The names of Keras 2's ``keras.backend`` that programs still use are here too
(``floatx``, ``epsilon``, ``clear_session``, ``image_data_format``, ``get_value``, ...).
"""

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
