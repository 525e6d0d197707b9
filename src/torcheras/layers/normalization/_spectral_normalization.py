"""``SpectralNormalization``: divides a wrapped layer's kernel by its largest singular value,
estimated by power iteration (Miyato et al., 2018).

As Keras's wrapper, each training call runs ``power_iterations`` steps from the stored
``vector_u``, then writes the normalized kernel back into the wrapped layer's kernel (the
gradient reaches that kernel directly, not through the normalization); inference calls use
the kernel as it is.
"""

from __future__ import annotations

import torch

from torcheras import initializers
from torcheras.backend import _config
from torcheras.layers._input_spec import InputSpec
from torcheras.layers.rnn._wrapper import Wrapper, set_nested_paths


def _l2_normalize(x: torch.Tensor) -> torch.Tensor:
    # Keras's ops.normalize(axis=None): x * min(rsqrt(sum(x^2)), 1 / epsilon).
    inv = torch.rsqrt(torch.sum(x * x)).clamp(max=1.0 / _config.epsilon())
    return x * inv


class SpectralNormalization(Wrapper):
    """Performs spectral normalization on the weights of a target layer.

    Args:
        layer: A layer with a ``kernel`` (``Dense``, ``Conv2D``, ...) or an ``embeddings``
            attribute (``Embedding``).
        power_iterations: Number of power-iteration steps per training call (> 0).

    Example:

    >>> import numpy as np
    >>> from torcheras.layers.core import Dense
    >>> sn = SpectralNormalization(Dense(2, kernel_initializer="ones", use_bias=False))
    >>> _ = sn(np.ones((1, 2), "float32"), training=True)
    >>> [round(v, 4) for v in sn.layer.kernel.numpy().ravel().tolist()]
    [0.5, 0.5, 0.5, 0.5]
    """

    def __init__(self, layer, power_iterations=1, **kwargs):
        super().__init__(layer, **kwargs)
        if isinstance(power_iterations, bool) or not isinstance(power_iterations, int) or (
                power_iterations <= 0):
            raise ValueError(
                "`power_iterations` should be greater than zero. Received: "
                f"`power_iterations={power_iterations!r}`")
        self.power_iterations = power_iterations

    def build(self, input_shape) -> None:
        super().build(input_shape)
        self.input_spec = InputSpec(min_ndim=1, axes={-1: input_shape[-1]})
        if hasattr(self.layer, "kernel"):
            kernel = self.layer.kernel
        elif hasattr(self.layer, "embeddings"):
            kernel = self.layer.embeddings
        else:
            raise ValueError(
                f"{type(self.layer).__name__} object has no attribute 'kernel' nor "
                "'embeddings'")
        # Keras tracks the wrapped kernel as this layer's own first variable too: its
        # weights read [kernel, vector_u, <the layer's others>] and its saved variables
        # are [kernel, vector_u].
        self._own_weights.append(kernel)
        self.kernel = kernel
        self.kernel_shape = tuple(kernel.shape)
        self.vector_u = self.add_weight(
            shape=(1, self.kernel_shape[-1]),
            initializer=initializers.TruncatedNormal(stddev=0.02), trainable=False,
            name="vector_u", dtype=self.layer.variable_dtype)

    def _set_weight_paths(self) -> None:
        super()._set_weight_paths()
        set_nested_paths(self.name, self.layer)  # the borrowed kernel keeps its own path

    def call(self, inputs, training=False):
        if training:
            kernel = self.kernel.detach()
            if bool(torch.any(kernel != 0)):
                vector_u, normalized = self.normalized_weights()
                self.vector_u.assign(vector_u)
                self.kernel.assign(normalized)
        output = self.layer(inputs)
        if inputs.is_floating_point() and output.dtype != inputs.dtype:
            output = output.to(inputs.dtype)
        return output

    def normalized_weights(self):
        """``(vector_u, kernel / sigma)``: the next ``vector_u`` and the normalized kernel."""
        with torch.no_grad():
            weights = self.kernel.reshape(-1, self.kernel_shape[-1])
            vector_u = self.vector_u.detach()
            for _ in range(self.power_iterations):
                vector_v = _l2_normalize(vector_u @ weights.T)
                vector_u = _l2_normalize(vector_v @ weights)
            sigma = (vector_v @ weights) @ vector_u.T
            kernel = (self.kernel / sigma).reshape(self.kernel_shape)
        return vector_u.to(self.vector_u.dtype), kernel.to(self.kernel.dtype)

    def compute_output_shape(self, input_shape):
        return self.layer.compute_output_shape(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config["power_iterations"] = self.power_iterations
        return config
