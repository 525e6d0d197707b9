"""Smooth rectifiers: GELU, SiLU / swish, hard SiLU, mish, softplus and relatives."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from torcheras.activations._convert import TensorLike, to_float_tensor


def gelu(x: TensorLike, approximate: bool = False) -> torch.Tensor:
    """Gaussian error linear unit (GELU) activation function.

    `gelu(x) = x * P(X <= x)` where `P(X) ~ N(0, 1)`,
    i.e. `gelu(x) = 0.5 * x * (1 + erf(x / sqrt(2)))`.
    With `approximate=True` the tanh approximation
    `0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3)))` is used.

    Args:
        x: Input tensor.
        approximate: A `bool`, whether to enable approximation.

    Reference:

    - [Hendrycks et al., 2016](https://arxiv.org/abs/1606.08415)

    Example:

    >>> import torcheras
    >>> round(torcheras.activations.gelu([1.0]).item(), 5)
    0.84134
    """
    if not isinstance(approximate, bool):
        raise ValueError(
            f"Argument `approximate` must be a bool. Received: approximate={approximate!r}"
        )
    return F.gelu(to_float_tensor(x), approximate="tanh" if approximate else "none")


def silu(x: TensorLike) -> torch.Tensor:
    """Swish (or Silu) activation function: `swish(x) = x * sigmoid(x)`.

    Args:
        x: Input tensor.

    Reference:

    - [Ramachandran et al., 2017](https://arxiv.org/abs/1710.05941)

    Example:

    >>> import torcheras
    >>> torcheras.activations.silu([0.0]).tolist()
    [0.0]
    """
    return F.silu(to_float_tensor(x))


def hard_silu(x: TensorLike) -> torch.Tensor:
    """Hard SiLU activation function, also known as Hard Swish.

    - `0` if `x < -3`
    - `x` if `x > 3`
    - `x * (x + 3) / 6` if `-3 <= x <= 3`

    Args:
        x: Input tensor.

    Reference:

    - [A Howard, 2019](https://arxiv.org/abs/1905.02244)

    Example:

    >>> import torcheras
    >>> torcheras.activations.hard_silu([-4.0, 0.0, 4.0]).tolist()
    [-0.0, 0.0, 4.0]
    """
    return F.hardswish(to_float_tensor(x))


def mish(x: TensorLike) -> torch.Tensor:
    """Mish activation function: `mish(x) = x * tanh(softplus(x))`.

    Args:
        x: Input tensor.

    Reference:

    - [Misra, 2019](https://arxiv.org/abs/1908.08681)

    Example:

    >>> import torcheras
    >>> torcheras.activations.mish([0.0]).tolist()
    [0.0]
    """
    return F.mish(to_float_tensor(x))


def softplus(x: TensorLike) -> torch.Tensor:
    """Softplus activation function: `softplus(x) = log(exp(x) + 1)`.

    Args:
        x: Input tensor.

    Example:

    >>> import torcheras
    >>> round(torcheras.activations.softplus([0.0]).item(), 6)
    0.693147
    """
    return F.softplus(to_float_tensor(x))


def softsign(x: TensorLike) -> torch.Tensor:
    """Softsign activation function: `softsign(x) = x / (abs(x) + 1)`.

    Args:
        x: Input tensor.

    Example:

    >>> import torcheras
    >>> torcheras.activations.softsign([1.0, -3.0]).tolist()
    [0.5, -0.75]
    """
    return F.softsign(to_float_tensor(x))


def squareplus(x: TensorLike, b: float = 4) -> torch.Tensor:
    """Squareplus activation function: `f(x) = (x + sqrt(x^2 + b)) / 2`.

    Args:
        x: Input tensor.
        b: Smoothness parameter. Defaults to 4.

    Reference:

    - [Ramachandran et al., 2021](https://arxiv.org/abs/2112.11687)

    Example:

    >>> import torcheras
    >>> torcheras.activations.squareplus([0.0]).tolist()
    [1.0]
    """
    if b < 0:
        raise ValueError(f"Argument `b` must be non-negative. Received: b={b!r}")
    x = to_float_tensor(x)
    return (x + torch.sqrt(x * x + b)) / 2


def sparse_plus(x: TensorLike) -> torch.Tensor:
    """SparsePlus activation function.

    - `0` for `x <= -1`
    - `(1/4) * (x + 1)^2` for `-1 < x < 1`
    - `x` for `x >= 1`

    Args:
        x: Input tensor.

    Example:

    >>> import torcheras
    >>> torcheras.activations.sparse_plus([-2.0, 0.0, 2.0]).tolist()
    [0.0, 0.25, 2.0]
    """
    x = to_float_tensor(x)
    inner = torch.where(x < 1, 0.25 * (x + 1) ** 2, x)
    return torch.where(x <= -1, torch.zeros((), dtype=x.dtype, device=x.device), inner)
