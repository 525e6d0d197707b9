"""Gradient clipping with multi-tensor ops; no host sync (norms stay on the device)."""

from __future__ import annotations

import torch


def clip_by_norm(grads: list[torch.Tensor], clipnorm: float) -> list[torch.Tensor]:
    """Each gradient rescaled to norm at most ``clipnorm``: ``g * c / max(|g|, c)``."""
    norms = torch._foreach_norm(grads)
    factors = torch._foreach_maximum(norms, clipnorm)
    torch._foreach_reciprocal_(factors)
    torch._foreach_mul_(factors, clipnorm)
    return torch._foreach_mul(grads, factors)


def clip_by_global_norm(grads: list[torch.Tensor], clipnorm: float) -> list[torch.Tensor]:
    """All gradients scaled together so that their joint norm is at most ``clipnorm``."""
    norms = torch._foreach_norm(grads)
    total = torch.linalg.vector_norm(torch.stack([n.float() for n in norms]))
    scale = clipnorm * torch.minimum(1.0 / total, total.new_tensor(1.0 / clipnorm))
    # As in Keras: a non-finite norm turns the scale into NaN instead of zeroing grads.
    scale = scale + (total - total)
    return torch._foreach_mul(grads, scale)


def clip_by_value(grads: list[torch.Tensor], clipvalue: float) -> list[torch.Tensor]:
    clipped = torch._foreach_clamp_min(grads, -clipvalue)
    torch._foreach_clamp_max_(clipped, clipvalue)
    return clipped
