"""Sorting, searching, counting and set ops (``sort``, ``argsort``, ``unique``, ``isin``...)."""

from __future__ import annotations

import torch

from torcheras.ops._dtypes import _TORCH_NAMES, result_type
from torcheras.ops._op import cast, convert, keras_tensor, op
from torcheras.ops._specs import canonicalize_axis


@op("Sort")
def sort(x, axis=-1):
    """Sorts the elements of ``x`` along a given axis in ascending order.

    Args:
        x: Input tensor.
        axis: Axis along which to sort; ``None`` sorts the flattened tensor.

    Returns:
        The sorted tensor.
    """
    x = convert(x)
    if axis is None:
        x = x.reshape(-1)
        axis = 0
    if x.dtype is torch.bool and x.device.type == "cuda":
        return torch.sort(x.to(torch.uint8), dim=axis).values.to(torch.bool)
    return torch.sort(x, dim=axis).values


@op("Argsort")
def argsort(x, axis=-1):
    """Returns the indices that would sort a tensor (stable).

    Args:
        x: Input tensor.
        axis: Axis along which to sort; ``None`` uses the flattened tensor.

    Returns:
        An int32 tensor of indices.
    """
    x = convert(x)
    if x.dtype is torch.bool:
        x = x.to(torch.uint8)
    if axis is None:
        axis = -1
        x = x.reshape(-1)
    return torch.argsort(x, dim=axis, stable=True).to(torch.int32)


@op("Argpartition")
def argpartition(x, kth, axis=-1):
    """Indices that partition ``x`` around its ``kth`` smallest element along ``axis``.

    Args:
        x: Input tensor.
        kth: Element index to partition by.
        axis: Axis along which to partition; ``None`` uses the flattened tensor.

    Returns:
        An int32 tensor of indices: the ``kth + 1`` smallest first, then the rest.
    """
    x = convert(x, "int32")
    if axis is None:
        x = x.reshape(-1)
        axis = 0
    moved = torch.moveaxis(x, axis, -1)
    bottom = torch.topk(-moved, kth + 1).indices
    # The other indices: the top entries of a mask that is 0 at the kth + 1 smallest.
    rest_mask = torch.ones_like(moved, dtype=torch.int32).scatter(-1, bottom, 0)
    rest = torch.topk(rest_mask, moved.shape[-1] - kth - 1).indices
    out = torch.cat([bottom, rest], dim=-1)
    return torch.moveaxis(out, -1, axis).to(torch.int32)


@op("SearchSorted")
def searchsorted(sorted_sequence, values, side="left"):
    """Find indices where elements should be inserted to maintain order.

    Args:
        sorted_sequence: 1-D sorted input tensor.
        values: Values to insert.
        side: ``"left"`` (first suitable index) or ``"right"`` (last).

    Returns:
        An int32 tensor of insertion indices.
    """
    sorted_sequence = convert(sorted_sequence)
    values = convert(values)
    if sorted_sequence.ndim != 1:
        raise ValueError(
            "`searchsorted` only supports 1-D sorted sequences. You can use "
            "`keras.ops.vectorized_map` to extend it to N-D sequences. Received: "
            f"sorted_sequence.shape={sorted_sequence.shape}"
        )
    return torch.searchsorted(sorted_sequence, values, side=side,
                              out_int32=sorted_sequence.shape[0] <= 2**31 - 1)


@op("Digitize")
def digitize(x, bins):
    """Returns the indices of the bins to which each value in ``x`` belongs.

    Args:
        x: Input values.
        bins: 1-D monotonically increasing bin edges.

    Returns:
        An int32 tensor of bin indices.
    """
    x = convert(x)
    if x.dtype is torch.bool:
        x = x.to(torch.uint8)
    return torch.bucketize(x, convert(bins), right=True).to(torch.int32)


def _bincount_spec(x, weights=None, minlength=0, sparse=False):
    dtype = "int32" if weights is None else result_type(
        x.dtype, getattr(weights, "dtype", "float32"))
    return keras_tensor(tuple(x.shape[:-1]) + (None,), dtype)


@op("Bincount", _bincount_spec)
def bincount(x, weights=None, minlength=0, sparse=False):
    """Count the number of occurrences of each value in a tensor of non-negative ints.

    Args:
        x: 1-D (or 2-D, counted per row) tensor of non-negative integers.
        weights: Optional weights, of the shape of ``x``.
        minlength: Minimum number of bins.
        sparse: Whether to return a sparse tensor (not supported on torch).

    Returns:
        A tensor of counts.
    """
    if sparse:
        raise ValueError("Unsupported value `sparse=True` with torch backend")
    x = convert(x)
    if weights is not None:
        weights = convert(weights)
        dtype = result_type(_TORCH_NAMES[x.dtype], _TORCH_NAMES[weights.dtype])
    else:
        dtype = "int32"
    if x.ndim == 2:
        if weights is None:
            rows = [torch.bincount(r, minlength=minlength) for r in x]
        else:
            rows = [torch.bincount(r, weights=w, minlength=minlength)
                    for r, w in zip(x, weights)]
        width = max(r.shape[0] for r in rows) if rows else minlength
        rows = [torch.nn.functional.pad(r, (0, width - r.shape[0])) for r in rows]
        return cast(torch.stack(rows), dtype)
    return cast(torch.bincount(x, weights, minlength), dtype)


def _histogram_spec(x, bins=10, range=None):  # noqa: A002 - Keras's name
    return keras_tensor((bins,), x.dtype), keras_tensor((bins + 1,), x.dtype)


