"""Keras 2's ``keras.layers.merge`` module path, and Keras 1's ``merge(inputs, mode=...)``.

``from keras.layers.merge import concatenate`` (Keras 2) and
``from keras.layers import merge; merge([a, b], mode="concat")`` (Keras 1) both work: the
module itself is callable.
"""

from __future__ import annotations

import sys
import types

from torcheras.layers.core import Lambda
from torcheras.layers.merging import (
    Add,
    Average,
    Concatenate,
    Dot,
    Maximum,
    Minimum,
    Multiply,
    Subtract,
    add,
    average,
    concatenate,
    dot,
    maximum,
    minimum,
    multiply,
    subtract,
)

_MODES = ("sum", "mul", "concat", "ave", "cos", "dot", "max")


def merge_layer(mode="sum", concat_axis=-1, dot_axes=-1, name=None):
    """The Keras 2 layer that does what Keras 1's ``Merge(mode=...)`` did."""
    if callable(mode):
        return Lambda(mode, name=name)
    if mode not in _MODES:
        raise ValueError(
            f"Invalid merge mode: {mode!r}. Expected one of {list(_MODES)} or a function."
        )
    if mode == "concat":
        return Concatenate(axis=concat_axis, name=name)
    if mode in ("dot", "cos"):
        axes = dot_axes if isinstance(dot_axes, int) else tuple(dot_axes)
        return Dot(axes=axes, normalize=mode == "cos", name=name)
    return {"sum": Add, "mul": Multiply, "ave": Average, "max": Maximum}[mode](name=name)


class _CallableModule(types.ModuleType):
    def __call__(self, inputs, mode="sum", concat_axis=-1, dot_axes=-1, output_shape=None,
                 output_mask=None, arguments=None, node_indices=None, tensor_indices=None,
                 name=None):
        """Keras 1's ``merge(inputs, mode=...)``: merge a list of tensors in one call."""
        return merge_layer(mode, concat_axis, dot_axes, name)(inputs)


sys.modules[__name__].__class__ = _CallableModule

__all__ = [
    "Add",
    "Average",
    "Concatenate",
    "Dot",
    "Maximum",
    "Minimum",
    "Multiply",
    "Subtract",
    "add",
    "average",
    "concatenate",
    "dot",
    "maximum",
    "minimum",
    "merge_layer",
    "multiply",
    "subtract",
]
