"""``keras.backend``: global settings, the session and the tensor conversions.

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
    standardize_dtype,
)
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
    "get_value",
    "image_data_format",
    "set_device",
    "set_epsilon",
    "set_floatx",
    "set_image_data_format",
    "set_value",
    "standardize_dtype",
]
