"""What MultiHeadAttention and GroupedQueryAttention share: the boolean mask built from the
query/value/key masks, the causal and sliding-window masks and an explicit
``attention_mask``; and the fused path through ``F.scaled_dot_product_attention``."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from torcheras.backend import _device

# The additive mask of the fused kernel: Keras's large negative, kept finite in float16.
_FUSED_NEGATIVE = {torch.float16: -0.7 * 65500.0}
_FUSED_NEGATIVE_DEFAULT = -0.7 * 3.38953e38


def combine_attention_masks(query, value, query_mask, value_mask, key_mask, attention_mask,
                            use_causal_mask: bool, sliding_window=None):
    """The ``(B, T, S)`` boolean mask (``True`` = attend) that every given mask allows.

    Args:
        query: The query, ``(B, T, ...)``.
        value: The value, ``(B, S, ...)``.
        query_mask: Optional ``(B, T)`` mask of the query's positions.
        value_mask: Optional ``(B, S)`` mask of the value's positions.
        key_mask: Optional ``(B, S)`` mask of the key's positions.
        attention_mask: Optional explicit mask, broadcastable to ``(B, T, S)``.
        use_causal_mask: Forbid position ``i`` from attending to positions ``j > i``.
        sliding_window: Optional window: only positions with ``|i - j| < window`` attend.
    """
    auto = None
    if query_mask is not None:
        auto = query_mask.to(torch.bool).unsqueeze(-1)  # (B, T, 1)
    for m in (value_mask, key_mask):
        if m is not None:
            m = m.to(torch.bool).unsqueeze(-2)  # (B, 1, S)
            auto = m if auto is None else auto & m
    t, s = query.shape[1], value.shape[1]
    if use_causal_mask:
        m = torch.ones((t, s), dtype=torch.bool, device=query.device).tril().unsqueeze(0)
        auto = m if auto is None else auto & m
    if sliding_window is not None:
        rows = torch.arange(t, device=query.device).view(1, t, 1)
        cols = torch.arange(s, device=query.device).view(1, 1, s)
        m = (rows - cols).abs() < sliding_window
        auto = m if auto is None else auto & m
    if attention_mask is not None:
        attention_mask = _device.convert_to_tensor(attention_mask).to(torch.bool)
        attention_mask = attention_mask.to(query.device)
    if auto is not None:
        attention_mask = auto if attention_mask is None else attention_mask & auto
    return attention_mask


def fused_attention(query, key, value, attention_mask, use_causal_mask: bool, scale: float):
    """Attention of ``(B, T, heads, dim)`` tensors through the fused kernel, no scores.

    Args:
        query: ``(B, T, heads, dim)``.
        key: ``(B, S, heads, dim)``.
        value: ``(B, S, heads, dim_v)``.
        attention_mask: Optional boolean mask broadcastable to ``(B, heads, T, S)`` once a
            heads axis is added.
        use_causal_mask: Causal attention (used by the kernel when there is no mask).
        scale: The factor of the query-key products.
    """
    q, k, v = (t.transpose(1, 2) for t in (query, key, value))
    bias = None
    if attention_mask is not None:
        while attention_mask.dim() < 4:
            attention_mask = attention_mask.unsqueeze(-3)
        neg = _FUSED_NEGATIVE.get(q.dtype, _FUSED_NEGATIVE_DEFAULT)
        bias = torch.where(attention_mask, torch.zeros((), dtype=q.dtype, device=q.device),
                           torch.full((), neg, dtype=q.dtype, device=q.device))
    out = F.scaled_dot_product_attention(
        q, k, v, attn_mask=bias, is_causal=use_causal_mask and bias is None, scale=scale)
    return out.transpose(1, 2)
