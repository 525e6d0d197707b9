"""``keras.ops`` core ops: conversions, casts, shapes, slicing and scattering."""

from __future__ import annotations

import builtins

import numpy as np
import torch

from torcheras.backend._variable import Variable
from torcheras.layers._keras_tensor import KerasTensor
from torcheras.ops._dtypes import standardize_dtype, to_torch_dtype
from torcheras.ops._op import _target_device, convert, keras_tensor, op
from torcheras.ops._op import cast as _cast
from torcheras.ops._specs import same_spec


@op("ConvertToTensor")
def convert_to_tensor(x, dtype=None, sparse=None, ragged=None):
    """Convert a NumPy array, Python value or tensor to a tensor on the default device.

    Args:
        x: The value to convert.
        dtype: Target dtype (inferred from ``x`` by default: Python floats become floatx,
            ints int32).
        sparse: Whether to keep sparse tensors (not supported by torch: must be falsy).
        ragged: Whether to keep ragged tensors (not supported by torch: must be falsy).

    Returns:
        A ``torch.Tensor``.

    Example:

    >>> convert_to_tensor([1, 2]).dtype
    torch.int32
    """
    if sparse:
        raise ValueError("`sparse=True` is not supported with torch backend")
    if ragged:
        raise ValueError("`ragged=True` is not supported with torch backend")
    return convert(x, None if dtype is None else standardize_dtype(dtype))


def convert_to_numpy(x):
    """Convert a tensor (or nested list of them) to a NumPy array.

    Args:
        x: A tensor, array or Python value.

    Returns:
        A NumPy array (bfloat16 tensors become float32 arrays).
    """
    if isinstance(x, KerasTensor):
        raise ValueError(
            "A KerasTensor is symbolic: it's a placeholder for a shape an a dtype. It "
            "doesn't have any actual numerical value. You cannot convert it to a NumPy "
            "array."
        )

    def one(v):
        if isinstance(v, torch.Tensor):
            v = v.detach()
            if v.device.type != "cpu":
                v = v.cpu()
            if v.dtype is torch.bfloat16:
                v = v.to(torch.float32)
            return np.array(v.numpy())
        return np.array(v)

    if isinstance(x, (list, tuple)):
        return np.array([one(v) for v in x])
    return one(x)


def is_tensor(x) -> bool:
    """Whether ``x`` is a backend (torch) tensor.

    Args:
        x: Any value.

    Returns:
        ``True`` for ``torch.Tensor`` (including Keras variables).
    """
    return isinstance(x, torch.Tensor)


def shape(x) -> tuple:
    """The shape of a tensor as a tuple of ints (``None`` for unknown symbolic dims).

    Args:
        x: A tensor, KerasTensor or array.

    Returns:
        A tuple.
    """
    if isinstance(x, KerasTensor):
        return x.shape
    if not hasattr(x, "shape"):
        x = convert(x)
    return tuple(x.shape)


def dtype(x) -> str:
    """The Keras dtype name of a tensor.

    Args:
        x: A tensor, KerasTensor or array.

    Returns:
        A string such as ``"float32"``.
    """
    return standardize_dtype(x.dtype)


def _cast_spec(x, dtype):
    return keras_tensor(x.shape, standardize_dtype(dtype))


@op("Cast", _cast_spec)
def _cast_op(x, dtype):
    if isinstance(x, Variable):
        x = x.value
    if isinstance(x, torch.Tensor):
        return _cast(x, dtype)
    return convert(x, dtype)


def cast(x, dtype):
    """Cast a tensor to the desired dtype.

    Args:
        x: A tensor or value.
        dtype: The target dtype.

    Returns:
        A tensor of the target dtype.
    """
    return _cast_op(x, standardize_dtype(dtype))


def _limits(dtype: torch.dtype):
    if dtype is torch.bool:
        return 0, 1
    info = torch.finfo(dtype) if dtype.is_floating_point else torch.iinfo(dtype)
    return info.min, info.max


def _saturate_cast_impl(x, dtype):
    x = convert(x)
    target = to_torch_dtype(dtype)
    in_min, in_max = _limits(x.dtype)
    out_min, out_max = _limits(target)
    # The output limits may not be representable in the input dtype (float32 cannot hold
    # 2**31 - 1): nudge them inwards so clipping never leaves the output range.
    low = torch.tensor(builtins.max(in_min, out_min), dtype=torch.float64).to(x.dtype)
    if float(low) < out_min:
        low = torch.nextafter(low, torch.zeros_like(low))
    high = torch.tensor(builtins.min(in_max, out_max), dtype=torch.float64).to(x.dtype)
    if float(high) > out_max:
        high = torch.nextafter(high, torch.zeros_like(high))
    if x.dtype is torch.bool:
        x = x.to(torch.int32)
    return torch.clip(x, low.to(x.device), high.to(x.device)).to(target)


@op("SaturateCast", _cast_spec)
def _saturate_cast_op(x, dtype):
    return _saturate_cast_impl(x, dtype)


def saturate_cast(x, dtype):
    """Cast to ``dtype``, clipping values to its range first (no overflow wrap-around).

    Args:
        x: A tensor or value.
        dtype: The target dtype.

    Returns:
        A tensor of the target dtype.
    """
    return _saturate_cast_op(x, standardize_dtype(dtype))


