"""Reductions along axes (``keras.ops.sum``, ``mean``, ``max``, ``argmax``, ...).

``axis`` may be ``None`` (all axes), an int or a tuple/list of ints; an empty tuple reduces
nothing, as in NumPy. Integer sums accumulate in at least int32, as in Keras.
"""

from __future__ import annotations

import torch

from torcheras.ops._dtypes import _TORCH_NAMES, result_type, to_torch_dtype
from torcheras.ops._op import cast, convert, op
from torcheras.ops._specs import canonicalize_axis, trace_spec

_SMALL_INTS = (torch.bool, torch.uint8, torch.int8, torch.int16)


def _axis(axis):
    """torch's ``dim`` for a Keras ``axis`` (lists become tuples)."""
    if isinstance(axis, list):
        return tuple(axis)
    return axis


def _stack_if_list(x):
    if isinstance(x, (list, tuple)):
        return torch.stack([convert(v) for v in x])
    return convert(x)


def _empty_axis(axis) -> bool:
    return isinstance(axis, (tuple, list)) and len(axis) == 0


@op("Sum", checks_axis=True)
def sum(x, axis=None, keepdims=False):  # noqa: A001 - Keras's name
    """Sum of a tensor over the given axes.

    Args:
        x: Input tensor.
        axis: Axis or axes along which the sum is computed; ``None`` sums all.
        keepdims: Whether to keep the reduced axes with length 1.

    Returns:
        A tensor (bool and small integers are summed as int32).
    """
    x = convert(x) if type(x) is torch.Tensor else _stack_if_list(x)
    if axis is None:
        out = torch.sum(x)
    elif type(axis) is int:
        out = torch.sum(x, axis, keepdims)
    elif len(axis) == 0:
        return x
    else:
        out = torch.sum(x, tuple(axis), keepdims)
    if out.dtype is not x.dtype:
        # torch sums integers as int64; Keras keeps the input's (at least int32).
        out = out.to(torch.int32 if x.dtype in _SMALL_INTS else x.dtype)
    return out


@op("Mean", checks_axis=True)
def mean(x, axis=None, keepdims=False):
    """Compute the arithmetic mean along the specified axes.

    Args:
        x: Input tensor.
        axis: Axis or axes along which the means are computed; ``None`` uses all.
        keepdims: Whether to keep the reduced axes with length 1.

    Returns:
        A tensor (integer inputs give floats).
    """
    x = convert(x) if type(x) is torch.Tensor else _stack_if_list(x)
    if x.dtype is torch.float32 and (axis is None or type(axis) is int):
        return torch.mean(x) if axis is None else torch.mean(x, axis, keepdims)
    if _empty_axis(axis):
        return x
    original = _TORCH_NAMES[x.dtype]
    compute = result_type(original, "float32")
    target = compute if ("int" in original or original == "bool") else original
    x = cast(x, compute)
    out = torch.mean(x) if axis is None else torch.mean(x, _axis(axis), keepdims)
    return cast(out, target)


def _extreme(x, axis, keepdims, initial, which):
    x = convert(x)
    if initial is None and type(axis) is int and x.numel():
        return (torch.amax if which == "max" else torch.amin)(x, axis, keepdims)
    if 0 in x.shape:
        if initial is None:
            raise ValueError(f"Cannot compute the {which} of an empty tensor.")
        if keepdims:
            return torch.full((1,) * x.ndim, initial)
        return torch.tensor(initial)
    if axis is None:
        out = torch.max(x) if which == "max" else torch.min(x)
    else:
        out = _amax_amin(x, axis, keepdims, torch.amax if which == "max" else torch.amin)
    if initial is not None:
        initial = torch.full(out.shape, initial, dtype=out.dtype, device=out.device)
        out = torch.maximum(out, initial) if which == "max" else torch.minimum(out, initial)
    return out


def _amax_amin(x, axis, keepdims, fn):
    if axis is None:
        return fn(x)
    if _empty_axis(axis):
        return x
    return fn(x, dim=_axis(axis), keepdim=keepdims)


@op("Max", checks_axis=True)
def max(x, axis=None, keepdims=False, initial=None):  # noqa: A001 - Keras's name
    """Return the maximum of a tensor or maximum along an axis.

    Args:
        x: Input tensor.
        axis: Axis or axes along which to operate; ``None`` uses all.
        keepdims: Whether to keep the reduced axes with length 1.
        initial: The minimum value of an output element (also the result for an empty
            input).

    Returns:
        A tensor.
    """
    return _extreme(x, axis, keepdims, initial, "max")


@op("Min", checks_axis=True)
def min(x, axis=None, keepdims=False, initial=None):  # noqa: A001 - Keras's name
    """Return the minimum of a tensor or minimum along an axis.

    Args:
        x: Input tensor.
        axis: Axis or axes along which to operate; ``None`` uses all.
        keepdims: Whether to keep the reduced axes with length 1.
        initial: The maximum value of an output element (also the result for an empty
            input).

    Returns:
        A tensor.
    """
    return _extreme(x, axis, keepdims, initial, "min")


