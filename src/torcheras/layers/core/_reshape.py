"""``Reshape``: gives each sample a new shape, with one ``-1`` inferred."""

from __future__ import annotations

import math

from torcheras.layers._keras_tensor import KerasTensor
from torcheras.layers._layer import Layer


def _is_int(d) -> bool:
    return hasattr(d, "__index__") and not isinstance(d, bool)


def validate_target_shape(target_shape, argument: str = "target_shape") -> tuple:
    """``target_shape`` as a tuple; Keras's errors for negative sizes and several ``-1``."""
    if isinstance(target_shape, (str, bytes)) or not hasattr(target_shape, "__iter__"):
        raise TypeError(
            f"Argument `{argument}` must be a tuple of integers. "
            f"Received: {argument}={target_shape!r}"
        )
    shape = tuple(int(d) if _is_int(d) else d for d in target_shape)
    for d in shape:
        if d is not None and not _is_int(d):
            raise TypeError(
                f"Argument `{argument}` must be a tuple of integers (or -1 / None for "
                f"one unknown dimension). Received: {argument}={shape}"
            )
        if d is not None and d < -1:
            raise ValueError(
                f"Each dimension in `{argument}` must be a non-negative integer, or `-1` "
                f"for a single unknown dimension. Received: {argument}={shape}."
            )
    if shape.count(-1) > 1:
        raise ValueError(
            f"There must be at most one unknown dimension (-1) in `{argument}`. "
            f"Received: {argument}={shape}."
        )
    return shape


def resolve_reshape(input_shape: tuple, target_shape: tuple,
                    argument: str = "target_shape") -> tuple:
    """``target_shape`` with its ``-1`` resolved against ``input_shape`` (both without batch).

    Unknown sizes stay ``None``; incompatible sizes raise Keras's ValueError.
    """
    input_shape = tuple(input_shape)
    if None in input_shape or None in target_shape:
        return tuple(None if d == -1 else d for d in target_shape)
    size = math.prod(input_shape)
    if -1 not in target_shape:
        if size != math.prod(target_shape):
            raise ValueError(
                "The total size of the tensor must be unchanged. Received: "
                f"input_shape={input_shape}, {argument}={target_shape}"
            )
        return target_shape
    known = math.prod(d for d in target_shape if d != -1)
    if known == 0 or size % known != 0:
        raise ValueError(
            "The total size of the tensor must be unchanged, however, the input size "
            f"cannot by divided by the specified dimensions in {argument}. Received: "
            f"input_shape={input_shape}, {argument}={target_shape}"
        )
    return tuple(size // known if d == -1 else d for d in target_shape)


class Reshape(Layer):
    """Reshapes each sample to ``target_shape`` (the batch dimension is kept).

    Args:
        target_shape: Tuple of integers, without the batch dimension. One entry may be
            ``-1``: it is inferred from the size of the input.

    Example:

    >>> import torcheras as keras
    >>> x = keras.Input(shape=(12,))
    >>> Reshape((3, 4))(x).shape
    (None, 3, 4)
    >>> Reshape((-1, 2, 2))(x).shape
    (None, 3, 2, 2)
    """

    def __init__(self, target_shape, **kwargs):
        super().__init__(**kwargs)
        self.target_shape = validate_target_shape(target_shape)
        self._resolved: dict[tuple, tuple] = {}
        self.built = True

    def _target_for(self, sample_shape: tuple) -> tuple:
        resolved = self._resolved.get(sample_shape)
        if resolved is None:
            resolved = resolve_reshape(sample_shape, self.target_shape)
            resolved = tuple(-1 if d is None else d for d in resolved)
            self._resolved[sample_shape] = resolved
        return resolved

    def call(self, inputs):
        shape = tuple(inputs.shape)
        return inputs.reshape((shape[0],) + self._target_for(shape[1:]))

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        return (input_shape[0],) + resolve_reshape(input_shape[1:], self.target_shape)

    def compute_output_spec(self, inputs, *args, **kwargs):
        return KerasTensor(self.compute_output_shape(inputs.shape), inputs.dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        config["target_shape"] = self.target_shape
        return config
