"""Deterministic contrast layers: ``AutoContrast`` and ``Equalization`` (histogram
equalization). Both apply in training and inference alike.

Equalization computes one histogram per image and channel for the whole batch at once
(``scatter_add`` into ``(batch, channels, bins)``), with Keras's binning, cumulative
lookup table and rounding, so single images give Keras's numbers. Keras 3.15 pools the
histogram of a channel over the whole batch (an image's result depends on its batch
mates) and skips the layer at inference although its documentation says it is applied;
here each image is equalized on its own and the layer always applies.
"""

from __future__ import annotations

import torch

from torcheras.layers.preprocessing.image._base import image_size
from torcheras.layers.preprocessing.image._color_adjust import _PassThroughTargets


def _hw_axes(images: torch.Tensor, data_format: str) -> tuple[int, int]:
    return (-2, -1) if data_format == "channels_first" else (-3, -2)


class AutoContrast(_PassThroughTargets):
    """Stretches each channel of each image to span the whole ``value_range``.

    Per image and channel, ``(x - min) / (max - min)`` rescaled to ``value_range``; a
    constant channel is returned unchanged. Always applied (training or not); outputs are
    in the layer's float dtype. With ``channels_first`` the extremes are still taken over
    height and width (Keras 3.15 reduces over channels and height there).

    Args:
        value_range: The ``(min, max)`` of the inputs (default ``(0, 255)``).
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.

    Example:

    >>> import numpy as np
    >>> AutoContrast()(np.array([[[[50.0]], [[100.0]]]], "float32"))[0, :, 0, 0].tolist()
    [0.0, 255.0]
    """

    _USE_BASE_FACTOR = False

    def __init__(self, value_range=(0, 255), **kwargs):
        super().__init__(**kwargs)
        self._set_value_range(value_range)

    def transform_images(self, images, transformation=None, training=True):
        original = images
        x = self._to_compute(self._transform_value_range(self._to_compute(images),
                                                         self.value_range, (0, 255)))
        axes = _hw_axes(x, self.data_format)
        low = x.amin(dim=axes, keepdim=True)
        high = x.amax(dim=axes, keepdim=True)
        scale = 255.0 / (high - low)
        out = (x * scale + (-low * scale)).clamp(0.0, 255.0)
        out = self._transform_value_range(out, (0, 255), self.value_range)
        return torch.where(torch.isnan(out), original.to(out.dtype), out)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"value_range": self.value_range})
        return config


class Equalization(_PassThroughTargets):
    """Histogram equalization of each channel of each image.

    Values are binned into ``bins`` bins on the ``[0, 255]`` scale, the cumulative
    histogram becomes a lookup table spreading the values over ``[0, 255]``, and the
    result is mapped back to ``value_range``. A channel whose values all fall in one bin
    is left unchanged. Always applied; outputs are in the layer's float dtype.

    Args:
        value_range: The ``(min, max)`` of the inputs (default ``(0, 255)``).
        bins: Number of histogram bins (default 256).
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.

    Example:

    >>> import numpy as np
    >>> x = np.array([[[[0.0]], [[10.0]], [[10.0]], [[20.0]]]], "float32")
    >>> Equalization()(x)[0, :, 0, 0].tolist()
    [0.0, 170.0, 170.0, 255.0]
    """

    def __init__(self, value_range=(0, 255), bins=256, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        if isinstance(bins, bool) or not isinstance(bins, int) or bins < 1:
            raise ValueError(f"Argument `bins` must be a positive integer. Received: "
                             f"bins={bins!r}")
        self.bins = bins
        self._set_value_range(value_range)

    def transform_images(self, images, transformation=None, training=True):
        x = self._to_compute(images)
        channels_first = self.data_format == "channels_first"
        unbatched = x.dim() == 3
        if unbatched:
            x = x.unsqueeze(0)
        if not channels_first:
            x = x.movedim(-1, 1)
        batch, channels = x.shape[:2]
        height, width = image_size(x.shape, "channels_first")
        flat = x.reshape(batch, channels, height * width)
        out = self._equalize(self._transform_value_range(flat, self.value_range, (0, 255)))
        out = self._transform_value_range(out, (0, 255), self.value_range)
        out = out.reshape(batch, channels, height, width).to(x.dtype)
        if not channels_first:
            out = out.movedim(1, -1)
        return out.squeeze(0) if unbatched else out

    def _equalize(self, values: torch.Tensor) -> torch.Tensor:
        """Equalize ``(batch, channels, pixels)`` values on the 0-255 scale."""
        bins = self.bins
        values = values.to(torch.float32)
        index = ((values - 0.0) * (bins - 1) / 255.0).to(torch.int32).clamp(0, bins - 1)
        hist = torch.zeros(values.shape[:2] + (bins,), dtype=torch.int64,
                           device=values.device)
        hist.scatter_add_(-1, index.long(), torch.ones_like(index, dtype=torch.int64))
        cdf = hist.cumsum(-1)
        big = torch.iinfo(torch.int64).max
        cdf_min = torch.where(cdf > 0, cdf, big).amin(-1, keepdim=True)
        denominator = cdf[..., -1:] - cdf_min
        denominator = torch.where(denominator == 0, 1, denominator)
        lut = ((cdf - cdf_min) * 255 / denominator).to(torch.float32)
        lut = torch.round(lut).clamp(0, 255)
        lookup = (values / 255.0 * (bins - 1)).clamp(0, bins - 1).to(torch.int64)
        equalized = torch.gather(lut, -1, lookup)
        flat_channel = ((hist > 0).sum(-1, keepdim=True) <= 1)
        return torch.where(flat_channel, values, equalized)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"bins": self.bins, "value_range": self.value_range})
        return config
