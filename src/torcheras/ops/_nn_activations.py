"""The activation ops of ``keras.ops.nn``: thin ``@op`` wrappers over ``keras.activations``.

The formulas live once, in ``torcheras.activations``; here they get the ops' signatures
(``gelu`` is approximate by default, as ``keras.ops.nn.gelu`` is) and record graph nodes
on KerasTensors. The ReLU family and ``hard_tanh``/``threshold`` keep integer inputs
integer, as Keras's torch backend does; the others compute in ``floatx``.
"""

from __future__ import annotations

import warnings
from typing import Any

import torch
import torch.nn.functional as F

from torcheras import activations as _act
from torcheras.activations._convert import to_float_tensor
from torcheras.ops._op import convert, op


@op("Relu")
def relu(x: Any) -> torch.Tensor:
    """Rectified linear unit: ``max(x, 0)``.

    Args:
        x: Input tensor.

    Example:

    >>> relu([-1.0, 0.0, 2.0]).tolist()
    [0.0, 0.0, 2.0]
    """
    return torch.relu(convert(x))


@op("Relu6")
def relu6(x: Any) -> torch.Tensor:
    """Rectified linear unit capped at 6: ``min(max(x, 0), 6)``.

    Args:
        x: Input tensor.
    """
    return F.relu6(convert(x))


@op("Sigmoid")
def sigmoid(x: Any) -> torch.Tensor:
    """Sigmoid: ``1 / (1 + exp(-x))``.

    Args:
        x: Input tensor.
    """
    return _act.sigmoid(x)


@op("SparseSigmoid")
def sparse_sigmoid(x: Any) -> torch.Tensor:
    """Sparse sigmoid: 0 below -1, 1 above 1, ``(x + 1) / 2`` between.

    Args:
        x: Input tensor.
    """
    return _act.sparse_sigmoid(x)


@op("Softplus")
def softplus(x: Any) -> torch.Tensor:
    """Softplus: ``log(exp(x) + 1)``.

    Args:
        x: Input tensor.
    """
    return _act.softplus(x)


@op("Softsign")
def softsign(x: Any) -> torch.Tensor:
    """Softsign: ``x / (abs(x) + 1)``.

    Args:
        x: Input tensor.
    """
    return _act.softsign(x)


@op("SoftShrink")
def soft_shrink(x: Any, threshold: float = 0.5) -> torch.Tensor:
    """Soft shrink: ``x - threshold`` above it, ``x + threshold`` below ``-threshold``,
    0 between.

    Args:
        x: Input tensor.
        threshold: Non-negative threshold.
    """
    return _act.soft_shrink(x, threshold)


@op("SparsePlus")
def sparse_plus(x: Any) -> torch.Tensor:
    """Sparse plus: 0 below -1, ``(x + 1)**2 / 4`` in ``(-1, 1)``, ``x`` above.

    Args:
        x: Input tensor.
    """
    return _act.sparse_plus(x)


@op("Silu")
def silu(x: Any) -> torch.Tensor:
    """Sigmoid linear unit (swish): ``x * sigmoid(x)``.

    Args:
        x: Input tensor.
    """
    return _act.silu(x)


swish = silu


@op("Squareplus")
def squareplus(x: Any, b: float = 4) -> torch.Tensor:
    """Squareplus: ``(x + sqrt(x**2 + b)) / 2``.

    Args:
        x: Input tensor.
        b: Non-negative smoothness parameter.
    """
    return _act.squareplus(x, b)


@op("LogSigmoid")
def log_sigmoid(x: Any) -> torch.Tensor:
    """Logarithm of the sigmoid: ``-softplus(-x)``.

    Args:
        x: Input tensor.
    """
    return _act.log_sigmoid(x)


@op("LeakyRelu")
def leaky_relu(x: Any, negative_slope: float = 0.2) -> torch.Tensor:
    """Leaky ReLU: ``x`` if positive, else ``negative_slope * x``.

    Args:
        x: Input tensor.
        negative_slope: Slope below zero.
    """
    return _act.leaky_relu(x, negative_slope)


@op("HardSigmoid")
def hard_sigmoid(x: Any) -> torch.Tensor:
    """Hard sigmoid: ``relu6(x + 3) / 6`` (Keras 3's, also under Keras 2's defaults:
    ``keras.ops`` has no Keras 2 past).

    Args:
        x: Input tensor.
    """
    return F.hardsigmoid(to_float_tensor(x))


@op("HardSilu")
def hard_silu(x: Any) -> torch.Tensor:
    """Hard SiLU (hard swish): ``x * relu6(x + 3) / 6``.

    Args:
        x: Input tensor.
    """
    return _act.hard_silu(x)


hard_swish = hard_silu


