"""``Merge``: the base of layers that combine a list of tensors into one.

Shapes are checked when the layer is built (so a symbolic call on incompatible shapes fails
while the graph is being built, naming the layer); ``call`` itself only aligns ranks when
the build saw inputs of different ranks, then applies the merge function.
"""

from __future__ import annotations

import torch

from torcheras.layers._layer import Layer


def fmt_shape(shape) -> str:
    """A shape as Keras prints it: ``(None, 4)``."""
    if shape is None:
        return "None"
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + (
        ",)" if len(shape) == 1 else ")")


def fmt_shapes(shapes) -> str:
    return "[" + ", ".join(fmt_shape(s) for s in shapes) + "]"


def is_shape_list(input_shape) -> bool:
    return isinstance(input_shape, (list, tuple)) and bool(input_shape) and all(
        s is None or isinstance(s, (list, tuple)) for s in input_shape)


def check_mask_list(inputs, mask) -> None:
    """A merge layer's ``mask`` must be a list with one entry (or ``None``) per input."""
    if not isinstance(mask, (list, tuple)):
        raise ValueError(f"`mask` should be a list. Received: mask={mask}")
    if not isinstance(inputs, (list, tuple)):
        raise ValueError(f"`inputs` should be a list. Received: inputs={inputs}")
    if len(mask) != len(inputs):
        raise ValueError(
            "The lists `inputs` and `mask` should have the same length. Received: "
            f"inputs of length {len(inputs)}, and mask of length {len(mask)}"
        )


class Merge(Layer):
    """Base class of the element-wise merge layers (``Add``, ``Average``, ...).

    Subclasses implement ``_merge_function(inputs)`` on a list of tensors of one rank.

    Args:
        **kwargs: Standard layer keyword arguments (``name``, ``dtype``, ...).
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self._reshape_required = False

    def _merge_function(self, inputs):
        raise NotImplementedError

    def _layer_ref(self) -> str:
        return f'layer "{self.name}" ({type(self).__name__})'

    def _check_is_list(self, input_shape) -> None:
        if not is_shape_list(input_shape):
            raise ValueError(
                f"A merge layer should be called on a list of inputs. {self._layer_ref()} "
                f"received: input_shape={input_shape} (not a list of shapes)"
            )

    def _elementwise_shape(self, input_shapes) -> tuple | None:
        """Shape without the batch axis that the inputs broadcast to; raises if none."""
        out = None if input_shapes[0] is None else tuple(input_shapes[0][1:])
        for i in range(1, len(input_shapes)):
            shape = None if input_shapes[i] is None else tuple(input_shapes[i][1:])
            merged = _broadcast(out, shape)
            if merged is False:
                raise ValueError(
                    f"Inputs have incompatible shapes for {self._layer_ref()}: expected "
                    f"shapes that match {fmt_shape(input_shapes[0])} (up to broadcasting), "
                    f"but input {i} has shape {fmt_shape(input_shapes[i])}. Received shapes "
                    f"{fmt_shape(out)} and {fmt_shape(shape)}. Full input shapes: "
                    f"{fmt_shapes(input_shapes)}"
                )
            out = merged
        return out

    def _check_batch_sizes(self, input_shapes) -> set:
        sizes = {s[0] for s in input_shapes if s} - {None}
        if len(sizes) > 1:
            raise ValueError(
                f"Cannot merge tensors with different batch sizes in {self._layer_ref()}. "
                f"Received tensors with shapes {fmt_shapes(input_shapes)}"
            )
        return sizes

    def build(self, input_shape) -> None:
        self._check_is_list(input_shape)
        self._check_batch_sizes(input_shape)
        self._elementwise_shape(input_shape)
        ranks = {None if s is None else len(s) for s in input_shape}
        self._reshape_required = None in ranks or len(ranks) > 1
        self.built = True

    def call(self, inputs):
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(
                f"A merge layer should be called on a list of inputs. {self._layer_ref()} "
                f"received: inputs={inputs!r} (not a list of tensors)"
            )
        if self._reshape_required:
            inputs = _same_rank(inputs)
        return self._merge_function(inputs)

    def compute_output_shape(self, input_shape):
        self._check_is_list(input_shape)
        sizes = self._check_batch_sizes(input_shape)
        out = self._elementwise_shape(input_shape)
        batch = next(iter(sizes)) if len(sizes) == 1 else None
        return (batch,) + tuple(out or ())

    def compute_mask(self, inputs, mask=None):
        if mask is None:
            return None
        check_mask_list(inputs, mask)
        if any(m is None for m in mask):
            return None
        out = mask[0]
        for m in mask[1:]:
            out = torch.logical_or(out, m)
        return out

    def get_config(self) -> dict:
        return super().get_config()


def _broadcast(shape1, shape2):
    """Right-aligned broadcast of two shapes (``None`` = unknown); ``False`` if impossible."""
    if shape1 is None or shape2 is None:
        return None
    if len(shape1) < len(shape2):
        shape1, shape2 = shape2, shape1
    if not shape2:
        return tuple(shape1)
    out = list(shape1[: len(shape1) - len(shape2)])
    for i, j in zip(shape1[len(shape1) - len(shape2):], shape2):
        if i is None or j is None:
            out.append(None)
        elif i == 1:
            out.append(j)
        elif j == 1 or i == j:
            out.append(i)
        else:
            return False
    return tuple(out)


def _same_rank(inputs) -> list:
    """Insert axes after the batch axis so all inputs share the largest rank."""
    rank = max(x.dim() for x in inputs)
    out = []
    for x in inputs:
        for _ in range(rank - x.dim()):
            x = x.unsqueeze(1)
        out.append(x)
    return out


def input_masks(inputs) -> list:
    return [getattr(x, "_keras_mask", None) for x in inputs]


def expand_mask(mask, x):
    """A ``(batch, ...)`` mask broadcast to ``x``'s shape along a new last axis."""
    return mask.unsqueeze(-1).expand(x.shape) if mask.dim() < x.dim() else mask


def set_mask(tensor, mask) -> None:
    tensor._keras_mask = mask
