"""Region and sample mixing: ``RandomErasing``, ``CutMix`` and ``MixUp``.

The rectangles are boolean masks made for the whole batch at once from a pixel grid;
MixUp and CutMix mix each image with another one of the same batch (a random
permutation) and mix the labels in proportion.
"""

from __future__ import annotations

import torch

from torcheras.layers.preprocessing.image import _draws
from torcheras.layers.preprocessing.image._base import (
    BaseImagePreprocessingLayer,
    batch_images,
    float_like,
    image_size,
)
from torcheras.layers.preprocessing.image._random_warp import _named_factor

_FILL_MESSAGE = "The `fill_value` argument should be a number (or a list of three numbers) "


def _rectangles(layer, images, batch: int, width_ratio, height_ratio, draw):
    """Per image a rectangle of ``ratio * size`` on each axis at a uniform position:
    ``(mask, x0, x1, y0, y1)`` with the mask broadcastable to the batch."""
    height, width = image_size(images.shape, layer.data_format)
    like = float_like(images)

    def bounds(length, ratio):
        size = ratio * length
        start = draw.uniform((batch,), like) * (length - size)
        return start, start + size

    x0, x1 = bounds(width, width_ratio)
    y0, y1 = bounds(height, height_ratio)
    grid_y = torch.arange(height, dtype=torch.float32, device=images.device).view(1, -1, 1)
    grid_x = torch.arange(width, dtype=torch.float32, device=images.device).view(1, 1, -1)
    x0c, x1c, y0c, y1c = (v.view(-1, 1, 1) for v in (x0, x1, y0, y1))
    mask = (grid_x >= x0c) & (grid_x < x1c) & (grid_y >= y0c) & (grid_y < y1c)
    mask = mask.unsqueeze(1) if layer.data_format == "channels_first" else mask.unsqueeze(-1)
    return mask, x0, x1, y0, y1


class RandomErasing(BaseImagePreprocessingLayer):
    """Erases a random rectangle of each image while training (probability drawn from
    ``factor``), filling it with ``fill_value`` or, by default, Gaussian noise of std
    ``value_range[1]``, clipped to ``value_range``.

    Each side of the rectangle is ``sqrt(s)`` of the image side with ``s`` drawn per image
    and axis from ``scale``.

    Args:
        factor: A float in ``[0, 1]`` or a pair: the range of the erasing probability.
        scale: A float in ``[0, 1]`` or a pair (default ``(0.02, 0.33)``).
        fill_value: ``None`` (noise), a number, or one value per channel (3 numbers).
        value_range: The ``(min, max)`` of the inputs (default ``(0, 255)``).
        seed: Optional integer seed.
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.

    Example:

    >>> import numpy as np
    >>> layer = RandomErasing(factor=(1.0, 1.0), scale=(1.0, 1.0), fill_value=0)
    >>> layer(np.full((1, 2, 2, 1), 9.0, "float32"))[0, :, :, 0].tolist()
    [[0.0, 0.0], [0.0, 0.0]]
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)
    _SUPPORTS_BOUNDING_BOXES = True

    def __init__(self, factor=1.0, scale=(0.02, 0.33), fill_value=None,
                 value_range=(0, 255), seed=None, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self._set_factor(factor)
        self.scale = _named_factor(scale, "scale")
        if fill_value is not None:
            if isinstance(fill_value, (tuple, list)):
                if len(fill_value) != 3:
                    raise ValueError(_FILL_MESSAGE)
            elif isinstance(fill_value, bool) or not isinstance(fill_value, (int, float)):
                raise ValueError(_FILL_MESSAGE)
        self.fill_value = fill_value
        self.value_range = value_range
        self._seed_state(seed)

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        images, batch = batch_images(data)
        draw, like = self._draw(seed), float_like(images)
        weight = draw.uniform((batch, 2), like, self.scale[0], self.scale[1]).sqrt()
        mask, *_ = _rectangles(self, images, batch, weight[:, 0], weight[:, 1], draw)
        probability = draw.uniform((batch,), like, self.factor[0], self.factor[1])
        threshold = draw.uniform((batch,), like)
        return {"apply_erasing": threshold < probability, "batch_masks": mask,
                "fill_value": self._fill(images, draw)}

    def _fill(self, images, draw):
        like = float_like(images)
        if self.fill_value is None:
            fill = draw.normal(tuple(images.shape), like) * self.value_range[1]
        elif isinstance(self.fill_value, (tuple, list)):
            axis = -3 if self.data_format == "channels_first" else -1
            shape = [1] * images.dim()
            shape[axis] = 3
            fill = torch.tensor(self.fill_value, dtype=torch.float32,
                                device=images.device).reshape(shape)
            fill = fill.expand(images.shape)
        else:
            fill = torch.full(tuple(images.shape), float(self.fill_value),
                              device=images.device)
        return fill.clamp(self.value_range[0], self.value_range[1])

    def transform_images(self, images, transformation=None, training=True):
        images = self._to_compute(images)
        if not training or transformation is None:
            return images
        dev = images.device
        mask = torch.as_tensor(transformation["batch_masks"], device=dev)
        fill = torch.as_tensor(transformation["fill_value"], device=dev).to(images.dtype)
        erased = torch.where(mask, fill, images)
        apply = torch.as_tensor(transformation["apply_erasing"], device=dev)
        return torch.where(apply.reshape((-1,) + (1,) * (images.dim() - 1)), erased, images)

    def transform_labels(self, labels, transformation=None, training=True):
        return labels

    def transform_bounding_boxes(self, bounding_boxes, transformation=None, training=True):
        return bounding_boxes

    def transform_segmentation_masks(self, masks, transformation=None, training=True):
        return masks

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"factor": self.factor, "scale": self.scale,
                       "fill_value": self.fill_value, "value_range": self.value_range,
                       "seed": self.seed})
        return config


def _take(values, order):
    values = torch.as_tensor(values)
    return values.index_select(0, torch.as_tensor(order, device=values.device).long())


def _mix(values, other, weight):
    weight = torch.as_tensor(weight, device=values.device).to(values.dtype)
    weight = weight.reshape((-1,) + (1,) * (values.dim() - 1))
    return weight * values + (1.0 - weight) * other


class CutMix(BaseImagePreprocessingLayer):
    """Pastes a random rectangle of another image of the batch into each image while
    training, and mixes the labels by the pasted area.

    Per batch a Beta concentration ``a`` is drawn from ``factor``; per image
    ``w ~ Beta(a, a)`` and the rectangle's sides are ``sqrt(1 - w)`` of the image's; the
    labels become ``w' * y + (1 - w') * y_other`` with ``w'`` the part left unpasted.
    Single images (rank 3) pass unchanged.

    Args:
        factor: A float in ``[0, 1]`` or a pair: the range of ``a``.
        seed: Optional integer seed.
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.

    Example:

    >>> import numpy as np
    >>> out = CutMix(seed=1)({"images": np.random.rand(4, 8, 8, 3).astype("float32"),
    ...                       "labels": np.eye(4, dtype="float32")})
    >>> [round(float(v), 4) for v in out["labels"].sum(-1)]
    [1.0, 1.0, 1.0, 1.0]
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, factor=1.0, seed=None, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self._set_factor(factor)
        self._seed_state(seed)

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        images = data["images"] if isinstance(data, dict) else data
        if images.dim() == 3:
            return None
        images, batch = batch_images(images)
        draw, like = self._draw(seed), float_like(images)
        alpha = float(draw.uniform((), like, self.factor[0], self.factor[1])) + 1e-6
        weight = _draws.beta(draw, (batch,), alpha, alpha, like)
        ratio = torch.sqrt(1.0 - weight)
        mask, x0, x1, y0, y1 = _rectangles(self, images, batch, ratio, ratio, draw)
        height, width = image_size(images.shape, self.data_format)
        return {"permutation_order": _draws.permutation(draw, batch, like),
                "batch_masks": mask,
                "mix_weight": 1.0 - (x1 - x0) * (y1 - y0) / (width * height)}

    def transform_images(self, images, transformation=None, training=True):
        images = self._to_compute(images)
        if not training or transformation is None:
            return images
        mask = torch.as_tensor(transformation["batch_masks"], device=images.device)
        return torch.where(mask, _take(images, transformation["permutation_order"]), images)

    def transform_labels(self, labels, transformation=None, training=True):
        if not training or transformation is None:
            return labels
        labels = torch.as_tensor(labels)
        labels = labels if labels.is_floating_point() else labels.float()
        other = _take(labels, transformation["permutation_order"])
        return _mix(labels, other, transformation["mix_weight"])

    def transform_segmentation_masks(self, masks, transformation=None, training=True):
        return self.transform_images(masks, transformation, training)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"factor": self.factor, "seed": self.seed})
        return config