@op("Elu")
def elu(x: Any, alpha: float = 1.0) -> torch.Tensor:
    """Exponential linear unit: ``x`` if positive, else ``alpha * (exp(x) - 1)``.

    Args:
        x: Input tensor.
        alpha: Scale of the negative part.
    """
    return _act.elu(x, alpha)


@op("Selu")
def selu(x: Any) -> torch.Tensor:
    """Scaled exponential linear unit (SELU).

    Args:
        x: Input tensor.
    """
    return _act.selu(x)


@op("Gelu")
def gelu(x: Any, approximate: bool = True) -> torch.Tensor:
    """Gaussian error linear unit.

    Args:
        x: Input tensor.
        approximate: Use the tanh approximation (the default for the op, unlike
            `keras.activations.gelu`).

    Example:

    >>> round(gelu([1.0]).item(), 5), round(gelu([1.0], approximate=False).item(), 5)
    (0.84119, 0.84134)
    """
    return _act.gelu(x, approximate)


@op("Celu")
def celu(x: Any, alpha: float = 1.0) -> torch.Tensor:
    """Continuously differentiable ELU: ``max(0, x) + min(0, alpha * (exp(x / alpha) - 1))``.

    Args:
        x: Input tensor.
        alpha: The ``alpha`` value of the formula.
    """
    return _act.celu(x, alpha)


@op("Glu")
def glu(x: Any, axis: int = -1) -> torch.Tensor:
    """Gated linear unit: ``a * sigmoid(b)`` with ``x`` split in halves ``a, b`` on `axis`.

    Args:
        x: Input tensor (even size along `axis`).
        axis: The axis to split.
    """
    return _act.glu(x, axis)


@op("TanhShrink")
def tanh_shrink(x: Any) -> torch.Tensor:
    """Tanh shrink: ``x - tanh(x)``.

    Args:
        x: Input tensor.
    """
    return _act.tanh_shrink(x)


@op("HardTanh")
def hard_tanh(x: Any) -> torch.Tensor:
    """Hard tanh: ``x`` clipped to ``[-1, 1]`` (integers stay integers).

    Args:
        x: Input tensor.
    """
    return F.hardtanh(convert(x), -1.0, 1.0)


@op("HardShrink")
def hard_shrink(x: Any, threshold: float = 0.5) -> torch.Tensor:
    """Hard shrink: ``x`` where ``abs(x) > threshold``, else 0.

    Args:
        x: Input tensor.
        threshold: Non-negative threshold.
    """
    return _act.hard_shrink(x, threshold)


@op("Threshold")
def threshold(x: Any, threshold: float, default_value: float) -> torch.Tensor:
    """``x`` where ``x > threshold``, else `default_value`.

    Args:
        x: Input tensor.
        threshold: The threshold.
        default_value: The value put where ``x <= threshold``.

    Example:

    >>> threshold([1.0, 3.0], 2.0, -1.0).tolist()
    [-1.0, 3.0]
    """
    return F.threshold(convert(x), threshold, default_value)


@op("Softmax")
def softmax(x: Any, axis: int | tuple | None = -1) -> torch.Tensor:
    """Softmax over `axis` (an int, a tuple of axes, or `None` for all of them).

    Args:
        x: Input tensor.
        axis: Axis or axes normalised together.

    Example:

    >>> softmax([[0.0, 0.0], [0.0, 0.0]], axis=None).tolist()
    [[0.25, 0.25], [0.25, 0.25]]
    >>> softmax([[0.0, 0.0], [0.0, 0.0]], axis=-1).tolist()
    [[0.5, 0.5], [0.5, 0.5]]
    """
    x = convert(x)
    if isinstance(axis, int) and -x.dim() <= axis < x.dim() and x.shape[axis] == 1:
        warnings.warn(
            f"You are using a softmax over axis {axis} of a tensor of shape "
            f"{tuple(x.shape)}. This axis has size 1. The softmax operation will always "
            "return the value 1, which is likely not what you intended. Did you mean to use "
            "a sigmoid instead?",
            stacklevel=3,
        )
    if axis is None:
        axis = tuple(range(x.dim()))
    return _act.softmax(x, axis)


@op("LogSoftmax")
def log_softmax(x: Any, axis: int | tuple | None = -1) -> torch.Tensor:
    """Logarithm of the softmax over `axis` (an int, a tuple, or `None` for all axes).

    Args:
        x: Input tensor.
        axis: Axis or axes normalised together.
    """
    x = convert(x)
    if axis is None:
        axis = tuple(range(x.dim()))
    return _act.log_softmax(x, axis)


@op("Sparsemax")
def sparsemax(x: Any, axis: int = -1) -> torch.Tensor:
    """Sparsemax: the Euclidean projection of `x` onto the probability simplex.

    Args:
        x: Input tensor.
        axis: The axis normalised.
    """
    return _act.sparsemax(x, axis)
