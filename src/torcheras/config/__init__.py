"""``keras.config``: the global settings (float type, epsilon, image data format, dtype
policy), Keras 3's switches (interactive logging, traceback filtering, flash attention,
debugging caps on training length, unsafe deserialization), the performance-tuning
switch (see ``torcheras.backend._tuning``) and ``set_legacy_defaults(2)``: Keras 2's defaults
where Keras 2 and 3 differ silently (see ``torcheras.legacy._mode``)."""

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
from torcheras.config._switches import (
    disable_flash_attention,
    disable_traceback_filtering,
    enable_flash_attention,
    enable_traceback_filtering,
    is_flash_attention_enabled,
    is_nnx_enabled,
    is_traceback_filtering_enabled,
    max_epochs,
    max_steps_per_epoch,
    set_backend,
    set_max_epochs,
    set_max_steps_per_epoch,
)
from torcheras.dtype_policies._policy import dtype_policy, set_dtype_policy
from torcheras.legacy._mode import legacy_version as legacy_defaults
from torcheras.legacy._mode import set_legacy_defaults
from torcheras.saving._safe_mode import enable_unsafe_deserialization
from torcheras.utils._io import (
    disable_interactive_logging,
    enable_interactive_logging,
    is_interactive_logging_enabled,
)

__all__ = [
    "backend",
    "disable_flash_attention",
    "disable_interactive_logging",
    "disable_performance_tuning",
    "disable_traceback_filtering",
    "dtype_policy",
    "enable_flash_attention",
    "enable_interactive_logging",
    "enable_performance_tuning",
    "enable_traceback_filtering",
    "enable_unsafe_deserialization",
    "epsilon",
    "floatx",
    "image_data_format",
    "is_flash_attention_enabled",
    "is_interactive_logging_enabled",
    "is_nnx_enabled",
    "is_performance_tuning_enabled",
    "is_traceback_filtering_enabled",
    "legacy_defaults",
    "max_epochs",
    "max_steps_per_epoch",
    "performance_tuning",
    "set_backend",
    "set_dtype_policy",
    "set_epsilon",
    "set_floatx",
    "set_image_data_format",
    "set_legacy_defaults",
    "set_max_epochs",
    "set_max_steps_per_epoch",
]
