"""Color-space layers: ``RandomGrayscale``, ``RandomHue``, ``RandomSaturation``,
``RandomColorDegeneration``, ``RandomSharpness`` and ``RandomColorJitter``.

Hue and saturation go through ``keras.ops.image``'s RGB/HSV conversions; sharpness is a
depthwise 3x3 smoothing convolution blended with the image, as in Keras.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from torcheras.layers.preprocessing.image._base import batch_images, float_like
from torcheras.layers.preprocessing.image._color_adjust import (
    RandomBrightness,
    _PassThroughTargets,
)
from torcheras.layers.preprocessing.image._random_contrast import RandomContrast
from torcheras.ops._image_color import hsv_to_rgb, rgb_to_grayscale, rgb_to_hsv

_EPSILON = 1e-7  # keras.config.epsilon()'s default, as Keras's RandomSaturation uses


def _per_image(values, images: torch.Tensor) -> torch.Tensor:
    """``values`` (one per image) shaped to broadcast over a rank-4 batch."""
    values = torch.as_tensor(values, device=images.device)
    return values.reshape((-1,) + (1,) * (images.dim() - 1))


def _replace_channel(images, index: int, channel, data_format: str):
    axis = -3 if data_format == "channels_first" else -1
    parts = list(images.unbind(dim=axis))
    parts[index] = channel
    return torch.stack(parts, dim=axis)


class RandomGrayscale(_PassThroughTargets):
    """Converts each image to grayscale with probability ``factor`` while training (the
    output keeps the input's number of channels, all equal to the luma).

    Args:
        factor: Probability in ``[0, 1]`` (default 0.5).
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.
        seed: Optional integer seed.

    Example:

    >>> import numpy as np
    >>> RandomGrayscale(1.0)(np.array([[[[255.0, 0.0, 0.0]]]], "float32")).shape
    torch.Size([1, 1, 1, 3])
    """

    def __init__(self, factor=0.5, data_format=None, seed=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        if factor < 0 or factor > 1:
            raise ValueError(f"`factor` should be between 0 and 1. Received: factor={factor}")
        self.factor = factor
        self._seed_state(seed)

    def get_random_transformation(self, data, training=True, seed=None):
        images, batch = batch_images(data)
        values = self._draw(seed).uniform((batch,), float_like(images))
        return (values < self.factor).reshape(batch, 1, 1, 1)

    def transform_images(self, images, transformation=None, training=True):
        if not training:
            return images
        if transformation is None:
            transformation = self.get_random_transformation(images)
        gray = rgb_to_grayscale(images, data_format=self.data_format)
        apply = torch.as_tensor(transformation, device=images.device)
        if images.dim() == 3:
            apply = apply.reshape(1, 1, 1)
        return torch.where(apply, gray, images)

    def get_config(self) -> dict:
        config = super().get_config()
        # Keras 3.15 leaves the seed out (a loaded layer draws other numbers); kept here.
        config.update({"factor": self.factor, "seed": self.seed})
        return config


class RandomHue(_PassThroughTargets):
    """Shifts the hue of each image by a random amount while training.

    Per image a shift is drawn from ``factor`` and given a random sign; it is half the
    drawn value as a fraction of the hue circle (``factor=1.0`` shifts by up to half a
    turn either way).

    Args:
        factor: A float in ``[0, 1]`` or a pair.
        value_range: The ``(min, max)`` of the inputs (default ``(0, 255)``).
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.
        seed: Optional integer seed.

    Example:

    >>> import numpy as np
    >>> layer = RandomHue(0.5)
    >>> x = layer._convert_input(np.array([[[[255.0, 0.0, 0.0]]]], "float32"))
    >>> layer.transform_images(x, {"factor": np.array([1 / 3], "float32")}).round().tolist()
    [[[[0.0, 255.0, 0.0]]]]
    """

    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, factor, value_range=(0, 255), data_format=None, seed=None,
                 **kwargs):
        super().__init__(factor=factor, data_format=data_format, **kwargs)
        self.value_range = value_range
        self._seed_state(seed)

    def get_random_transformation(self, data, training=True, seed=None):
        images, batch = batch_images(data)
        draw, like = self._draw(seed), float_like(images)
        sign = torch.where(draw.uniform((batch,), like) > 0.5, -1.0, 1.0)
        factor = draw.uniform((batch,), like, self.factor[0], self.factor[1])
        return {"factor": sign * factor * 0.5}

    def transform_images(self, images, transformation=None, training=True):
        if not training:
            return images
        x = self._to_compute(images)
        x = self._to_compute(self._transform_value_range(x, self.value_range, (0, 1)))
        hsv = rgb_to_hsv(x, data_format=self.data_format)
        axis = -3 if self.data_format == "channels_first" else -1
        shift = torch.as_tensor(transformation["factor"], device=x.device).to(x.dtype)
        hue = hsv.select(axis, 0) + shift.reshape((-1,) + (1,) * (hsv.dim() - 2))
        hue = torch.where(hue > 1.0, hue - 1.0, hue)
        hue = torch.where(hue < 0.0, hue + 1.0, hue)
        rgb = hsv_to_rgb(_replace_channel(hsv, 0, hue, self.data_format),
                         data_format=self.data_format).clamp(0, 1)
        return self._to_compute(self._transform_value_range(rgb, (0, 1), self.value_range))

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"factor": self.factor, "value_range": self.value_range,
                       "seed": self.seed})
        return config


class RandomSaturation(_PassThroughTargets):
    """Scales the saturation of each image by a random amount while training.

    Per image ``f`` is drawn from ``factor`` and the HSV saturation is multiplied by
    ``f / (1 - f)``: ``0.5`` leaves the image unchanged, ``0`` makes it gray, values near
    1 saturate it fully.

    Args:
        factor: A float in ``[-1, 1]`` or a pair (as in Keras, ``f`` means ``(-f, f)``).
        value_range: The ``(min, max)`` of the inputs (default ``(0, 255)``).
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.
        seed: Optional integer seed.

    Example:

    >>> import numpy as np
    >>> layer = RandomSaturation((0.0, 0.0))
    >>> layer(np.array([[[[200.0, 100.0, 50.0]]]], "float32")).tolist()
    [[[[200.0, 200.0, 200.0]]]]
    """

    def __init__(self, factor, value_range=(0, 255), data_format=None, seed=None,
                 **kwargs):
        super().__init__(factor=factor, data_format=data_format, **kwargs)
        self._set_value_range(value_range)
        self._seed_state(seed)

    def get_random_transformation(self, data, training=True, seed=None):
        images, batch = batch_images(data, colon=True)
        factor = self._draw(seed).uniform((batch,), float_like(images), self.factor[0],
                                          self.factor[1])
        return {"factor": factor / (1 - factor + _EPSILON)}

    def transform_images(self, images, transformation=None, training=True):
        if not training:
            return images
        x = images if images.is_floating_point() else self._to_compute(images)
        hsv = rgb_to_hsv(x, data_format=self.data_format)
        axis = -3 if self.data_format == "channels_first" else -1
        factor = torch.as_tensor(transformation["factor"], device=x.device).to(x.dtype)
        saturation = hsv.select(axis, 1) * factor.reshape((-1,) + (1,) * (hsv.dim() - 2))
        saturation = saturation.clamp(self.value_range[0], self.value_range[1])
        return hsv_to_rgb(_replace_channel(hsv, 1, saturation, self.data_format),
                          data_format=self.data_format)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"factor": self.factor, "value_range": self.value_range,
                       "seed": self.seed})
        return config


class RandomColorDegeneration(_PassThroughTargets):
    """Blends each image towards its grayscale version by a random amount while training:
    ``x + f * (gray(x) - x)``, clipped to ``value_range``.

    Args:
        factor: A float in ``[-1, 1]`` or a pair (as in Keras, ``f`` means ``(-f, f)``).
        value_range: The ``(min, max)`` of the inputs (default ``(0, 255)``).
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.
        seed: Optional integer seed.

    Example:

    >>> import numpy as np
    >>> layer = RandomColorDegeneration((1.0, 1.0))
    >>> layer(np.array([[[[200.0, 100.0, 50.0]]]], "float32")).round().tolist()
    [[[[124.0, 124.0, 124.0]]]]
    """

    def __init__(self, factor, value_range=(0, 255), data_format=None, seed=None,
                 **kwargs):
        super().__init__(factor=factor, data_format=data_format, **kwargs)
        self._set_value_range(value_range)
        self._seed_state(seed)

    def get_random_transformation(self, data, training=True, seed=None):
        images, batch = batch_images(data, colon=True)
        return {"factor": self._draw(seed).uniform((batch, 1, 1, 1), float_like(images),
                                                   self.factor[0], self.factor[1])}

    def transform_images(self, images, transformation=None, training=True):
        if not training:
            return images
        x = self._to_compute(images)
        factor = torch.as_tensor(transformation["factor"], device=x.device).to(x.dtype)
        gray = rgb_to_grayscale(x, data_format=self.data_format)
        out = x + factor.reshape((-1,) + (1,) * (x.dim() - 1)) * (gray - x)
        return out.clamp(self.value_range[0], self.value_range[1])

    def compute_output_shape(self, input_shape):
        if len(input_shape) not in (3, 4):
            raise ValueError(
                "Invalid images rank: expected rank 3 (single image) or rank 4 (batch of "
                f"images). Received: input_shape={tuple(input_shape)}"
            )
        channels = input_shape[-1 if self.data_format == "channels_last" else -3]
        if channels is not None and channels != 3:
            raise ValueError("Input images must have 3 channels, but received images with "
                             f"{channels} channels.")
        return tuple(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"factor": self.factor, "value_range": self.value_range,
                       "seed": self.seed})
        return config


class RandomSharpness(_PassThroughTargets):
    """Changes the sharpness of each image by a random amount while training.

    The image is smoothed with Keras's 3x3 kernel (``1/13`` around, ``5/13`` in the
    middle, zero padding) and blended as ``x + (1 - 2f) * (smooth - x)`` with ``f`` drawn
    per image from ``factor``: ``0.5`` is the identity, ``0`` blurs, ``1`` sharpens.

    Args:
        factor: A float in ``[0, 1]`` or a pair.
        value_range: The ``(min, max)`` outputs are clipped to (default ``(0, 255)``).
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.
        seed: Optional integer seed.

    Example:

    >>> import numpy as np
    >>> RandomSharpness((0.5, 0.5))(np.full((1, 3, 3, 1), 7.0, "float32"))[0, 1, 1].tolist()
    [7.0]
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, factor, value_range=(0, 255), data_format=None, seed=None,
                 **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self._set_factor(factor)
        self._set_value_range(value_range)
        self._seed_state(seed)

    def get_random_transformation(self, data, training=True, seed=None):
        images, batch = batch_images(data, colon=True)
        return {"factor": self._draw(seed).uniform((batch,), float_like(images),
                                                   self.factor[0], self.factor[1])}

    def transform_images(self, images, transformation=None, training=True):
        x = self._to_compute(images)
        if not training:
            return x
        unbatched = x.dim() == 3
        if unbatched:
            x = x.unsqueeze(0)
        nchw = x if self.data_format == "channels_first" else x.movedim(-1, 1)
        a, b = 1.0 / 13.0, 5.0 / 13.0
        kernel = torch.full((3, 3), a, dtype=x.dtype, device=x.device)
        kernel[1, 1] = b
        channels = nchw.shape[1]
        smooth = F.conv2d(F.pad(nchw, (1, 1, 1, 1)), kernel.expand(channels, 1, 3, 3),
                          groups=channels)
        factor = torch.as_tensor(transformation["factor"], device=x.device).to(x.dtype) * 2
        out = nchw + (1.0 - factor.reshape(-1, 1, 1, 1)) * (smooth - nchw)
        out = out.clamp(self.value_range[0], self.value_range[1])
        out = out if self.data_format == "channels_first" else out.movedim(1, -1)
        return out.squeeze(0) if unbatched else out

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"factor": self.factor, "value_range": self.value_range,
                       "seed": self.seed})
        return config


