"""The random ops of ``keras.random``, drawn as Keras's torch backend draws them.

Each op seeds a fresh ``torch.Generator`` from its ``seed`` (see ``_seed_generator``) and
calls the matching torch sampler, so integer seeds give the same values in every run.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

import torch
import torch.nn.functional as F

from torcheras.backend import _config, _device
from torcheras.ops._op import convert, standardize_dtype, to_torch_dtype
from torcheras.random._seed_generator import SeedGenerator, draw_seed, torch_generator

Shape = Sequence[int]


def _shape(shape: Any) -> tuple:
    if isinstance(shape, (numbers.Integral, torch.Tensor)) and not isinstance(shape, bool):
        shape = [shape]
    try:
        dims = tuple(int(d) for d in shape)
    except (TypeError, ValueError):
        raise ValueError(
            f"Argument `shape` must be a tuple of integers. Received: shape={shape!r}"
        ) from None
    if any(d < 0 for d in dims):
        raise ValueError(
            f"Argument `shape` must not have negative dimensions. Received: shape={shape!r}"
        )
    return dims


def _float_dtype(dtype: Any, fn: str) -> torch.dtype:
    name = standardize_dtype(dtype or _config.floatx())
    if not name.startswith(("float", "bfloat")):
        raise ValueError(
            f"`keras.random.{fn}` requires a floating point `dtype`. Received: dtype={dtype}"
        )
    return to_torch_dtype(name)


def _device_now() -> torch.device:
    return _device.get_device()


def normal(shape: Shape, mean: float = 0.0, stddev: float = 1.0, dtype: Any = None,
           seed: Any = None) -> torch.Tensor:
    """Draw random samples from a normal (Gaussian) distribution.

    Args:
        shape: The shape of the random values to generate.
        mean: Float, the mean of the distribution.
        stddev: Float, the standard deviation of the distribution.
        dtype: Optional float dtype (default `keras.config.floatx()`).
        seed: An integer (same values on every call), a `keras.random.SeedGenerator`
            (new values per call), or `None` (the global generator, which
            `keras.utils.set_random_seed` seeds).

    Returns:
        A tensor of `shape`.

    Example:

    >>> tuple(normal((2, 3), seed=1).shape)
    (2, 3)
    >>> bool((normal((4,), seed=7) == normal((4,), seed=7)).all())
    True
    """
    tdtype = _float_dtype(dtype, "normal")
    dims = _shape(shape)
    generator = torch_generator(seed)
    if isinstance(mean, numbers.Real) and isinstance(stddev, numbers.Real):
        return torch.normal(float(mean), float(stddev), size=dims, generator=generator,
                            dtype=tdtype, device=_device_now())
    z = torch.normal(0.0, 1.0, size=dims, generator=generator, dtype=tdtype,
                     device=_device_now())
    return z * convert(stddev, tdtype) + convert(mean, tdtype)


def uniform(shape: Shape, minval: float = 0.0, maxval: float = 1.0, dtype: Any = None,
            seed: Any = None) -> torch.Tensor:
    """Draw samples from a uniform distribution on ``[minval, maxval)``.

    Args:
        shape: The shape of the random values to generate.
        minval: Float, lower bound of the range (inclusive).
        maxval: Float, upper bound of the range (exclusive).
        dtype: Optional float dtype (default `keras.config.floatx()`); integer dtypes
            are refused (use `randint`).
        seed: An integer, a `keras.random.SeedGenerator` or `None` (see `normal`).

    Returns:
        A tensor of `shape`.

    Example:

    >>> x = uniform((1000,), minval=2.0, maxval=3.0, seed=0)
    >>> bool((x >= 2).all() and (x < 3).all())
    True
    """
    if dtype and not _device.is_float_dtype(dtype):
        raise ValueError(
            "`keras.random.uniform` requires a floating point `dtype`. "
            f"Received: dtype={dtype} "
        )
    tdtype = _float_dtype(dtype, "uniform")
    dims = _shape(shape)
    draw = dims or (1,)
    rand = torch.rand(size=draw, generator=torch_generator(seed), dtype=tdtype,
                      device=_device_now())
    out = (maxval - minval) * rand + minval
    return out[0] if not dims else out


def randint(shape: Shape, minval: int, maxval: int, dtype: Any = "int32",
            seed: Any = None) -> torch.Tensor:
    """Draw random integers from a uniform distribution on ``[minval, maxval)``.

    Args:
        shape: The shape of the random values to generate.
        minval: Integer, lower bound (inclusive).
        maxval: Integer, upper bound (exclusive).
        dtype: Integer dtype (default `"int32"`).
        seed: An integer, a `keras.random.SeedGenerator` or `None` (see `normal`).

    Returns:
        An integer tensor of `shape`.

    Example:

    >>> x = randint((100,), 0, 3, seed=0)
    >>> sorted(set(x.tolist())), str(x.dtype)
    ([0, 1, 2], 'torch.int32')
    """
    name = standardize_dtype(dtype) if dtype else "int32"
    if dtype and not name.startswith(("int", "uint")):
        raise ValueError(
            f"`keras.random.randint` requires an integer `dtype`. Received: dtype={dtype} "

        )
    if int(maxval) <= int(minval):
        raise ValueError(
            "Argument `maxval` must be greater than `minval`. "
            f"Received: minval={minval!r}, maxval={maxval!r}"
        )
    return torch.randint(low=int(minval), high=int(maxval), size=_shape(shape),
                         generator=torch_generator(seed), dtype=to_torch_dtype(name),
                         device=_device_now())


def truncated_normal(shape: Shape, mean: float = 0.0, stddev: float = 1.0,
                     dtype: Any = None, seed: Any = None) -> torch.Tensor:
    """Draw samples from a normal distribution truncated to two standard deviations.

    Values further than two standard deviations from the mean are redrawn.

    Args:
        shape: The shape of the random values to generate.
        mean: Float, the mean of the distribution.
        stddev: Float, the standard deviation before truncation.
        dtype: Optional float dtype (default `keras.config.floatx()`).
        seed: An integer, a `keras.random.SeedGenerator` or `None` (see `normal`).

    Returns:
        A tensor of `shape`.

    Example:

    >>> x = truncated_normal((1000,), seed=3)
    >>> bool((x.abs() < 2).all())
    True
    """
    tdtype = _float_dtype(dtype, "truncated_normal")
    dims = _shape(shape)
    # Four candidates per value and the first one inside (-2, 2) kept, as Keras's torch
    # backend draws it (same values for the same seed).
    x = torch.normal(0.0, 1.0, size=dims + (4,), generator=torch_generator(seed),
                     dtype=tdtype, device=_device_now())
    valid = (x > -2) & (x < 2)
    index = valid.max(-1, keepdim=True)[1]
    return x.gather(-1, index).squeeze(-1) * stddev + mean


def dropout(inputs: Any, rate: float, noise_shape: Shape | None = None,
            seed: Any = None) -> torch.Tensor:
    """Randomly set a fraction `rate` of the inputs to 0, scaling the rest by
    ``1 / (1 - rate)``.

    Args:
        inputs: Input tensor.
        rate: Float in ``[0, 1]``, the fraction of values dropped.
        noise_shape: Optional shape of the keep mask, broadcast to the inputs' shape
            (`None` entries take the input's dimension), e.g. ``(batch, 1, features)``
            to drop the same features at every timestep.
        seed: An integer, a `keras.random.SeedGenerator` or `None` (see `normal`).

    Returns:
        A tensor like `inputs`.

    Example:

    >>> y = dropout(torch.ones(1000), 0.5, seed=1)
    >>> sorted(set(y.tolist()))
    [0.0, 2.0]
    """
    inputs = convert(inputs)
    if not isinstance(rate, numbers.Real) or not 0 <= rate <= 1:
        raise ValueError(
            f"Invalid value received for argument `rate`. Expected a float value between "
            f"0 and 1. Received: rate={rate!r}"
        )
    if rate == 1.0:
        return torch.zeros_like(inputs)
    if rate == 0.0:
        return inputs
    seeded = seed is not None and not (
        isinstance(seed, SeedGenerator) and seed._initial_seed is None)
    if not seeded and noise_shape is None:
        # torch's fused dropout draws from its global generator (seeded by
        # keras.utils.set_random_seed), as Keras's torch backend does here.
        return F.dropout(inputs, p=float(rate), training=True)
    keep = 1.0 - rate
    shape = tuple(inputs.shape)
    if noise_shape is not None:
        if len(noise_shape) != len(shape):
            raise ValueError(
                "Argument `noise_shape` must have the same rank as `inputs`. "
                f"Received: noise_shape={noise_shape!r}, inputs.shape={shape}"
            )
        shape = tuple(s if n is None else int(n) for s, n in zip(shape, noise_shape))
    probs = torch.full(shape, keep, device=inputs.device)
    mask = torch.bernoulli(probs, generator=torch_generator(seed)).bool()
    mask = torch.broadcast_to(mask, inputs.shape)
    return torch.where(mask, inputs / keep, torch.zeros_like(inputs))


def shuffle(x: Any, axis: int = 0, seed: Any = None) -> torch.Tensor:
    """Shuffle the elements of a tensor uniformly at random along an axis.

    Args:
        x: The tensor to be shuffled.
        axis: The axis along which to shuffle (default 0).
        seed: An integer, a `keras.random.SeedGenerator` or `None` (see `normal`).

    Returns:
        A tensor like `x` with its slices along `axis` permuted.

    Example:

    >>> sorted(shuffle(torch.arange(5), seed=0).tolist())
    [0, 1, 2, 3, 4]
    """
    x = convert(x)
    if not -x.dim() <= axis < max(x.dim(), 1):
        raise ValueError(
            f"Argument `axis` is out of bounds for a tensor of rank {x.dim()}. "
            f"Received: axis={axis!r}"
        )
    axis %= max(x.dim(), 1)
    perm = torch.rand(x.shape[: axis + 1], generator=torch_generator(seed),
                      device=x.device).argsort(axis)
    perm = perm.reshape(perm.shape + (1,) * (x.dim() - axis - 1)).expand(x.shape)
    return x.gather(axis, perm)


def categorical(logits: Any, num_samples: int, dtype: Any = "int32",
                seed: Any = None) -> torch.Tensor:
    """Draw samples from a categorical distribution given by unnormalised log-probabilities.

    Args:
        logits: 2-D tensor ``(batch_size, num_classes)``; each row is an unnormalised
            log-probability distribution over the classes.
        num_samples: Int, the number of samples per row.
        dtype: Integer dtype of the output (default `"int32"`).
        seed: An integer, a `keras.random.SeedGenerator` or `None` (see `normal`).

    Returns:
        A tensor ``(batch_size, num_samples)`` of class indices.

    Example:

    >>> categorical([[-1e9, 0.0]], 5, seed=0).tolist()
    [[1, 1, 1, 1, 1]]
    """
    logits = convert(logits)
    if logits.dim() != 2:
        raise ValueError(
            "`logits` should be a 2-D tensor with shape [batch_size, num_classes]. "
            f"Received: logits={logits}"
        )
    probs = torch.softmax(logits, dim=-1)
    samples = torch.multinomial(probs, int(num_samples), replacement=True,
                                generator=torch_generator(seed))
    return samples.to(to_torch_dtype(dtype))


class _global_rng_seeded:
    """torch's samplers without a ``generator`` argument (gamma, binomial, beta) draw from
    the global CPU generator: seed it for the draw and restore the state found, as Keras's
    torch backend does, so the program's own random stream is untouched."""

    def __init__(self, seed: Any):
        self._seed = draw_seed(seed)

    def __enter__(self):
        self._state = torch.random.get_rng_state()
        torch.manual_seed(self._seed)

    def __exit__(self, *exc):
        torch.random.set_rng_state(self._state)
        return False


def _broadcast_param(value: Any, dims: tuple, name: str) -> torch.Tensor:
    t = convert(value)
    if not t.is_floating_point():
        t = t.to(to_torch_dtype(_config.floatx()))
    try:
        return torch.broadcast_to(t, dims)
    except RuntimeError:
        raise ValueError(
            f"Argument `{name}` must broadcast to `shape`. Received: {name}.shape="
            f"{tuple(t.shape)}, shape={dims}"
        ) from None


def gamma(shape: Shape, alpha: Any, dtype: Any = None, seed: Any = None) -> torch.Tensor:
    """Draw random samples from the Gamma distribution (scale 1).

    Args:
        shape: The shape of the random values to generate.
        alpha: Float (or tensor broadcastable to `shape`), the shape parameter.
        dtype: Optional float dtype (default `keras.config.floatx()`).
        seed: An integer, a `keras.random.SeedGenerator` or `None` (see `normal`).

    Returns:
        A tensor of `shape`.

    Example:

    >>> x = gamma((20000,), alpha=3.0, seed=0)
    >>> round(float(x.mean()), 1)
    3.0
    """
    tdtype = _float_dtype(dtype, "gamma")
    dims = _shape(shape)
    alpha_t = _broadcast_param(alpha, dims, "alpha")
    with _global_rng_seeded(seed):
        sample = torch.distributions.Gamma(alpha_t, torch.ones_like(alpha_t)).sample()
    return sample.to(tdtype)


def binomial(shape: Shape, counts: Any, probabilities: Any, dtype: Any = None,
             seed: Any = None) -> torch.Tensor:
    """Draw samples from a binomial distribution.

    Args:
        shape: The shape of the random values to generate.
        counts: Number of trials (float or tensor broadcastable to `shape`).
        probabilities: Success probability of each trial (broadcastable to `shape`).
        dtype: Optional float dtype (default `keras.config.floatx()`).
        seed: An integer, a `keras.random.SeedGenerator` or `None` (see `normal`).

    Returns:
        A tensor of `shape` holding success counts.

    Example:

    >>> x = binomial((10000,), counts=10, probabilities=0.3, seed=0)
    >>> round(float(x.mean()))
    3
    """
    tdtype = _float_dtype(dtype, "binomial")
    dims = _shape(shape)
    counts_t = _broadcast_param(counts, dims, "counts")
    probs_t = _broadcast_param(probabilities, dims, "probabilities")
    with _global_rng_seeded(seed):
        sample = torch.distributions.Binomial(total_count=counts_t, probs=probs_t).sample()
    return sample.to(tdtype)


def beta(shape: Shape, alpha: Any, beta: Any, dtype: Any = None,
         seed: Any = None) -> torch.Tensor:
    """Draw samples from a Beta distribution.

    Args:
        shape: The shape of the random values to generate.
        alpha: Float (or broadcastable tensor), the first concentration parameter.
        beta: Float (or broadcastable tensor), the second concentration parameter.
        dtype: Optional float dtype (default `keras.config.floatx()`).
        seed: An integer, a `keras.random.SeedGenerator` or `None` (see `normal`).

    Returns:
        A tensor of `shape` with values in ``[0, 1]``.

    Example:

    >>> x = beta((20000,), alpha=2.0, beta=6.0, seed=0)
    >>> round(float(x.mean()), 2)
    0.25
    """
    tdtype = _float_dtype(dtype, "beta")
    dims = _shape(shape)
    alpha_t = _broadcast_param(alpha, dims, "alpha")
    beta_t = _broadcast_param(beta, dims, "beta")
    with _global_rng_seeded(seed):
        sample = torch.distributions.Beta(concentration1=alpha_t,
                                          concentration0=beta_t).sample()
    return sample.to(tdtype)



