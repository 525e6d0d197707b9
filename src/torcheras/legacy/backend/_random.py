"""Keras 2's ``K.random_*`` samplers, drawn through ``keras.random``."""

from __future__ import annotations

from typing import Any

from torcheras import ops
from torcheras import random as krandom
from torcheras.backend import _config


def _dims(shape: Any) -> tuple:
    # Keras 2 code builds shapes from ``K.shape(x)[0]`` (a scalar tensor) and ints.
    return tuple(int(ops.convert_to_numpy(d)) if ops.is_tensor(d) else int(d)
                 for d in (ops.convert_to_numpy(shape) if ops.is_tensor(shape) else shape))


def random_normal(shape: Any, mean: float = 0.0, stddev: float = 1.0,
                  dtype: str | None = None, seed: Any = None) -> Any:
    """Samples from a normal distribution.

    Args:
        shape: The shape (ints or scalar tensors such as ``K.shape(x)[0]``).
        mean: Mean.
        stddev: Standard deviation.
        dtype: The dtype; floatx when ``None``.
        seed: Optional int seed.
    """
    return krandom.normal(_dims(shape), mean, stddev, dtype=dtype or _config.floatx(),
                          seed=seed)


def random_uniform(shape: Any, minval: float = 0.0, maxval: float = 1.0,
                   dtype: str | None = None, seed: Any = None) -> Any:
    """Samples from a uniform distribution on ``[minval, maxval)``.

    Args:
        shape: The shape.
        minval: Lower bound.
        maxval: Upper bound (exclusive).
        dtype: The dtype; floatx when ``None``.
        seed: Optional int seed.
    """
    return krandom.uniform(_dims(shape), minval, maxval, dtype=dtype or _config.floatx(),
                           seed=seed)


def random_bernoulli(shape: Any, p: float = 0.0, dtype: str | None = None,
                     seed: Any = None) -> Any:
    """Zeros and ones, each one with probability ``p``.

    Args:
        shape: The shape.
        p: Probability of a one.
        dtype: The dtype; floatx when ``None``.
        seed: Optional int seed.
    """
    draws = krandom.uniform(_dims(shape), 0.0, 1.0, seed=seed)
    return ops.cast(ops.less_equal(draws, p), dtype or _config.floatx())


def random_binomial(shape: Any, p: float = 0.0, dtype: str | None = None,
                    seed: Any = None) -> Any:
    """Keras 2's name for :func:`random_bernoulli`.

    Args:
        shape: The shape.
        p: Probability of a one.
        dtype: The dtype; floatx when ``None``.
        seed: Optional int seed.
    """
    return random_bernoulli(shape, p=p, dtype=dtype, seed=seed)


def truncated_normal(shape: Any, mean: float = 0.0, stddev: float = 1.0,
                     dtype: str | None = None, seed: Any = None) -> Any:
    """Normal samples redrawn until within two standard deviations of the mean.

    Args:
        shape: The shape.
        mean: Mean.
        stddev: Standard deviation.
        dtype: The dtype; floatx when ``None``.
        seed: Optional int seed.
    """
    return krandom.truncated_normal(_dims(shape), mean, stddev,
                                    dtype=dtype or _config.floatx(), seed=seed)
