"""``Masking``: marks the timesteps whose features all equal ``mask_value`` as skipped."""

from __future__ import annotations

import numbers

import torch

from torcheras.layers._layer import Layer


class Masking(Layer):
    """Masks a sequence by using a mask value to skip timesteps.

    A timestep (axis 1) whose values all equal ``mask_value`` is masked: its output is zero
    and layers downstream that support masking (e.g. ``LSTM``) skip it.

    Args:
        mask_value: The value marking padding (default ``0.0``).

    Example:

    >>> import numpy as np
    >>> x = np.array([[[1.0], [0.0], [2.0]]], "float32")
    >>> Masking()(x)._keras_mask.tolist()
    [[True, False, True]]
    """

    def __init__(self, mask_value=0.0, **kwargs):
        super().__init__(**kwargs)
        if isinstance(mask_value, bool) or not isinstance(mask_value, numbers.Real):
            raise ValueError(
                "Argument `mask_value` must be a number. "
                f"Received: mask_value={mask_value!r}")
        self.mask_value = mask_value
        self.supports_masking = True
        self.built = True

    def compute_mask(self, inputs, mask=None):
        return (inputs != self.mask_value).any(-1)

    def call(self, inputs):
        keep = (inputs != self.mask_value).any(-1, keepdim=True)
        return torch.where(keep, inputs, torch.zeros((), dtype=inputs.dtype,
                                                     device=inputs.device))

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config["mask_value"] = self.mask_value
        return config
