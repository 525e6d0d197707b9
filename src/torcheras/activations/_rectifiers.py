"""Piecewise-linear and exponential-linear activations: the ReLU family, ELU, SELU, CELU."""

from __future__ import annotations

import numbers
from typing import Any

import torch
import torch.nn.functional as F

from torcheras.activations._convert import TensorLike, to_float_tensor, to_tensor


def relu(x: TensorLike, negative_slope: float = 0.0, max_value: float | None = None,
         threshold: float = 0.0) -> torch.Tensor:
    """Applies the rectified linear unit activation function.

    With default values, this returns the standard ReLU activation:
    `max(x, 0)`, the element-wise maximum of 0 and the input tensor.

    Modifying default parameters allows you to use non-zero thresholds,
    change the max value of the activation,
    and to use a non-zero multiple of the input for values below the threshold.

    Args:
        x: Input tensor.
        negative_slope: A `float` that controls the slope
            for values lower than the threshold.
        max_value: A `float` that sets the saturation threshold (the largest
            value the function will return).
        threshold: A `float` giving the threshold value of the activation
            function below which values will be damped or set to zero.

    Returns:
        A tensor with the same shape and dtype as input `x`.

    Example:

    >>> import torcheras
    >>> x = [-10, -5, 0.0, 5, 10]
    >>> torcheras.activations.relu(x).tolist()
    [0.0, 0.0, 0.0, 5.0, 10.0]
    >>> torcheras.activations.relu(x, negative_slope=0.5).tolist()
    [-5.0, -2.5, 0.0, 5.0, 10.0]
    >>> torcheras.activations.relu(x, max_value=5.0).tolist()
    [0.0, 0.0, 0.0, 5.0, 5.0]
    >>> torcheras.activations.relu(x, threshold=5.0).tolist()
    [0.0, 0.0, 0.0, 0.0, 10.0]
    """
    if negative_slope == 0.0 and max_value is None and threshold == 0.0:
        return torch.relu(to_tensor(x))
    # Integer inputs stay integer unless a slope makes fractions (as in Keras).
    x = to_tensor(x) if negative_slope == 0.0 else to_float_tensor(x)
    return _general_relu(x, negative_slope, max_value, threshold)


def _check_number(value: Any, name: str, allow_none: bool = False) -> None:
    if value is None and allow_none:
        return
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(
            f"Argument `{name}` must be a number. Received: {name}={value!r}"
        )


def _general_relu(x: torch.Tensor, negative_slope: float, max_value: float | None,
                  threshold: float) -> torch.Tensor:
    _check_number(negative_slope, "negative_slope")
    _check_number(max_value, "max_value", allow_none=True)
    _check_number(threshold, "threshold")
    # Same order of operations as Keras, so that the thresholded / clipped / leaky
    # combinations give Keras's numbers (including its -0.0 below the threshold).
    negative_part = None
    if negative_slope != 0.0:
        if max_value is None and threshold == 0:
            return F.leaky_relu(x, negative_slope)
        negative_part = F.relu(threshold - x) if threshold != 0 else F.relu(-x)
    clip_max = max_value is not None
    if threshold != 0:
        x = torch.where(x > threshold, x, torch.zeros((), dtype=x.dtype, device=x.device))
    elif max_value == 6:
        x = F.relu6(x)
        clip_max = False
    else:
        x = F.relu(x)
    if clip_max:
        x = torch.clamp(x, 0.0, float(max_value))
    if negative_part is not None:
        x = x - negative_slope * negative_part
    return x


def leaky_relu(x: TensorLike, negative_slope: float = 0.2) -> torch.Tensor:
    """Leaky relu activation function.

    Args:
        x: Input tensor.
        negative_slope: A `float` that controls the slope
            for values lower than the threshold.

    Example:

    >>> import torcheras
    >>> torcheras.activations.leaky_relu([-1.0, 2.0]).tolist()
    [-0.20000000298023224, 2.0]
    """
    return F.leaky_relu(to_float_tensor(x), negative_slope)


