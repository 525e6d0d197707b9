"""Indexing and selection (``take``, ``where``, ``get_item``, ``diagonal``, ``nonzero``...)."""

from __future__ import annotations

import torch

from torcheras.layers._keras_tensor import KerasTensor
from torcheras.ops._dtypes import _TORCH_NAMES, to_torch_dtype
from torcheras.ops._op import convert, keras_tensor, op
from torcheras.ops._specs import broadcast_shapes, canonicalize_axis

_INDEX_DTYPES = (torch.int8, torch.int16, torch.int32, torch.int64, torch.uint8)


def _index_tensor(indices, name: str = "indices") -> torch.Tensor:
    indices = convert(indices)
    dtype = indices.dtype
    if dtype is torch.int64 or dtype is torch.int32:
        return indices
    if dtype not in _INDEX_DTYPES:
        raise ValueError(
            f"Argument `{name}` must be an integer tensor. Received: "
            f"{name}.dtype={_TORCH_NAMES.get(dtype, dtype)}"
        )
    # uint8 index tensors would be read as masks.
    return indices.long()


@op("Take")
def take(x, indices, axis=None):
    """Take elements from a tensor along an axis (negative indices count from the end).

    Args:
        x: Source tensor.
        indices: Integer indices of the values to extract.
        axis: Axis over which to select; ``None`` uses the flattened tensor.

    Returns:
        The selected tensor.
    """
    x = convert(x)
    indices = _index_tensor(indices)
    # Advanced indexing counts negative indices from the end and raises IndexError past
    # either end, in one call (Keras's torch backend needs three for the negatives).
    if axis is None:
        return x.reshape(-1)[indices]
    if axis == 0 or axis == -x.ndim:
        return x[indices]
    axis = canonicalize_axis(axis, x.ndim)
    return x[(slice(None),) * axis + (indices,)]


@op("TakeAlongAxis")
def take_along_axis(x, indices, axis=None):
    """Select values from ``x`` at the 1-D ``indices`` along the given axis.

    Args:
        x: Source tensor.
        indices: Integer indices, broadcastable against ``x`` except along ``axis``.
        axis: Axis along which to select; ``None`` uses the flattened tensor.

    Returns:
        The selected tensor.
    """
    x = convert(x)
    indices = _index_tensor(indices).long()
    size = x.shape[axis] if axis is not None else x.shape[0]
    indices = torch.where(indices < 0, indices + size, indices)
    return torch.take_along_dim(x, indices, dim=axis)


def _where_spec(condition, x1=None, x2=None):
    if x1 is None:
        # Which elements are true is only known at run time.
        return keras_tensor((len(condition.shape), None), "int32")
    shape = list(getattr(condition, "shape", ()))
    for v in (x1, x2):
        shape = broadcast_shapes(shape, list(getattr(v, "shape", ())))
    dtype = where(torch.ones((), dtype=torch.bool), _stand_in(x1), _stand_in(x2)).dtype
    return keras_tensor(shape, dtype)


def _stand_in(v):
    if isinstance(v, KerasTensor):
        return torch.ones((), dtype=to_torch_dtype(v.dtype))
    return v


@op("Where", _where_spec)
def where(condition, x1=None, x2=None):
    """Return elements chosen from ``x1`` or ``x2`` depending on ``condition``.

    Args:
        condition: Where True, yield ``x1``, otherwise yield ``x2``.
        x1: Values chosen where ``condition`` is True.
        x2: Values chosen where ``condition`` is False.

    Returns:
        A tensor; with only ``condition``, the indices of its true elements
        (one row per axis).
    """
    if (x1 is None) != (x2 is None):
        raise ValueError(
            "`x1` and `x2` either both should be `None` or both should have non-None value."
        )
    condition = convert(condition)
    if condition.dtype is not torch.bool:
        condition = condition.to(torch.bool)
    if x1 is None:
        return torch.stack(torch.where(condition), dim=0)
    return torch.where(condition, convert(x1), convert(x2))


@op("GetItem")
def get_item(x, key):
    """Return ``x[key]``.

    Args:
        x: Input tensor.
        key: An index, slice, tuple of them, or tensor of indices.

    Returns:
        The selected tensor.
    """
    return convert(x)[key]


@op("Diag")
def diag(x, k=0):
    """Extract a diagonal (2-D input) or construct a diagonal tensor (1-D input).

    Args:
        x: 1-D or 2-D tensor.
        k: Diagonal offset (>0 above, <0 below the main diagonal).

    Returns:
        A tensor.
    """
    x = convert(x)
    if x.ndim not in (1, 2):
        raise ValueError(f"`x` must be 1d or 2d. Received: x.shape={tuple(x.shape)}")
    return torch.diag(x, diagonal=k)


