"""Keras 2's ``keras.utils.conv_utils``: the argument and shape helpers custom
convolution layers import (Keras 2's semantics and messages)."""

from __future__ import annotations

import numpy as np

from torcheras.backend import image_data_format


def normalize_tuple(value, n: int, name: str) -> tuple:
    """An int or an iterable of ``n`` ints as a tuple of ``n`` ints.

    Args:
        value: An int or an iterable of ints.
        n: The tuple's length.
        name: The argument's name, for the error message.

    Raises:
        ValueError: ``value`` is neither.

    >>> normalize_tuple(3, 2, "kernel_size"), normalize_tuple([1, 2], 2, "strides")
    ((3, 3), (1, 2))
    """
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return (int(value),) * n
    message = (f"The `{name}` argument must be a tuple of {n} integers. "
               f"Received: {value!r}")
    try:
        values = tuple(value)
    except TypeError:
        raise ValueError(message) from None
    if len(values) != n or any(isinstance(v, bool) or not isinstance(v, (int, np.integer))
                               for v in values):
        raise ValueError(message)
    return tuple(int(v) for v in values)


def normalize_padding(value) -> str:
    """``"valid"``, ``"same"``, ``"causal"`` or ``"full"``, lower-cased.

    Args:
        value: The padding given by the user.

    >>> normalize_padding("SAME")
    'same'
    """
    padding = value.lower() if isinstance(value, str) else value
    if padding not in {"valid", "same", "causal", "full"}:
        raise ValueError('The `padding` argument must be one of "valid", "same" (or '
                         f'"causal", only for `Conv1D`). Received: {value!r}')
    return padding


def normalize_data_format(value) -> str:
    """``"channels_first"`` or ``"channels_last"``; ``None`` is the configured default.

    Args:
        value: The data format given by the user, or ``None``.

    >>> normalize_data_format("Channels_First")
    'channels_first'
    """
    if value is None:
        value = image_data_format()
    data_format = value.lower() if isinstance(value, str) else value
    if data_format not in {"channels_first", "channels_last"}:
        raise ValueError('The `data_format` argument must be one of "channels_first", '
                         f'"channels_last". Received: {value!r}')
    return data_format


def _check_padding(padding) -> None:
    if padding not in {"same", "valid", "full", "causal"}:
        raise ValueError('The `padding` argument must be one of "same", "valid", "full", '
                         f'"causal". Received: padding={padding!r}')


def conv_output_length(input_length, filter_size: int, padding: str, stride: int,
                       dilation: int = 1):
    """The output length of a convolution along one axis (``None`` stays ``None``).

    Args:
        input_length: The input length, or ``None``.
        filter_size: The kernel length.
        padding: ``"same"``, ``"valid"``, ``"full"`` or ``"causal"``.
        stride: The stride.
        dilation: The dilation rate.

    >>> conv_output_length(10, 3, "valid", 1), conv_output_length(10, 3, "same", 2)
    (8, 5)
    """
    _check_padding(padding)
    if input_length is None:
        return None
    dilated = filter_size + (filter_size - 1) * (dilation - 1)
    if padding in ("same", "causal"):
        length = input_length
    elif padding == "valid":
        length = input_length - dilated + 1
    else:
        length = input_length + dilated - 1
    return (length + stride - 1) // stride


def conv_input_length(output_length, filter_size: int, padding: str, stride: int):
    """The input length a convolution maps to ``output_length`` (``None`` stays ``None``).

    Args:
        output_length: The output length, or ``None``.
        filter_size: The kernel length.
        padding: ``"same"``, ``"valid"`` or ``"full"``.
        stride: The stride.

    >>> conv_input_length(8, 3, "valid", 1)
    10
    """
    _check_padding(padding)
    if output_length is None:
        return None
    pad = {"same": filter_size // 2, "valid": 0, "full": filter_size - 1}.get(padding, 0)
    return (output_length - 1) * stride - 2 * pad + filter_size


def deconv_length(dim_size, stride_size: int, kernel_size: int, padding: str,
                  output_padding=None, dilation: int = 1):
    """The output length of a transposed convolution along one axis.

    Args:
        dim_size: The input length, or ``None``.
        stride_size: The stride.
        kernel_size: The kernel length.
        padding: ``"same"``, ``"valid"`` or ``"full"``.
        output_padding: Extra length added at the end, or ``None`` (Keras's default rule).
        dilation: The dilation rate.

    >>> deconv_length(4, 2, 3, "valid"), deconv_length(4, 2, 3, "same", output_padding=1)
    (9, 8)
    """
    if dim_size is None:
        return None
    kernel_size = kernel_size + (kernel_size - 1) * (dilation - 1)
    if output_padding is None:
        if padding == "valid":
            return dim_size * stride_size + max(kernel_size - stride_size, 0)
        if padding == "full":
            return dim_size * stride_size - (stride_size + kernel_size - 2)
        return dim_size * stride_size
    pad = {"same": kernel_size // 2, "valid": 0, "full": kernel_size - 1}[padding]
    return (dim_size - 1) * stride_size + kernel_size - 2 * pad + output_padding


def convert_kernel(kernel) -> np.ndarray:
    """A convolution kernel with its spatial axes flipped (Theano <-> TensorFlow kernels).

    The last two axes (input and output channels) are kept; every other axis is reversed.

    Args:
        kernel: A kernel of Keras's layout ``(*spatial, in, out)``.

    >>> convert_kernel(np.arange(4).reshape(2, 1, 1, 2))[:, 0, 0].tolist()
    [[2, 3], [0, 1]]
    """
    kernel = np.asarray(kernel)
    if kernel.ndim not in (3, 4, 5):
        raise ValueError(f"Invalid kernel shape: {kernel.shape}")
    flip = tuple(slice(None, None, -1) for _ in range(kernel.ndim - 2))
    return np.copy(kernel[flip + (slice(None), slice(None))])


__all__ = [
    "conv_input_length",
    "conv_output_length",
    "convert_kernel",
    "deconv_length",
    "normalize_data_format",
    "normalize_padding",
    "normalize_tuple",
]
