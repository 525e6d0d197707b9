"""``keras.backend`` questions about dtypes and symbolic tensors (Keras 3 names)."""

from __future__ import annotations

from torcheras.backend._dtypes import standardize_dtype
from torcheras.backend._keras_tensor import KerasTensor


def is_float_dtype(dtype) -> bool:
    """Whether ``dtype`` is a float type (``bfloat16``, ``float16``, ``float32``, ...).

    Args:
        dtype: A dtype name, NumPy/torch dtype or Python type.

    Example:

    >>> is_float_dtype("bfloat16"), is_float_dtype("int32")
    (True, False)
    """
    dtype = standardize_dtype(dtype)
    return dtype.startswith("float") or dtype.startswith("bfloat")


def is_int_dtype(dtype) -> bool:
    """Whether ``dtype`` is a signed or unsigned integer type.

    Args:
        dtype: A dtype name, NumPy/torch dtype or Python type.

    Example:

    >>> is_int_dtype("uint8"), is_int_dtype("float32"), is_int_dtype(int)
    (True, False, True)
    """
    dtype = standardize_dtype(dtype)
    return dtype.startswith("int") or dtype.startswith("uint")


def is_keras_tensor(x) -> bool:
    """Whether ``x`` is a symbolic ``KerasTensor`` (e.g. made by ``keras.Input``).

    Args:
        x: Any value.
    """
    return isinstance(x, KerasTensor)
