"""Keras 2's ``K.conv*`` and ``K.pool*`` functions (kernels in Keras's layout)."""

from __future__ import annotations

import itertools
from typing import Any

from torcheras import ops
from torcheras.backend import _config

_PADDINGS = ("valid", "same")


def _check_padding(padding: str, allowed: tuple = _PADDINGS) -> str:
    if padding not in allowed:
        raise ValueError(
            f"Unknown padding: expected one of {list(allowed)}. Received: padding={padding!r}"
        )
    return padding


def conv1d(x: Any, kernel: Any, strides: int = 1, padding: str = "valid",
           data_format: str | None = None, dilation_rate: int = 1) -> Any:
    """1D convolution; ``padding="causal"`` pads only the start of the sequence.

    Args:
        x: ``(batch, steps, channels)`` (or channels first).
        kernel: ``(width, in_channels, filters)``.
        strides: Stride.
        padding: ``"valid"``, ``"same"`` or ``"causal"``.
        data_format: ``"channels_last"`` or ``"channels_first"`` (the global default).
        dilation_rate: Dilation.
    """
    padding = _check_padding(padding, _PADDINGS + ("causal",))
    data_format = _config.standardize_data_format(data_format)
    if padding == "causal":
        left = int(dilation_rate) * (int(ops.shape(kernel)[0]) - 1)
        axis = 2 if data_format == "channels_first" else 1
        width = [[0, 0], [0, 0], [0, 0]]
        width[axis] = [left, 0]
        x, padding = ops.pad(x, width), "valid"
    return ops.conv(x, kernel, strides=strides, padding=padding, data_format=data_format,
                    dilation_rate=dilation_rate)


def conv2d(x: Any, kernel: Any, strides: Any = (1, 1), padding: str = "valid",
           data_format: str | None = None, dilation_rate: Any = (1, 1)) -> Any:
    """2D convolution.

    Args:
        x: A 4D tensor.
        kernel: ``(rows, cols, in_channels, filters)``.
        strides: Strides.
        padding: ``"valid"`` or ``"same"``.
        data_format: ``"channels_last"`` or ``"channels_first"`` (the global default).
        dilation_rate: Dilation.
    """
    return ops.conv(x, kernel, strides=strides, padding=_check_padding(padding),
                    data_format=_config.standardize_data_format(data_format),
                    dilation_rate=dilation_rate)


def conv3d(x: Any, kernel: Any, strides: Any = (1, 1, 1), padding: str = "valid",
           data_format: str | None = None, dilation_rate: Any = (1, 1, 1)) -> Any:
    """3D convolution.

    Args:
        x: A 5D tensor.
        kernel: ``(depth, rows, cols, in_channels, filters)``.
        strides: Strides.
        padding: ``"valid"`` or ``"same"``.
        data_format: ``"channels_last"`` or ``"channels_first"`` (the global default).
        dilation_rate: Dilation.
    """
    return ops.conv(x, kernel, strides=strides, padding=_check_padding(padding),
                    data_format=_config.standardize_data_format(data_format),
                    dilation_rate=dilation_rate)


def conv2d_transpose(x: Any, kernel: Any, output_shape: Any = None, strides: Any = (1, 1),
                     padding: str = "valid", data_format: str | None = None,
                     dilation_rate: Any = (1, 1)) -> Any:
    """2D transposed convolution.

    Args:
        x: A 4D tensor.
        kernel: ``(rows, cols, filters, in_channels)``.
        output_shape: Accepted for Keras 2 signatures; the size follows from the arguments.
        strides: Strides.
        padding: ``"valid"`` or ``"same"``.
        data_format: ``"channels_last"`` or ``"channels_first"`` (the global default).
        dilation_rate: Dilation.
    """
    del output_shape
    return ops.conv_transpose(x, kernel, strides=strides, padding=_check_padding(padding),
                              data_format=_config.standardize_data_format(data_format),
                              dilation_rate=dilation_rate)


def depthwise_conv2d(x: Any, depthwise_kernel: Any, strides: Any = (1, 1),
                     padding: str = "valid", data_format: str | None = None,
                     dilation_rate: Any = (1, 1)) -> Any:
    """2D depthwise convolution.

    Args:
        x: A 4D tensor.
        depthwise_kernel: ``(rows, cols, in_channels, multiplier)``.
        strides: Strides.
        padding: ``"valid"`` or ``"same"``.
        data_format: ``"channels_last"`` or ``"channels_first"`` (the global default).
        dilation_rate: Dilation.
    """
    return ops.depthwise_conv(x, depthwise_kernel, strides=strides,
                              padding=_check_padding(padding),
                              data_format=_config.standardize_data_format(data_format),
                              dilation_rate=dilation_rate)