@op("Amax", checks_axis=True)
def amax(x, axis=None, keepdims=False):
    """Returns the maximum of a tensor or maximum along an axis.

    Args:
        x: Input tensor.
        axis: Axis or axes along which to operate; ``None`` uses all.
        keepdims: Whether to keep the reduced axes with length 1.

    Returns:
        A tensor.
    """
    return _amax_amin(convert(x), axis, keepdims, torch.amax)


@op("Amin", checks_axis=True)
def amin(x, axis=None, keepdims=False):
    """Returns the minimum of a tensor or minimum along an axis.

    Args:
        x: Input tensor.
        axis: Axis or axes along which to operate; ``None`` uses all.
        keepdims: Whether to keep the reduced axes with length 1.

    Returns:
        A tensor.
    """
    return _amax_amin(convert(x), axis, keepdims, torch.amin)


def _logical(x, axis, keepdims, fn):
    x = convert(x)
    if _empty_axis(axis):
        return x.to(torch.bool)
    if isinstance(axis, int):
        axis = (axis,)
    return fn(x, dim=None if axis is None else tuple(axis), keepdim=keepdims).to(torch.bool)


@op("All", checks_axis=True)
def all(x, axis=None, keepdims=False):  # noqa: A001 - Keras's name
    """Test whether all elements along the given axes evaluate to True.

    Args:
        x: Input tensor.
        axis: Axis or axes along which to reduce; ``None`` uses all.
        keepdims: Whether to keep the reduced axes with length 1.

    Returns:
        A boolean tensor.
    """
    return _logical(x, axis, keepdims, torch.all)


@op("Any", checks_axis=True)
def any(x, axis=None, keepdims=False):  # noqa: A001 - Keras's name
    """Test whether any element along the given axes evaluates to True.

    Args:
        x: Input tensor.
        axis: Axis or axes along which to reduce; ``None`` uses all.
        keepdims: Whether to keep the reduced axes with length 1.

    Returns:
        A boolean tensor.
    """
    return _logical(x, axis, keepdims, torch.any)


@op("Prod", checks_axis=True)
def prod(x, axis=None, keepdims=False, dtype=None):
    """Return the product of tensor elements over the given axes.

    Args:
        x: Input tensor.
        axis: Axis or axes along which the product is computed; ``None`` uses all.
        keepdims: Whether to keep the reduced axes with length 1.
        dtype: Dtype of the result (by default bool and small integers give int32).

    Returns:
        A tensor.
    """
    x = convert(x)
    if dtype is None:
        dtype = result_type(_TORCH_NAMES[x.dtype])
        if dtype in ("bool", "int8", "int16", "uint8"):
            dtype = "int32"
    compute = "float32" if dtype == "float16" and x.device.type == "cpu" else dtype
    tcompute = to_torch_dtype(compute)
    if axis is None:
        return cast(torch.prod(x, dtype=tcompute), dtype)
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    axes = sorted((canonicalize_axis(a, x.ndim) for a in axes), reverse=True)
    for a in axes:
        x = cast(torch.prod(x, dim=a, keepdim=keepdims, dtype=tcompute), dtype)
    return x


def _moment(x, axis, keepdims, fn):
    x = convert(x)
    original = _TORCH_NAMES[x.dtype]
    compute = result_type(original, "float32")
    target = result_type(original, float)
    if _empty_axis(axis):
        return torch.zeros_like(x, dtype=to_torch_dtype(target))
    x = cast(x, compute)
    return cast(fn(x, dim=_axis(axis), keepdim=keepdims, correction=0), target)


@op("Var", checks_axis=True)
def var(x, axis=None, keepdims=False):
    """Compute the variance along the specified axes (no Bessel correction).

    Args:
        x: Input tensor.
        axis: Axis or axes along which the variance is computed; ``None`` uses all.
        keepdims: Whether to keep the reduced axes with length 1.

    Returns:
        A float tensor.
    """
    return _moment(x, axis, keepdims, torch.var)


@op("Std", checks_axis=True)
def std(x, axis=None, keepdims=False):
    """Compute the standard deviation along the specified axes (no Bessel correction).

    Args:
        x: Input tensor.
        axis: Axis or axes along which the deviation is computed; ``None`` uses all.
        keepdims: Whether to keep the reduced axes with length 1.

    Returns:
        A float tensor.
    """
    x = convert(x)
    if x.dtype in (torch.int8, torch.int16, torch.int32, torch.int64, torch.uint8,
                   torch.bool):
        x = x.to(torch.float32)
    return torch.std(x, dim=_axis(axis), keepdim=keepdims, correction=0)


