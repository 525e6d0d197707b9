"""The L1, L2 and L1 + L2 weight penalties."""

from __future__ import annotations

from typing import Any

import torch

from torcheras.regularizers._base import Regularizer, as_float_tensor, validate_float_arg


class L1L2(Regularizer):
    """A regularizer that applies both L1 and L2 regularization penalties.

    The L1 regularization penalty is computed as:
    `loss = l1 * reduce_sum(abs(x))`

    The L2 regularization penalty is computed as
    `loss = l2 * reduce_sum(square(x))`

    The string `"l1_l2"` gives `l1=0.01, l2=0.01` (as in Keras 2); `"l1l2"` gives
    the class defaults.

    Args:
        l1: float, L1 regularization factor.
        l2: float, L2 regularization factor.

    Example:

    >>> import torch, torcheras
    >>> torcheras.regularizers.L1L2(l1=0.1, l2=0.01)(torch.ones(2, 5)).item()
    1.100000023841858
    """

    def __init__(self, l1: float = 0.0, l2: float = 0.0) -> None:
        # Defaults differ from "l1_l2" so that L1L2(l2=0.1) has no L1 term.
        self.l1 = validate_float_arg(0.0 if l1 is None else l1, name="l1")
        self.l2 = validate_float_arg(0.0 if l2 is None else l2, name="l2")

    def __call__(self, x: Any) -> torch.Tensor:
        x = as_float_tensor(x)
        if self.l1 == 0.0 and self.l2 == 0.0:
            return torch.zeros((), dtype=x.dtype, device=x.device)
        if self.l2 == 0.0:
            return self.l1 * torch.sum(torch.abs(x))
        penalty = self.l2 * torch.sum(torch.square(x))
        if self.l1 != 0.0:
            penalty = self.l1 * torch.sum(torch.abs(x)) + penalty
        return penalty

    def get_config(self) -> dict:
        return {"l1": self.l1, "l2": self.l2}


class L1(Regularizer):
    """A regularizer that applies a L1 regularization penalty.

    The L1 regularization penalty is computed as:
    `loss = l1 * reduce_sum(abs(x))`

    L1 may be passed to a layer as the string `"l1"`; the default `l1=0.01` is used.

    Args:
        l1: float, L1 regularization factor.

    Example:

    >>> import torch, torcheras
    >>> torcheras.regularizers.L1(0.5)(torch.tensor([-1.0, 2.0])).item()
    1.5
    """

    def __init__(self, l1: float = 0.01) -> None:
        self.l1 = validate_float_arg(0.01 if l1 is None else l1, name="l1")

    def __call__(self, x: Any) -> torch.Tensor:
        return self.l1 * torch.sum(torch.abs(as_float_tensor(x)))

    def get_config(self) -> dict:
        return {"l1": self.l1}


class L2(Regularizer):
    """A regularizer that applies a L2 regularization penalty.

    The L2 regularization penalty is computed as:
    `loss = l2 * reduce_sum(square(x))` (no factor 1/2).

    L2 may be passed to a layer as the string `"l2"`; the default `l2=0.01` is used.

    Args:
        l2: float, L2 regularization factor.

    Example:

    >>> import torch, torcheras
    >>> torcheras.regularizers.L2(0.5)(torch.tensor([-1.0, 2.0])).item()
    2.5
    """

    def __init__(self, l2: float = 0.01) -> None:
        self.l2 = validate_float_arg(0.01 if l2 is None else l2, name="l2")

    def __call__(self, x: Any) -> torch.Tensor:
        return self.l2 * torch.sum(torch.square(as_float_tensor(x)))

    def get_config(self) -> dict:
        return {"l2": self.l2}
