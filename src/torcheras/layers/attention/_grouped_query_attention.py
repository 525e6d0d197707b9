"""``GroupQueryAttention``: attention whose key/value heads are shared by groups of query
heads (Ainslie et al., 2023).

The projections are ``EinsumDense`` sublayers with Keras's names, equations and shapes
(``_query_dense`` "query" ``(dim, num_query_heads, head_dim)``, ``_key_dense`` and
``_value_dense`` ``(dim, num_key_value_heads, head_dim)``, ``_output_dense``
"attention_output" ``(num_query_heads, head_dim, dim)``), so Keras's saved weights load.
"""

from __future__ import annotations

import math

import torch

from torcheras import constraints, initializers, regularizers
from torcheras._validation import LAYER_MESSAGE, check_positive_int
from torcheras.backend import _device
from torcheras.layers._keras_tensor import KerasTensor
from torcheras.layers._layer import Layer
from torcheras.layers.activations import Softmax
from torcheras.layers.attention._fused import combine_attention_masks, fused_attention
from torcheras.layers.core import Dropout, EinsumDense

# Masked logits in the fused path: Keras's -0.7 * the dtype's largest float.


class GroupedQueryAttention(Layer):
    """Grouped-query attention (``keras.layers.GroupQueryAttention``).

    ``num_key_value_heads=1`` is multi-query attention; ``num_key_value_heads ==
    num_query_heads`` is multi-head attention.

    Args:
        head_dim: Size of each attention head.
        num_query_heads: Number of query heads.
        num_key_value_heads: Number of key and value heads (divides ``num_query_heads``).
        dropout: Dropout rate of the attention probabilities.
        use_bias: Whether the projections use biases.
        sliding_window: Positive int: each query attends only to keys within
            ``sliding_window - 1`` positions of itself (default: everywhere).
        flash_attention: Accepted for Keras's signature; torch picks its fused kernel.
        kernel_initializer, bias_initializer: Initializers of the projections.
        kernel_regularizer, bias_regularizer, activity_regularizer: Regularizers.
        kernel_constraint, bias_constraint: Constraints of the projections.
        use_gate: Gate the attention output with ``sigmoid(query projection)``.
        seed: Seed of the dropout.

    Call arguments:
        query: ``(B, T, dim)``; value: ``(B, S, dim)``; key: ``(B, S, dim)`` (default value).
        attention_mask: Boolean ``(B, T, S)``: which keys each query position may see.
        return_attention_scores: Also return the ``(B, num_query_heads, T, S)`` scores.
        training: Whether dropout is active.
        use_causal_mask: Forbid position ``i`` from attending to positions ``j > i``.

    Example:

    >>> import numpy as np
    >>> gqa = GroupedQueryAttention(head_dim=4, num_query_heads=4, num_key_value_heads=2)
    >>> x = np.zeros((1, 5, 8), "float32")
    >>> out, scores = gqa(x, x, return_attention_scores=True)
    >>> tuple(out.shape), tuple(scores.shape)
    ((1, 5, 8), (1, 4, 5, 5))
    """

    def __init__(self, head_dim, num_query_heads, num_key_value_heads, dropout=0.0,
                 use_bias=True, sliding_window=None, flash_attention=None,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, use_gate=False, seed=None,
                 **kwargs):
        super().__init__(**kwargs)
        check_positive_int(head_dim, "head_dim", message=LAYER_MESSAGE)
        check_positive_int(num_query_heads, "num_query_heads", message=LAYER_MESSAGE)
        check_positive_int(num_key_value_heads, "num_key_value_heads", message=LAYER_MESSAGE)
        self.supports_masking = True
        self.head_dim = head_dim
        self.num_query_heads = num_query_heads
        self.num_key_value_heads = num_key_value_heads
        if num_query_heads % num_key_value_heads != 0:
            raise ValueError("`num_query_heads` must be divisible by `num_key_value_heads`.")
        self.num_repeats = num_query_heads // num_key_value_heads
        if isinstance(dropout, bool) or not isinstance(dropout, (int, float)) or not (
                0 <= dropout <= 1):
            raise ValueError(
                f"Argument `dropout` must be a float between 0 and 1. Received: "
                f"dropout={dropout!r}")
        self.dropout = dropout
        self.use_bias = use_bias
        self.use_gate = use_gate
        if sliding_window is not None and (
                isinstance(sliding_window, bool) or not isinstance(sliding_window, int)
                or sliding_window <= 0):
            raise ValueError(
                "`sliding_window` must be `None` or a positive integer. "
                f"Received: sliding_window={sliding_window!r}")
        self.sliding_window = sliding_window
        self._flash_attention = flash_attention
        if flash_attention and dropout > 0.0:
            raise ValueError(
                "Dropout is not supported when flash attention is enabled. "
                "Please set dropout to 0.0 to use flash attention.")
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.activity_regularizer = regularizers.get(activity_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.seed = seed
        self._inverse_sqrt_head_dim = 1.0 / math.sqrt(float(head_dim))

    # ------------------------------------------------------------------ building
    def _dense(self, equation, output_shape, bias_axes, name, activation=None):
        # Fresh initializer objects per sublayer, as Keras clones them from their configs.
        kernel_init = type(self.kernel_initializer).from_config(
            self.kernel_initializer.get_config())
        bias_init = type(self.bias_initializer).from_config(self.bias_initializer.get_config())
        return EinsumDense(
            equation, output_shape=output_shape, activation=activation,
            bias_axes=bias_axes if self.use_bias else None, name=name,
            kernel_initializer=kernel_init, bias_initializer=bias_init,
            kernel_regularizer=self.kernel_regularizer, bias_regularizer=self.bias_regularizer,
            activity_regularizer=self.activity_regularizer,
            kernel_constraint=self.kernel_constraint, bias_constraint=self.bias_constraint,
            dtype=self._dtype_policy)

    def build(self, query_shape, value_shape, key_shape=None) -> None:
        key_shape = value_shape if key_shape is None else key_shape
        self.feature_dim = query_shape[-1]
        q_heads, kv_heads = (None, self.num_query_heads, self.head_dim), (
            None, self.num_key_value_heads, self.head_dim)
        self._query_dense = self._dense("bqm,muh->bquh", q_heads, "uh", "query")
        self._query_dense.build(query_shape)
        self._key_dense = self._dense("bkm,mvh->bkvh", kv_heads, "vh", "key")
        self._key_dense.build(key_shape)
        if self.use_gate:
            self._gate_dense = self._dense("bqm,muh->bquh", q_heads, "uh", "gate",
                                           activation="sigmoid")
            self._gate_dense.build(query_shape)
        self._value_dense = self._dense("bkm,mvh->bkvh", kv_heads, "vh", "value")
        self._value_dense.build(value_shape)
        self._softmax = Softmax(axis=-1, dtype=self._dtype_policy)
        self._dropout_layer = Dropout(rate=self.dropout, dtype=self._dtype_policy,
                                      seed=self.seed)
        self._output_dense = self._dense("bquh,uhm->bqm", (None, self.feature_dim), "m",
                                         "attention_output")
        self._output_dense.build((None, None, self.num_query_heads, self.head_dim))
        for sub in self._sublayers():
            for w in sub._own_weights:
                w._path = f"{self.name}/{sub.name}/{w.name}"
        self.built = True
        if self._initial_weights is not None:
            self.set_weights(list(self._initial_weights))
            self._initial_weights = None

    def _build_with_shapes(self, args) -> None:
        # `build` needs the value's and key's shapes, which may come as keywords: `call`
        # and `compute_output_spec` build the layer.
        return None

    def _ensure_built(self, query, value, key=None) -> None:
        if not self.built:
            self.build(tuple(query.shape), tuple(value.shape),
                       None if key is None else tuple(key.shape))

    # ------------------------------------------------------------------ masks
    def _compute_attention_mask(self, query, value, query_mask, value_mask, key_mask,
                                attention_mask, use_causal_mask):
        return combine_attention_masks(query, value, query_mask, value_mask, key_mask,
                                       attention_mask, use_causal_mask, self.sliding_window)

    # ------------------------------------------------------------------ attention
    def _compute_attention(self, query, key, value, attention_mask=None, training=None,
                           return_attention_scores=False, use_causal_mask=False):
        """``query`` ``(B, T, heads, head_dim)``; key/value already repeated to ``heads``."""
        if self.dropout == 0.0 and not return_attention_scores:
            return fused_attention(query, key, value, attention_mask, use_causal_mask,
                                   self._inverse_sqrt_head_dim), None
        if use_causal_mask:
            t, s = query.shape[1], key.shape[1]
            causal = torch.ones((t, s), dtype=torch.bool, device=query.device).tril()[None]
            attention_mask = causal if attention_mask is None else attention_mask & causal
        query = query * self._inverse_sqrt_head_dim
        scores = torch.einsum("bquh,bkuh->buqk", query, key)
        if attention_mask is not None:
            while attention_mask.dim() < scores.dim():
                attention_mask = attention_mask.unsqueeze(-3)
        scores = self._softmax(scores, mask=attention_mask)
        dropped = self._dropout_layer(scores, training=training) if self.dropout > 0 else scores
        return torch.einsum("buqk,bkuh->bquh", dropped, value), scores

    def call(self, query, value, key=None, query_mask=None, value_mask=None, key_mask=None,
             attention_mask=None, return_attention_scores=False, training=None,
             use_causal_mask=False):
        if self._flash_attention and return_attention_scores:
            raise ValueError(
                "Returning attention scores is not supported when flash attention is "
                "enabled. Please disable flash attention to access attention scores.")
        query, value = self._as_tensor(query), self._as_tensor(value)
        key = value if key is None else self._as_tensor(key)
        self._ensure_built(query, value, key)
        query_mask = _or_attr(query_mask, query)
        value_mask = _or_attr(value_mask, value)
        key_mask = _or_attr(key_mask, key) if key is not value else key_mask
        causal_only = (use_causal_mask and query_mask is None and value_mask is None
                       and key_mask is None and attention_mask is None
                       and self.sliding_window is None)
        if not causal_only:
            attention_mask = self._compute_attention_mask(
                query, value, query_mask, value_mask, key_mask, attention_mask,
                use_causal_mask)
        gate = self._gate_dense(query) if self.use_gate else None
        q = self._query_dense(query)
        k = torch.repeat_interleave(self._key_dense(key), self.num_repeats, dim=2)
        v = torch.repeat_interleave(self._value_dense(value), self.num_repeats, dim=2)
        out, scores = self._compute_attention(
            q, k, v, attention_mask, training, return_attention_scores,
            use_causal_mask=causal_only)
        out = self._output_dense(out * gate if gate is not None else out)
        if query_mask is not None:
            out._keras_mask = query_mask
        if return_attention_scores:
            return out, scores
        return out

    def _as_tensor(self, x):
        if isinstance(x, torch.Tensor):
            return x
        return self._convert_input(x)

    # ------------------------------------------------------------------ shapes
    def compute_output_shape(self, query_shape, value_shape, key_shape=None):
        query_shape, value_shape = tuple(query_shape), tuple(value_shape)
        key_shape = value_shape if key_shape is None else tuple(key_shape)
        if query_shape[-1] != value_shape[-1]:
            raise ValueError(
                "The last dimension of `query_shape` and `value_shape` must be equal, but "
                f"are {query_shape[-1]}, {value_shape[-1]}. Received: "
                f"query_shape={query_shape}, value_shape={value_shape}")
        if value_shape[1:-1] != key_shape[1:-1]:
            raise ValueError(
                "All dimensions of `value` and `key`, except the last one, must be equal. "
                f"Received: value_shape={value_shape} and key_shape={key_shape}")
        return query_shape

    def compute_output_spec(self, query, value, key=None, query_mask=None, value_mask=None,
                            key_mask=None, attention_mask=None, return_attention_scores=False,
                            training=None, use_causal_mask=False):
        shape = self.compute_output_shape(query.shape, value.shape,
                                          None if key is None else key.shape)
        self._ensure_built(query, value, key)
        out = KerasTensor(shape, self.compute_dtype)
        if not return_attention_scores:
            return out
        kv_len = value.shape[1] if key is None else key.shape[1]
        scores = (query.shape[0], self.num_query_heads, query.shape[1], kv_len)
        return out, KerasTensor(scores, self.compute_dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "head_dim": self.head_dim,
            "num_query_heads": self.num_query_heads,
            "num_key_value_heads": self.num_key_value_heads,
            "use_bias": self.use_bias,
            "use_gate": self.use_gate,
            "sliding_window": self.sliding_window,
            "dropout": self.dropout,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
            "seed": self.seed,
        })
        return config


def _or_attr(mask, tensor):
    if mask is None:
        return getattr(tensor, "_keras_mask", None)
    return mask if isinstance(mask, torch.Tensor) else _device.convert_to_tensor(mask)