def _arg(x, axis, keepdims, fn):
    x = convert(x)
    if x.dtype is torch.bool:
        x = x.to(torch.uint8)
    return fn(x, dim=axis, keepdim=keepdims).to(torch.int32)


@op("Argmax", checks_axis=True)
def argmax(x, axis=None, keepdims=False):
    """Returns the indices of the maximum values along an axis.

    Args:
        x: Input tensor.
        axis: Axis along which to search; ``None`` searches the flattened tensor.
        keepdims: Whether to keep the reduced axis with length 1.

    Returns:
        An int32 tensor of indices.
    """
    return _arg(x, axis, keepdims, torch.argmax)


@op("Argmin", checks_axis=True)
def argmin(x, axis=None, keepdims=False):
    """Returns the indices of the minimum values along an axis.

    Args:
        x: Input tensor.
        axis: Axis along which to search; ``None`` searches the flattened tensor.
        keepdims: Whether to keep the reduced axis with length 1.

    Returns:
        An int32 tensor of indices.
    """
    return _arg(x, axis, keepdims, torch.argmin)


@op("CountNonzero", checks_axis=True)
def count_nonzero(x, axis=None):
    """Counts the number of non-zero values in ``x`` along the given axes.

    Args:
        x: Input tensor.
        axis: Axis or axes along which to count; ``None`` counts all.

    Returns:
        An int32 tensor.
    """
    x = convert(x)
    if _empty_axis(axis):
        return torch.ne(x, 0).to(torch.int32)
    # NumPy's layout; Keras's torch backend transposes multi-dimensional results here.
    return torch.count_nonzero(x, dim=_axis(axis)).to(torch.int32)


def _ptp_spec(x, axis=None, keepdims=False):
    return trace_spec(amax, (x,), {"axis": axis, "keepdims": keepdims})


@op("Ptp", _ptp_spec, checks_axis=True)
def ptp(x, axis=None, keepdims=False):
    """Range of values (maximum - minimum) along an axis.

    Args:
        x: Input tensor.
        axis: Axis or axes along which to compute; ``None`` uses all.
        keepdims: Whether to keep the reduced axes with length 1.

    Returns:
        A tensor.
    """
    x = convert(x)
    if axis is None:
        return x.max() - x.min()
    if _empty_axis(axis):
        return torch.zeros_like(x)
    dim = _axis(axis)
    return torch.amax(x, dim=dim, keepdim=keepdims) - torch.amin(x, dim=dim, keepdim=keepdims)


@op("Average", checks_axis=True)
def average(x, axis=None, weights=None):
    """Compute the weighted average along the specified axis.

    Args:
        x: Input tensor.
        axis: Axis along which to average; ``None`` averages all elements.
        weights: Optional weights, of the shape of ``x`` or 1-D along ``axis``.

    Returns:
        A float tensor.
    """
    x = convert(x)
    resolve = [_TORCH_NAMES[x.dtype], float]
    if weights is not None:
        weights = convert(weights)
        resolve.append(_TORCH_NAMES[weights.dtype])
    dtype = result_type(*resolve)
    x = cast(x, dtype)
    if _empty_axis(axis):
        return x
    if weights is None:
        return torch.mean(x) if axis is None else torch.mean(x, axis)
    weights = cast(weights, dtype)
    if axis is None:
        return torch.sum(x * weights) / torch.sum(weights)
    return torch.sum(torch.mul(x, weights), dim=axis) / torch.sum(weights, dim=-1)


def _cumulative(x, axis, dtype, fn):
    x = convert(x)
    if axis is None:
        x = x.flatten()
        axis = 0
    dtype = result_type(dtype or _TORCH_NAMES[x.dtype])
    if dtype == "bool":
        dtype = "int32"
    elif dtype == "float16" and x.device.type == "cpu":
        return fn(x, dim=axis, dtype=torch.float32).to(torch.float16)
    return fn(x, dim=axis, dtype=to_torch_dtype(dtype))


@op("Cumsum", checks_axis=True)
def cumsum(x, axis=None, dtype=None):
    """Returns the cumulative sum of elements along a given axis.

    Args:
        x: Input tensor.
        axis: Axis along which to sum; ``None`` uses the flattened tensor.
        dtype: Dtype of the result (defaults to the input's, bool gives int32).

    Returns:
        A tensor.
    """
    return _cumulative(x, axis, dtype, torch.cumsum)


@op("Cumprod", checks_axis=True)
def cumprod(x, axis=None, dtype=None):
    """Return the cumulative product of elements along a given axis.

    Args:
        x: Input tensor.
        axis: Axis along which to multiply; ``None`` uses the flattened tensor.
        dtype: Dtype of the result (defaults to the input's, bool gives int32).

    Returns:
        A tensor.
    """
    return _cumulative(x, axis, dtype, torch.cumprod)
