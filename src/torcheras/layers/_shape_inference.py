"""Output shapes of layers that do not define ``compute_output_shape``.

The layer is run once on small zero tensors standing in for the symbolic inputs; dimensions
that are unknown (``None``) in the inputs are found by a second run at another size.
"""

from __future__ import annotations

import torch

from torcheras.backend import _device
from torcheras.layers._call_context import CALL_CONTEXT
from torcheras.layers._keras_tensor import KerasTensor
from torcheras.tree import flatten, map_structure
from torcheras.tree import pack_sequence_as as pack_like

_FIRST, _SECOND = 2, 3


def _materialize(structure, fill: int):
    def conv(x):
        if isinstance(x, KerasTensor):
            shape = tuple(fill if d is None else d for d in x.shape)
            return torch.zeros(shape, dtype=_device.to_torch_dtype(x.dtype),
                               device=_device.get_device())
        return x

    return map_structure(conv, structure)


def _run(layer, args, kwargs, fill: int):
    real_args = _materialize(list(args), fill)
    real_kwargs = _materialize(dict(kwargs), fill)
    # Inner layers run in inference mode: no dropout noise, no moving-statistics updates.
    outer = CALL_CONTEXT.training
    CALL_CONTEXT.training = False
    try:
        with torch.no_grad():
            out = layer.call(*real_args, **_call_kwargs(layer, real_kwargs))
    finally:
        CALL_CONTEXT.training = outer
        layer._losses.clear()
    return out


def _call_kwargs(layer, kwargs):
    if layer._call_has_training:
        kwargs.setdefault("training", False)
    return kwargs


def trace_output_spec(layer, args, kwargs):
    """KerasTensors with the shapes and dtypes ``layer`` produces for ``args``."""
    inputs = [t for t in flatten([list(args), kwargs]) if isinstance(t, KerasTensor)]
    unknown = any(d is None for t in inputs for d in t.shape[1:])
    batch_unknown = any(t.shape and t.shape[0] is None for t in inputs)
    first = _run(layer, args, kwargs, _FIRST)
    second = _run(layer, args, kwargs, _SECOND) if unknown else None

    def spec(a, b=None):
        if not isinstance(a, torch.Tensor):
            return a
        shape = list(a.shape)
        if b is not None:
            shape = [d if d == e else None for d, e in zip(shape, b.shape)]
        if batch_unknown and shape and shape[0] == _FIRST:
            shape[0] = None
        return KerasTensor(tuple(shape), _device.standardize_dtype(a.dtype))

    if second is None:
        return map_structure(spec, first)
    flat_a, flat_b = flatten(first), flatten(second)
    return pack_like(first, [spec(a, b) for a, b in zip(flat_a, flat_b)])