@op("Diagflat")
def diagflat(x, k=0):
    """Create a 2-D tensor with the flattened input on the ``k``-th diagonal.

    Args:
        x: Input tensor (flattened first).
        k: Diagonal offset.

    Returns:
        A 2-D tensor.
    """
    return torch.diagflat(convert(x), offset=k)


@op("Diagonal")
def diagonal(x, offset=0, axis1=0, axis2=1):
    """Return specified diagonals (the diagonal axis is appended last).

    Args:
        x: Input tensor of rank >= 2.
        offset: Offset of the diagonal from the main diagonal.
        axis1: First axis of the 2-D sub-arrays.
        axis2: Second axis of the 2-D sub-arrays.

    Returns:
        A tensor of diagonals.
    """
    x = convert(x)
    if canonicalize_axis(axis1, x.ndim) == canonicalize_axis(axis2, x.ndim):
        raise ValueError(
            f"`axis1` and `axis2` cannot be the same. Received: axis1={axis1}, axis2={axis2}"
        )
    return torch.diagonal(x, offset=offset, dim1=axis1, dim2=axis2)


@op("Trace")
def trace(x, offset=0, axis1=0, axis2=1):
    """Return the sum along diagonals of the tensor.

    Args:
        x: Input tensor of rank >= 2.
        offset: Offset of the diagonal from the main diagonal.
        axis1: First axis of the 2-D sub-arrays.
        axis2: Second axis of the 2-D sub-arrays.

    Returns:
        A tensor (bool and small integers are summed as int32).
    """
    x = convert(x)
    dtype = x.dtype
    if dtype in (torch.bool, torch.int8, torch.int16, torch.uint8):
        dtype = torch.int32
    return torch.sum(torch.diagonal(x, offset, axis1, axis2), dim=-1, dtype=dtype)


def _nonzero_spec(x):
    return tuple(keras_tensor((None,), "int32") for _ in range(len(x.shape)))


@op("Nonzero", _nonzero_spec)
def nonzero(x):
    """Return the indices of the non-zero elements, one row per axis.

    Args:
        x: Input tensor.

    Returns:
        An int32 tensor of shape ``(ndim, count)``.
    """
    return torch.nonzero(convert(x)).T.to(torch.int32)


@op("UnravelIndex")
def unravel_index(indices, shape):
    """Convert flat indices to coordinate tensors of the given ``shape``.

    Args:
        indices: Integer tensor of flat indices.
        shape: The shape of the tensor the indices refer to.

    Returns:
        A tuple of index tensors, one per dimension.
    """
    indices = convert(indices)
    return tuple(i.to(indices.dtype) if indices.dtype is not torch.int64 else i.to(torch.int32)
                 for i in torch.unravel_index(indices, tuple(shape)))


def ndim(x):
    """Return the number of dimensions of a tensor.

    Args:
        x: Input tensor.

    Returns:
        The number of dimensions (a Python int).
    """
    if isinstance(x, KerasTensor):
        return x.ndim
    return convert(x).ndim


def _size_spec(x):
    return keras_tensor((), "int32")


@op("Size", _size_spec)
def size(x):
    """Return the number of elements in a tensor.

    Args:
        x: Input tensor.

    Returns:
        A scalar int32 tensor.
    """
    return torch.prod(convert(tuple(convert(x).shape)))


def _select_spec(condlist, choicelist, default=0):
    shape = []
    for v in list(condlist) + list(choicelist) + [default]:
        shape = broadcast_shapes(shape, list(getattr(v, "shape", ())))
    dtype = choicelist[0].dtype if hasattr(choicelist[0], "dtype") else "float32"
    return keras_tensor(shape, dtype)


@op("Select", _select_spec)
def _select(condlist, choicelist, default=0):
    out = convert(default)
    for c, v in reversed(list(zip(condlist, choicelist))):
        out = torch.where(convert(c), convert(v), out)
    return out


def select(condlist, choicelist, default=0):
    """Return elements from ``choicelist`` where the matching ``condlist`` entry is true.

    Args:
        condlist: List of boolean tensors; the first true one picks the value.
        choicelist: List of tensors, one per condition.
        default: Value where no condition is true.

    Returns:
        A tensor.
    """
    if not isinstance(condlist, (list, tuple)) or not isinstance(choicelist, (list, tuple)):
        raise ValueError(
            "condlist and choicelist must be lists. Received: "
            f"type(condlist) = {type(condlist)}, type(choicelist) = {type(choicelist)}"
        )
    if not condlist or not choicelist:
        raise ValueError(
            "condlist and choicelist must not be empty. Received: "
            f"condlist = {condlist}, choicelist = {choicelist}"
        )
    return _select(list(condlist), list(choicelist), default)


@op("View")
def view(x, dtype=None):
    """View the tensor's memory as another dtype.

    Args:
        x: Input tensor.
        dtype: The dtype to reinterpret the data as.

    Returns:
        A tensor sharing memory with ``x``.
    """
    return convert(x).view(dtype=to_torch_dtype(dtype))