def separable_conv2d(x: Any, depthwise_kernel: Any, pointwise_kernel: Any,
                     strides: Any = (1, 1), padding: str = "valid",
                     data_format: str | None = None, dilation_rate: Any = (1, 1)) -> Any:
    """2D depthwise convolution followed by a 1x1 convolution.

    Args:
        x: A 4D tensor.
        depthwise_kernel: ``(rows, cols, in_channels, multiplier)``.
        pointwise_kernel: ``(1, 1, in_channels * multiplier, filters)``.
        strides: Strides.
        padding: ``"valid"`` or ``"same"``.
        data_format: ``"channels_last"`` or ``"channels_first"`` (the global default).
        dilation_rate: Dilation.
    """
    return ops.separable_conv(x, depthwise_kernel, pointwise_kernel, strides=strides,
                              padding=_check_padding(padding),
                              data_format=_config.standardize_data_format(data_format),
                              dilation_rate=dilation_rate)


def _pool(x: Any, pool_size: Any, strides: Any, padding: str, data_format: str | None,
          pool_mode: str) -> Any:
    if pool_mode not in ("max", "avg"):
        raise ValueError(
            f"Invalid pool_mode: expected 'max' or 'avg'. Received: pool_mode={pool_mode!r}"
        )
    pool = ops.max_pool if pool_mode == "max" else ops.average_pool
    return pool(x, pool_size, strides=strides, padding=_check_padding(padding),
                data_format=_config.standardize_data_format(data_format))


def pool2d(x: Any, pool_size: Any, strides: Any = (1, 1), padding: str = "valid",
           data_format: str | None = None, pool_mode: str = "max") -> Any:
    """2D max or average pooling.

    Args:
        x: A 4D tensor.
        pool_size: Window size.
        strides: Strides (``(1, 1)`` by default, as in Keras 2).
        padding: ``"valid"`` or ``"same"``.
        data_format: ``"channels_last"`` or ``"channels_first"`` (the global default).
        pool_mode: ``"max"`` or ``"avg"``.
    """
    return _pool(x, pool_size, strides, padding, data_format, pool_mode)


def pool3d(x: Any, pool_size: Any, strides: Any = (1, 1, 1), padding: str = "valid",
           data_format: str | None = None, pool_mode: str = "max") -> Any:
    """3D max or average pooling.

    Args:
        x: A 5D tensor.
        pool_size: Window size.
        strides: Strides.
        padding: ``"valid"`` or ``"same"``.
        data_format: ``"channels_last"`` or ``"channels_first"`` (the global default).
        pool_mode: ``"max"`` or ``"avg"``.
    """
    return _pool(x, pool_size, strides, padding, data_format, pool_mode)


def _local_conv(inputs: Any, kernel: Any, kernel_size: tuple, strides: tuple,
                output_shape: tuple, data_format: str | None) -> Any:
    # One patch per output position, each multiplied by its own kernel slice (unshared
    # weights): kernel is (positions, patch_size * channels_in, channels_out).
    data_format = _config.standardize_data_format(data_format)
    inputs = ops.convert_to_tensor(inputs)
    feature_dim, channels_out = ops.shape(kernel)[1], ops.shape(kernel)[-1]
    ndims = len(output_shape)
    patches = []
    for position in itertools.product(*(range(int(n)) for n in output_shape)):
        index: list = [slice(None)]
        if data_format == "channels_first":
            index.append(slice(None))
        index.extend(slice(position[d] * strides[d], position[d] * strides[d] + kernel_size[d])
                     for d in range(ndims))
        if data_format == "channels_last":
            index.append(slice(None))
        patches.append(ops.reshape(inputs[tuple(index)], (1, -1, feature_dim)))
    out = ops.matmul(ops.concatenate(patches, axis=0), ops.convert_to_tensor(kernel))
    out = ops.reshape(out, tuple(int(n) for n in output_shape) + (-1, channels_out))
    spatial = list(range(ndims))
    if data_format == "channels_first":
        return ops.transpose(out, [ndims, ndims + 1] + spatial)
    return ops.transpose(out, [ndims] + spatial + [ndims + 1])


def local_conv1d(inputs: Any, kernel: Any, kernel_size: Any, strides: Any,
                 data_format: str | None = None) -> Any:
    """1D convolution with unshared weights (one kernel per output step).

    Args:
        inputs: ``(batch, steps, channels)`` (or channels first).
        kernel: ``(output_length, kernel_size * channels, filters)``.
        kernel_size: A 1-tuple.
        strides: A 1-tuple.
        data_format: ``"channels_last"`` or ``"channels_first"`` (the global default).
    """
    output_shape = (ops.shape(kernel)[0],)
    return _local_conv(inputs, kernel, tuple(kernel_size), tuple(strides), output_shape,
                       data_format)


def local_conv2d(inputs: Any, kernel: Any, kernel_size: Any, strides: Any,
                 output_shape: Any, data_format: str | None = None) -> Any:
    """2D convolution with unshared weights (one kernel per output position).

    Args:
        inputs: A 4D tensor.
        kernel: ``(rows_out * cols_out, rows_k * cols_k * channels, filters)``.
        kernel_size: ``(rows_k, cols_k)``.
        strides: ``(stride_rows, stride_cols)``.
        output_shape: ``(rows_out, cols_out)``.
        data_format: ``"channels_last"`` or ``"channels_first"`` (the global default).
    """
    return _local_conv(inputs, kernel, tuple(kernel_size), tuple(strides), tuple(output_shape),
                       data_format)
