"""``MaxNumBoundingBoxes``: pads or truncates the boxes of a batch to a fixed number."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from torcheras.layers.preprocessing.image._base import BaseImagePreprocessingLayer


class MaxNumBoundingBoxes(BaseImagePreprocessingLayer):
    """Makes every image's ``bounding_boxes`` hold exactly ``max_number`` boxes: extra
    boxes are dropped, missing ones are padded with ``fill_value`` (boxes and labels).
    Images, labels and segmentation masks pass unchanged; applies in training and
    inference alike.

    Args:
        max_number: The number of boxes per image.
        fill_value: Value of the padding boxes' coordinates and labels (default -1).
        bounding_box_format: Format of the boxes (they are not converted).

    Example:

    >>> import numpy as np
    >>> layer = MaxNumBoundingBoxes(3, bounding_box_format="xyxy")
    >>> out = layer({"images": np.zeros((1, 4, 4, 3), "float32"),
    ...              "bounding_boxes": {"boxes": np.ones((1, 1, 4), "float32"),
    ...                                 "labels": np.array([[7]])}})
    >>> out["bounding_boxes"]["labels"].tolist()
    [[7, -1, -1]]
    """

    _SUPPORTS_BOUNDING_BOXES = True

    def __init__(self, max_number, fill_value=-1, **kwargs):
        super().__init__(**kwargs)
        self.max_number = int(max_number)
        self.fill_value = int(fill_value)

    def transform_images(self, images, transformation=None, training=True):
        return images

    def transform_labels(self, labels, transformation=None, training=True):
        return labels

    def transform_segmentation_masks(self, masks, transformation=None, training=True):
        return masks

    def transform_bounding_boxes(self, bounding_boxes, transformation=None, training=True):
        boxes = torch.as_tensor(bounding_boxes["boxes"])
        labels = torch.as_tensor(bounding_boxes["labels"], device=boxes.device)
        pad = max(self.max_number - boxes.shape[1], 0)
        boxes = F.pad(boxes[:, :self.max_number], (0, 0, 0, pad), value=self.fill_value)
        labels = F.pad(labels[:, :self.max_number], (0, pad), value=self.fill_value)
        out = dict(bounding_boxes)
        out["boxes"], out["labels"] = boxes, labels
        return out

    def compute_output_shape(self, input_shape):
        if isinstance(input_shape, dict) and "bounding_boxes" in input_shape:
            extra = set(input_shape["bounding_boxes"]) - {"boxes", "labels"}
            if extra:
                raise KeyError(f"There are unsupported keys in `bounding_boxes`: "
                               f"{list(extra)}. Only `boxes` and `labels` are supported.")
            shape = dict(input_shape)
            boxes = list(input_shape["bounding_boxes"]["boxes"])
            labels = list(input_shape["bounding_boxes"]["labels"])
            boxes[1], labels[1] = self.max_number, self.max_number
            shape["bounding_boxes"] = {"boxes": tuple(boxes), "labels": tuple(labels)}
            return shape
        return input_shape

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"max_number": self.max_number, "fill_value": self.fill_value})
        return config
