"""``Activation``: applies an activation function to its input."""

from __future__ import annotations

from torcheras import activations
from torcheras.layers._layer import Layer


class Activation(Layer):
    """Applies an activation function.

    Args:
        activation: Name (``"relu"``, ``"softmax"`` ...) or callable.

    Example:

    >>> import numpy as np
    >>> Activation("relu")(np.array([[-1.0, 2.0]], "float32")).tolist()
    [[0.0, 2.0]]
    """

    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.activation = activations.get(activation)
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return self.activation(inputs)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config["activation"] = activations.serialize(self.activation)
        return config
