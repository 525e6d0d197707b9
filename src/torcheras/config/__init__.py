"""``keras.config``: the global settings (float type, epsilon, image data format) and the
performance-tuning switch (see ``torcheras.backend._tuning``)."""

from torcheras.backend._config import (
    epsilon,
    floatx,
    image_data_format,
    set_epsilon,
    set_floatx,
    set_image_data_format,
)
from torcheras.backend._session import backend
from torcheras.backend._tuning import (
    disable_performance_tuning,
    enable_performance_tuning,
    is_performance_tuning_enabled,
    performance_tuning,
)
from torcheras.saving._safe_mode import enable_unsafe_deserialization

__all__ = [
    "backend",
    "disable_performance_tuning",
    "enable_performance_tuning",
    "enable_unsafe_deserialization",
    "epsilon",
    "floatx",
    "image_data_format",
    "is_performance_tuning_enabled",
    "performance_tuning",
    "set_epsilon",
    "set_floatx",
    "set_image_data_format",
]
