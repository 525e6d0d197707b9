"""``Permute``: reorders the non-batch dimensions."""

from __future__ import annotations

from torcheras.layers._input_spec import InputSpec
from torcheras.layers._keras_tensor import KerasTensor
from torcheras.layers._layer import Layer


class Permute(Layer):
    """Permutes the dimensions of the input according to ``dims``.

    Args:
        dims: Tuple of integers, the new order of the non-batch dimensions, counted
            from 1: ``(2, 1)`` swaps the first two.

    Example:

    >>> import torcheras as keras
    >>> Permute((2, 1))(keras.Input(shape=(10, 64))).shape
    (None, 64, 10)
    """

    def __init__(self, dims, **kwargs):
        super().__init__(**kwargs)
        try:
            dims_tuple = tuple(dims)
            valid = sorted(dims_tuple) == list(range(1, len(dims_tuple) + 1))
        except TypeError:
            valid = False
        if not valid:
            raise ValueError(
                "Invalid permutation argument `dims` for Permute Layer. The set of indices "
                f"in `dims` must be consecutive and start from 1. Received dims={dims}"
            )
        self.dims = tuple(int(d) for d in dims_tuple)
        self._axes = (0,) + self.dims
        self.input_spec = InputSpec(ndim=len(self.dims) + 1)
        self.built = True

    def call(self, inputs):
        return inputs.permute(self._axes)

    def compute_output_shape(self, input_shape):
        return (input_shape[0],) + tuple(input_shape[d] for d in self.dims)

    def compute_output_spec(self, inputs, *args, **kwargs):
        return KerasTensor(self.compute_output_shape(inputs.shape), inputs.dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        config["dims"] = self.dims
        return config
