"""Ops that rearrange elements without computing new values (reshape, transpose, flip, ...)."""

from __future__ import annotations

import torch

from torcheras.ops._op import convert, keras_tensor, op
from torcheras.ops._specs import canonicalize_axis, trace_spec


def _check_newshape(newshape) -> None:
    unknown = 0
    for dim in newshape:
        if not isinstance(dim, int):
            continue
        if dim < -1:
            raise ValueError(
                "Each dimension in `newshape` must be a non-negative integer, or `-1` for a "
                f"single unknown dimension. Received: newshape={newshape}."
            )
        unknown += dim == -1
    if unknown > 1:
        raise ValueError(
            "There must be at most one unknown dimension (-1) in `newshape`. Received: "
            f"newshape={newshape}."
        )


def _reshape_spec(x, newshape):
    newshape = _as_shape(newshape)
    _check_newshape(newshape)
    if -1 not in newshape and None not in x.shape:
        total = 1
        for d in x.shape:
            total *= d
        wanted = 1
        for d in newshape:
            wanted *= d
        if total != wanted:
            raise ValueError(
                "The total size of the tensor must be unchanged. Received: input_shape="
                f"{tuple(x.shape)}, newshape={newshape}"
            )
    if -1 in newshape:
        known = [d for d in x.shape]
        if None in known:
            return keras_tensor(tuple(None if d == -1 else d for d in newshape), x.dtype)
        total = 1
        for d in known:
            total *= d
        rest = 1
        for d in newshape:
            if d != -1:
                rest *= d
        if rest == 0 or total % rest:
            raise ValueError(
                "The total size of the tensor must be unchanged. Received: input_shape="
                f"{x.shape}, newshape={newshape}"
            )
        newshape = tuple(total // rest if d == -1 else d for d in newshape)
    return keras_tensor(newshape, x.dtype)


def _as_shape(newshape):
    if isinstance(newshape, torch.Tensor):
        return tuple(int(v) for v in newshape.tolist())
    try:
        return tuple(newshape)
    except TypeError:
        return (newshape,)


@op("Reshape", _reshape_spec)
def reshape(x, newshape):
    """Gives a new shape to a tensor without changing its data.

    Args:
        x: Input tensor.
        newshape: The new shape; one dimension may be -1 (inferred).

    Returns:
        The reshaped tensor.
    """
    if type(newshape) is tuple:
        try:
            plain = min(newshape, default=0) >= -1 and newshape.count(-1) <= 1
        except TypeError:  # not all ints (tensor dims): the checks below say what is wrong
            plain = False
        if plain:
            return torch.reshape(convert(x), newshape)
    newshape = _as_shape(newshape)
    _check_newshape(newshape)
    return torch.reshape(convert(x), newshape)


def _transpose_spec(x, axes=None):
    shape = list(x.shape)
    if axes is None:
        return keras_tensor(shape[::-1], x.dtype)
    if len(axes) != len(shape):
        raise ValueError(
            "axis must be a list of the same length as the input shape, expected "
            f"{len(shape)}, but received {len(axes)}."
        )
    return keras_tensor([shape[a] for a in axes], x.dtype)


@op("Transpose", _transpose_spec)
def transpose(x, axes=None):
    """Returns a tensor with ``axes`` transposed (reversed when ``None``).

    Args:
        x: Input tensor.
        axes: Permutation of the axes.

    Returns:
        The transposed tensor.
    """
    x = convert(x)
    if axes is None:
        return x.permute(*range(x.ndim - 1, -1, -1))
    return torch.permute(x, tuple(axes))


@op("ExpandDims")
def expand_dims(x, axis):
    """Insert new axes of length 1 at the ``axis`` positions.

    Args:
        x: Input tensor.
        axis: Position (or positions) in the expanded axes where the new axes go.

    Returns:
        The tensor with more dimensions.
    """
    x = convert(x)
    if type(axis) is int and -x.ndim - 1 <= axis <= x.ndim:
        return torch.unsqueeze(x, axis)
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    out_ndim = x.ndim + len(axes)
    for a in sorted(canonicalize_axis(a, out_ndim) for a in axes):
        x = torch.unsqueeze(x, a)
    return x


@op("Squeeze")
def squeeze(x, axis=None):
    """Remove axes of length one from ``x``.

    Args:
        x: Input tensor.
        axis: Axis or axes to remove (all of length 1 when ``None``).

    Returns:
        The squeezed tensor.
    """
    x = convert(x)
    if axis is None:
        return torch.squeeze(x)
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    for a in axes:
        a = canonicalize_axis(a, x.ndim)
        if x.shape[a] != 1:
            raise ValueError(
                f"Cannot squeeze axis {a}, because the dimension is not 1. Received: "
                f"x.shape={tuple(x.shape)}"
            )
    return torch.squeeze(x, dim=axes)


@op("Ravel")
def ravel(x):
    """Return a contiguous flattened tensor.

    Args:
        x: Input tensor.

    Returns:
        A 1-D tensor.
    """
    return torch.ravel(convert(x))


def _broadcast_to_spec(x, shape):
    return keras_tensor((shape,) if isinstance(shape, int) else tuple(shape), x.dtype)


@op("BroadcastTo", _broadcast_to_spec)
def broadcast_to(x, shape):
    """Broadcast a tensor to a new shape.

    Args:
        x: The tensor to broadcast.
        shape: The shape of the desired tensor.

    Returns:
        A tensor with the given shape.
    """
    return torch.broadcast_to(convert(x), tuple(shape) if not isinstance(shape, int) else (shape,))


@op("Moveaxis")
def moveaxis(x, source, destination):
    """Move axes of a tensor to new positions.

    Args:
        x: Input tensor.
        source: Original positions of the axes to move.
        destination: Destination positions for each of the original axes.

    Returns:
        A tensor with moved axes.
    """
    return torch.moveaxis(convert(x), source, destination)


@op("Swapaxes")
def swapaxes(x, axis1, axis2):
    """Interchange two axes of a tensor.

    Args:
        x: Input tensor.
        axis1: First axis.
        axis2: Second axis.

    Returns:
        A tensor with the axes swapped.
    """
    return torch.swapaxes(convert(x), axis1, axis2)


@op("Flip")
def flip(x, axis=None):
    """Reverse the order of elements along the given axes.

    Args:
        x: Input tensor.
        axis: Axis or axes to flip (all when ``None``).

    Returns:
        A tensor.
    """
    x = convert(x)
    if axis is None:
        axis = tuple(range(x.ndim))
    return torch.flip(x, dims=(axis,) if isinstance(axis, int) else tuple(axis))


@op("Fliplr")
def fliplr(x):
    """Reverse the order of elements along axis 1 (left/right).

    Args:
        x: Input tensor of rank >= 2.

    Returns:
        A tensor.
    """
    return torch.fliplr(convert(x))


@op("Flipud")
def flipud(x):
    """Reverse the order of elements along axis 0 (up/down).

    Args:
        x: Input tensor of rank >= 1.

    Returns:
        A tensor.
    """
    return torch.flipud(convert(x))


@op("Roll")
def roll(x, shift, axis=None):
    """Roll tensor elements along a given axis (the flattened tensor when ``None``).

    Args:
        x: Input tensor.
        shift: Number of places (or tuple of them) by which elements are shifted.
        axis: Axis or axes along which elements are shifted.

    Returns:
        A tensor.
    """
    return torch.roll(convert(x), shift, dims=axis)


@op("Rot90")
def rot90(array, k=1, axes=(0, 1)):
    """Rotate a tensor by 90 degrees ``k`` times in the plane of ``axes``.

    Args:
        array: Input tensor of rank >= 2.
        k: Number of rotations.
        axes: The two axes defining the plane of rotation.

    Returns:
        The rotated tensor.
    """
    array = convert(array)
    if array.ndim < 2:
        raise ValueError(
            f"Input array must have at least 2 dimensions. Received: array.ndim={array.ndim}"
        )
    if len(axes) != 2 or axes[0] == axes[1]:
        raise ValueError(
            f"Invalid axes: {axes}. Axes must be a tuple of two different dimensions."
        )
    axes = tuple(a if a >= 0 else array.ndim + a for a in axes)
    if not all(0 <= a < array.ndim for a in axes):
        raise ValueError(f"Invalid axes {axes} for tensor with {array.ndim} dimensions")
    return torch.rot90(array, k=k, dims=axes)


@op("Tile")
def tile(x, repeats):
    """Repeat ``x`` the number of times given by ``repeats`` along each axis.

    Args:
        x: Input tensor.
        repeats: Number of repetitions along each axis.

    Returns:
        The tiled tensor.
    """
    if isinstance(repeats, torch.Tensor):
        repeats = tuple(int(r) for r in repeats.tolist())
    if isinstance(repeats, int):
        repeats = (repeats,)
    return torch.tile(convert(x), dims=tuple(repeats))


def _repeat_spec(x, repeats, axis=None):
    shape = list(x.shape)
    if isinstance(repeats, (list, tuple)):
        total = sum(int(r) for r in repeats)
        if (None in shape) if axis is None else shape[canonicalize_axis(axis, len(shape))] \
                is None:
            total = None
    elif isinstance(repeats, int):
        total = None
    else:
        return trace_spec(repeat.operation_class._fn, (x, repeats), {"axis": axis})
    if axis is None:
        size = None if None in shape else int(torch.tensor(shape).prod())
        count = total if total is not None else (None if size is None else size * repeats)
        return keras_tensor((count,), x.dtype)
    axis = canonicalize_axis(axis, len(shape))
    if total is None:
        total = None if shape[axis] is None else shape[axis] * repeats
    shape[axis] = total
    return keras_tensor(shape, x.dtype)


@op("Repeat", _repeat_spec)
def repeat(x, repeats, axis=None):
    """Repeat each element of a tensor after themselves.

    Args:
        x: Input tensor.
        repeats: Number of repetitions for each element (an int or one per element).
        axis: Axis along which to repeat; ``None`` uses the flattened tensor.

    Returns:
        A tensor.
    """
    x = convert(x)
    if isinstance(repeats, int) and axis is not None:
        axis = canonicalize_axis(axis, x.ndim)
        shape = list(x.shape)
        expanded = x.unsqueeze(axis + 1)
        sizes = [-1] * expanded.ndim
        sizes[axis + 1] = repeats
        shape[axis] *= repeats
        return expanded.expand(sizes).reshape(shape)
    repeats = convert(repeats, "int64")
    return torch.repeat_interleave(x, repeats, dim=axis)


@op("Diff")
def diff(a, n=1, axis=-1):
    """Calculate the n-th discrete difference along the given axis.

    Args:
        a: Input tensor.
        n: Number of times values are differenced.
        axis: Axis along which the difference is taken.

    Returns:
        A tensor.
    """
    return torch.diff(convert(a), n=n, dim=axis)


@op("Tril")
def tril(x, k=0):
    """Lower triangle of a tensor (elements above the ``k``-th diagonal zeroed).

    Args:
        x: Input tensor.
        k: Diagonal above which to zero elements (0 main, <0 below, >0 above).

    Returns:
        A tensor.
    """
    return torch.tril(convert(x), diagonal=k)


@op("Triu")
def triu(x, k=0):
    """Upper triangle of a tensor (elements below the ``k``-th diagonal zeroed).

    Args:
        x: Input tensor.
        k: Diagonal below which to zero elements (0 main, <0 below, >0 above).

    Returns:
        A tensor.
    """
    return torch.triu(convert(x), diagonal=k)
