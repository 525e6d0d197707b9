"""Attention layers."""

from torcheras.layers.attention._attention import AdditiveAttention, Attention
from torcheras.layers.attention._multi_head_attention import MultiHeadAttention

__all__ = ["AdditiveAttention", "Attention", "MultiHeadAttention"]