def relu6(x: TensorLike) -> torch.Tensor:
    """Relu6 activation function.

    It's the ReLU function, but truncated to a maximum value of 6.

    Args:
        x: Input tensor.

    Example:

    >>> import torcheras
    >>> torcheras.activations.relu6([-1.0, 3.0, 8.0]).tolist()
    [0.0, 3.0, 6.0]
    """
    return F.relu6(to_tensor(x))


def elu(x: TensorLike, alpha: float = 1.0) -> torch.Tensor:
    """Exponential Linear Unit.

    The exponential linear unit (ELU) with `alpha > 0` is defined as:

    - `x` if `x > 0`
    - `alpha * (exp(x) - 1)` if `x < 0`

    Args:
        x: Input tensor.
        alpha: A scalar, slope of the negative section. Defaults to `1.0`.

    Reference:

    - [Clevert et al., 2016](https://arxiv.org/abs/1511.07289)

    Example:

    >>> import torcheras
    >>> torcheras.activations.elu([0.0, 2.0]).tolist()
    [0.0, 2.0]
    """
    return F.elu(to_float_tensor(x), alpha)


def selu(x: TensorLike) -> torch.Tensor:
    """Scaled Exponential Linear Unit (SELU).

    - `scale * x` if `x > 0`
    - `scale * alpha * (exp(x) - 1)` if `x < 0`

    where `alpha=1.67326324` and `scale=1.05070098`. Use it with the
    `LecunNormal` initializer and `AlphaDropout`.

    Args:
        x: Input tensor.

    Reference:

    - [Klambauer et al., 2017](https://arxiv.org/abs/1706.02515)

    Example:

    >>> import torcheras
    >>> round(torcheras.activations.selu([1.0]).item(), 6)
    1.050701
    """
    return F.selu(to_float_tensor(x))


def celu(x: TensorLike, alpha: float = 1.0) -> torch.Tensor:
    """Continuously Differentiable Exponential Linear Unit.

    `celu(x) = alpha * (exp(x / alpha) - 1)` for `x < 0`, `celu(x) = x` for `x >= 0`.

    Args:
        x: Input tensor.
        alpha: The α value for the CeLU formulation. Defaults to `1.0`.

    Reference:

    - [Barron, J. T., 2017](https://arxiv.org/abs/1704.07483)

    Example:

    >>> import torcheras
    >>> torcheras.activations.celu([0.0, 3.0]).tolist()
    [0.0, 3.0]
    """
    if alpha == 0:
        raise ValueError(f"Argument `alpha` must not be 0. Received: alpha={alpha!r}")
    return F.celu(to_float_tensor(x), alpha)


def threshold(x: TensorLike, threshold: float, default_value: float) -> torch.Tensor:
    """Threshold activation function.

    `threshold(x) = x` if `x > threshold`, `default_value` otherwise.

    Args:
        x: Input tensor.
        threshold: The value that decides when to retain or replace x.
        default_value: Value to assign when `x <= threshold`.

    Example:

    >>> import torcheras
    >>> torcheras.activations.threshold([-1.0, 0.5, 2.0], 1.0, 0.0).tolist()
    [0.0, 0.0, 2.0]
    """
    _check_number(threshold, "threshold")
    _check_number(default_value, "default_value")
    return F.threshold(to_tensor(x), threshold, default_value)


def linear(x: Any) -> Any:
    """Linear activation function (pass-through).

    A "linear" activation is an identity function: it returns the input, unmodified.

    Args:
        x: Input tensor.

    Example:

    >>> import torcheras
    >>> torcheras.activations.linear(3.0)
    3.0
    """
    return x


def exponential(x: TensorLike) -> torch.Tensor:
    """Exponential activation function: `exp(x)`.

    Args:
        x: Input tensor.

    Example:

    >>> import torcheras
    >>> torcheras.activations.exponential([0.0]).tolist()
    [1.0]
    """
    return torch.exp(to_float_tensor(x))
