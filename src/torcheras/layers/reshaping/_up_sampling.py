"""``UpSampling1D/2D/3D``: repeat rows/columns (nearest) or interpolate (2D)."""

from __future__ import annotations

import torch.nn.functional as F

from torcheras.layers._input_spec import InputSpec
from torcheras.layers._layer import Layer
from torcheras.layers.convolutional import _args, _ops

_INTERPOLATIONS = ("nearest", "bilinear", "bicubic")


def _repeat(x, axes: tuple, sizes: tuple):
    """Nearest upsampling: one broadcasted copy instead of a repeat per axis."""
    shape, view = list(x.shape), []
    factors = dict(zip(axes, sizes))
    for axis, n in enumerate(shape):
        view.append(n)
        if axis in factors:
            view.append(1)
    expanded = x.reshape(view)
    target, out = [], []
    for axis, n in enumerate(shape):
        target.append(n)
        if axis in factors:
            target.append(factors[axis])
            out.append(n * factors[axis])
        else:
            out.append(n)
    return expanded.expand(target).reshape(out)


class _UpSampling(Layer):
    rank = 2

    def __init__(self, size, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = _args.data_format(data_format)
        self.size = _args.int_tuple(size, self.rank, "size")
        first = 1 if self.data_format == "channels_last" else 2
        self._axes = tuple(range(first, first + self.rank))
        self.input_spec = InputSpec(ndim=self.rank + 2)
        self.built = True

    def call(self, inputs):
        return _repeat(inputs, self._axes, self.size)

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        for axis, factor in zip(self._axes, self.size):
            if shape[axis] is not None:
                shape[axis] *= factor
        return tuple(shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"size": self.size, "data_format": self.data_format})
        return config


class UpSampling1D(_UpSampling):
    """Repeats each step ``size`` times along the steps axis of ``(batch, steps, features)``.

    Args:
        size: Positive int, the upsampling factor (default 2).

    Example:

    >>> import numpy as np
    >>> UpSampling1D(2)(np.array([[[1.0], [2.0]]], "float32")).flatten().tolist()
    [1.0, 1.0, 2.0, 2.0]
    """

    rank = 1

    def __init__(self, size=2, **kwargs):
        if isinstance(size, bool) or not hasattr(size, "__index__"):
            raise TypeError(f"Expected an integer value for `size`, got {type(size)}.")
        if int(size) <= 0:
            raise ValueError(
                f"Argument `size` should be a positive integer. Received: size={size}")
        super().__init__(int(size), "channels_last", **kwargs)
        self.size = int(size)

    def call(self, inputs):
        return _repeat(inputs, (1,), (self.size,))

    def compute_output_shape(self, input_shape):
        steps = None if input_shape[1] is None else input_shape[1] * self.size
        return (input_shape[0], steps, input_shape[2])

    def get_config(self) -> dict:
        config = Layer.get_config(self)
        config["size"] = self.size
        return config


class UpSampling2D(_UpSampling):
    """Upsamples height and width by integer factors.

    Args:
        size: Int or ``(height_factor, width_factor)`` (default ``(2, 2)``).
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.
        interpolation: ``"nearest"`` (repeat pixels, default), ``"bilinear"`` or
            ``"bicubic"`` (half-pixel centres, as Keras).

    Example:

    >>> import numpy as np
    >>> UpSampling2D()(np.ones((1, 2, 3, 4), "float32")).shape
    torch.Size([1, 4, 6, 4])
    """

    rank = 2

    def __init__(self, size=(2, 2), data_format=None, interpolation="nearest", **kwargs):
        super().__init__(size, data_format, **kwargs)
        text = interpolation.lower() if isinstance(interpolation, str) else interpolation
        if text not in _INTERPOLATIONS:
            raise ValueError(
                f"Invalid value for argument `interpolation`. Expected one of "
                f"{list(_INTERPOLATIONS)}. Received: interpolation={interpolation!r}")
        self.interpolation = text

    def call(self, inputs):
        if self.interpolation == "nearest":
            return _repeat(inputs, self._axes, self.size)
        channels_last = self.data_format == "channels_last"
        x = _ops.to_torch(inputs, 2, channels_last)
        size = (x.shape[2] * self.size[0], x.shape[3] * self.size[1])
        y = F.interpolate(x, size=size, mode=self.interpolation, align_corners=False)
        return _ops.from_torch(y, 2, channels_last)

    def get_config(self) -> dict:
        config = super().get_config()
        config["interpolation"] = self.interpolation
        return config


class UpSampling3D(_UpSampling):
    """Repeats voxels along the three spatial axes.

    Args:
        size: Int or 3 ints (default ``(2, 2, 2)``).
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.

    Example:

    >>> import numpy as np
    >>> UpSampling3D(2)(np.ones((1, 1, 2, 3, 4), "float32")).shape
    torch.Size([1, 2, 4, 6, 4])
    """

    rank = 3

    def __init__(self, size=(2, 2, 2), data_format=None, **kwargs):
        super().__init__(size, data_format, **kwargs)
