"""``GaussianNoise``, ``GaussianDropout`` and ``AlphaDropout``: random corruption that is
active only in training (``fit()`` or ``training=True``)."""

from __future__ import annotations

import math

from torcheras.layers._layer import Layer
from torcheras.layers.regularization._random import SeededRandom

# SELU's constants (Klambauer et al., 2017), as in Keras.
_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def _unit_interval(value, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise ValueError(
            f"Invalid value received for argument `{name}`. Expected a float value between "
            f"0 and 1. Received: {name}={value!r}"
        )
    return value


class _NoiseLayer(Layer):
    def __init__(self, seed=None, **kwargs):
        super().__init__(**kwargs)
        self._random = SeededRandom(seed)
        self.seed = seed
        self.supports_masking = True
        self.built = True

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)


class GaussianNoise(_NoiseLayer):
    """Adds zero-centered Gaussian noise of standard deviation ``stddev`` in training.

    Args:
        stddev: Float between 0 and 1, the standard deviation of the noise.
        seed: Optional integer seed.

    Example:

    >>> import numpy as np
    >>> GaussianNoise(0.1)(np.ones((1, 3), "float32")).tolist()
    [[1.0, 1.0, 1.0]]
    """

    def __init__(self, stddev, seed=None, **kwargs):
        stddev = _unit_interval(stddev, "stddev")
        super().__init__(seed=seed, **kwargs)
        self.stddev = stddev

    def call(self, inputs, training=None):
        if training and self.stddev > 0:
            return inputs + self._random.normal(inputs.shape, inputs, 0.0, self.stddev)
        return inputs

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"stddev": self.stddev, "seed": self.seed})
        return config


class GaussianDropout(_NoiseLayer):
    """Multiplies the inputs by noise drawn from ``N(1, sqrt(rate / (1 - rate)))`` in
    training.

    Args:
        rate: Float between 0 and 1, the drop probability (as with ``Dropout``).
        seed: Optional integer seed.

    Example:

    >>> import numpy as np
    >>> GaussianDropout(0.2)(np.ones((1, 3), "float32"), training=False).tolist()
    [[1.0, 1.0, 1.0]]
    """

    def __init__(self, rate, seed=None, **kwargs):
        rate = _unit_interval(rate, "rate")
        super().__init__(seed=seed, **kwargs)
        self.rate = rate

    def call(self, inputs, training=None):
        if training and self.rate > 0:
            stddev = math.sqrt(self.rate / (1.0 - self.rate))
            return inputs * self._random.normal(inputs.shape, inputs, 1.0, stddev)
        return inputs

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"rate": self.rate, "seed": self.seed})
        return config


class AlphaDropout(_NoiseLayer):
    """Dropout that keeps the mean and variance of its inputs (for SELU networks).

    Dropped units are set to SELU's negative saturation value, then an affine map restores
    the mean and variance.

    Args:
        rate: Float between 0 and 1, the drop probability.
        noise_shape: Optional shape of the keep/drop mask (``None`` entries take the input's
            size), e.g. ``(batch_size, 1, features)`` to share it over timesteps.
        seed: Optional integer seed.

    Example:

    >>> import numpy as np
    >>> AlphaDropout(0.3)(np.ones((1, 3), "float32"), training=False).tolist()
    [[1.0, 1.0, 1.0]]
    """

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        rate = _unit_interval(rate, "rate")
        super().__init__(seed=seed, **kwargs)
        self.rate = rate
        self.noise_shape = None if noise_shape is None else tuple(noise_shape)

    def call(self, inputs, training=None):
        if not (training and self.rate > 0):
            return inputs
        shape = tuple(inputs.shape) if self.noise_shape is None else tuple(
            s if n is None else n for n, s in zip(self.noise_shape, inputs.shape))
        alpha_p = -_SELU_ALPHA * _SELU_SCALE
        kept = (self._random.uniform(shape, inputs) >= self.rate).to(inputs.dtype)
        a = ((1 - self.rate) * (1 + self.rate * alpha_p ** 2)) ** -0.5
        b = -a * alpha_p * self.rate
        x = inputs * kept + alpha_p * (1 - kept)
        return a * x + b

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"rate": self.rate, "seed": self.seed, "noise_shape": self.noise_shape})
        return config
