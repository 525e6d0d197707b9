"""Element-wise merge layers: ``Add``, ``Subtract``, ``Multiply``, ``Average``, ``Maximum``,
``Minimum``, and their functional forms ``add``, ``subtract``, ...

Inputs of different ranks are aligned by inserting axes after the batch axis, so their
non-batch dimensions broadcast from the right, as in Keras.
"""

from __future__ import annotations

import torch

from torcheras.layers.merging._base_merge import Merge, expand_mask, input_masks, set_mask


class Add(Merge):
    """Adds a list of inputs element-wise.

    Example:

    >>> import numpy as np
    >>> Add()([np.ones((1, 2), "float32"), np.full((1, 2), 2.0, "float32")]).tolist()
    [[3.0, 3.0]]
    """

    def _merge_function(self, inputs):
        out = inputs[0]
        for x in inputs[1:]:
            out = out + x
        return out


class Subtract(Merge):
    """Subtracts two inputs: ``inputs[0] - inputs[1]``.

    Example:

    >>> import numpy as np
    >>> Subtract()([np.ones((1, 2), "float32"), np.full((1, 2), 3.0, "float32")]).tolist()
    [[-2.0, -2.0]]
    """

    def build(self, input_shape) -> None:
        super().build(input_shape)
        if len(input_shape) != 2:
            raise ValueError(
                f"A `Subtract` layer should be called on exactly 2 inputs. Layer "
                f'"{self.name}" received {len(input_shape)}: input_shape={list(input_shape)}'
            )

    def _merge_function(self, inputs):
        if len(inputs) != 2:
            raise ValueError(
                f"A `Subtract` layer should be called on exactly 2 inputs. Layer "
                f'"{self.name}" received {len(inputs)} inputs.'
            )
        return inputs[0] - inputs[1]


class Multiply(Merge):
    """Multiplies a list of inputs element-wise.

    Masked positions count as 1 in the product; where every input is masked the output
    is 0, as in Keras.

    Example:

    >>> import numpy as np
    >>> Multiply()([np.full((1, 2), 2.0, "float32"), np.full((1, 2), 3.0, "float32")]).tolist()
    [[6.0, 6.0]]
    """

    def _merge_function(self, inputs):
        masks = input_masks(inputs)
        if all(m is None for m in masks):
            out = inputs[0]
            for x in inputs[1:]:
                out = out * x
            return out
        all_masked = all(m is not None for m in masks)
        out = out_mask = None
        for x, mask in zip(inputs, masks):
            if mask is not None:
                mask = expand_mask(mask, x)
                x = torch.where(mask, x, torch.ones((), dtype=x.dtype, device=x.device))
                if all_masked:
                    out_mask = mask if out_mask is None else torch.logical_or(out_mask, mask)
            out = x if out is None else out * x
        if all_masked:
            out = torch.where(out_mask, out, torch.zeros((), dtype=out.dtype, device=out.device))
            set_mask(out, out_mask.any(dim=-1))
        return out


class Average(Merge):
    """Averages a list of inputs element-wise.

    Example:

    >>> import numpy as np
    >>> Average()([np.ones((1, 2), "float32"), np.full((1, 2), 3.0, "float32")]).tolist()
    [[2.0, 2.0]]
    """

    def _merge_function(self, inputs):
        out = inputs[0]
        for x in inputs[1:]:
            out = out + x
        return out / len(inputs)


class _ExtremumMerge(Merge):
    """``Maximum``/``Minimum``: a masked position takes the other inputs' value."""

    _op = staticmethod(torch.maximum)

    def _merge_function(self, inputs):
        masks = input_masks(inputs)
        if all(m is None for m in masks):
            out = inputs[0]
            for x in inputs[1:]:
                out = self._op(out, x)
            return out
        out = out_mask = None
        for x, mask in zip(inputs, masks):
            if mask is not None:
                mask = expand_mask(mask, x)
            if out is None:
                out, out_mask = x, mask
                continue
            if mask is not None:
                x = torch.where(mask, x, out)
            if out_mask is not None:
                out = torch.where(out_mask, out, x)
            out_mask = (torch.logical_or(out_mask, mask)
                        if mask is not None and out_mask is not None else None)
            out = self._op(out, x)
        if out_mask is not None:
            set_mask(out, out_mask.any(dim=-1))
        return out


class Maximum(_ExtremumMerge):
    """Element-wise maximum of a list of inputs.

    Example:

    >>> import numpy as np
    >>> Maximum()([np.array([[1.0, 5.0]]), np.array([[3.0, 2.0]])]).tolist()
    [[3.0, 5.0]]
    """

    _op = staticmethod(torch.maximum)


class Minimum(_ExtremumMerge):
    """Element-wise minimum of a list of inputs.

    Example:

    >>> import numpy as np
    >>> Minimum()([np.array([[1.0, 5.0]]), np.array([[3.0, 2.0]])]).tolist()
    [[1.0, 2.0]]
    """

    _op = staticmethod(torch.minimum)


def add(inputs, **kwargs):
    """Functional interface to :class:`Add`: the sum of ``inputs``.

    Example:

    >>> import torcheras as keras
    >>> a, b = keras.Input((4,)), keras.Input((4,))
    >>> add([a, b]).shape
    (None, 4)
    """
    return Add(**kwargs)(inputs)


def subtract(inputs, **kwargs):
    """Functional interface to :class:`Subtract`: ``inputs[0] - inputs[1]``.

    Example:

    >>> import torcheras as keras
    >>> subtract([keras.Input((4,)), keras.Input((4,))]).shape
    (None, 4)
    """
    return Subtract(**kwargs)(inputs)


def multiply(inputs, **kwargs):
    """Functional interface to :class:`Multiply`: the element-wise product of ``inputs``.

    Example:

    >>> import torcheras as keras
    >>> multiply([keras.Input((4,)), keras.Input((4,))]).shape
    (None, 4)
    """
    return Multiply(**kwargs)(inputs)


def average(inputs, **kwargs):
    """Functional interface to :class:`Average`: the element-wise mean of ``inputs``.

    Example:

    >>> import torcheras as keras
    >>> average([keras.Input((4,)), keras.Input((4,))]).shape
    (None, 4)
    """
    return Average(**kwargs)(inputs)


def maximum(inputs, **kwargs):
    """Functional interface to :class:`Maximum`: the element-wise maximum of ``inputs``.

    Example:

    >>> import torcheras as keras
    >>> maximum([keras.Input((4,)), keras.Input((4,))]).shape
    (None, 4)
    """
    return Maximum(**kwargs)(inputs)


def minimum(inputs, **kwargs):
    """Functional interface to :class:`Minimum`: the element-wise minimum of ``inputs``.

    Example:

    >>> import torcheras as keras
    >>> minimum([keras.Input((4,)), keras.Input((4,))]).shape
    (None, 4)
    """
    return Minimum(**kwargs)(inputs)
