"""``keras.ops.rearrange``: einops-style axis rearrangement (reshape + transpose)."""

from __future__ import annotations

import math
import re

import torch

from torcheras.ops._op import convert, keras_tensor, op

_TOKEN = re.compile(r"\w+|\([^()]*\)")


def _groups(side: str) -> list[list[str]]:
    """``"b (h w) c"`` -> ``[["b"], ["h", "w"], ["c"]]``."""
    return [tok[1:-1].split() if tok.startswith("(") else [tok] for tok in _TOKEN.findall(side)]


def _parse(pattern: str):
    try:
        left, right = re.split(r"\s*->\s*", pattern.strip())
    except ValueError:
        raise ValueError(
            f"`pattern` must contain one '->'. Received: pattern={pattern!r}"
        ) from None
    return _groups(left), _groups(right)


def _axis_sizes(groups_in, shape, axes_lengths) -> dict:
    if len(groups_in) != len(shape):
        raise ValueError(
            f"The input pattern has {len(groups_in)} axes but the tensor has rank "
            f"{len(shape)} (shape {tuple(shape)})."
        )
    sizes = {}
    for group, dim in zip(groups_in, shape):
        if len(group) == 1:
            sizes[group[0]] = dim
            continue
        unknown = [a for a in group if a not in axes_lengths]
        known = math.prod(axes_lengths[a] for a in group if a in axes_lengths)
        for a in group:
            if a in axes_lengths:
                sizes[a] = axes_lengths[a]
        if unknown:
            sizes[unknown[0]] = None if dim is None else dim // known
    return sizes


def _out_shape(groups_out, sizes):
    shape = []
    for group in groups_out:
        dims = [sizes[a] for a in group]
        shape.append(None if None in dims else math.prod(dims))
    return tuple(shape)


def _rearrange_spec(tensor, pattern, **axes_lengths):
    groups_in, groups_out = _parse(pattern)
    sizes = _axis_sizes(groups_in, tensor.shape, dict(axes_lengths))
    return keras_tensor(_out_shape(groups_out, sizes), tensor.dtype)


@op("Rearrange", _rearrange_spec)
def rearrange(tensor, pattern, **axes_lengths):
    """Rearrange the axes of a tensor with an einops pattern.

    Args:
        tensor: Input tensor.
        pattern: einops notation such as ``"b h w c -> b (h w) c"`` or
            ``"b (h1 h) w c -> (b h1) h w c"``.
        **axes_lengths: Lengths of axes that are split out of a grouped input axis.

    Returns:
        The rearranged tensor.

    Example:

    >>> import torch
    >>> rearrange(torch.zeros(2, 3, 4), "b h w -> b (h w)").shape
    torch.Size([2, 12])
    """
    tensor = convert(tensor)
    groups_in, groups_out = _parse(pattern)
    sizes = _axis_sizes(groups_in, tuple(tensor.shape), dict(axes_lengths))
    flat_in = [a for g in groups_in for a in g]
    decomposed = [sizes[a] for a in flat_in]
    if decomposed != list(tensor.shape):
        tensor = torch.reshape(tensor, decomposed)
    order = [flat_in.index(a) for g in groups_out for a in g]
    tensor = torch.permute(tensor, order)
    return torch.reshape(tensor, _out_shape(groups_out, sizes))
