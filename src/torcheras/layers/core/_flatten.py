"""``Flatten``: collapses all but the batch dimension."""

from __future__ import annotations

import math

from torcheras.backend import _config
from torcheras.layers._layer import Layer


class Flatten(Layer):
    """Flattens the input, keeping the batch dimension.

    Args:
        data_format: ``"channels_last"`` (default) or ``"channels_first"``; with
            channels_first, inputs are moved to channels_last order before flattening, so
            weights trained in either format line up as in Keras.

    Example:

    >>> import numpy as np
    >>> Flatten()(np.zeros((2, 3, 4), "float32")).shape
    torch.Size([2, 12])
    """

    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = _config.standardize_data_format(data_format)
        self.built = True

    def call(self, inputs):
        if self.data_format == "channels_first" and inputs.dim() > 2:
            inputs = inputs.permute(0, *range(2, inputs.dim()), 1)
        return inputs.reshape(inputs.shape[0], -1)

    def compute_output_shape(self, input_shape):
        rest = input_shape[1:]
        size = None if any(d is None for d in rest) else int(math.prod(rest))
        return (input_shape[0], size)

    def get_config(self) -> dict:
        config = super().get_config()
        config["data_format"] = self.data_format
        return config
