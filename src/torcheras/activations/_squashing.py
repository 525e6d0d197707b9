"""Bounded activations: sigmoid and tanh with their hard, sparse, log and shrink variants."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from torcheras.activations._convert import TensorLike, to_float_tensor
from torcheras.legacy._mode import legacy_version


def sigmoid(x: TensorLike) -> torch.Tensor:
    """Sigmoid activation function: `sigmoid(x) = 1 / (1 + exp(-x))`.

    The input is kept on the output as `output._keras_logits`, so that the
    crossentropy losses can work from the logits, which is more precise.

    Args:
        x: Input tensor.

    Example:

    >>> import torcheras
    >>> torcheras.activations.sigmoid([0.0]).tolist()
    [0.5]
    """
    x = to_float_tensor(x)
    output = torch.sigmoid(x)
    output._keras_logits = x
    if torch.compiler.is_compiling():
        # Traced code cannot read `grad_fn`, by which the losses check that the logits
        # belong to this output: declare it instead.
        output._keras_logits_kind = "sigmoid"
    return output


def hard_sigmoid(x: TensorLike) -> torch.Tensor:
    """Hard sigmoid activation function.

    - `0` if `x <= -3`
    - `1` if `x >= 3`
    - `(x/6) + 0.5` if `-3 < x < 3`

    Under Keras 2's defaults (``keras.config.set_legacy_defaults(2)``) it is Keras 2's
    steeper ``clip(0.2 * x + 0.5, 0, 1)``, which an old model's LSTM gates were trained with.

    Args:
        x: Input tensor.

    Example:

    >>> import torcheras
    >>> torcheras.activations.hard_sigmoid([-4.0, 0.0, 1.5, 4.0]).tolist()
    [0.0, 0.5, 0.75, 1.0]
    """
    x = to_float_tensor(x)
    if legacy_version() == 2:
        return torch.clamp(0.2 * x + 0.5, 0.0, 1.0)
    return F.hardsigmoid(x)


def sparse_sigmoid(x: TensorLike) -> torch.Tensor:
    """Sparse sigmoid activation function.

    - `0` for `x <= -1`
    - `0.5 * (x + 1)` for `-1 < x < 1`
    - `1` for `x >= 1`

    Args:
        x: Input tensor.

    Reference:

    - [M. Blondel, A. F. T. Martins, V. Niculae, 2019](https://arxiv.org/pdf/1901.02324)

    Example:

    >>> import torcheras
    >>> torcheras.activations.sparse_sigmoid([-2.0, 0.0, 2.0]).tolist()
    [0.0, 0.5, 1.0]
    """
    x = to_float_tensor(x)
    return torch.clamp(0.5 * (x + 1), 0.0, 1.0)


def log_sigmoid(x: TensorLike) -> torch.Tensor:
    """Logarithm of the sigmoid activation function: `log(1 / (1 + exp(-x)))`.

    Args:
        x: Input tensor.

    Example:

    >>> import torcheras
    >>> round(torcheras.activations.log_sigmoid([0.0]).item(), 6)
    -0.693147
    """
    return F.logsigmoid(to_float_tensor(x))


def tanh(x: TensorLike) -> torch.Tensor:
    """Hyperbolic tangent activation function.

    Args:
        x: Input tensor.

    Example:

    >>> import torcheras
    >>> torcheras.activations.tanh([0.0]).tolist()
    [0.0]
    """
    return torch.tanh(to_float_tensor(x))


def hard_tanh(x: TensorLike) -> torch.Tensor:
    """HardTanh activation function: `x` clipped to `[-1, 1]`.

    Args:
        x: Input tensor.

    Example:

    >>> import torcheras
    >>> torcheras.activations.hard_tanh([-2.0, 0.5, 2.0]).tolist()
    [-1.0, 0.5, 1.0]
    """
    return F.hardtanh(to_float_tensor(x), -1.0, 1.0)


def tanh_shrink(x: TensorLike) -> torch.Tensor:
    """Tanh shrink activation function: `f(x) = x - tanh(x)`.

    Args:
        x: Input tensor.

    Example:

    >>> import torcheras
    >>> torcheras.activations.tanh_shrink([0.0]).tolist()
    [0.0]
    """
    return F.tanhshrink(to_float_tensor(x))


def _check_threshold(threshold: float) -> None:
    if not isinstance(threshold, (int, float)) or isinstance(threshold, bool) or threshold < 0:
        raise ValueError(
            "Argument `threshold` must be a non-negative number. "
            f"Received: threshold={threshold!r}"
        )


def soft_shrink(x: TensorLike, threshold: float = 0.5) -> torch.Tensor:
    """Soft Shrink activation function.

    - `x - threshold` if `x > threshold`
    - `x + threshold` if `x < -threshold`
    - `0` otherwise

    Args:
        x: Input tensor.
        threshold: Threshold value. Defaults to 0.5.

    Example:

    >>> import torcheras
    >>> torcheras.activations.soft_shrink([-2.0, 0.25, 2.0]).tolist()
    [-1.5, 0.0, 1.5]
    """
    _check_threshold(threshold)
    return F.softshrink(to_float_tensor(x), threshold)


def hard_shrink(x: TensorLike, threshold: float = 0.5) -> torch.Tensor:
    """Hard Shrink activation function: `x` if `|x| > threshold`, `0` otherwise.

    Args:
        x: Input tensor.
        threshold: Threshold value. Defaults to 0.5.

    Example:

    >>> import torcheras
    >>> torcheras.activations.hard_shrink([-2.0, 0.25, 2.0]).tolist()
    [-2.0, 0.0, 2.0]
    """
    _check_threshold(threshold)
    return F.hardshrink(to_float_tensor(x), threshold)
