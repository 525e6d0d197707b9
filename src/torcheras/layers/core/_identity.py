"""``Identity``: returns its input unchanged (a placeholder layer)."""

from __future__ import annotations

from torcheras.layers._keras_tensor import KerasTensor
from torcheras.layers._layer import Layer
from torcheras.tree import map_structure


class Identity(Layer):
    """Returns its ``inputs`` argument as the output.

    Example:

    >>> import numpy as np
    >>> Identity()(np.array([[1.0, 2.0]], "float32")).tolist()
    [[1.0, 2.0]]
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def compute_output_spec(self, inputs, *args, **kwargs):
        return map_structure(
            lambda x: KerasTensor(x.shape, x.dtype, sparse=x.sparse)
            if isinstance(x, KerasTensor) else x, inputs)
