"""``ReversibleEmbedding``: an ``Embedding`` that can also project hidden states back to
vocabulary logits (``reverse=True``), with tied weights by default."""

from __future__ import annotations

import torch

from torcheras.backend import _device
from torcheras.layers._keras_tensor import KerasTensor
from torcheras.layers.embedding._embedding import Embedding


class ReversibleEmbedding(Embedding):
    """An embedding layer which can project backwards to the input dim.

    Args:
        input_dim: Size of the vocabulary (largest id + 1).
        output_dim: Dimension of the dense embedding.
        tie_weights: Whether the reverse projection uses the transposed ``embeddings``
            (True) or a separate trainable ``reverse_embeddings`` ``(output_dim,
            input_dim)``.
        embeddings_initializer: Initializer of the tables (``"uniform"``).
        embeddings_regularizer: Regularizer of ``embeddings``.
        embeddings_constraint: Constraint of ``embeddings``.
        mask_zero: Whether id 0 is padding (the forward output then carries a mask).
        reverse_dtype: Dtype of the reverse projection (default: the compute dtype).
        logit_soft_cap: When set, reverse logits become
            ``tanh(logits / logit_soft_cap) * logit_soft_cap``.

    Call arguments:
        inputs: Integer ids, or hidden states ``(..., output_dim)`` when ``reverse``.
        reverse: Project ``output_dim -> input_dim`` instead of looking ids up.

    Example:

    >>> import numpy as np
    >>> layer = ReversibleEmbedding(4, 2, embeddings_initializer="ones")
    >>> hidden = layer(np.array([[1, 3]]))
    >>> layer(hidden, reverse=True).tolist()
    [[[2.0, 2.0, 2.0, 2.0], [2.0, 2.0, 2.0, 2.0]]]
    """

    def __init__(self, input_dim, output_dim, tie_weights=True,
                 embeddings_initializer="uniform", embeddings_regularizer=None,
                 embeddings_constraint=None, mask_zero=False, reverse_dtype=None,
                 logit_soft_cap=None, **kwargs):
        super().__init__(input_dim, output_dim, embeddings_initializer=embeddings_initializer,
                         embeddings_regularizer=embeddings_regularizer,
                         embeddings_constraint=embeddings_constraint, mask_zero=mask_zero,
                         **kwargs)
        if logit_soft_cap is not None and (isinstance(logit_soft_cap, bool) or not isinstance(
                logit_soft_cap, (int, float)) or logit_soft_cap <= 0):
            raise ValueError(
                "Argument `logit_soft_cap` must be a positive number or None. Received: "
                f"logit_soft_cap={logit_soft_cap!r}")
        if reverse_dtype is not None:
            _device.to_torch_dtype(_device.standardize_dtype(reverse_dtype))
        self.tie_weights = bool(tie_weights)
        self.reverse_dtype = reverse_dtype
        self.logit_soft_cap = logit_soft_cap

    def build(self, input_shape=None) -> None:
        if self.built:
            return
        super().build(input_shape)
        if not self.tie_weights:
            self.reverse_embeddings = self.add_weight(
                shape=(self.output_dim, self.input_dim),
                initializer=self.embeddings_initializer, name="reverse_embeddings")

    def call(self, inputs, reverse=False):
        if not reverse:
            result = super().call(inputs)
            if self.mask_zero:
                result._keras_mask = inputs != 0
            return result
        kernel = self.embeddings.T if self.tie_weights else self.reverse_embeddings
        dtype = _device.to_torch_dtype(self.reverse_dtype or self.compute_dtype)
        logits = torch.matmul(inputs.to(dtype), kernel.to(dtype))
        if self.logit_soft_cap is not None:
            cap = self.logit_soft_cap
            logits = torch.tanh(logits / cap) * cap
        return logits

    def compute_mask(self, inputs, mask=None):
        return None

    def compute_output_shape(self, input_shape, reverse=False):
        shape = list(input_shape)
        if reverse:
            shape[-1] = self.input_dim
        else:
            shape.append(self.output_dim)
        return tuple(shape)

    def compute_output_spec(self, inputs, reverse=False, **kwargs):
        dtype = self.reverse_dtype if reverse and self.reverse_dtype else self.compute_dtype
        return KerasTensor(self.compute_output_shape(inputs.shape, reverse), dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"tie_weights": self.tie_weights, "reverse_dtype": self.reverse_dtype,
                       "logit_soft_cap": self.logit_soft_cap})
        return config
