"""Activations that normalise along an axis: softmax, log-softmax, sparsemax, GLU."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence

import torch
import torch.nn.functional as F

from torcheras.activations._convert import TensorLike, to_float_tensor


def _normalize_axes(axis: Sequence[int], ndim: int) -> list[int]:
    axes = []
    for a in axis:
        if not isinstance(a, int) or not -ndim <= a < ndim:
            raise ValueError(
                f"Argument `axis` must hold valid axes of the input of rank {ndim}. "
                f"Received: axis={tuple(axis)!r}"
            )
        axes.append(a % ndim)
    return axes


def _over_axes(fn: Callable[..., torch.Tensor], x: torch.Tensor, axis) -> torch.Tensor:
    """Apply ``fn(..., dim=-1)`` jointly over several axes (or all axes for ``None``)."""
    if axis is None:
        return fn(x.reshape(-1), dim=-1).reshape(x.shape)
    axes = _normalize_axes(axis, x.ndim)
    keep = [d for d in range(x.ndim) if d not in axes]
    moved = x.permute(*keep, *axes)
    flat = moved.reshape(*[x.shape[d] for d in keep], -1)
    out = fn(flat, dim=-1).reshape(moved.shape)
    order = keep + axes
    inverse = sorted(range(len(order)), key=order.__getitem__)
    return out.permute(*inverse)


def softmax(x: TensorLike, axis: int | Sequence[int] | None = -1) -> torch.Tensor:
    """Softmax converts a vector of values to a probability distribution.

    The elements of the output vector are in range `[0, 1]` and sum to 1. The softmax
    of each vector x is computed as `exp(x) / sum(exp(x))`.

    The input is kept on the output as `output._keras_logits`, so that the
    crossentropy losses can work from the logits, which is more precise.

    Args:
        x: Input tensor.
        axis: Integer, axis along which the softmax is applied. A tuple of axes
            normalises over all of them jointly; `None` over the whole tensor.

    Example:

    >>> import torcheras
    >>> [round(v, 6) for v in torcheras.activations.softmax([-1.0, 0.0, 1.0]).tolist()]
    [0.090031, 0.244728, 0.665241]
    """
    x = to_float_tensor(x)
    if isinstance(axis, int):
        if -x.ndim <= axis < x.ndim and x.shape[axis] == 1:
            warnings.warn(
                f"You are using a softmax over axis {axis} of a tensor of shape "
                f"{tuple(x.shape)}. This axis has size 1. The softmax operation will "
                "always return the value 1, which is likely not what you intended. "
                "Did you mean to use a sigmoid instead?",
                stacklevel=2,
            )
        output = torch.softmax(x, axis)
        if torch.compiler.is_compiling():
            # Traced code cannot read `grad_fn`, by which the losses check that the
            # logits belong to this output: declare it instead.
            output._keras_logits_kind, output._keras_logits_axis = "softmax", axis
    else:
        output = _over_axes(torch.softmax, x, axis)
    output._keras_logits = x
    return output


def log_softmax(x: TensorLike, axis: int | Sequence[int] | None = -1) -> torch.Tensor:
    """Log-Softmax activation function: `x - log(sum(exp(x)))` along `axis`.

    Args:
        x: Input tensor.
        axis: Integer, axis along which the softmax is applied.

    Example:

    >>> import torcheras
    >>> [round(v, 6) for v in torcheras.activations.log_softmax([-1.0, 0.0, 1.0]).tolist()]
    [-2.407606, -1.407606, -0.407606]
    """
    x = to_float_tensor(x)
    if isinstance(axis, int):
        return torch.log_softmax(x, axis)
    return _over_axes(torch.log_softmax, x, axis)


def sparsemax(x: TensorLike, axis: int = -1) -> torch.Tensor:
    """Sparsemax activation function.

    `sparsemax(x)[i, j] = max(x[i, j] - τ(x[i, :]), 0)`, the Euclidean projection of
    `x` onto the probability simplex: outputs are non-negative, sum to 1 along `axis`,
    and often contain exact zeros.

    Keras 3.15 computes `τ` from the sum of all cumulative sums in the support
    (keras-team/keras#23425, fixed upstream in #23469); this follows the paper and the
    upstream fix, so it agrees with Keras 3.15 only when the support has one element.

    Args:
        x: Input tensor.
        axis: `int`, axis along which the sparsemax operation is applied.

    Returns:
        A tensor with the same shape and dtype as `x`.

    Reference:

    - [Martins et.al., 2016](https://arxiv.org/abs/1602.02068)

    Example:

    >>> import torcheras
    >>> torcheras.activations.sparsemax([0.0, 0.5, 1.0]).tolist()
    [0.0, 0.25, 0.75]
    """
    x = to_float_tensor(x)
    if not isinstance(axis, int) or not -x.ndim <= axis < x.ndim:
        raise ValueError(
            f"Argument `axis` must be an axis of the input of rank {x.ndim}. "
            f"Received: axis={axis!r}"
        )
    z_sorted, _ = torch.sort(x, dim=axis, descending=True)
    cumsum = torch.cumsum(z_sorted, dim=axis)
    shape = [1] * x.ndim
    shape[axis] = -1
    r = torch.arange(1, x.shape[axis] + 1, device=x.device, dtype=x.dtype).view(shape)
    support = z_sorted - (cumsum - 1) / r > 0
    k = support.sum(dim=axis, keepdim=True)
    # Sum of the sorted logits over the support == the cumulative sum at index k.
    tau = (torch.where(support, z_sorted, 0.0).sum(dim=axis, keepdim=True) - 1) / k
    return torch.clamp(x - tau, min=0.0)


def glu(x: TensorLike, axis: int = -1) -> torch.Tensor:
    """Gated Linear Unit (GLU) activation function.

    `glu(x) = a * sigmoid(b)`, where `x` is split into two equal parts `a` and `b`
    along the given axis.

    Args:
        x: Input tensor.
        axis: The axis along which to split the input tensor. Defaults to `-1`.

    Reference:

    - [Dauphin et al., 2017](https://arxiv.org/abs/1612.08083)

    Example:

    >>> import torcheras
    >>> torcheras.activations.glu([2.0, 0.0]).tolist()
    [1.0]
    """
    x = to_float_tensor(x)
    if not isinstance(axis, int) or not -x.ndim <= axis < x.ndim:
        raise ValueError(
            f"Argument `axis` must be an axis of the input of rank {x.ndim}. "
            f"Received: axis={axis!r}"
        )
    if x.shape[axis] % 2 != 0:
        raise ValueError(
            "axis size must be divisible by 2. "
            f"Received: x.shape={tuple(x.shape)} with axis={axis}"
        )
    return F.glu(x, dim=axis)
