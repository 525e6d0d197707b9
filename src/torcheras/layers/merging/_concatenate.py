"""``Concatenate`` and ``concatenate``: join a list of tensors along one axis."""

from __future__ import annotations

import numpy as np
import torch

from torcheras.layers.merging._base_merge import (
    Merge,
    check_mask_list,
    fmt_shape,
    fmt_shapes,
    is_shape_list,
)

# NumPy's "axis out of range" error (a ValueError and an IndexError); np.exceptions is
# NumPy >= 1.25, older releases have it at the top level.
_AxisError = getattr(np, "exceptions", np).AxisError


class Concatenate(Merge):
    """Concatenates a list of inputs along ``axis``.

    All inputs must have the same shape except along the concatenation axis.

    Args:
        axis: Axis along which to concatenate (default ``-1``).
        **kwargs: Standard layer keyword arguments.

    Example:

    >>> import numpy as np
    >>> x = np.arange(4, dtype="float32").reshape(2, 2)
    >>> Concatenate(axis=1)([x, x]).shape
    torch.Size([2, 4])
    """

    def __init__(self, axis: int = -1, **kwargs):
        super().__init__(**kwargs)
        if isinstance(axis, bool) or not hasattr(axis, "__index__"):
            raise TypeError(
                f"Argument `axis` of Concatenate must be an integer. Received: axis={axis!r}"
            )
        self.axis = int(axis)

    def _check_shapes(self, input_shape) -> None:
        if not is_shape_list(input_shape):
            raise ValueError(
                "A `Concatenate` layer should be called on a list of at least 1 input. "
                f'Layer "{self.name}" received: input_shape={input_shape}'
            )
        shapes = [tuple(s) for s in input_shape if s is not None]
        if not shapes:
            return
        ranks = {len(s) for s in shapes}
        first = shapes[0]
        rank = len(first)
        if len(ranks) == 1 and not -rank <= self.axis < rank:
            # Keras fails here with a bare IndexError; this is both an IndexError and a
            # ValueError, so code catching either keeps working.
            raise _AxisError(
                f'Argument `axis` of Concatenate layer "{self.name}" is out of range for '
                f"inputs of rank {rank}: axis={self.axis!r}, allowed values are "
                f"{-rank} to {rank - 1}. Received: input_shape={fmt_shapes(input_shape)}"
            )
        for i, shape in enumerate(shapes):
            ok = len(ranks) == 1 and -len(shape) <= self.axis < len(shape)
            if ok:
                axis = self.axis % len(shape)
                ok = all(a is None or b is None or a == b
                         for k, (a, b) in enumerate(zip(first, shape)) if k != axis)
            if not ok:
                expected = list(fmt_shape(first)[1:-1].split(", "))
                if -len(first) <= self.axis < len(first):
                    expected[self.axis % len(first)] = "*"
                raise ValueError(
                    "A `Concatenate` layer requires inputs with matching shapes except for "
                    f'the concatenation axis. Layer "{self.name}" (axis={self.axis}) expected '
                    f"shapes like ({', '.join(expected)}) where * is any size, but input "
                    f"{i} has shape {fmt_shape(shape)}. Received: input_shape="
                    f"{fmt_shapes(input_shape)}"
                )

    def build(self, input_shape) -> None:
        self._check_shapes(input_shape)
        self.built = True

    def call(self, inputs):
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(
                "A `Concatenate` layer should be called on a list of inputs. "
                f'Layer "{self.name}" received: inputs={inputs!r}'
            )
        return torch.cat(inputs, dim=self.axis)

    def compute_output_shape(self, input_shape):
        self._check_shapes(input_shape)
        out = list(input_shape[0])
        for shape in input_shape[1:]:
            if out[self.axis] is None or shape[self.axis] is None:
                out[self.axis] = None
                break
            out[self.axis] += shape[self.axis]
        return tuple(out)

    def compute_mask(self, inputs, mask=None):
        if mask is None:
            return None
        check_mask_list(inputs, mask)
        if all(m is None for m in mask):
            return None
        masks = []
        for x, m in zip(inputs, mask):
            if m is None:
                masks.append(torch.ones(x.shape, dtype=torch.bool, device=x.device))
            elif m.dim() < x.dim():
                masks.append(m.unsqueeze(-1).expand(x.shape))
            else:
                masks.append(m)
        return torch.cat(masks, dim=self.axis).any(dim=-1)

    def get_config(self) -> dict:
        config = super().get_config()
        config["axis"] = self.axis
        return config


def concatenate(inputs, axis: int = -1, **kwargs):
    """Functional interface to :class:`Concatenate`.

    Args:
        inputs: A list of tensors.
        axis: Concatenation axis.
        **kwargs: Standard layer keyword arguments.

    Example:

    >>> import torcheras as keras
    >>> concatenate([keras.Input((3,)), keras.Input((5,))]).shape
    (None, 8)
    """
    return Concatenate(axis=axis, **kwargs)(inputs)
