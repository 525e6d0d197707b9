"""Pixel-wise color layers: ``RandomBrightness``, ``RandomInvert``,
``RandomPosterization`` and ``Solarization`` (random while training, identity otherwise).

Each draws one value per image and applies it to the whole batch with broadcast torch
ops; bounding boxes, labels and segmentation masks pass through unchanged.
"""

from __future__ import annotations

import torch

from torcheras.layers.preprocessing.image._base import (
    BaseImagePreprocessingLayer,
    batch_images,
    float_like,
)


class _PassThroughTargets(BaseImagePreprocessingLayer):
    """Color layers: pixels change, geometry does not."""

    _SUPPORTS_BOUNDING_BOXES = True

    def transform_labels(self, labels, transformation=None, training=True):
        return labels

    def transform_bounding_boxes(self, bounding_boxes, transformation=None, training=True):
        return bounding_boxes

    def transform_segmentation_masks(self, masks, transformation=None, training=True):
        return masks


class RandomBrightness(_PassThroughTargets):
    """Adds a random brightness delta to each image while training.

    The delta is drawn per image from ``factor`` (as a fraction of the ``value_range``
    span) and added to every pixel and channel; outputs are clipped to ``value_range``.
    Integer images keep their dtype (the delta truncated to an integer, as Keras).

    Args:
        factor: A float in ``[-1, 1]`` or a pair ``(lower, upper)``: ``0.2`` draws the
            delta from ``[-0.2, 0.2]`` times the value range span.
        value_range: The ``(min, max)`` of the inputs (default ``(0, 255)``).
        seed: Optional integer seed.
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.

    Example:

    >>> import numpy as np
    >>> layer = RandomBrightness(factor=(0.2, 0.2))
    >>> layer(np.full((1, 1, 1, 1), 10.0, "float32"))[0, 0, 0].tolist()
    [61.0]
    """

    def __init__(self, factor, value_range=(0, 255), seed=None, **kwargs):
        super().__init__(factor=factor, **kwargs)
        self._set_value_range(value_range)
        self._seed_state(seed)

    def get_random_transformation(self, data, training=True, seed=None):
        images, batch = batch_images(data)
        shape = (1, 1, 1) if images.dim() == 3 else (batch, 1, 1, 1)
        like = float_like(images)
        if not training:
            return {"rgb_delta": torch.zeros(shape, device=images.device)}
        delta = self._draw(seed).uniform(shape, like, self.factor[0], self.factor[1])
        return {"rgb_delta": delta * (self.value_range[1] - self.value_range[0])}

    def transform_images(self, images, transformation=None, training=True):
        if not training:
            return images
        delta = torch.as_tensor(transformation["rgb_delta"], device=images.device)
        if images.is_floating_point():
            out = images + delta.to(images.dtype)
            return out.clamp(self.value_range[0], self.value_range[1])
        out = images.to(torch.float32) + delta.to(torch.float32).trunc()
        return out.clamp(self.value_range[0], self.value_range[1]).to(images.dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"factor": self.factor, "value_range": self.value_range,
                       "seed": self.seed})
        return config


class RandomInvert(_PassThroughTargets):
    """Inverts images (``value_range[1] - x``) at random while training.

    Each image draws an inversion probability from ``factor`` and is inverted when a
    uniform draw falls below it: ``factor=(1.0, 1.0)`` inverts every image, the default
    ``1.0`` (the range ``[0, 1]``) about half of them, as in Keras.

    Args:
        factor: A float in ``[0, 1]`` or a pair: the range of the inversion probability.
        value_range: The ``(min, max)`` of the inputs (default ``(0, 255)``).
        seed: Optional integer seed.
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.

    Example:

    >>> import numpy as np
    >>> RandomInvert(factor=(1.0, 1.0))(np.full((1, 1, 1, 1), 5.0, "float32")).tolist()
    [[[[250.0]]]]
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, factor=1.0, value_range=(0, 255), seed=None, data_format=None,
                 **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self._set_factor(factor)
        self.value_range = value_range
        self._seed_state(seed)

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        images, batch = batch_images(data)
        draw, like = self._draw(seed), float_like(images)
        probability = draw.uniform((batch,), like, self.factor[0], self.factor[1])
        threshold = draw.uniform((batch,), like)
        return {"apply_inversion": threshold < probability}

    def transform_images(self, images, transformation=None, training=True):
        if not training:
            return images
        images = self._to_compute(images)
        apply = torch.as_tensor(transformation["apply_inversion"], device=images.device)
        apply = apply.reshape((-1,) + (1,) * (images.dim() - 1))
        return torch.where(apply, self.value_range[1] - images, images)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"factor": self.factor, "value_range": self.value_range,
                       "seed": self.seed})
        return config


class RandomPosterization(_PassThroughTargets):
    """Keeps only the ``bits`` most significant bits of each 8-bit channel value while
    training (images are mapped from ``value_range`` to ``[0, 255]`` and back).

    Args:
        factor: An integer in ``[1, 8]`` or a pair: the number of bits kept. As in Keras,
            ``factor=f`` means the range ``(1, f)`` and a range draws from
            ``[lower, upper)``; ``(4, 4)`` always keeps 4 bits.
        value_range: The ``(min, max)`` of the inputs (default ``(0, 255)``).
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.
        seed: Optional integer seed.

    Example:

    >>> import numpy as np
    >>> RandomPosterization(factor=(2, 2))(np.full((1, 1, 1, 1), 200.0, "float32")).tolist()
    [[[[192.0]]]]
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (1, 8)
    _MAX_FACTOR = 8

    def __init__(self, factor, value_range=(0, 255), data_format=None, seed=None,
                 **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self._set_factor(factor)
        self._set_value_range(value_range)
        self._seed_state(seed)

    def get_random_transformation(self, data, training=True, seed=None):
        images, batch = batch_images(data, colon=True)
        low, high = int(self.factor[0]), int(self.factor[1])
        if low != high:
            generator = self._draw(seed).generator(images.device)
            bits = torch.randint(low, high, (batch,), generator=generator,
                                 device=images.device, dtype=torch.uint8)
        else:
            bits = torch.full((batch,), low, dtype=torch.uint8, device=images.device)
        return {"shift_factor": self._MAX_FACTOR - bits}

    def transform_images(self, images, transformation=None, training=True):
        if not training:
            return images
        shift = torch.as_tensor(transformation["shift_factor"], device=images.device)
        shift = shift.to(torch.uint8).reshape((-1,) + (1,) * (images.dim() - 1))
        x = self._transform_value_range(self._to_compute(images), self.value_range, (0, 255))
        x = self._to_compute(x).to(torch.uint8)
        x = torch.bitwise_left_shift(torch.bitwise_right_shift(x, shift), shift)
        x = self._to_compute(x)
        return self._transform_value_range(x, (0, 255), self.value_range)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"factor": self.factor, "value_range": self.value_range,
                       "seed": self.seed})
        return config


