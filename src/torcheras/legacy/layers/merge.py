"""Keras 2's ``keras.layers.merge`` module, Keras 1's ``merge(inputs, mode=...)`` and
Keras 1's ``Merge`` layer.

``from keras.layers.merge import concatenate`` (Keras 2) and
``from keras.layers import merge; merge([a, b], mode="concat")`` (Keras 1) both work: the
module itself is callable, because Keras 1's function and Keras 2's module had the same
name.
"""

from __future__ import annotations

import sys
import types

from torcheras.layers import (
    Add,
    Average,
    Concatenate,
    Dot,
    Lambda,
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
from torcheras.models import Model

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


def _branch_outputs(layers):
    # Keras 1's Merge(layers=[model_a, model_b]) merged the branches' outputs and fed the
    # merged model with the branches' inputs, in order.
    inputs, outputs = [], []
    for branch in layers:
        branch_inputs = getattr(branch, "inputs", None)
        branch_outputs = getattr(branch, "outputs", None)
        if not branch_inputs or not branch_outputs:
            raise ValueError(
                "Merge(layers=...) needs branches with known inputs (models or layers built "
                "with `input_shape`, or called on `Input` tensors). Received a branch "
                f"without inputs: {branch!r}")
        inputs.extend(branch_inputs)
        outputs.append(branch_outputs[0] if len(branch_outputs) == 1 else branch_outputs)
    return inputs, outputs


class _MergeFactory(type):
    def __call__(cls, layers=None, mode="sum", concat_axis=-1, dot_axes=-1, output_shape=None,
                 output_mask=None, arguments=None, node_indices=None, tensor_indices=None,
                 name=None):
        layer = merge_layer(mode, concat_axis, dot_axes, name)
        if layers is None:
            return layer
        if not isinstance(layers, (list, tuple)) or len(layers) < 2:
            raise ValueError(
                "A Merge should be called on a list of at least 2 inputs. Received: "
                f"layers={layers!r}")
        inputs, outputs = _branch_outputs(layers)
        return Model(inputs, layer(outputs), name=name)

    def __instancecheck__(cls, obj) -> bool:
        return isinstance(obj, _MERGE_CLASSES)


_MERGE_CLASSES = (Add, Average, Concatenate, Dot, Maximum, Multiply, Lambda)


class Merge(metaclass=_MergeFactory):
    """Keras 1's ``Merge`` layer (removed in Keras 2).

    ``Merge(mode=...)`` is the Keras 2 merge layer for that mode (``Concatenate``,
    ``Add``, ...), to call on a list of tensors. ``Merge([branch_a, branch_b], mode=...)``
    on models (or layers) with known inputs is the functional model that feeds each branch
    its own input and merges their outputs: add it to a ``Sequential`` or use it directly,
    with one input array per branch.

    Args:
        layers: ``None``, or a list of at least 2 models or built layers.
        mode: ``"sum"``, ``"mul"``, ``"concat"``, ``"ave"``, ``"cos"``, ``"dot"``,
            ``"max"`` or a function of the list of tensors.
        concat_axis: Axis of ``"concat"``.
        dot_axes: Axes of ``"dot"`` and ``"cos"``.
        output_shape, output_mask, arguments, node_indices, tensor_indices: Keras 1's
            arguments for functions and shared nodes; accepted and unused.
        name: The layer's name.

    Example:

    >>> import numpy as np
    >>> Merge(mode="concat")([np.ones((1, 2), "float32"), np.zeros((1, 1), "float32")]).tolist()
    [[1.0, 1.0, 0.0]]
    """


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
    "Merge",
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