@op("Histogram", _histogram_spec)
def _histogram(x, bins=10, range=None):  # noqa: A002 - Keras's name
    x = convert(x)
    if x.ndim > 1:
        raise ValueError(
            f"Input tensor must be 1-dimensional. Received: input.shape={x.shape}"
        )
    result = torch.histogram(x, bins=bins, range=range)
    return result.hist, result.bin_edges


def histogram(x, bins=10, range=None):  # noqa: A002 - Keras's name
    """Computes a histogram of the data in ``x``.

    Args:
        x: 1-D input tensor.
        bins: Number of equal-width bins.
        range: ``(lower, upper)`` range of the bins (the data's min and max by default).

    Returns:
        A tuple ``(counts, bin_edges)``.
    """
    if not isinstance(bins, int):
        raise TypeError(f"Argument `bins` must be of type `int`. Received: bins={bins}")
    if bins < 0:
        raise ValueError(
            f"Argument `bins` should be a non-negative integer. Received: bins={bins}"
        )
    if range:
        if len(range) < 2 or not isinstance(range, tuple):
            raise ValueError(
                f"Argument `range` must be a tuple of two elements. Received: range={range}"
            )
        if range[1] < range[0]:
            raise ValueError(
                "The second element of `range` must be greater than the first. "
                f"Received: range={range}"
            )
    return _histogram(x, bins=bins, range=range)


@op("IsIn")
def isin(x1, x2, assume_unique=False, invert=False):
    """Whether each element of ``x1`` is present in ``x2``.

    Args:
        x1: Input tensor.
        x2: Values against which to test each element of ``x1``.
        assume_unique: Whether both inputs are known to hold unique values.
        invert: Whether to return the negation (not in ``x2``).

    Returns:
        A boolean tensor of the shape of ``x1``.
    """
    x1 = convert(x1)
    x2 = convert(x2)
    if result_type(_TORCH_NAMES[x1.dtype], _TORCH_NAMES[x2.dtype]) == "bool":
        x1, x2 = x1.to(torch.int32), x2.to(torch.int32)
    if x1.dtype is torch.bool:
        x1 = x1.to(x2.dtype)
    if x2.dtype is torch.bool:
        x2 = x2.to(x1.dtype)
    return torch.isin(x1, x2, assume_unique=assume_unique, invert=invert)


def _unique_spec(x, sorted=True, return_index=False, return_inverse=False,  # noqa: A002
                 return_counts=False, axis=None, size=None, fill_value=None):
    if axis is None:
        values = keras_tensor((size,), x.dtype)
    else:
        shape = list(x.shape)
        shape[canonicalize_axis(axis, len(shape))] = size
        values = keras_tensor(shape, x.dtype)
    outs = [values]
    if return_index:
        outs.append(keras_tensor((size,), "int32"))
    if return_inverse:
        n = None if None in x.shape else int(torch.tensor(x.shape).prod()) if axis is None \
            else x.shape[canonicalize_axis(axis, len(x.shape))]
        outs.append(keras_tensor((n,), "int32"))
    if return_counts:
        outs.append(keras_tensor((size,), "int32"))
    return outs[0] if len(outs) == 1 else tuple(outs)


@op("Unique", _unique_spec)
def unique(x, sorted=True, return_index=False, return_inverse=False,  # noqa: A002
           return_counts=False, axis=None, size=None, fill_value=None):
    """Find the unique elements of a tensor.

    Args:
        x: Input tensor.
        sorted: Whether to sort the unique elements.
        return_index: Also return the index of each value's first occurrence.
        return_inverse: Also return, for each input element, the index of its value.
        return_counts: Also return the number of times each value appears.
        axis: Axis along which to find unique slices (``None`` flattens).
        size: If given, pad or truncate the result to this many values.
        fill_value: Padding value when ``size`` exceeds the number of unique values.

    Returns:
        The unique values, or a tuple with the requested extra outputs.
    """
    x = convert(x)
    outs = torch.unique(x, sorted=sorted, return_inverse=return_inverse or return_index,
                        return_counts=return_counts, dim=axis)
    outs = list(outs) if isinstance(outs, tuple) else [outs]
    values = outs[0]
    dim = 0 if axis is None else canonicalize_axis(axis, x.ndim)
    first = None
    if return_index:
        inverse = outs[1]
        positions = torch.arange(inverse.numel(), dtype=inverse.dtype, device=inverse.device)
        first = inverse.new_empty(values.shape[dim]).scatter_reduce_(
            0, inverse.reshape(-1), positions, reduce="min", include_self=False)
    if size is not None:
        values, outs, first = _resize_unique(values, outs, first, dim, size, fill_value,
                                             return_counts)
    result = [values]
    if return_index:
        result.append(first)
    if return_inverse:
        result.append(outs[1])
    if return_counts:
        result.append(outs[-1])
    return result[0] if len(result) == 1 else tuple(result)


def _resize_unique(values, outs, first, dim, size, fill_value, with_counts):
    count = values.shape[dim]
    if count > size:
        values = values.narrow(dim, 0, size)
        if with_counts:
            outs[-1] = outs[-1][:size]
        if first is not None:
            first = first[:size]
    elif count < size:
        extra = size - count
        pads = [0, 0] * values.ndim
        pads[(values.ndim - 1 - dim) * 2 + 1] = extra
        values = torch.nn.functional.pad(values, pads, value=0 if fill_value is None
                                         else fill_value)
        if with_counts:
            outs[-1] = torch.nn.functional.pad(outs[-1], (0, extra), value=0)
        if first is not None:
            first = torch.nn.functional.pad(first, (0, extra), value=1)
    return values, outs, first
