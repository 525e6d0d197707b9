"""``VarianceScaling`` and its named presets (Glorot, He, LeCun), with Keras's fan rules."""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import Any

import torch

from torcheras.initializers._base import RandomInitializer, standardize_shape
from torcheras.initializers._random import (
    sample_normal,
    sample_truncated_normal,
    sample_uniform,
)

# Standard deviation of a standard normal truncated to (-2, 2): dividing by it makes
# the truncated draws have the requested variance.
_TRUNCATED_STDDEV = 0.87962566103423978


def compute_fans(shape: Sequence[int], input_axes: Sequence[int] | None = None,
                 output_axes: Sequence[int] | None = None) -> tuple[int, int]:
    """Number of input and output units of a weight in Keras layout.

    Dense kernels are `(in, out)`; convolution kernels are
    `(*spatial, in_channels, out_channels)`, whose receptive field multiplies both.

    Example:

    >>> from torcheras.initializers._variance_scaling import compute_fans
    >>> compute_fans((3, 3, 16, 32))
    (144, 288)
    """
    shape = tuple(shape)
    if input_axes is not None and output_axes is not None:
        return math.prod(shape[a] for a in input_axes), math.prod(shape[a] for a in output_axes)
    if len(shape) < 1:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    if len(shape) == 2:
        return shape[0], shape[1]
    receptive_field = math.prod(shape[:-2])
    return shape[-2] * receptive_field, shape[-1] * receptive_field


class VarianceScaling(RandomInitializer):
    """Initializer that adapts its scale to the shape of its input tensors.

    With `distribution="truncated_normal"` or `"untruncated_normal"`, samples are
    drawn from a truncated/untruncated normal distribution with a mean of zero and a
    standard deviation (after truncation, if used) `stddev = sqrt(scale / n)`, where
    `n` is:

    - number of input units in the weight tensor, if `mode="fan_in"`
    - number of output units, if `mode="fan_out"`
    - average of the numbers of input and output units, if `mode="fan_avg"`

    With `distribution="uniform"`, samples are drawn from a uniform distribution
    within `[-limit, limit]`, where `limit = sqrt(3 * scale / n)`.

    Args:
        scale: Scaling factor (positive float).
        mode: One of `"fan_in"`, `"fan_out"`, `"fan_avg"`.
        distribution: Random distribution to use.
            One of `"truncated_normal"`, `"untruncated_normal"`, or `"uniform"`
            (`"normal"` means `"truncated_normal"`).
        seed: A Python integer or instance of `keras.random.SeedGenerator`.
            With an integer, every call returns the same values. Without a seed,
            values come from torch's global generator.
        input_axes: Optional list of integers. The axes of the input tensor
            that should be considered for computing the fan-in.
        output_axes: Optional list of integers. The axes of the output tensor
            that should be considered for computing the fan-out.

    Example:

    >>> import torcheras
    >>> init = torcheras.initializers.VarianceScaling(
    ...     scale=0.1, mode="fan_in", distribution="uniform")
    >>> bool(init((100, 10)).abs().max() <= (3 * 0.1 / 100) ** 0.5)
    True
    """

    def __init__(self, scale: float = 1.0, mode: str = "fan_in",
                 distribution: str = "truncated_normal", seed: Any = None,
                 input_axes: Sequence[int] | None = None,
                 output_axes: Sequence[int] | None = None) -> None:
        if isinstance(scale, bool) or not isinstance(scale, numbers.Real) or not scale > 0.0:
            raise ValueError(
                f"Argument `scale` must be positive float. Received: scale={scale!r}"
            )
        allowed_modes = {"fan_in", "fan_out", "fan_avg"}
        if mode not in allowed_modes:
            raise ValueError(
                f"Invalid `mode` argument: {mode!r}. Please use one of {sorted(allowed_modes)}"
            )
        allowed = {"uniform", "truncated_normal", "untruncated_normal"}
        name = distribution.lower() if isinstance(distribution, str) else distribution
        if name == "normal":
            name = "truncated_normal"
        if name not in allowed:
            raise ValueError(
                f"Invalid `distribution` argument: {distribution!r}. "
                f"Please use one of {sorted(allowed)}"
            )
        self.scale = scale
        self.mode = mode
        self.distribution = name
        self.input_axes = input_axes
        self.output_axes = output_axes
        super().__init__(seed=seed)

    def __call__(self, shape: Any, dtype: Any = None) -> torch.Tensor:
        shape = standardize_shape(shape)
        fan_in, fan_out = compute_fans(shape, self.input_axes, self.output_axes)
        if self.mode == "fan_in":
            scale = self.scale / max(1.0, fan_in)
        elif self.mode == "fan_out":
            scale = self.scale / max(1.0, fan_out)
        else:
            scale = self.scale / max(1.0, (fan_in + fan_out) / 2.0)
        generator = self._generator()
        if self.distribution == "truncated_normal":
            stddev = math.sqrt(scale) / _TRUNCATED_STDDEV
            return sample_truncated_normal(shape, 0.0, stddev, dtype, generator)
        if self.distribution == "untruncated_normal":
            return sample_normal(shape, 0.0, math.sqrt(scale), dtype, generator)
        limit = math.sqrt(3.0 * scale)
        return sample_uniform(shape, -limit, limit, dtype, generator)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "scale": self.scale,
            "mode": self.mode,
            "distribution": self.distribution,
            "input_axes": self.input_axes,
            "output_axes": self.output_axes,
        }


