"""``MultiHeadAttention``: Keras's layer (weights ``query``, ``key``, ``value``,
``attention_output`` with Keras's shapes) computed with torch's fused attention when
Keras would use its fused path too."""

from __future__ import annotations

import math
import string

import numpy as np
import torch
import torch.nn.functional as F

from torcheras import constraints, initializers, regularizers
from torcheras._validation import LAYER_MESSAGE, check_positive_int
from torcheras.backend import _device
from torcheras.layers._keras_tensor import KerasTensor
from torcheras.layers._layer import Layer
from torcheras.layers.attention._fused import combine_attention_masks, fused_attention
from torcheras.layers.attention._projection import Projection

# Keras's fused path pads masked logits with -0.7 * the largest float (float16: 65500).


def attention_equations(rank: int, attn_axes: tuple) -> tuple[str, str, int]:
    """Einsum equations ``key,query->scores`` and ``scores,value->output``.

    Projected tensors are ``(batch, <other dims>, <attention dims>, heads, channels)``;
    scores are ``(batch, <other dims>, heads, <query attention dims>, <key attention
    dims>)``.
    """
    letters = string.ascii_lowercase
    target = letters[:rank]
    batch_dims = [i for i in range(rank) if i not in attn_axes and i != rank - 1]
    source, extra = "", rank
    for i in range(rank):
        if i in batch_dims or i == rank - 1:
            source += target[i]
        else:
            source += letters[extra]
            extra += 1
    product = "".join([target[i] for i in batch_dims] + [target[i] for i in attn_axes]
                      + [source[i] for i in attn_axes])
    return f"{source},{target}->{product}", f"{product},{source}->{target}", len(product)


