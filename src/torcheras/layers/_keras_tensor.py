"""``KerasTensor`` lives with the backend (``keras.backend.is_keras_tensor``); these names
stay importable from here for the layers."""

from torcheras.backend._keras_tensor import (  # noqa: F401
    KerasTensor,
    any_symbolic,
    flatten,
    is_symbolic,
    map_structure,
    pack_like,
)
