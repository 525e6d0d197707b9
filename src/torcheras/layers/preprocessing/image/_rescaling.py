"""``Rescaling``: ``inputs * scale + offset`` (e.g. pixels from ``[0, 255]`` to ``[0, 1]``)."""

from __future__ import annotations

import numpy as np
import torch

from torcheras.backend import _config, _device
from torcheras.layers._layer import Layer


def _check_numbers(value, name: str):
    try:
        array = np.asarray(value.detach().cpu() if isinstance(value, torch.Tensor) else value,
                           dtype="float64")
    except (TypeError, ValueError):
        array = None
    if array is None or isinstance(value, (str, bool)) or not np.isfinite(array).all():
        raise ValueError(
            f"Argument `{name}` must be a number or an array of numbers. "
            f"Received: {name}={value!r}"
        )
    return value


class Rescaling(Layer):
    """Multiplies the inputs by ``scale`` and adds ``offset``, in the layer's float dtype.

    Active in training and inference alike. A per-channel ``scale`` (an array) is laid out
    along the channel axis of ``keras.config.image_data_format()``.

    Args:
        scale: Number or array, e.g. ``1 / 255``; or ``1 / 127.5`` with ``offset=-1`` to map
            ``[0, 255]`` to ``[-1, 1]``.
        offset: Number or array added after scaling.

    Example:

    >>> import numpy as np
    >>> Rescaling(1 / 255)(np.array([[0, 51, 255]], "uint8")).tolist()
    [[0.0, 0.20000001788139343, 1.0]]
    """

    def __init__(self, scale, offset=0.0, **kwargs):
        super().__init__(**kwargs)
        self.scale = _check_numbers(scale, "scale")
        self.offset = _check_numbers(offset, "offset")
        self.supports_masking = True
        self.built = True

    def _as_tensor(self, value, like: torch.Tensor) -> torch.Tensor:
        if isinstance(value, torch.Tensor):
            return value.to(device=like.device, dtype=like.dtype)
        return torch.as_tensor(np.asarray(value), dtype=like.dtype, device=like.device)

    def call(self, inputs):
        x = inputs.to(_device.to_torch_dtype(self.compute_dtype))
        scale, offset = self.scale, self.offset
        if isinstance(scale, (int, float)) and isinstance(offset, (int, float)):
            return x * scale + offset
        scale, offset = self._as_tensor(scale, x), self._as_tensor(offset, x)
        if scale.dim() > 0 and _config.image_data_format() == "channels_first":
            scale = scale.reshape(tuple(scale.shape) + (1,) * (3 - scale.dim()))
        return x * scale + offset

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"scale": _plain(self.scale), "offset": _plain(self.offset)})
        return config


def _plain(value):
    """Arrays become nested lists so the config is JSON-friendly and round-trips."""
    if isinstance(value, torch.Tensor):
        return value.detach().cpu().tolist()
    if isinstance(value, np.ndarray):
        return value.tolist()
    return value
