"""Initializers drawing from a fixed distribution: uniform, normal, truncated normal."""

from __future__ import annotations

from typing import Any

import torch

from torcheras.backend import _device
from torcheras.initializers._base import (
    RandomInitializer,
    float_dtype,
    standardize_shape,
    work_dtype,
)


def sample_uniform(shape: Any, minval: float, maxval: float, dtype: Any,
                   generator: torch.Generator | None) -> torch.Tensor:
    """Uniform values in `[minval, maxval)`, computed as Keras does."""
    target = float_dtype(dtype, "Random")
    out = torch.rand(standardize_shape(shape), generator=generator, dtype=work_dtype(target),
                     device=_device.get_device())
    return out.mul_(maxval - minval).add_(minval).to(target)


def sample_normal(shape: Any, mean: float, stddev: float, dtype: Any,
                  generator: torch.Generator | None) -> torch.Tensor:
    target = float_dtype(dtype, "Random")
    out = torch.randn(standardize_shape(shape), generator=generator, dtype=work_dtype(target),
                      device=_device.get_device())
    return out.mul_(stddev).add_(mean).to(target)


def sample_truncated_normal(shape: Any, mean: float, stddev: float, dtype: Any,
                            generator: torch.Generator | None) -> torch.Tensor:
    """Normal values more than two standard deviations from the mean are re-drawn."""
    target = float_dtype(dtype, "Random")
    out = torch.empty(standardize_shape(shape), dtype=work_dtype(target),
                      device=_device.get_device())
    # Exact truncation by inverse CDF: no rejection loop, one pass on the device.
    torch.nn.init.trunc_normal_(out, 0.0, 1.0, -2.0, 2.0, generator=generator)
    return out.mul_(stddev).add_(mean).to(target)


_SEED_DOC = """seed: A Python integer or instance of `keras.random.SeedGenerator`.
            With an integer, every call returns the same values. Without a seed,
            values come from torch's global generator (see
            `keras.utils.set_random_seed`)."""


class RandomNormal(RandomInitializer):
    __doc__ = f"""Random normal initializer.

    Draws samples from a normal distribution for given parameters.

    Args:
        mean: A python scalar. Mean of the random values to generate.
        stddev: A python scalar. Standard deviation of the random values to generate.
        {_SEED_DOC}

    Example:

    >>> import torcheras
    >>> init = torcheras.initializers.RandomNormal(mean=0.0, stddev=1.0, seed=1)
    >>> bool((init((2, 2)) == init((2, 2))).all())
    True
    """

    def __init__(self, mean: float = 0.0, stddev: float = 0.05, seed: Any = None) -> None:
        self.mean = mean
        self.stddev = stddev
        super().__init__(seed=seed)

    def __call__(self, shape: Any, dtype: Any = None) -> torch.Tensor:
        return sample_normal(shape, self.mean, self.stddev, dtype, self._generator())

    def get_config(self) -> dict:
        return {**super().get_config(), "mean": self.mean, "stddev": self.stddev}


class TruncatedNormal(RandomInitializer):
    __doc__ = f"""Initializer that generates a truncated normal distribution.

    The values generated are similar to values from a `RandomNormal` initializer,
    except that values more than two standard deviations from the mean are
    discarded and re-drawn.

    Args:
        mean: A python scalar. Mean of the random values to generate.
        stddev: A python scalar. Standard deviation of the random values to generate.
        {_SEED_DOC}

    Example:

    >>> import torcheras
    >>> init = torcheras.initializers.TruncatedNormal(stddev=1.0)
    >>> bool(init((100,)).abs().max() <= 2.0)
    True
    """

    def __init__(self, mean: float = 0.0, stddev: float = 0.05, seed: Any = None) -> None:
        self.mean = mean
        self.stddev = stddev
        super().__init__(seed=seed)

    def __call__(self, shape: Any, dtype: Any = None) -> torch.Tensor:
        return sample_truncated_normal(shape, self.mean, self.stddev, dtype, self._generator())

    def get_config(self) -> dict:
        return {**super().get_config(), "mean": self.mean, "stddev": self.stddev}


class RandomUniform(RandomInitializer):
    __doc__ = f"""Random uniform initializer.

    Draws samples from a uniform distribution for given parameters.

    Args:
        minval: A python scalar. Lower bound of the range of random values to
            generate (inclusive).
        maxval: A python scalar. Upper bound of the range of random values to
            generate (exclusive).
        {_SEED_DOC}

    Example:

    >>> import torcheras
    >>> values = torcheras.initializers.RandomUniform(0.0, 1.0)((100,))
    >>> bool(((values >= 0) & (values < 1)).all())
    True
    """

    def __init__(self, minval: float = -0.05, maxval: float = 0.05, seed: Any = None) -> None:
        self.minval = minval
        self.maxval = maxval
        super().__init__(seed=seed)

    def __call__(self, shape: Any, dtype: Any = None) -> torch.Tensor:
        return sample_uniform(shape, self.minval, self.maxval, dtype, self._generator())

    def get_config(self) -> dict:
        return {**super().get_config(), "minval": self.minval, "maxval": self.maxval}
