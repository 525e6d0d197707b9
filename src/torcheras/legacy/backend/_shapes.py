"""Keras 2's ``K.*`` shape and layout functions: ``int_shape``, ``reshape``, ``tile``, ..."""

from __future__ import annotations

from typing import Any

import numpy as np

from torcheras import ops
from torcheras.backend import _config
from torcheras.backend._keras_tensor import KerasTensor


def int_shape(x: Any) -> tuple | None:
    """The shape as a tuple of ints (``None`` for unknown symbolic dimensions).

    Args:
        x: A tensor, variable, KerasTensor or array. Values without a shape give ``None``.
    """
    if not hasattr(x, "shape"):
        return None
    return tuple(None if d is None else int(d) for d in x.shape)


def shape(x: Any) -> Any:
    """The shape of a tensor: an int32 tensor for real data (Keras 2's symbolic shape).

    On a KerasTensor (while a functional model is built) it is the static tuple, with
    ``None`` for the batch dimension.

    Args:
        x: A tensor or KerasTensor.
    """
    if isinstance(x, KerasTensor):
        return x.shape
    return ops.convert_to_tensor(np.asarray(ops.shape(x), dtype="int32"))


def ndim(x: Any) -> int:
    """The number of axes of a tensor.

    Args:
        x: A tensor, variable or array.
    """
    return len(ops.shape(x))


def dtype(x: Any) -> str:
    """The dtype name of a tensor, e.g. ``"float32"``.

    Args:
        x: A tensor, variable or array.
    """
    return ops.dtype(x)


def cast(x: Any, dtype: Any) -> Any:  # noqa: A002 (Keras's argument name)
    """Cast a tensor to ``dtype``.

    Args:
        x: A tensor or array.
        dtype: The target dtype, e.g. ``"float16"``.
    """
    return ops.cast(x, dtype)


def cast_to_floatx(x: Any) -> np.ndarray:
    """A NumPy array of ``x`` in the default float type.

    Args:
        x: A number, list or array.
    """
    return np.asarray(ops.convert_to_numpy(x) if ops.is_tensor(x) else x,
                      dtype=_config.floatx())


def transpose(x: Any) -> Any:
    """Reverse the order of all axes (for a matrix, the transpose).

    Args:
        x: A tensor.
    """
    return ops.transpose(x)


def reshape(x: Any, shape: Any) -> Any:
    """Reshape a tensor (one dimension may be ``-1``).

    Args:
        x: A tensor.
        shape: The target shape.
    """
    return ops.reshape(x, tuple(int(d) for d in ops.convert_to_numpy(shape))
                       if ops.is_tensor(shape) else shape)


def permute_dimensions(x: Any, pattern: Any) -> Any:
    """Reorder the axes of a tensor, e.g. ``pattern=(0, 2, 1)``.

    Args:
        x: A tensor.
        pattern: A tuple giving, for each output axis, the input axis.
    """
    return ops.transpose(x, axes=tuple(pattern))


def expand_dims(x: Any, axis: int = -1) -> Any:
    """Insert an axis of length 1 at ``axis`` (the end by default).

    Args:
        x: A tensor.
        axis: Where to insert it.
    """
    return ops.expand_dims(x, axis)


def squeeze(x: Any, axis: int) -> Any:
    """Remove the length-1 axis ``axis``.

    Args:
        x: A tensor.
        axis: The axis to drop.
    """
    return ops.squeeze(x, axis=axis)


def flatten(x: Any) -> Any:
    """Flatten a tensor to 1D.

    Args:
        x: A tensor.
    """
    return ops.reshape(x, (-1,))


def batch_flatten(x: Any) -> Any:
    """Flatten each sample: ``(batch, ...) -> (batch, prod(...))``.

    Args:
        x: A tensor with a batch axis first.
    """
    rest = 1
    for d in ops.shape(x)[1:]:
        rest *= int(d)
    return ops.reshape(x, (-1, rest))


def concatenate(tensors: list, axis: int = -1) -> Any:
    """Join tensors along ``axis`` (the last by default).

    Args:
        tensors: A list of tensors.
        axis: The axis to join along.
    """
    return ops.concatenate(list(tensors), axis=axis)


def stack(x: list, axis: int = 0) -> Any:
    """Stack tensors along a new axis.

    Args:
        x: A list of tensors of the same shape.
        axis: Where the new axis goes.
    """
    return ops.stack(list(x), axis=axis)


def tile(x: Any, n: Any) -> Any:
    """Repeat the whole tensor ``n`` times along each axis.

    Args:
        x: A tensor.
        n: An int (for a 1D tensor) or one int per axis.
    """
    return ops.tile(x, [n] if isinstance(n, int) else list(n))


def repeat(x: Any, n: int) -> Any:
    """Repeat a 2D tensor: ``(samples, dim) -> (samples, n, dim)``.

    Args:
        x: A 2D tensor.
        n: How many copies.
    """
    if ndim(x) != 2:
        raise ValueError(
            f"K.repeat expects a 2D tensor. Received a tensor of shape {ops.shape(x)!r}."
        )
    return ops.tile(ops.expand_dims(x, 1), [1, int(n), 1])


def repeat_elements(x: Any, rep: int, axis: int) -> Any:
    """Repeat each element ``rep`` times along ``axis`` (NumPy's ``repeat``).

    Args:
        x: A tensor.
        rep: How many copies of each element.
        axis: The axis to repeat along.
    """
    return ops.repeat(x, rep, axis=axis)


