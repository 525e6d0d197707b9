"""Session-level helpers: ``clear_session`` and Keras 2's ``get_value``/``set_value``."""

from __future__ import annotations

import gc

import numpy as np

from torcheras.backend import _device, _naming


def backend() -> str:
    """The name of the engine: always ``"torch"``."""
    return "torch"


def clear_session(free_memory: bool = True) -> None:
    """Reset the automatic layer names (``dense``, ``dense_1``, ...) and free memory."""
    _naming.reset()
    if free_memory:
        gc.collect()


def get_value(x) -> np.ndarray | float | int:
    """Return the value of a variable, tensor, or a Python number, as NumPy."""
    if isinstance(x, (int, float)):
        return x
    if hasattr(x, "_get_value_for_keras"):
        return x._get_value_for_keras()
    return _device.convert_to_numpy(x)


def set_value(x, value) -> None:
    """Set a variable's value in place (Keras 2 spelling of ``variable.assign``)."""
    if hasattr(x, "_set_value_for_keras"):
        x._set_value_for_keras(value)
        return
    x.assign(value)
