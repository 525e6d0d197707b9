"""Keras 3's dtype promotion, kept with the backend (``keras.backend.result_type``)."""

from torcheras.backend._dtypes import (  # noqa: F401
    _FLOAT8,
    _FLOATS,
    _INTS,
    _TORCH_NAMES,
    ALLOWED_DTYPES,
    result_type,
    standardize_dtype,
    to_torch_dtype,
)
