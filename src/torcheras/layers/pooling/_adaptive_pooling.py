"""``AdaptiveAveragePooling1D/2D/3D`` and ``AdaptiveMaxPooling1D/2D/3D``.

The output has a fixed spatial size whatever the input's: output cell ``i`` of an axis of
length ``n`` pooled to ``m`` covers input ``[floor(i * n / m), ceil((i + 1) * n / m))``, the
bins of ``torch.nn.functional.adaptive_*_pool`` (and of Keras on every backend).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from torcheras.backend import _config
from torcheras.layers._input_spec import InputSpec
from torcheras.layers._layer import Layer

_AVG = {1: F.adaptive_avg_pool1d, 2: F.adaptive_avg_pool2d, 3: F.adaptive_avg_pool3d}
_MAX = {1: F.adaptive_max_pool1d, 2: F.adaptive_max_pool2d, 3: F.adaptive_max_pool3d}
# How Keras names the output axes of each rank in its error messages.
_AXES = {2: "(height, width)", 3: "(depth, height, width)"}


def _output_size(value, rank: int) -> tuple:
    size = _output_tuple(value, rank)
    if not all(isinstance(d, int) and not isinstance(d, bool) and d > 0 for d in size):
        raise ValueError(
            f"Argument `output_size` must hold positive integers. Received: "
            f"output_size={value!r}")
    return size


def _output_tuple(value, rank: int) -> tuple:
    if isinstance(value, int):
        return (value,) * rank
    if rank == 1:
        if isinstance(value, (tuple, list)):
            if len(value) != 1:
                raise ValueError(
                    f"For 1D input, `output_size` tuple must have length 1. Received: {value}")
            return tuple(value)
        raise TypeError(
            f"`output_size` must be an integer or tuple of 1 integer. "
            f"Received: {value} of type {type(value)}")
    if isinstance(value, (tuple, list)) and len(value) == rank:
        return tuple(value)
    raise TypeError(
        f"`output_size` must be an integer or {_AXES[rank]} tuple. "
        f"Received: {value} of type {type(value)}")


class BaseAdaptivePooling(Layer):
    """Pools each spatial axis into ``output_size`` bins (average or max).

    Args:
        output_size: Target spatial size: an int (every axis) or a tuple of one per axis.
        data_format: ``"channels_last"`` (default from ``keras.config``) or
            ``"channels_first"``.
    """

    rank = 2
    mode = "average"

    def __init__(self, output_size, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.output_size = _output_size(output_size, self.rank)
        self.data_format = data_format or _config.image_data_format()
        if self.data_format not in {"channels_first", "channels_last"}:
            raise ValueError(
                f"Invalid data_format: {self.data_format}. "
                "Expected 'channels_first' or 'channels_last'.")
        self.input_spec = InputSpec(ndim=self.rank + 2)

    def call(self, inputs):
        pool = (_AVG if self.mode == "average" else _MAX)[self.rank]
        if self.data_format == "channels_last":
            # torch pools channels-first: move channels to axis 1 and back.
            inputs = torch.movedim(inputs, -1, 1)
        size = self.output_size[0] if self.rank == 1 else self.output_size
        outputs = pool(inputs, size)
        if self.data_format == "channels_last":
            outputs = torch.movedim(outputs, 1, -1)
        return outputs

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        if self.data_format == "channels_last":
            return (input_shape[0], *self.output_size, input_shape[-1])
        return (input_shape[0], input_shape[1], *self.output_size)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"output_size": self.output_size, "data_format": self.data_format})
        return config


class AdaptiveAveragePooling1D(BaseAdaptivePooling):
    """Average pooling of ``(batch, length, channels)`` to a fixed length.

    Args:
        output_size: Target length (an int or a 1-tuple).
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.

    Example:

    >>> import numpy as np
    >>> x = np.arange(5, dtype="float32").reshape(1, 5, 1)
    >>> AdaptiveAveragePooling1D(2)(x)[0, :, 0].tolist()
    [1.0, 3.0]
    """

    rank = 1
    mode = "average"


class AdaptiveAveragePooling2D(BaseAdaptivePooling):
    """Average pooling of images to a fixed ``(height, width)``.

    Args:
        output_size: An int (both axes) or a ``(height, width)`` tuple.
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.
    """

    rank = 2
    mode = "average"


class AdaptiveAveragePooling3D(BaseAdaptivePooling):
    """Average pooling of volumes to a fixed ``(depth, height, width)``.

    Args:
        output_size: An int (every axis) or a ``(depth, height, width)`` tuple.
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.
    """

    rank = 3
    mode = "average"


class AdaptiveMaxPooling1D(BaseAdaptivePooling):
    """Max pooling of ``(batch, length, channels)`` to a fixed length.

    Args:
        output_size: Target length (an int or a 1-tuple).
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.

    Example:

    >>> import numpy as np
    >>> x = np.arange(5, dtype="float32").reshape(1, 5, 1)
    >>> AdaptiveMaxPooling1D(2)(x)[0, :, 0].tolist()
    [2.0, 4.0]
    """

    rank = 1
    mode = "max"


class AdaptiveMaxPooling2D(BaseAdaptivePooling):
    """Max pooling of images to a fixed ``(height, width)``.

    Args:
        output_size: An int (both axes) or a ``(height, width)`` tuple.
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.
    """

    rank = 2
    mode = "max"


class AdaptiveMaxPooling3D(BaseAdaptivePooling):
    """Max pooling of volumes to a fixed ``(depth, height, width)``.

    Args:
        output_size: An int (every axis) or a ``(depth, height, width)`` tuple.
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.
    """

    rank = 3
    mode = "max"
