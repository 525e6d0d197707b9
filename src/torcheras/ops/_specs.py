"""Symbolic output specs shared by many ops (broadcasting, axis checks)."""

from __future__ import annotations

import torch

from torcheras.backend import _device
from torcheras.layers._keras_tensor import KerasTensor, flatten, map_structure


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
