"""``keras.Input`` and ``keras.layers.InputLayer``: where a model's graph starts."""

from __future__ import annotations

from torcheras.backend import _device
from torcheras.layers._keras_tensor import KerasTensor
from torcheras.layers._layer import Layer
from torcheras.layers._node import Node
from torcheras.legacy._arguments_apply import legacy_function_arguments


def _validate_shape(shape, argument: str) -> tuple:
    if isinstance(shape, int):
        shape = (shape,)
    try:
        shape = tuple(shape)
    except TypeError:
        raise TypeError(
            f"Argument `{argument}` must be a tuple of integers or None. "
            f"Received: {argument}={shape!r}"
        ) from None
    for d in shape:
        if d is not None and (not hasattr(d, "__index__") or int(d) < 0):
            raise ValueError(
                f"Argument `{argument}` must be a tuple of non-negative integers or None. "
                f"Received: {argument}={shape!r}"
            )
    return tuple(None if d is None else int(d) for d in shape)


class InputLayer(Layer):
    """The entry point of a model: holds the shape and dtype of one input.

    Args:
        shape: Shape of one sample, without the batch dimension.
        batch_size: Fixed batch size, or ``None``.
        dtype: Input dtype (default ``floatx()``).
        sparse: Accepted for compatibility; sparse inputs are densified.
        batch_shape: Full shape including the batch dimension (instead of ``shape``).
        name: Layer name.
    """

    def __init__(self, shape=None, batch_size=None, dtype=None, sparse=None, batch_shape=None,
                 input_tensor=None, optional=False, name=None, **kwargs):
        legacy = kwargs.pop("input_shape", None)
        legacy_batch = kwargs.pop("batch_input_shape", None)
        super().__init__(name=name, dtype=dtype, **kwargs)
        if shape is None and legacy is not None:
            shape = legacy
        if batch_shape is None and legacy_batch is not None:
            batch_shape = legacy_batch
        if shape is not None and batch_shape is not None:
            raise ValueError(
                "You cannot pass both `shape` and `batch_shape` at the same time. "
                f"Received: shape={shape}, batch_shape={batch_shape}"
            )
        if batch_shape is not None:
            batch_shape = _validate_shape(batch_shape, "batch_shape")
        elif shape is not None:
            batch_shape = (batch_size,) + _validate_shape(shape, "shape")
        elif input_tensor is not None:
            batch_shape = tuple(input_tensor.shape)
        else:
            raise ValueError("You must pass a `shape` argument to `Input`/`InputLayer`.")
        self._batch_shape = batch_shape
        self._input_dtype_name = _device.standardize_dtype(dtype)
        self.sparse = bool(sparse)
        self.optional = optional
        self.built = True
        self.output_tensor = KerasTensor(batch_shape, self._input_dtype_name, name=self.name,
                                         sparse=self.sparse)
        Node(self, (), {}, self.output_tensor)

    @property
    def batch_shape(self) -> tuple:
        return self._batch_shape

    @property
    def dtype(self) -> str:
        return self._input_dtype_name

    def call(self, inputs):
        return inputs

    def get_config(self) -> dict:
        return {"batch_shape": self._batch_shape, "dtype": self._input_dtype_name,
                "sparse": self.sparse, "name": self.name}


@legacy_function_arguments
def Input(shape=None, batch_size=None, dtype=None, sparse=None, batch_shape=None, name=None,
          tensor=None, optional=False) -> KerasTensor:
    """Create a symbolic input for a functional or Sequential model.

    Args:
        shape: Shape of one sample, without the batch dimension, e.g. ``(784,)``.
        batch_size: Optional fixed batch size.
        dtype: Dtype of the input (default ``floatx()``).
        sparse: Accepted for compatibility.
        batch_shape: Full shape including the batch dimension.
        name: Name of the input (used to match dict inputs).

    Returns:
        A ``KerasTensor``.

    Example:

    >>> x = Input(shape=(784,))
    >>> x.shape
    (None, 784)
    """
    layer = InputLayer(shape=shape, batch_size=batch_size, dtype=dtype, sparse=sparse,
                       batch_shape=batch_shape, name=name, input_tensor=tensor,
                       optional=optional)
    return layer.output_tensor