class MixUp(BaseImagePreprocessingLayer):
    """Blends each image (and its labels) with another image of the batch while training:
    ``w * x + (1 - w) * x_other`` with ``w ~ Beta(alpha, alpha)`` per image.

    Bounding boxes of both images are kept (concatenated along the box axis).

    Args:
        alpha: The Beta distribution's concentration (default 0.2).
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.
        seed: Optional integer seed.

    Example:

    >>> import numpy as np
    >>> out = MixUp(seed=1)({"images": np.random.rand(4, 8, 8, 3).astype("float32"),
    ...                      "labels": np.eye(4, dtype="float32")})
    >>> [round(float(v), 4) for v in out["labels"].sum(-1)]
    [1.0, 1.0, 1.0, 1.0]
    """

    _USE_BASE_FACTOR = False
    _SUPPORTS_BOUNDING_BOXES = True

    def __init__(self, alpha=0.2, data_format=None, seed=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.alpha = alpha
        self._seed_state(seed)

    def get_random_transformation(self, data, training=True, seed=None):
        images, batch = batch_images(data)
        draw, like = self._draw(seed), float_like(images)
        return {"mix_weight": _draws.beta(draw, (batch,), self.alpha, self.alpha, like),
                "permutation_order": _draws.permutation(draw, batch, like)}

    def transform_images(self, images, transformation=None, training=True):
        if not training:
            return images
        images = self._to_compute(images)
        other = _take(images, transformation["permutation_order"])
        return _mix(images, other, transformation["mix_weight"])

    def transform_labels(self, labels, transformation=None, training=True):
        if not training:
            return labels
        labels = torch.as_tensor(labels)
        labels = labels if labels.is_floating_point() else labels.float()
        other = _take(labels, transformation["permutation_order"])
        return _mix(labels, other, transformation["mix_weight"])

    def transform_segmentation_masks(self, masks, transformation=None, training=True):
        if not training:
            return masks
        masks = torch.as_tensor(masks)
        masks = masks if masks.is_floating_point() else masks.float()
        other = _take(masks, transformation["permutation_order"])
        return _mix(masks, other, transformation["mix_weight"])

    def transform_bounding_boxes(self, bounding_boxes, transformation=None, training=True):
        if not training:
            return bounding_boxes
        order = transformation["permutation_order"]
        out = dict(bounding_boxes)
        for key in ("boxes", "labels"):
            value = torch.as_tensor(bounding_boxes[key])
            out[key] = torch.cat([value, _take(value, order)], dim=1)
        return out

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"alpha": self.alpha, "seed": self.seed})
        return config
