"""``SpatialDropout1D/2D/3D``: dropout of whole feature maps (one draw per sample and
channel), active only in training."""

from __future__ import annotations

import torch

from torcheras.backend import _config
from torcheras.layers._input_spec import InputSpec
from torcheras.layers.core._dropout import Dropout
from torcheras.layers.regularization._random import SeededRandom


class _SpatialDropout(Dropout):
    _rank = 1

    def __init__(self, rate, seed=None, name=None, dtype=None, **kwargs):
        super().__init__(rate, seed=seed, name=name, dtype=dtype, **kwargs)
        self._random = SeededRandom(seed)
        self.input_spec = InputSpec(ndim=self._rank + 2)

    def _channels_first(self) -> bool:
        return False

    def call(self, inputs, training=None):
        if not training or self.rate == 0.0:
            return inputs
        if self.rate >= 1.0:
            return torch.zeros_like(inputs)
        shape = [1] * inputs.dim()
        shape[0] = inputs.shape[0]
        channel = 1 if self._channels_first() else -1
        shape[channel] = inputs.shape[channel]
        keep = 1.0 - self.rate
        mask = self._random.bernoulli(shape, inputs, keep)
        return inputs * mask.div_(keep)

    def get_config(self) -> dict:
        return {"rate": self.rate, "seed": self.seed, "name": self.name, "dtype": self.dtype}


class SpatialDropout1D(_SpatialDropout):
    """Drops entire 1D feature maps (channels) instead of single elements.

    Input shape: ``(samples, timesteps, channels)``; each ``(sample, channel)`` pair is
    kept or dropped for all timesteps, and kept values are scaled by ``1 / (1 - rate)``.

    Args:
        rate: Float between 0 and 1, the fraction of channels to drop.
        seed: Optional integer seed.

    Example:

    >>> import numpy as np
    >>> SpatialDropout1D(0.5)(np.ones((1, 2, 3), "float32"), training=False).shape
    torch.Size([1, 2, 3])
    """

    _rank = 1


class _SpatialDropoutND(_SpatialDropout):
    def __init__(self, rate, data_format=None, seed=None, name=None, dtype=None, **kwargs):
        super().__init__(rate, seed=seed, name=name, dtype=dtype, **kwargs)
        self.data_format = _config.standardize_data_format(data_format)

    def _channels_first(self) -> bool:
        return self.data_format == "channels_first"

    def get_config(self) -> dict:
        config = super().get_config()
        config["data_format"] = self.data_format
        return config


class SpatialDropout2D(_SpatialDropoutND):
    """Drops entire 2D feature maps instead of single elements.

    Input shape: ``(samples, rows, cols, channels)`` (``channels_last``) or
    ``(samples, channels, rows, cols)`` (``channels_first``).

    Args:
        rate: Float between 0 and 1, the fraction of feature maps to drop.
        data_format: ``"channels_last"`` or ``"channels_first"`` (default: the
            ``image_data_format`` of ``~/.keras/keras.json``).
        seed: Optional integer seed.

    Example:

    >>> import numpy as np
    >>> x = np.ones((1, 2, 2, 4), "float32")
    >>> out = SpatialDropout2D(0.5, seed=1)(x, training=True)
    >>> sorted(set(out.flatten().tolist())) in ([0.0, 2.0], [0.0], [2.0])
    True
    """

    _rank = 2


class SpatialDropout3D(_SpatialDropoutND):
    """Drops entire 3D feature maps instead of single elements.

    Input shape: ``(samples, dim1, dim2, dim3, channels)`` (``channels_last``) or
    ``(samples, channels, dim1, dim2, dim3)`` (``channels_first``).

    Args:
        rate: Float between 0 and 1, the fraction of feature maps to drop.
        data_format: ``"channels_last"`` or ``"channels_first"``.
        seed: Optional integer seed.

    Example:

    >>> import numpy as np
    >>> SpatialDropout3D(0.2)(np.ones((1, 2, 2, 2, 3), "float32")).shape
    torch.Size([1, 2, 2, 2, 3])
    """

    _rank = 3
