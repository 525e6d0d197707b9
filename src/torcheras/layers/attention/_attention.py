"""``Attention`` (Luong, dot-product) and ``AdditiveAttention`` (Bahdanau)."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from torcheras.backend import _device
from torcheras.layers._keras_tensor import KerasTensor
from torcheras.layers._layer import Layer


class Attention(Layer):
    """Dot-product attention layer, a.k.a. Luong-style attention.

    Inputs are ``[query, value]`` or ``[query, value, key]`` of shapes ``(batch, Tq, dim)``,
    ``(batch, Tv, dim)`` and ``(batch, Tv, dim)`` (``key`` defaults to ``value``).

    Args:
        use_scale: Create a trainable scalar that scales the scores.
        score_mode: ``"dot"`` (query-key dot product) or ``"concat"`` (tanh of their sum).
        dropout: Fraction of the attention scores to drop while training.
        seed: Random seed for dropout.

    Call arguments:
        inputs: ``[query, value]`` or ``[query, value, key]``.
        mask: ``[query_mask, value_mask]``; taken from the inputs' masks when omitted.
        return_attention_scores: Also return the scores after masking and softmax.
        training: Whether dropout is active.
        use_causal_mask: Forbid position ``i`` from attending to positions ``j > i``.

    Example:

    >>> import numpy as np
    >>> q = np.ones((1, 2, 3), "float32")
    >>> tuple(Attention()([q, q]).shape)
    (1, 2, 3)
    """

    def __init__(self, use_scale=False, score_mode="dot", dropout=0.0, seed=None, **kwargs):
        super().__init__(**kwargs)
        if score_mode not in ("dot", "concat"):
            raise ValueError(
                "Invalid value for argument score_mode. Expected one of {'dot', 'concat'}. "
                f"Received: score_mode={score_mode!r}")
        if isinstance(dropout, bool) or not isinstance(dropout, (int, float)) or not (
                0 <= dropout <= 1):
            raise ValueError(
                "Argument `dropout` must be a float between 0 and 1. "
                f"Received: dropout={dropout!r}")
        self.use_scale = bool(use_scale)
        self.score_mode = score_mode
        self.dropout = float(dropout)
        self.seed = seed
        self._generator = None
        self.supports_masking = True

    # ------------------------------------------------------------------ checks
    def _validate_inputs(self, inputs, mask=None) -> None:
        name = type(self).__name__
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(
                f"{name} layer must be called on a list of inputs, namely [query, value] or "
                f"[query, value, key]. Received: inputs={inputs!r}.")
        if len(inputs) < 2 or len(inputs) > 3:
            raise ValueError(
                f"{name} layer accepts inputs list of length 2 or 3, namely [query, value] "
                f"or [query, value, key]. Received length: {len(inputs)}.")
        if mask is not None:
            if not isinstance(mask, (list, tuple)):
                raise ValueError(
                    f"{name} layer mask must be a list, namely [query_mask, value_mask]. "
                    f"Received: mask={mask!r}.")
            if len(mask) < 2 or len(mask) > 3:
                raise ValueError(
                    f"{name} layer accepts mask list of length 2 or 3. "
                    f"Received: mask of length {len(mask)}.")

    def build(self, input_shape) -> None:
        self._validate_inputs(input_shape)
        self.scale = self.concat_score_weight = None
        if self.use_scale:
            del self.scale
            self.scale = self.add_weight(name="scale", shape=(), initializer="ones")
        if self.score_mode == "concat":
            del self.concat_score_weight
            self.concat_score_weight = self.add_weight(
                name="concat_score_weight", shape=(), initializer="ones")
        self.built = True

    # ------------------------------------------------------------------ math
    def _calculate_scores(self, query, key):
        if self.score_mode == "dot":
            scores = query @ key.transpose(-2, -1)
            if self.scale is not None:
                scores = scores * self.scale
            return scores
        pre = query.unsqueeze(-2) + key.unsqueeze(-3)
        if self.scale is not None:
            pre = self.scale * pre
        return self.concat_score_weight * torch.tanh(pre).sum(-1)

    def _apply_scores(self, scores, value, scores_mask=None, training=False):
        if scores_mask is not None:
            big = 65504.0 if scores.dtype == torch.float16 else 1.0e9
            if scores_mask.dim() == 2:
                scores_mask = scores_mask.unsqueeze(-2)
            scores = torch.where(scores_mask, scores, scores - big)
        weights = torch.softmax(scores, -1)
        if training and self.dropout > 0:
            weights = self._drop(weights)
        return weights @ value, weights

    def _drop(self, weights):
        if self.seed is None:
            return F.dropout(weights, self.dropout, True)
        if self._generator is None:
            self._generator = torch.Generator(device=weights.device)
            self._generator.manual_seed(int(self.seed))
        keep = torch.empty_like(weights).bernoulli_(1 - self.dropout, generator=self._generator)
        return weights * keep / (1 - self.dropout)

    def _score_mask(self, scores, v_mask, use_causal_mask):
        if not use_causal_mask:
            return v_mask
        tq, tv = scores.shape[-2], scores.shape[-1]
        causal = torch.ones((tq, tv), dtype=torch.bool, device=scores.device).tril().unsqueeze(0)
        if v_mask is not None:
            return v_mask.unsqueeze(-2) & causal
        return causal

    def call(self, inputs, mask=None, training=None, return_attention_scores=False,
             use_causal_mask=False):
        self._validate_inputs(inputs, mask)
        if mask is None:
            masks = [getattr(t, "_keras_mask", None) for t in inputs]
            mask = masks if any(m is not None for m in masks) else None
        q, v = inputs[0], inputs[1]
        k = inputs[2] if len(inputs) > 2 else v
        q_mask = _as_bool(mask[0]) if mask else None
        v_mask = _as_bool(mask[1]) if mask else None
        scores = self._calculate_scores(q, k)
        scores_mask = self._score_mask(scores, v_mask, use_causal_mask)
        output, weights = self._apply_scores(scores, v, scores_mask, bool(training))
        if q_mask is not None:
            output = torch.where(q_mask.unsqueeze(-1), output,
                                 torch.zeros((), dtype=output.dtype, device=output.device))
        if return_attention_scores:
            if q_mask is not None:
                output._keras_mask = q_mask
            return output, weights
        return output

    def compute_mask(self, inputs, mask=None):
        if mask is None and isinstance(inputs, (list, tuple)) and inputs:
            mask = [getattr(t, "_keras_mask", None) for t in inputs]
        if not mask or mask[0] is None:
            return None
        return _as_bool(mask[0])

    def compute_output_shape(self, input_shape):
        return (*tuple(input_shape[0])[:-1], tuple(input_shape[1])[-1])

    def compute_output_spec(self, inputs, mask=None, return_attention_scores=False,
                            training=None, use_causal_mask=False):
        self._validate_inputs(inputs, mask)
        query, value = inputs[0], inputs[1]
        key = inputs[2] if len(inputs) > 2 else value
        out = KerasTensor(self.compute_output_shape([query.shape, value.shape]),
                          self.compute_dtype)
        if return_attention_scores:
            return out, KerasTensor((*query.shape[:-1], key.shape[-2]), self.compute_dtype)
        return out

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"use_scale": self.use_scale, "score_mode": self.score_mode,
                       "dropout": self.dropout, "seed": self.seed})
        return config


class AdditiveAttention(Attention):
    """Additive attention layer, a.k.a. Bahdanau-style attention.

    Scores are ``sum(scale * tanh(query + key), axis=-1)`` over the feature axis.

    Args:
        use_scale: Create a trainable ``(dim,)`` vector that scales the scores (``True``).
        dropout: Fraction of the attention scores to drop while training.

    Example:

    >>> import numpy as np
    >>> q = np.ones((1, 2, 3), "float32")
    >>> tuple(AdditiveAttention()([q, q]).shape)
    (1, 2, 3)
    """

    def __init__(self, use_scale=True, dropout=0.0, **kwargs):
        super().__init__(use_scale=use_scale, dropout=dropout, **kwargs)

    def build(self, input_shape) -> None:
        self._validate_inputs(input_shape)
        if self.use_scale:
            self.scale = self.add_weight(name="scale", shape=(int(input_shape[0][-1]),),
                                         initializer="glorot_uniform")
        else:
            self.scale = None
        self.built = True

    def _calculate_scores(self, query, key):
        pre = torch.tanh(query.unsqueeze(-2) + key.unsqueeze(-3))
        if self.scale is not None:
            pre = self.scale * pre
        return pre.sum(-1)

    def get_config(self) -> dict:
        config = super().get_config()
        del config["score_mode"]
        return config


def _as_bool(mask):
    if mask is None:
        return None
    if not isinstance(mask, torch.Tensor):
        mask = _device.convert_to_tensor(mask)
    return mask if mask.dtype == torch.bool else mask.to(torch.bool)