class MultiHeadAttention(Layer):
    """Multi-head attention as in "Attention Is All You Need".

    Args:
        num_heads: Number of attention heads.
        key_dim: Size of each head for query and key.
        value_dim: Size of each head for value (default ``key_dim``).
        dropout: Dropout rate of the attention probabilities.
        use_bias: Whether the projections use biases.
        output_shape: Output size (int or tuple) besides the batch and sequence dims;
            default: the query's last dimension.
        attention_axes: Axes over which attention is applied (default: all but batch,
            heads and features).
        kernel_initializer, bias_initializer: Initializers of the projections.
        kernel_regularizer, bias_regularizer, activity_regularizer: Regularizers of the
            projections.
        kernel_constraint, bias_constraint: Constraints of the projections.
        use_gate: Multiply the attention output by a sigmoid gate computed from the query.
        seed: Random seed for dropout.

    Call arguments:
        query: ``(B, T, dim)``; value: ``(B, S, dim)``; key: ``(B, S, dim)`` (default value).
        attention_mask: Boolean ``(B, T, S)``: which keys each query position may see.
            Combined with the query, value and key masks (``_keras_mask``) when present.
        return_attention_scores: Also return the ``(B, num_heads, T, S)`` scores.
        training: Whether dropout is active.
        use_causal_mask: Forbid position ``i`` from attending to positions ``j > i``.

    Example:

    >>> import numpy as np
    >>> mha = MultiHeadAttention(num_heads=2, key_dim=2)
    >>> x = np.zeros((1, 8, 16), "float32")
    >>> out, scores = mha(x, x, return_attention_scores=True)
    >>> tuple(out.shape), tuple(scores.shape)
    ((1, 8, 16), (1, 2, 8, 8))
    """

    def __init__(self, num_heads, key_dim, value_dim=None, dropout=0.0, use_bias=True,
                 output_shape=None, attention_axes=None, sliding_window=None,
                 flash_attention=None, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 use_gate=False, seed=None, **kwargs):
        check_positive_int(num_heads, "num_heads", message=LAYER_MESSAGE)
        check_positive_int(key_dim, "key_dim", message=LAYER_MESSAGE)
        check_positive_int(value_dim, "value_dim", allow_none=True,
                           message=LAYER_MESSAGE)
        super().__init__(**kwargs)
        self.supports_masking = True
        self._num_heads = num_heads
        self._key_dim = key_dim
        self._value_dim = value_dim if value_dim else key_dim
        if isinstance(dropout, bool) or not isinstance(dropout, (int, float)) or not (
                0 <= dropout <= 1):
            raise ValueError(
                f"Argument `dropout` must be a float between 0 and 1. Received: "
                f"dropout={dropout!r}")
        self._dropout = float(dropout)
        self._use_bias = bool(use_bias)
        self._use_gate = bool(use_gate)
        if output_shape:
            if isinstance(output_shape, int):
                output_shape = (output_shape,)
            try:
                output_shape = tuple(int(d) for d in output_shape)
            except TypeError:
                raise ValueError(
                    f"Invalid `output_shape`: {output_shape!r}. When specified, the "
                    "`output_shape` should be of type tuple, list, or int.") from None
        self._output_shape = output_shape or None
        self._kernel_initializer = initializers.get(kernel_initializer)
        self._bias_initializer = initializers.get(bias_initializer)
        self._kernel_regularizer = regularizers.get(kernel_regularizer)
        self._bias_regularizer = regularizers.get(bias_regularizer)
        self._activity_regularizer = regularizers.get(activity_regularizer)
        self._kernel_constraint = constraints.get(kernel_constraint)
        self._bias_constraint = constraints.get(bias_constraint)
        if isinstance(attention_axes, int):
            attention_axes = (attention_axes,)
        elif attention_axes is not None and not isinstance(attention_axes, (list, tuple)):
            raise ValueError(
                "`attention_axes` must be an int, list, or tuple."
                f"Received: attention_axes={attention_axes!r}")
        self._attention_axes = None if attention_axes is None else tuple(attention_axes)
        if sliding_window is not None and (
                isinstance(sliding_window, bool) or not isinstance(sliding_window, int)
                or sliding_window <= 0):
            raise ValueError(
                "`sliding_window` must be `None` or a positive integer. "
                f"Received: sliding_window={sliding_window!r}")
        self._sliding_window = sliding_window
        self._flash_attention = flash_attention
        self.seed = seed
        self._generator = None
        self._inverse_sqrt_key_dim = 1.0 / math.sqrt(float(key_dim))

    num_heads = property(lambda self: self._num_heads)
    key_dim = property(lambda self: self._key_dim)
    value_dim = property(lambda self: self._value_dim)
    dropout = property(lambda self: self._dropout)
    use_bias = property(lambda self: self._use_bias)
    attention_axes = property(lambda self: self._attention_axes)

    # ------------------------------------------------------------------ building
    def _projection(self, in_dims, out_dims, name):
        return Projection(
            in_dims, out_dims, self._use_bias, initializers.get(self._kernel_initializer),
            initializers.get(self._bias_initializer), self._kernel_regularizer,
            self._bias_regularizer, self._kernel_constraint, self._bias_constraint,
            activity_regularizer=self._activity_regularizer, name=name, dtype=self._dtype)

    def build(self, query_shape, value_shape, key_shape=None) -> None:
        key_shape = value_shape if key_shape is None else key_shape
        if tuple(value_shape[1:-1]) != tuple(key_shape[1:-1]):
            raise ValueError(
                "All dimensions of `value` and `key`, except the last one, must be equal. "
                f"Received: value_shape={tuple(value_shape)} and key_shape={tuple(key_shape)}")
        heads = self._num_heads
        self._query_dense = self._projection((query_shape[-1],), (heads, self._key_dim),
                                             "query")
        self._key_dense = self._projection((key_shape[-1],), (heads, self._key_dim), "key")
        if self._use_gate:
            self._gate_dense = self._projection((query_shape[-1],), (heads, self._value_dim),
                                                "gate")
        self._value_dense = self._projection((value_shape[-1],), (heads, self._value_dim),
                                             "value")
        rank = len(query_shape) + 1
        if self._attention_axes is None:
            self._attention_axes = tuple(range(1, rank - 2))
        else:
            self._attention_axes = tuple(a if a >= 0 else (rank - 1) + a
                                         for a in self._attention_axes)
        self._dot_eq, self._combine_eq, scores_rank = attention_equations(
            rank, self._attention_axes)
        self._norm_axes = tuple(range(scores_rank - len(self._attention_axes), scores_rank))
        out = self._output_shape or (query_shape[-1],)
        self._output_dense = self._projection((heads, self._value_dim), out,
                                              "attention_output")
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

    @property
    def query_dense(self):
        return self._query_dense

    @property
    def key_dense(self):
        return self._key_dense

    @property
    def value_dense(self):
        return self._value_dense

    @property
    def output_dense(self):
        return self._output_dense

    # ------------------------------------------------------------------ masks
    def _check_attention_mask(self, mask, query_shape, value_shape) -> None:
        """A user's ``attention_mask`` must broadcast to the scores' shape without the heads
        axis: ``(batch, <other query axes>, <query attention axes>, <value attention
        axes>)``, e.g. ``(B, T, S)``."""
        if mask is None:
            return
        got = tuple(_shape_of(mask))
        axes = self._attention_axes
        other = [query_shape[i] for i in range(1, len(query_shape) - 1) if i not in axes]
        expected = (query_shape[0], *other, *[query_shape[i] for i in axes],
                    *[value_shape[i] for i in axes])
        ok = len(got) <= len(expected) and all(
            a is None or b is None or a == b or a == 1
            for a, b in zip(reversed(got), reversed(expected)))
        if not ok:
            raise ValueError(
                f'The `attention_mask` of MultiHeadAttention layer "{self.name}" must have '
                f"shape {_fmt(expected)} (or one that broadcasts to it) for query shape "
                f"{_fmt(query_shape)} and value shape {_fmt(value_shape)}. Received: "
                f"attention_mask.shape={_fmt(got)}"
            )

    def _compute_attention_mask(self, query, value, query_mask, value_mask, key_mask,
                                attention_mask, use_causal_mask):
        return combine_attention_masks(query, value, query_mask, value_mask, key_mask,
                                       attention_mask, use_causal_mask, self._sliding_window)

    # ------------------------------------------------------------------ attention
    def _compute_attention(self, query, key, value, attention_mask=None, training=None,
                           return_attention_scores=False, use_causal_mask=False):
        fused = not (self._dropout > 0.0 or return_attention_scores or query.dim() != 4)
        if fused:
            return fused_attention(query, key, value, attention_mask, use_causal_mask,
                                   self._inverse_sqrt_key_dim), None
        if use_causal_mask:
            t, s = query.shape[1], key.shape[1]
            causal = torch.ones((t, s), dtype=torch.bool, device=query.device).tril()[None]
            attention_mask = causal if attention_mask is None else attention_mask & causal
        query = query * self._inverse_sqrt_key_dim
        scores = torch.einsum(self._dot_eq, key, query)
        scores = self._masked_softmax(scores, attention_mask)
        final = scores
        if training and self._dropout > 0.0:
            final = self._drop(scores)
        return torch.einsum(self._combine_eq, final, value), scores

    def _masked_softmax(self, scores, mask):
        if mask is not None:
            axis = -len(self._attention_axes) * 2 - 1
            while mask.dim() < scores.dim():
                mask = mask.unsqueeze(axis)
            big = -3e4 if scores.dtype == torch.float16 else -1e9
            scores = torch.where(mask, scores, torch.full((), big, dtype=scores.dtype,
                                                          device=scores.device))
        if len(self._norm_axes) == 1:
            out = torch.softmax(scores, self._norm_axes[0])
        else:
            out = torch.exp(scores - torch.logsumexp(scores, self._norm_axes, keepdim=True))
        if mask is not None:
            out = torch.where(mask, out, torch.zeros((), dtype=out.dtype, device=out.device))
            out._keras_mask = mask  # as Keras's Softmax layer leaves it on the scores
        return out

    def _drop(self, scores):
        if self.seed is None:
            return F.dropout(scores, self._dropout, True)
        if self._generator is None:
            self._generator = torch.Generator(device=scores.device)
            self._generator.manual_seed(int(self.seed))
        keep = torch.empty_like(scores).bernoulli_(1 - self._dropout, generator=self._generator)
        return scores * keep / (1 - self._dropout)

    def call(self, query, value, key=None, query_mask=None, value_mask=None, key_mask=None,
             attention_mask=None, return_attention_scores=False, training=None,
             use_causal_mask=False):
        query, value = self._as_tensor(query), self._as_tensor(value)
        key = value if key is None else self._as_tensor(key)
        if key is not value and tuple(value.shape[1:-1]) != tuple(key.shape[1:-1]):
            raise ValueError(
                "All dimensions of `value` and `key`, except the last one, must be equal. "
                f"Received: value_shape={tuple(value.shape)} and key_shape={tuple(key.shape)}")
        self._ensure_built(query, value, key)
        if attention_mask is not None:
            self._check_attention_mask(attention_mask, tuple(query.shape), tuple(value.shape))
        query_mask = _or_attr(query_mask, query)
        value_mask = _or_attr(value_mask, value)
        key_mask = _or_attr(key_mask, key) if key is not value else key_mask
        causal_only = (use_causal_mask and query_mask is None and value_mask is None
                       and key_mask is None and attention_mask is None
                       and self._sliding_window is None)
        if not causal_only:
            attention_mask = self._compute_attention_mask(
                query, value, query_mask, value_mask, key_mask, attention_mask,
                use_causal_mask)
        gate = self._gate_dense(query) if self._use_gate else None
        q = self._query_dense(query)
        k = self._key_dense(key)
        v = self._value_dense(value)
        out, scores = self._compute_attention(
            q, k, v, attention_mask, training, return_attention_scores,
            use_causal_mask=causal_only)
        if gate is not None:
            out = out * gate
        out = self._output_dense(out)
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
        if value_shape[1:-1] != key_shape[1:-1]:
            raise ValueError(
                "All dimensions of `value` and `key`, except the last one, must be equal. "
                f"Received: value_shape={value_shape} and key_shape={key_shape}")
        if self._output_shape:
            return query_shape[:-1] + self._output_shape
        return query_shape

    def compute_output_spec(self, query, value, key=None, query_mask=None, value_mask=None,
                            key_mask=None, attention_mask=None, return_attention_scores=False,
                            training=None, use_causal_mask=False):
        self._ensure_built(query, value, key)
        self._check_attention_mask(attention_mask, query.shape, value.shape)
        shape = self.compute_output_shape(query.shape, value.shape,
                                          None if key is None else key.shape)
        out = KerasTensor(shape, self.compute_dtype)
        if not return_attention_scores:
            return out
        axes = self._attention_axes
        other = [query.shape[i] for i in range(1, len(query.shape) - 1) if i not in axes]
        scores = (query.shape[0], *other, self._num_heads, *[query.shape[i] for i in axes],
                  *[value.shape[i] for i in axes])
        return out, KerasTensor(scores, self.compute_dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "num_heads": self._num_heads,
            "key_dim": self._key_dim,
            "value_dim": self._value_dim,
            "dropout": self._dropout,
            "use_bias": self._use_bias,
            "use_gate": self._use_gate,
            "output_shape": self._output_shape,
            "attention_axes": self._attention_axes,
            "sliding_window": self._sliding_window,
            "kernel_initializer": initializers.serialize(self._kernel_initializer),
            "bias_initializer": initializers.serialize(self._bias_initializer),
            "kernel_regularizer": regularizers.serialize(self._kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self._bias_regularizer),
            "activity_regularizer": regularizers.serialize(self._activity_regularizer),
            "kernel_constraint": constraints.serialize(self._kernel_constraint),
            "bias_constraint": constraints.serialize(self._bias_constraint),
            "seed": self.seed,
        })
        return config


def _or_attr(mask, tensor):
    if mask is None:
        return getattr(tensor, "_keras_mask", None)
    return mask if isinstance(mask, torch.Tensor) else _device.convert_to_tensor(mask)


def _shape_of(x) -> tuple:
    shape = getattr(x, "shape", None)
    return tuple(shape) if shape is not None else tuple(np.shape(x))


def _fmt(shape) -> str:
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + (
        ",)" if len(shape) == 1 else ")")
