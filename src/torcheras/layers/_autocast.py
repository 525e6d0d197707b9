"""Mixed precision execution: a layer whose policy computes in a lower dtype than its
variables (``"mixed_bfloat16"``, ``"mixed_float16"``) runs its call under
``torch.autocast``.

Matched to Keras 3: the variables stay float32 (autocast reads them in the low dtype for
the matrix products and convolutions, where the speed is), floating inputs are cast to the
compute dtype on entry, and every floating output leaves in the compute dtype (softmax
layers included, as Keras returns them); losses are computed in float32 by the losses.
Ops that autocast keeps in float32 (normalisations, reductions) compute in float32 inside
the call and are cast on the way out.
"""

from __future__ import annotations

import torch

from torcheras.backend import _device
from torcheras.layers._keras_tensor import any_symbolic
from torcheras.tree import map_structure

_INSIDE: set[int] = set()  # layers whose call is running under their own autocast


def is_mixed(policy) -> bool:
    """Whether ``policy`` computes in a lower float dtype than its variables."""
    compute = policy.compute_dtype
    return compute in ("float16", "bfloat16") and compute != policy.variable_dtype


def needs_autocast(layer, args) -> bool:
    """Whether this call of ``layer`` must run under its mixed policy's autocast."""
    return id(layer) not in _INSIDE and bool(args) and not any_symbolic(args)


def _cast(structure, dtype: torch.dtype):
    def cast(t):
        if isinstance(t, torch.Tensor) and t.is_floating_point() and t.dtype != dtype:
            return t.to(dtype)
        return t
    return map_structure(cast, structure)


def mixed_call(layer, args: tuple, kwargs: dict):
    """Call ``layer`` in its policy's compute dtype (see the module docstring)."""
    dtype = _device.to_torch_dtype(layer.compute_dtype)
    device_type = _device.get_device().type
    if layer.autocast:
        args = (_cast(args[0], dtype),) + tuple(args[1:])
    _INSIDE.add(id(layer))
    try:
        with torch.autocast(device_type=device_type, dtype=dtype):
            outputs = layer.__call__(*args, **kwargs)
    finally:
        _INSIDE.discard(id(layer))
    mask = getattr(outputs, "_keras_mask", None)
    outputs = _cast(outputs, dtype)
    if mask is not None and isinstance(outputs, torch.Tensor):
        outputs._keras_mask = mask
    return outputs