def _slice_spec(inputs, start_indices, shape):
    return keras_tensor(tuple(shape), inputs.dtype)


@op("Slice", _slice_spec)
def _slice(inputs, start_indices, shape):
    inputs = convert(inputs)
    if isinstance(start_indices, (list, tuple)) and isinstance(shape, (list, tuple)) and all(
            isinstance(s, int) for s in list(start_indices) + list(shape)):
        return inputs[tuple(builtins.slice(s, s + n) for s, n in zip(start_indices, shape))]
    starts = convert(start_indices).to(torch.int64)
    sizes = convert(shape).to(torch.int64)
    out = inputs
    for dim in range(starts.shape[0]):
        out = torch.narrow(out, dim, int(starts[dim]), int(sizes[dim]))
    return out


def slice(inputs, start_indices, shape):  # noqa: A001 - Keras's name
    """Return a slice of ``inputs`` of size ``shape`` starting at ``start_indices``.

    Args:
        inputs: A tensor.
        start_indices: One start index per axis.
        shape: The size of the slice along each axis.

    Returns:
        A tensor of shape ``shape``.
    """
    return _slice(inputs, start_indices, shape)


@op("SliceUpdate", same_spec)
def slice_update(inputs, start_indices, updates):
    """Return ``inputs`` with the block at ``start_indices`` replaced by ``updates``.

    Args:
        inputs: A tensor.
        start_indices: One start index per axis.
        updates: The new values, of the block's shape.

    Returns:
        A new tensor (``inputs`` is not modified).
    """
    inputs = convert(inputs)
    updates = convert(updates)
    if isinstance(start_indices, torch.Tensor):
        start_indices = [int(s) for s in start_indices.tolist()]
    starts = [int(s) for s in start_indices]
    out = torch.clone(inputs)
    block = tuple(builtins.slice(s, s + n) for s, n in zip(starts, updates.shape))
    out[block] = updates.to(out.dtype)
    return out


def _scatter_spec(indices, values, shape):
    return keras_tensor(tuple(shape), values.dtype)


@op("Scatter", _scatter_spec)
def scatter(indices, values, shape):
    """A zero tensor of ``shape`` with ``values`` added at ``indices``.

    Args:
        indices: Integer tensor of shape ``(N, k)``: N index tuples into the first k axes.
        values: The values to add, of shape ``(N,) + shape[k:]``.
        shape: The shape of the result.

    Returns:
        A tensor (duplicate indices are summed).
    """
    indices = convert(indices).to(torch.int64)
    values = convert(values)
    shape = tuple(shape)
    out = torch.zeros(shape, dtype=values.dtype, device=_target_device())
    depth = indices.shape[-1]
    indices = indices.reshape(-1, depth)
    values = values.reshape((-1,) + shape[depth:])
    out.index_put_(tuple(indices.T), values, accumulate=True)
    return out


@op("ScatterUpdate")
def _scatter_update(inputs, indices, updates, reduction=None):
    inputs = convert(inputs)
    indices = convert(indices, "int64")
    updates = convert(updates, inputs.dtype)
    out = torch.clone(inputs)
    idx = tuple(indices.T)
    if reduction is None:
        out[idx] = updates
    elif reduction == "add":
        out.index_put_(idx, updates, accumulate=True)
    else:
        combine = {"max": torch.maximum, "min": torch.minimum, "mul": torch.multiply}[reduction]
        for i in range(indices.shape[0]):
            where = tuple(indices[i])
            out[where] = combine(out[where], updates[i])
    return out


def scatter_update(inputs, indices, updates, reduction=None):
    """Return ``inputs`` with the entries at ``indices`` replaced by (or combined with)
    ``updates``.

    Args:
        inputs: A tensor.
        indices: Integer tensor of shape ``(N, k)``: N index tuples into the first k axes.
        updates: The new values, of shape ``(N,) + inputs.shape[k:]``.
        reduction: ``None`` (replace), ``"add"``, ``"max"``, ``"min"`` or ``"mul"``.

    Returns:
        A new tensor.
    """
    if reduction is not None:
        reduction = reduction.lower()
        if reduction not in ("add", "max", "min", "mul"):
            raise ValueError(
                f"Invalid reduction: {reduction}. Supported values are: None, 'add', 'max', "
                "'min', 'mul'."
            )
    return _scatter_update(inputs, indices, updates, reduction=reduction)


@op("Unstack")
def unstack(x, num=None, axis=0):
    """Unpack the given axis of a tensor into a list of tensors.

    Args:
        x: Input tensor.
        num: Length of the axis (inferred when ``None``).
        axis: The axis to unstack along.

    Returns:
        A list of tensors.
    """
    return list(convert(x).unbind(axis))


@op("StopGradient")
def stop_gradient(variable):
    """Stop gradient computation: the value, detached from the autograd graph.

    Args:
        variable: A tensor or variable.

    Returns:
        The detached tensor.
    """
    if isinstance(variable, Variable):
        variable = variable.value
    return convert(variable).detach()
