"""The orthogonal-matrix initializer."""

from __future__ import annotations

import math
import numbers
from typing import Any

import torch

from torcheras.initializers._base import RandomInitializer, float_dtype, standardize_shape
from torcheras.initializers._random import sample_normal


class Orthogonal(RandomInitializer):
    """Initializer that generates an orthogonal matrix.

    If the shape of the tensor to initialize is two-dimensional, it is initialized
    with an orthogonal matrix obtained from the QR decomposition of a matrix of
    random numbers drawn from a normal distribution. If the matrix has fewer rows
    than columns then the output will have orthogonal rows. Otherwise, the output
    will have orthogonal columns.

    If the shape of the tensor to initialize is more than two-dimensional, a matrix
    of shape `(shape[0] * ... * shape[n - 2], shape[n - 1])` is initialized, where
    `n` is the length of the shape vector. The matrix is subsequently reshaped to
    give a tensor of the desired shape.

    Args:
        gain: Multiplicative factor to apply to the orthogonal matrix.
        seed: A Python integer. Used to make the behavior of the initializer
            deterministic.

    Reference:

    - [Saxe et al., 2014](https://openreview.net/forum?id=_wzZwKpTDF_9C)

    Example:

    >>> import torch, torcheras
    >>> q = torcheras.initializers.Orthogonal(seed=0)((4, 4))
    >>> torch.allclose(q.T @ q, torch.eye(4), atol=1e-5)
    True
    """

    def __init__(self, gain: float = 1.0, seed: Any = None) -> None:
        if isinstance(gain, bool) or not isinstance(gain, numbers.Real):
            raise ValueError(f"Argument `gain` must be a number. Received: gain={gain!r}")
        self.gain = gain
        super().__init__(seed=seed)

    def __call__(self, shape: Any, dtype: Any = None) -> torch.Tensor:
        dims = standardize_shape(shape)
        if len(dims) < 2:
            raise ValueError(
                "The tensor to initialize must be at least two-dimensional. "
                f"Received: shape={shape} of rank {len(dims)}."
            )
        target = float_dtype(dtype, "Orthogonal")
        num_rows = math.prod(dims[:-1])
        num_cols = dims[-1]
        flat_shape = (max(num_cols, num_rows), min(num_cols, num_rows))
        work = torch.float64 if target == torch.float64 else torch.float32
        a = sample_normal(flat_shape, 0.0, 1.0, work, self._generator())
        q, r = torch.linalg.qr(a)
        # Multiplying by the signs of diag(r) makes the result uniformly distributed.
        q = q * torch.sign(torch.diagonal(r))
        if num_rows < num_cols:
            q = q.T
        return (self.gain * q.reshape(dims)).to(target)

    def get_config(self) -> dict:
        return {**super().get_config(), "gain": self.gain}
