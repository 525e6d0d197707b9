"""``Dropout``: zeroes a fraction of the inputs while training, scaling the rest."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from torcheras.backend import _device
from torcheras.layers._layer import Layer


class Dropout(Layer):
    """Randomly sets input units to 0 with frequency ``rate`` during training.

    Kept units are scaled by ``1 / (1 - rate)``; in inference the layer is the identity.

    Args:
        rate: Float in ``[0, 1)``, the fraction of units to drop.
        noise_shape: Shape of the binary mask, broadcast over the input; ``None`` entries
            take the input's size.
        seed: Integer seed for a layer-owned random generator.

    Example:

    >>> import numpy as np
    >>> Dropout(0.5)(np.ones((1, 4), "float32"), training=False).tolist()
    [[1.0, 1.0, 1.0, 1.0]]
    """

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0 <= rate <= 1:
            raise ValueError(
                "Invalid value received for argument `rate`. Expected a float value between "
                f"0 and 1. Received: rate={rate!r}"
            )
        self.rate = float(rate)
        self.noise_shape = None if noise_shape is None else tuple(noise_shape)
        self.seed = seed
        self._generator = None
        self.supports_masking = True
        self.built = True

    def _gen(self):
        if self.seed is None:
            return None
        if self._generator is None:
            self._generator = torch.Generator(device=_device.get_device())
            self._generator.manual_seed(int(self.seed))
        return self._generator

    def call(self, inputs, training=None):
        if not training or self.rate == 0.0:
            return inputs
        if self.rate >= 1.0:
            return torch.zeros_like(inputs)
        if self.noise_shape is None and self.seed is None:
            return F.dropout(inputs, self.rate, True)
        shape = inputs.shape if self.noise_shape is None else tuple(
            s if n is None else n for n, s in zip(self.noise_shape, inputs.shape))
        keep = 1.0 - self.rate
        mask = torch.empty(shape, dtype=inputs.dtype, device=inputs.device)
        mask.bernoulli_(keep, generator=self._gen())
        return inputs * mask / keep

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"rate": self.rate, "noise_shape": self.noise_shape, "seed": self.seed})
        return config