class Solarization(_PassThroughTargets):
    """Solarizes images while training: adds a random amount, then inverts every value
    at or above a random threshold (``255 - x`` on the ``[0, 255]`` scale).

    As in Keras, per image the addition is drawn from
    ``[addition_factor[0], addition_factor[1] * 255]`` and the threshold from
    ``[threshold_factor[0], threshold_factor[1] * 255]``; a single number ``f`` means
    ``(0, f)``. ``threshold_factor=0`` inverts every pixel.

    Args:
        addition_factor: A float in ``[0, 1]`` or a pair.
        threshold_factor: A float in ``[0, 1]`` or a pair.
        value_range: The ``(min, max)`` of the inputs (default ``(0, 255)``).
        seed: Optional integer seed.
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.

    Example:

    >>> import numpy as np
    >>> Solarization()(np.array([[[[10.0]], [[200.0]]]], "float32"))[0, :, 0, 0].tolist()
    [245.0, 55.0]
    """

    _USE_BASE_FACTOR = False
    _MESSAGE = ("The `addition_factor` and `threshold_factor` arguments should be a number "
                "(or a list of two numbers) in the range [0, 1]. ")

    def __init__(self, addition_factor=0.0, threshold_factor=0.0, value_range=(0, 255),
                 seed=None, **kwargs):
        super().__init__(**kwargs)
        self._seed_state(seed)
        self.addition_factor = self._named_factor(addition_factor, "addition_factor")
        self.threshold_factor = self._named_factor(threshold_factor, "threshold_factor")
        self._set_value_range(value_range)

    def _named_factor(self, factor, name: str):
        def check(value):
            if value > 1.0 or value < 0:
                raise ValueError(self._MESSAGE + f"Received: input_number={value}")

        if isinstance(factor, (tuple, list)):
            if len(factor) != 2:
                raise ValueError(self._MESSAGE + f"Received: {name}={factor}")
            check(factor[0])
            check(factor[1])
            return tuple(sorted(factor))
        if isinstance(factor, (int, float)) and not isinstance(factor, bool):
            check(factor)
            return (0, factor)
        raise ValueError(self._MESSAGE + f"Received: {name}={factor}")

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        images, batch = batch_images(data)
        shape = (batch, 1, 1, 1) if images.dim() == 4 else (1, 1, 1)
        draw, like = self._draw(seed), float_like(images)
        additions = draw.uniform(shape, like, self.addition_factor[0],
                                 self.addition_factor[1] * 255)
        thresholds = draw.uniform(shape, like, self.threshold_factor[0],
                                  self.threshold_factor[1] * 255)
        return {"additions": additions, "thresholds": thresholds}

    def transform_images(self, images, transformation=None, training=True):
        images = self._to_compute(images)
        if not training or transformation is None:
            return images
        dev = images.device
        additions = torch.as_tensor(transformation["additions"], device=dev)
        thresholds = torch.as_tensor(transformation["thresholds"], device=dev)
        x = self._transform_value_range(images, self.value_range, (0, 255))
        x = (x + additions.to(x.dtype)).clamp(0, 255)
        x = torch.where(x < thresholds.to(x.dtype), x, 255 - x)
        return self._transform_value_range(x, (0, 255), self.value_range).to(images.dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"value_range": self.value_range,
                       "addition_factor": self.addition_factor,
                       "threshold_factor": self.threshold_factor, "seed": self.seed})
        return config
