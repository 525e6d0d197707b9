"""Turning integer ids into one-hot, multi-hot or count vectors (Keras's
``encode_categorical_inputs``), shared by CategoryEncoding, Discretization and the lookups."""

from __future__ import annotations

import torch

from torcheras.backend import _device

OUTPUT_MODES = ("int", "one_hot", "multi_hot", "count")


def check_output_mode(value, allowed, layer: str) -> str:
    if value not in allowed:
        raise ValueError(
            f"Unknown value for `output_mode`. Allowed values are: {list(allowed)}. "
            f"Received: output_mode={value!r} (in layer {layer})"
        )
    return value


def check_ids(ids: torch.Tensor, depth: int, layer: str) -> None:
    # Preprocessing runs outside the training step, so one host sync per call is fine
    # here, and it turns torch's bare index error into a message naming the layer.
    if ids.numel() and int(ids.max()) >= depth:
        raise ValueError(
            f"Layer '{layer}' received id {int(ids.max())}, but ids must be in the range "
            f"0 <= id < {depth} (its number of tokens / bins)."
        )


def encode(ids: torch.Tensor, output_mode: str, depth: int, dtype: str, layer: str,
           count_weights: torch.Tensor | None = None) -> torch.Tensor:
    """Encode ``ids`` as Keras does; negative ids encode as all zeros."""
    tdtype = _device.to_torch_dtype(dtype)
    if output_mode == "int":
        return ids.to(tdtype)
    if ids.dim() == 0:
        ids = ids.reshape(1)
    ids = ids.long()
    check_ids(ids, depth, layer)
    if output_mode == "one_hot":
        if ids.dim() > 1 and ids.shape[-1] == 1:
            ids = ids.squeeze(-1)
        valid = (ids >= 0).unsqueeze(-1)
        out = torch.nn.functional.one_hot(ids.clamp(min=0), depth).to(tdtype)
        return out * valid.to(tdtype)
    # multi_hot / count reduce over axis 1 (axis 0 for a single sample).
    axis = 1 if ids.dim() > 1 else 0
    moved = ids.movedim(axis, -1)
    if count_weights is not None:
        tdtype = count_weights.dtype
        weights = count_weights.to(moved.device).movedim(axis, -1)
    else:
        weights = torch.ones(moved.shape, dtype=tdtype, device=moved.device)
    weights = weights * (moved >= 0).to(weights.dtype)
    out = torch.zeros(moved.shape[:-1] + (depth,), dtype=tdtype, device=moved.device)
    index = moved.clamp(min=0)
    if output_mode == "multi_hot":
        return out.scatter_reduce_(-1, index, weights, reduce="amax")
    return out.scatter_add_(-1, index, weights)


def encoded_shape(input_shape, output_mode: str, depth: int) -> tuple:
    input_shape = tuple(input_shape)
    if output_mode == "int":
        return input_shape
    if not input_shape:
        return (depth,)
    if output_mode == "one_hot":
        if len(input_shape) > 1 and input_shape[-1] == 1:
            return input_shape[:-1] + (depth,)
        return input_shape + (depth,)
    if len(input_shape) >= 2:
        return (input_shape[0],) + input_shape[2:] + (depth,)
    return (depth,)