def gather(reference: Any, indices: Any) -> Any:
    """Rows ``indices`` of ``reference`` (indexing its first axis).

    Args:
        reference: A tensor.
        indices: An int tensor of indices.
    """
    return ops.take(reference, ops.cast(indices, "int32"), axis=0)


def one_hot(indices: Any, num_classes: int) -> Any:
    """One-hot encode integer ``indices``: adds a last axis of length ``num_classes``.

    Args:
        indices: An int tensor.
        num_classes: The number of classes.
    """
    return ops.one_hot(ops.cast(indices, "int32"), num_classes)


def reverse(x: Any, axes: Any) -> Any:
    """Reverse a tensor along ``axes``.

    Args:
        x: A tensor.
        axes: An int or a list of ints.
    """
    return ops.flip(x, axis=tuple(axes) if isinstance(axes, (list, tuple)) else axes)


def arange(start: Any, stop: Any = None, step: Any = 1, dtype: str = "int32") -> Any:  # noqa: A002
    """A 1D tensor of evenly spaced values (``arange(5)`` is ``0..4``).

    Args:
        start: First value (or the stop value when ``stop`` is ``None``).
        stop: End (exclusive).
        step: Spacing.
        dtype: The dtype, ``"int32"`` by default as in Keras 2.
    """
    if stop is None:
        start, stop = 0, start
    return ops.arange(start, stop, step, dtype=dtype)


def _pad_axes(x: Any, pairs: dict) -> Any:
    width = [list(pairs.get(i, (0, 0))) for i in range(ndim(x))]
    return ops.pad(x, width)


def temporal_padding(x: Any, padding: tuple = (1, 1)) -> Any:
    """Zero-pad the middle axis of a 3D tensor ``(batch, steps, features)``.

    Args:
        x: A 3D tensor.
        padding: ``(before, after)``.
    """
    return _pad_axes(x, {1: tuple(padding)})


def spatial_2d_padding(x: Any, padding: tuple = ((1, 1), (1, 1)),
                       data_format: str | None = None) -> Any:
    """Zero-pad the two spatial axes of a 4D tensor.

    Args:
        x: A 4D tensor.
        padding: ``((top, bottom), (left, right))``.
        data_format: ``"channels_last"`` or ``"channels_first"`` (the global default).
    """
    first = 2 if _config.standardize_data_format(data_format) == "channels_first" else 1
    return _pad_axes(x, {first: tuple(padding[0]), first + 1: tuple(padding[1])})


def spatial_3d_padding(x: Any, padding: tuple = ((1, 1), (1, 1), (1, 1)),
                       data_format: str | None = None) -> Any:
    """Zero-pad the three spatial axes of a 5D tensor.

    Args:
        x: A 5D tensor.
        padding: Three ``(before, after)`` pairs.
        data_format: ``"channels_last"`` or ``"channels_first"`` (the global default).
    """
    first = 2 if _config.standardize_data_format(data_format) == "channels_first" else 1
    return _pad_axes(x, {first + i: tuple(p) for i, p in enumerate(padding)})


def resize_images(x: Any, height_factor: int, width_factor: int, data_format: str,
                  interpolation: str = "nearest") -> Any:
    """Upsample the rows and columns of a 4D tensor by integer factors.

    Args:
        x: A 4D tensor.
        height_factor: Row factor.
        width_factor: Column factor.
        data_format: ``"channels_last"`` or ``"channels_first"``.
        interpolation: ``"nearest"`` or ``"bilinear"``.
    """
    data_format = _config.standardize_data_format(data_format)
    if interpolation not in ("nearest", "bilinear"):
        raise ValueError(
            "`interpolation` should be one of 'nearest', 'bilinear'. "
            f"Received: interpolation={interpolation!r}"
        )
    rows = 2 if data_format == "channels_first" else 1
    if interpolation == "nearest":
        return ops.repeat(ops.repeat(x, height_factor, axis=rows), width_factor, axis=rows + 1)
    size = ops.shape(x)
    new = (int(size[rows]) * height_factor, int(size[rows + 1]) * width_factor)
    return ops.image.resize(x, new, interpolation="bilinear", data_format=data_format)


def resize_volumes(x: Any, depth_factor: int, height_factor: int, width_factor: int,
                   data_format: str) -> Any:
    """Upsample the three spatial axes of a 5D tensor by repeating values.

    Args:
        x: A 5D tensor.
        depth_factor: Depth factor.
        height_factor: Row factor.
        width_factor: Column factor.
        data_format: ``"channels_last"`` or ``"channels_first"``.
    """
    first = 2 if _config.standardize_data_format(data_format) == "channels_first" else 1
    for i, factor in enumerate((depth_factor, height_factor, width_factor)):
        x = ops.repeat(x, factor, axis=first + i)
    return x


def size(x: Any, name: str | None = None) -> Any:
    """The number of elements of a tensor, as an int32 scalar tensor (Keras 2.2's ``K.size``).

    Args:
        x: A tensor.
        name: Ignored.
    """
    del name
    count = 1
    for d in ops.shape(x):
        count *= int(d)
    return ops.convert_to_tensor(count, dtype="int32")


def get_variable_shape(x: Any) -> tuple | None:
    """Keras 2's older name for :func:`int_shape`.

    Args:
        x: A variable or tensor.
    """
    return int_shape(x)
