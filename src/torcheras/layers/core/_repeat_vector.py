"""``RepeatVector``: ``(batch, features)`` to ``(batch, n, features)``."""

from __future__ import annotations

from torcheras.layers._input_spec import InputSpec
from torcheras.layers._keras_tensor import KerasTensor
from torcheras.layers._layer import Layer


class RepeatVector(Layer):
    """Repeats the input ``n`` times along a new second axis.

    Args:
        n: Positive integer, the repetition factor.

    Example:

    >>> import torcheras as keras
    >>> RepeatVector(3)(keras.Input(shape=(32,))).shape
    (None, 3, 32)
    """

    def __init__(self, n, **kwargs):
        super().__init__(**kwargs)
        if isinstance(n, bool) or not hasattr(n, "__index__"):
            raise TypeError(f"Expected an integer value for `n`, got {type(n)}.")
        if n <= 0:
            raise ValueError(f"Argument `n` should be a positive integer. Received: n={n}")
        self.n = int(n)
        self.input_spec = InputSpec(ndim=2)
        self.built = True

    def call(self, inputs):
        return inputs.unsqueeze(1).expand(-1, self.n, -1).contiguous()

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.n, input_shape[1])

    def compute_output_spec(self, inputs, *args, **kwargs):
        return KerasTensor(self.compute_output_shape(inputs.shape), inputs.dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        config["n"] = self.n
        return config