class _Preset(VarianceScaling):
    """A `VarianceScaling` whose scale, mode and distribution are fixed by the class."""

    _scale = 1.0
    _mode = "fan_in"
    _distribution = "truncated_normal"

    def __init__(self, seed: Any = None, input_axes: Sequence[int] | None = None,
                 output_axes: Sequence[int] | None = None) -> None:
        super().__init__(scale=self._scale, mode=self._mode, distribution=self._distribution,
                         seed=seed, input_axes=input_axes, output_axes=output_axes)

    def get_config(self) -> dict:
        config = super().get_config()
        return {"seed": config["seed"], "input_axes": self.input_axes,
                "output_axes": self.output_axes}


class GlorotUniform(_Preset):
    """The Glorot uniform initializer, also called Xavier uniform initializer.

    Draws samples from a uniform distribution within `[-limit, limit]`, where
    `limit = sqrt(6 / (fan_in + fan_out))`.

    Args:
        seed: A Python integer or instance of `keras.random.SeedGenerator`.
        input_axes: Optional axes counted as input units.
        output_axes: Optional axes counted as output units.

    Reference:

    - [Glorot et al., 2010](http://proceedings.mlr.press/v9/glorot10a.html)

    Example:

    >>> import torcheras
    >>> torcheras.initializers.GlorotUniform(seed=0)((3, 3)).shape
    torch.Size([3, 3])
    """

    _scale, _mode, _distribution = 1.0, "fan_avg", "uniform"


class GlorotNormal(_Preset):
    """The Glorot normal initializer, also called Xavier normal initializer.

    Draws samples from a truncated normal distribution centered on 0 with
    `stddev = sqrt(2 / (fan_in + fan_out))`.

    Args:
        seed: A Python integer or instance of `keras.random.SeedGenerator`.
        input_axes: Optional axes counted as input units.
        output_axes: Optional axes counted as output units.

    Reference:

    - [Glorot et al., 2010](http://proceedings.mlr.press/v9/glorot10a.html)

    Example:

    >>> import torcheras
    >>> torcheras.initializers.GlorotNormal(seed=0)((3, 3)).shape
    torch.Size([3, 3])
    """

    _scale, _mode, _distribution = 1.0, "fan_avg", "truncated_normal"


class LecunNormal(_Preset):
    """Lecun normal initializer.

    Draws samples from a truncated normal distribution centered on 0 with
    `stddev = sqrt(1 / fan_in)`.

    Args:
        seed: A Python integer or instance of `keras.random.SeedGenerator`.
        input_axes: Optional axes counted as input units.
        output_axes: Optional axes counted as output units.

    Reference:

    - [Klambauer et al., 2017](https://arxiv.org/abs/1706.02515)

    Example:

    >>> import torcheras
    >>> torcheras.initializers.LecunNormal(seed=0)((3, 3)).shape
    torch.Size([3, 3])
    """

    _scale, _mode, _distribution = 1.0, "fan_in", "truncated_normal"


class LecunUniform(_Preset):
    """Lecun uniform initializer.

    Draws samples from a uniform distribution within `[-limit, limit]`, where
    `limit = sqrt(3 / fan_in)`.

    Args:
        seed: A Python integer or instance of `keras.random.SeedGenerator`.
        input_axes: Optional axes counted as input units.
        output_axes: Optional axes counted as output units.

    Reference:

    - [Klambauer et al., 2017](https://arxiv.org/abs/1706.02515)

    Example:

    >>> import torcheras
    >>> torcheras.initializers.LecunUniform(seed=0)((3, 3)).shape
    torch.Size([3, 3])
    """

    _scale, _mode, _distribution = 1.0, "fan_in", "uniform"


class HeNormal(_Preset):
    """He normal initializer.

    Draws samples from a truncated normal distribution centered on 0 with
    `stddev = sqrt(2 / fan_in)`.

    Args:
        seed: A Python integer or instance of `keras.random.SeedGenerator`.
        input_axes: Optional axes counted as input units.
        output_axes: Optional axes counted as output units.

    Reference:

    - [He et al., 2015](https://arxiv.org/abs/1502.01852)

    Example:

    >>> import torcheras
    >>> torcheras.initializers.HeNormal(seed=0)((3, 3)).shape
    torch.Size([3, 3])
    """

    _scale, _mode, _distribution = 2.0, "fan_in", "truncated_normal"


class HeUniform(_Preset):
    """He uniform variance scaling initializer.

    Draws samples from a uniform distribution within `[-limit, limit]`, where
    `limit = sqrt(6 / fan_in)`.

    Args:
        seed: A Python integer or instance of `keras.random.SeedGenerator`.
        input_axes: Optional axes counted as input units.
        output_axes: Optional axes counted as output units.

    Reference:

    - [He et al., 2015](https://arxiv.org/abs/1502.01852)

    Example:

    >>> import torcheras
    >>> torcheras.initializers.HeUniform(seed=0)((3, 3)).shape
    torch.Size([3, 3])
    """

    _scale, _mode, _distribution = 2.0, "fan_in", "uniform"