class RandomColorJitter(_PassThroughTargets):
    """Random brightness, contrast, saturation and hue changes, in that order, each one
    only when its factor is given (see the four layers for the factors' meaning).

    Args:
        value_range: The ``(min, max)`` of the inputs (default ``(0, 255)``).
        brightness_factor: ``RandomBrightness``'s ``factor`` or ``None``.
        contrast_factor: ``RandomContrast``'s ``factor`` or ``None``.
        saturation_factor: ``RandomSaturation``'s ``factor`` or ``None``.
        hue_factor: ``RandomHue``'s ``factor`` or ``None``.
        seed: Optional integer seed.
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.

    Example:

    >>> import numpy as np
    >>> layer = RandomColorJitter(brightness_factor=(0.1, 0.1))
    >>> layer(np.zeros((1, 1, 1, 3), "float32")).tolist()
    [[[[25.5, 25.5, 25.5]]]]
    """

    _USE_BASE_FACTOR = False
    _PARTS = ("random_brightness", "random_contrast", "random_saturation", "random_hue")

    def __init__(self, value_range=(0, 255), brightness_factor=None, contrast_factor=None,
                 saturation_factor=None, hue_factor=None, seed=None, data_format=None,
                 **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.value_range = value_range
        self.brightness_factor = brightness_factor
        self.contrast_factor = contrast_factor
        self.saturation_factor = saturation_factor
        self.hue_factor = hue_factor
        self._seed_state(seed)
        common = {"value_range": value_range, "seed": seed, "data_format": data_format}
        makers = ((RandomBrightness, brightness_factor), (RandomContrast, contrast_factor),
                  (RandomSaturation, saturation_factor), (RandomHue, hue_factor))
        for name, (cls, factor) in zip(self._PARTS, makers):
            setattr(self, name, None if factor is None else cls(factor=factor, **common))

    def _parts(self):
        return [(name, getattr(self, name)) for name in self._PARTS
                if getattr(self, name) is not None]

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        images, _ = batch_images(data)
        return {name: layer.get_random_transformation(images, seed=seed)
                for name, layer in self._parts()}

    def transform_images(self, images, transformation=None, training=True):
        if not training:
            return images
        x = self._to_compute(images)
        if transformation is None:
            transformation = self.get_random_transformation(x)
        for name, layer in self._parts():
            x = self._to_compute(layer.transform_images(x, transformation[name]))
        return x

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"value_range": self.value_range,
                       "brightness_factor": self.brightness_factor,
                       "contrast_factor": self.contrast_factor,
                       "saturation_factor": self.saturation_factor,
                       "hue_factor": self.hue_factor, "seed": self.seed})
        return config
