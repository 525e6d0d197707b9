"""``Dot`` and ``dot``: per-sample dot products between two tensors."""

from __future__ import annotations

import math

import torch

from torcheras.backend import _config
from torcheras.layers.merging._base_merge import Merge, fmt_shape, is_shape_list


def _check_axes(axes):
    if isinstance(axes, bool) or not isinstance(axes, (int, list, tuple)):
        raise TypeError(
            "Invalid type for argument `axes`: it should be a list or an int. "
            f"Received: axes={axes}"
        )
    if isinstance(axes, (list, tuple)):
        if len(axes) != 2:
            raise ValueError(
                "Invalid format for argument `axes`: it should contain two elements. "
                f"Received: axes={axes}"
            )
        if not all(isinstance(a, int) and not isinstance(a, bool) for a in axes):
            raise ValueError(
                "Invalid format for argument `axes`: list elements should be integers. "
                f"Received: axes={axes}"
            )
    return axes


def resolve_axes(axes, rank1: int, rank2: int) -> list[int]:
    """Non-negative ``[axis_of_x, axis_of_y]``."""
    if isinstance(axes, int):
        return [axes % rank1, axes % rank2] if axes < 0 else [axes, axes]
    return [axes[0] % rank1 if axes[0] < 0 else axes[0],
            axes[1] % rank2 if axes[1] < 0 else axes[1]]


def l2_normalize(x, axis: int):
    """``x / ||x||`` along ``axis``, as Keras computes it (``x * min(rsqrt(sum x^2), 1/eps)``)."""
    inv = torch.rsqrt(x.square().sum(dim=axis, keepdim=True))
    return x * torch.clamp(inv, max=1.0 / _config.epsilon())


def batch_dot(x, y, axes: list[int]):
    """Dot product of each sample of ``x`` with the same sample of ``y``.

    The result has ``x``'s axes (less ``axes[0]``) followed by ``y``'s (less the batch axis
    and ``axes[1]``), and at least rank 2.
    """
    xm = torch.movedim(x, axes[0], -1)  # (batch, *X, d)
    ym = torch.movedim(y, axes[1], 1)  # (batch, d, *Y)
    batch, d = xm.shape[0], xm.shape[-1]
    x_rest, y_rest = tuple(xm.shape[1:-1]), tuple(ym.shape[2:])
    out = torch.bmm(xm.reshape(batch, math.prod(x_rest), d),
                    ym.reshape(batch, d, math.prod(y_rest)))
    shape = (batch,) + x_rest + y_rest
    return out.reshape(shape if len(shape) > 1 else (batch, 1))


class Dot(Merge):
    """Dot product of two inputs along the given axes, sample by sample.

    Args:
        axes: An int, or a pair ``(axis_of_first, axis_of_second)``; the batch axis 0
            cannot be one of them, and the two axes must have the same size.
        normalize: Whether to L2-normalize both inputs along their dot axis first, which
            makes the output the cosine similarity.
        **kwargs: Standard layer keyword arguments.

    Example:

    >>> import numpy as np
    >>> x = np.arange(10, dtype="float32").reshape(1, 5, 2)
    >>> y = np.arange(10, 20, dtype="float32").reshape(1, 2, 5)
    >>> Dot(axes=(1, 2))([x, y]).tolist()
    [[[260.0, 360.0], [320.0, 445.0]]]
    """

    def __init__(self, axes, normalize: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.axes = _check_axes(axes)
        self.normalize = bool(normalize)

    def _resolved(self, shape1, shape2) -> list[int]:
        axes = resolve_axes(self.axes, len(shape1), len(shape2))
        for a, shape in zip(axes, (shape1, shape2)):
            if not 0 <= a < len(shape):
                raise ValueError(
                    f'Layer "{self.name}" (Dot): axes={self.axes} is out of range for input '
                    f"shapes {fmt_shape(shape1)} and {fmt_shape(shape2)}."
                )
        if 0 in axes:
            raise ValueError(
                f'Cannot perform batch_dot over axis 0 (layer "{self.name}", '
                f"axes={self.axes}). If your inputs are not batched, add a dummy batch "
                "dimension to your inputs using keras.ops.expand_dims(x, 0)"
            )
        return axes

    def _check_shapes(self, input_shape) -> tuple:
        if not is_shape_list(input_shape) or len(input_shape) != 2:
            raise ValueError(
                "A `Dot` layer should be called on a list of 2 inputs. "
                f'Layer "{self.name}" received: input_shape={input_shape}'
            )
        shape1, shape2 = (tuple(s) for s in input_shape)
        if len(shape1) < 2 or len(shape2) < 2:
            raise ValueError(
                f'Cannot do batch_dot on inputs with rank < 2 (layer "{self.name}"). '
                f"Received inputs with shapes {fmt_shape(shape1)} and {fmt_shape(shape2)}."
            )
        axes = self._resolved(shape1, shape2)
        d1, d2 = shape1[axes[0]], shape2[axes[1]]
        if d1 is not None and d2 is not None and d1 != d2:
            raise ValueError(
                f'Incompatible input shapes for layer "{self.name}" (Dot): expected input 1 '
                f"to have size {d1} at axis {axes[1]}, like input 0 at axis {axes[0]}; "
                f"axis values {d1} (at axis {axes[0]}) != {d2} (at axis {axes[1]}). "
                f"Full input shapes: {fmt_shape(shape1)}, {fmt_shape(shape2)}"
            )
        b1, b2 = shape1[0], shape2[0]
        if b1 is not None and b2 is not None and b1 != b2:
            raise ValueError(
                f'Cannot do batch_dot on inputs with different batch sizes (layer "{self.name}"'
                f"). Received inputs with shapes {fmt_shape(shape1)} and {fmt_shape(shape2)}."
            )
        return shape1, shape2, axes

    def build(self, input_shape) -> None:
        self._check_shapes(input_shape)
        self.built = True

    def call(self, inputs):
        if not isinstance(inputs, (list, tuple)) or len(inputs) != 2:
            raise ValueError(
                f'A `Dot` layer should be called on exactly 2 inputs. Layer "{self.name}" '
                f"received: inputs={inputs!r}"
            )
        x1, x2 = inputs
        axes = resolve_axes(self.axes, x1.dim(), x2.dim())
        if self.normalize:
            x1 = l2_normalize(x1, axes[0])
            x2 = l2_normalize(x2, axes[1])
        return batch_dot(x1, x2, axes)

    def compute_output_shape(self, input_shape):
        shape1, shape2, axes = self._check_shapes(input_shape)
        out = [d for i, d in enumerate(shape1) if i != axes[0]] + [
            d for i, d in enumerate(shape2) if i not in (0, axes[1])]
        if len(out) == 1:
            out.append(1)
        return tuple(out)

    def compute_mask(self, inputs, mask=None):
        return None

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"axes": self.axes, "normalize": self.normalize})
        return config


def dot(inputs, axes=-1, **kwargs):
    """Functional interface to :class:`Dot`.

    Args:
        inputs: A list of two tensors.
        axes: Axis or pair of axes of the dot product (default ``-1``).
        normalize: Whether to L2-normalize first (cosine similarity).
        **kwargs: Standard layer keyword arguments.

    Example:

    >>> import torcheras as keras
    >>> dot([keras.Input((4,)), keras.Input((4,))], axes=1).shape
    (None, 1)
    """
    return Dot(axes=axes, **kwargs)(inputs)
