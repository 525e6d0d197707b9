"""``RandomFlip``: flips images horizontally and/or vertically while training."""

from __future__ import annotations

import torch

from torcheras.layers.preprocessing.image import _bounding_boxes as bbox
from torcheras.layers.preprocessing.image._base import BaseImagePreprocessingLayer, image_size

HORIZONTAL = "horizontal"
VERTICAL = "vertical"
HORIZONTAL_AND_VERTICAL = "horizontal_and_vertical"
_MODES = (HORIZONTAL, VERTICAL, HORIZONTAL_AND_VERTICAL)


class RandomFlip(BaseImagePreprocessingLayer):
    """Randomly flips each image (probability 0.5) while training.

    As in Keras 3, ``mode="horizontal_and_vertical"`` draws one decision per image that
    applies to both flips (an image is flipped both ways or not at all).

    Args:
        mode: ``"horizontal"``, ``"vertical"`` or ``"horizontal_and_vertical"``.
        seed: Optional integer seed.
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.
        bounding_box_format: Format of ``"bounding_boxes"`` in dict inputs (e.g.
            ``"xyxy"``); boxes are mirrored with their images.

    Example:

    >>> import numpy as np
    >>> x = np.arange(4, dtype="float32").reshape(1, 1, 4, 1)
    >>> RandomFlip("horizontal")(x, training=False)[0, 0, :, 0].tolist()
    [0.0, 1.0, 2.0, 3.0]
    """

    _USE_BASE_FACTOR = False
    _SUPPORTS_BOUNDING_BOXES = True

    def __init__(self, mode=HORIZONTAL_AND_VERTICAL, seed=None, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        if mode not in _MODES:
            raise ValueError(
                f"RandomFlip layer {self.name} received an unknown mode argument {mode!r}. "
                f"Expected one of {_MODES}."
            )
        self.mode = mode
        self._seed_state(seed)

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        images = data["images"] if isinstance(data, dict) else data
        shape = tuple(images.shape)
        flips_shape = (1, 1, 1) if len(shape) == 3 else (shape[0], 1, 1, 1)
        flips = self._draw(seed).uniform(flips_shape, images) <= 0.5
        return {"flips": flips, "input_shape": shape}

    def transform_images(self, images, transformation=None, training=True):
        images = super().transform_images(images, None, training=False)  # the cast only
        if training:
            return self._flip(images, transformation)
        return images

    def transform_segmentation_masks(self, masks, transformation=None, training=True):
        return self.transform_images(masks, transformation, training=training)

    def transform_labels(self, labels, transformation=None, training=True):
        return labels

    def transform_bounding_boxes(self, bounding_boxes, transformation=None, training=True):
        """Boxes mirrored with their images (``x -> width - x``, ``y -> height - y``)."""
        if not training or transformation is None:
            return bounding_boxes
        height, width = image_size(transformation["input_shape"], self.data_format)
        boxes = bbox.convert_format(bounding_boxes["boxes"], self.bounding_box_format,
                                    "xyxy", height, width)
        x0, y0, x1, y1 = boxes.unbind(-1)
        flipped = boxes
        if self.mode in (HORIZONTAL, HORIZONTAL_AND_VERTICAL):
            flipped = torch.stack([width - x1, y0, width - x0, y1], -1)
        if self.mode in (VERTICAL, HORIZONTAL_AND_VERTICAL):
            fx0, _, fx1, _ = flipped.unbind(-1)
            flipped = torch.stack([fx0, height - y1, fx1, height - y0], -1)
        flips = torch.as_tensor(transformation["flips"], device=boxes.device).reshape(-1, 1, 1)
        out = dict(bounding_boxes)
        out["boxes"] = bbox.convert_format(torch.where(flips, flipped, boxes), "xyxy",
                                           self.bounding_box_format, height, width)
        return out

    def _flip(self, images, transformation):
        if transformation is None:
            return images
        flips = torch.as_tensor(transformation["flips"], device=images.device)
        if images.dim() == 3:
            flips = flips.reshape(())
        width_axis, height_axis = (-1, -2) if self.data_format == "channels_first" else (-2, -3)
        out = images
        if self.mode in (HORIZONTAL, HORIZONTAL_AND_VERTICAL):
            out = torch.where(flips, torch.flip(out, dims=(width_axis,)), out)
        if self.mode in (VERTICAL, HORIZONTAL_AND_VERTICAL):
            out = torch.where(flips, torch.flip(out, dims=(height_axis,)), out)
        return out

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"seed": self.seed, "mode": self.mode})
        return config
