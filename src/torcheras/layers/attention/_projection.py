"""The dense projections inside ``MultiHeadAttention``, with Keras's weight shapes.

Keras builds them as ``EinsumDense`` layers named ``query``, ``key``, ``value`` and
``attention_output``; these hold the same ``kernel``/``bias`` shapes so that Keras weights
load unchanged, and compute with one matmul on flattened dimensions.
"""

from __future__ import annotations

import math

import torch

from torcheras.layers._layer import Layer


class Projection(Layer):
    """``x[..., in_dims] @ kernel -> [..., out_dims]`` plus a bias of shape ``out_dims``."""

    def __init__(self, in_dims: tuple, out_dims: tuple, use_bias: bool, kernel_initializer,
                 bias_initializer, kernel_regularizer=None, bias_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(**kwargs)
        self.in_dims = tuple(int(d) for d in in_dims)
        self.out_dims = tuple(int(d) for d in out_dims)
        self.kernel = self.add_weight(
            shape=self.in_dims + self.out_dims, initializer=kernel_initializer,
            regularizer=kernel_regularizer, constraint=kernel_constraint, name="kernel")
        if use_bias:
            self.bias = self.add_weight(
                shape=self.out_dims, initializer=bias_initializer, regularizer=bias_regularizer,
                constraint=bias_constraint, name="bias")
        else:
            self.bias = None
        self.built = True

    def call(self, inputs):
        n_in = len(self.in_dims)
        lead = inputs.shape[: inputs.dim() - n_in]
        flat = inputs.reshape(-1, math.prod(self.in_dims))
        kernel = self.kernel.reshape(math.prod(self.in_dims), -1)
        if self.bias is not None:
            out = torch.addmm(self.bias.reshape(-1), flat, kernel)
        else:
            out = flat @ kernel
        return out.reshape(*lead, *self.out_dims)
