"""Symbolic output specs shared by many ops (broadcasting, axis checks)."""

from __future__ import annotations

import inspect

import torch

from torcheras.backend import _device
from torcheras.layers._keras_tensor import KerasTensor, flatten, map_structure, pack_like


def broadcast_shapes(shape1, shape2) -> list:
    """The broadcast of two shapes with ``None`` for unknown dimensions, as Keras computes it."""
    origin1, origin2 = list(shape1), list(shape2)
    s1, s2 = list(shape1), list(shape2)
    if len(s1) > len(s2):
        s2 = [1] * (len(s1) - len(s2)) + s2
    if len(s1) < len(s2):
        s1 = [1] * (len(s2) - len(s1)) + s1
    out = list(s1)
    for i, (a, b) in enumerate(zip(s1, s2)):
        if a == 1:
            out[i] = b
        elif a is None:
            out[i] = None if b == 1 else b
        elif b == 1 or b is None or b == a:
            out[i] = a
        else:
            raise ValueError(
                f"Cannot broadcast shape, the failure dim has value {a}, which cannot be "
                f"broadcasted to {b}. Input shapes are: {origin1} and {origin2}."
            )
    return out


def canonicalize_axis(axis: int, ndim: int) -> int:
    """``axis`` as a non-negative index, with Keras's error when out of range."""
    axis = int(axis)
    if not -ndim <= axis < ndim:
        raise ValueError(f"axis {axis} is out of bounds for an array with dimension {ndim}.")
    return axis + ndim if axis < 0 else axis


def _stand_in(x):
    if isinstance(x, KerasTensor):
        return torch.ones((), dtype=_device.to_torch_dtype(x.dtype))
    return x


def elementwise_spec(fn):
    """Spec of an elementwise op: the broadcast of the tensor shapes, and the dtype ``fn``
    gives on scalar stand-ins of the inputs' dtypes."""
    def spec(*args, **kwargs):
        shapes = [t.shape for t in flatten([list(args), kwargs]) if isinstance(t, KerasTensor)]
        shape = list(shapes[0])
        for other in shapes[1:]:
            shape = broadcast_shapes(shape, other)
        with torch.no_grad():
            out = fn(*map_structure(_stand_in, list(args)), **map_structure(_stand_in, kwargs))
        return KerasTensor(tuple(shape), _device.standardize_dtype(out.dtype))

    return spec


# Sizes given to unknown dimensions when an op is run on stand-in tensors; a dimension
# whose size differs between the two runs is unknown in the output.
_FILL_A, _FILL_B = 83, 89


def _materialize(structure, fill: int):
    def make(x):
        if isinstance(x, KerasTensor):
            shape = tuple(fill if d is None else d for d in x.shape)
            dtype = _device.to_torch_dtype(x.dtype)
            # Zeros are valid indices along any axis; ones keep logs and divisions finite.
            maker = torch.ones if dtype.is_floating_point or dtype.is_complex else torch.zeros
            return maker(shape, dtype=dtype, device=_device.get_device())
        return x

    return map_structure(make, structure)


def _to_spec(a, b=None):
    if not isinstance(a, torch.Tensor):
        return a
    shape = list(a.shape)
    if b is not None:
        shape = [d if d == e else None for d, e in zip(shape, b.shape)]
    return KerasTensor(tuple(shape), _device.standardize_dtype(a.dtype))


def trace_spec(fn, args, kwargs):
    """KerasTensors for ``fn(*args, **kwargs)``, found by running it on stand-in tensors."""
    unknown = any(isinstance(t, KerasTensor) and None in t.shape
                  for t in flatten([list(args), kwargs]))
    with torch.no_grad():
        first = fn(*_materialize(list(args), _FILL_A), **_materialize(dict(kwargs), _FILL_A))
        if not unknown:
            return map_structure(_to_spec, first)
        second = fn(*_materialize(list(args), _FILL_B), **_materialize(dict(kwargs), _FILL_B))
    flat_a, flat_b = flatten(first), flatten(second)
    return pack_like(first, [_to_spec(a, b) for a, b in zip(flat_a, flat_b)])


def same_spec(x, *args, **kwargs):
    """Spec of an op whose output has the shape and dtype of its first input."""
    return KerasTensor(tuple(x.shape), x.dtype)


def axis_checked_spec(fn, spec=None):
    """``spec`` (or tracing ``fn``) after checking ``fn``'s ``axis`` argument against the
    rank of its first argument, raising Keras's ValueError for an out-of-range axis."""
    params = list(inspect.signature(fn).parameters)
    position = params.index("axis")

    def checked(*args, **kwargs):
        axis = kwargs["axis"] if "axis" in kwargs else (
            args[position] if len(args) > position else None)
        first = args[0] if args else kwargs.get(params[0])
        if axis is not None and isinstance(first, KerasTensor):
            for a in (axis,) if isinstance(axis, int) else tuple(axis):
                canonicalize_axis(a, len(first.shape))
        if spec is not None:
            return spec(*args, **kwargs)
        return trace_spec(fn, args, kwargs)

    return checked
