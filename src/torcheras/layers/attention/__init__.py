"""Attention layers."""

from torcheras._lookup import register_namespace
from torcheras.layers.attention._attention import AdditiveAttention, Attention
from torcheras.layers.attention._grouped_query_attention import GroupedQueryAttention
from torcheras.layers.attention._multi_head_attention import MultiHeadAttention

# Keras exports the class under this name.
GroupQueryAttention = GroupedQueryAttention
# Configs saved by Keras name the class by its own name.
register_namespace("keras.layers", {"GroupedQueryAttention": GroupedQueryAttention})

__all__ = ["AdditiveAttention", "Attention", "GroupQueryAttention", "MultiHeadAttention"]
