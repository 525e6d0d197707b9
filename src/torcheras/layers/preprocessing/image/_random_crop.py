"""``RandomCrop`` (Keras 3) and Keras 2's ``RandomHeight``/``RandomWidth``.

RandomCrop draws one window per batch (as Keras) and slices it; at inference, and in
training when the image is not larger than the target, it takes the largest centered
window with the target aspect ratio and resizes it (bilinear) to the target, the
behaviour Keras documents (Keras 3.15's code returns the uncropped input at inference,
contradicting its own ``compute_output_shape``). Bounding boxes follow the crop and the
resize and are clipped to the new image (boxes left without area get the label -1).
"""

from __future__ import annotations

from torcheras._validation import ARGUMENT_MESSAGE, check_positive_int
from torcheras.layers.preprocessing.image import _bounding_boxes as bbox
from torcheras.layers.preprocessing.image._base import (
    BaseImagePreprocessingLayer,
    float_like,
    image_size,
)
from torcheras.layers.preprocessing.image._resizing import _MODES, resize_images

_KERAS2_INTERPOLATIONS = ("lanczos3", "lanczos5", "area", "gaussian", "mitchellcubic")


def _center_window(height: int, width: int, target_height: int, target_width: int):
    """Keras's largest centered window with the target aspect ratio."""
    crop_height = max(min(height, int(float(width * target_height) / target_width)), 1)
    crop_width = max(min(width, int(float(height * target_width) / target_height)), 1)
    top = int(float(height - crop_height) / 2)
    left = int(float(width - crop_width) / 2)
    return top, left, crop_height, crop_width


class RandomCrop(BaseImagePreprocessingLayer):
    """Crops a random ``(height, width)`` window (the same for the whole batch) while
    training; at inference crops the central window and resizes it to the target.

    Args:
        height, width: Output size.
        seed: Optional integer seed.
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.
        bounding_box_format: Format of ``"bounding_boxes"`` in dict inputs (e.g.
            ``"xyxy"``); boxes are moved with the crop.
        name: The layer name.

    Example:

    >>> import numpy as np
    >>> x = np.arange(16, dtype="float32").reshape(1, 4, 4, 1)
    >>> RandomCrop(2, 2)(x, training=False)[0, :, :, 0].tolist()  # the whole 4x4, resized
    [[2.5, 4.5], [10.5, 12.5]]
    >>> RandomCrop(2, 2, seed=0)(x).shape
    torch.Size([1, 2, 2, 1])
    """

    _USE_BASE_FACTOR = False
    _SUPPORTS_BOUNDING_BOXES = True

    def __init__(self, height, width, seed=None, data_format=None, name=None, **kwargs):
        super().__init__(name=name, data_format=data_format, **kwargs)
        self.height = check_positive_int(height, "height", message=ARGUMENT_MESSAGE)
        self.width = check_positive_int(width, "width", message=ARGUMENT_MESSAGE)
        self._seed_state(seed)

    def get_random_transformation(self, data, training=True, seed=None):
        images = data["images"] if isinstance(data, dict) else data
        height, width = image_size(images.shape, self.data_format)
        if training and height > self.height and width > self.width:
            draw, like = self._draw(seed), float_like(images)
            top = int(draw.uniform((), like, 0, float(height - self.height + 1)))
            left = int(draw.uniform((), like, 0, float(width - self.width + 1)))
            return {"top": top, "left": left, "crop_height": self.height,
                    "crop_width": self.width, "input_size": (height, width)}
        top, left, crop_height, crop_width = _center_window(height, width, self.height,
                                                            self.width)
        return {"top": top, "left": left, "crop_height": crop_height,
                "crop_width": crop_width, "input_size": (height, width)}

    def _window(self, images, transformation):
        if transformation is None:
            transformation = self.get_random_transformation(images, training=False)
        return transformation

    def _crop(self, images, transformation, interpolation):
        t = self._window(images, transformation)
        h_axis = images.dim() - (2 if self.data_format == "channels_first" else 3)
        out = images.narrow(h_axis, t["top"], t["crop_height"])
        out = out.narrow(h_axis + 1, t["left"], t["crop_width"])
        if (t["crop_height"], t["crop_width"]) != (self.height, self.width):
            out = resize_images(out, (self.height, self.width), interpolation,
                                data_format=self.data_format)
        return out

    def transform_images(self, images, transformation=None, training=True):
        images = self._to_compute(images)
        if not training:
            transformation = None
        return self._crop(images, transformation, "bilinear")

    def transform_segmentation_masks(self, masks, transformation=None, training=True):
        if not training:
            transformation = None
        return self._crop(masks, transformation, "nearest")

    def transform_labels(self, labels, transformation=None, training=True):
        return labels

    def transform_bounding_boxes(self, bounding_boxes, transformation=None, training=True):
        if transformation is None:
            return bounding_boxes
        t = transformation
        if not training:
            height, width = t["input_size"]
            top, left, ch, cw = _center_window(height, width, self.height, self.width)
            t = {"top": top, "left": left, "crop_height": ch, "crop_width": cw,
                 "input_size": (height, width)}
        height, width = t["input_size"]
        boxes = bbox.convert_format(bounding_boxes["boxes"], self.bounding_box_format,
                                    "xyxy", height, width)
        shift = boxes.new_tensor([t["left"], t["top"], t["left"], t["top"]])
        scale = boxes.new_tensor([self.width / t["crop_width"], self.height / t["crop_height"],
                                  self.width / t["crop_width"], self.height / t["crop_height"]])
        out = bbox.clip_to_image({**bounding_boxes, "boxes": (boxes - shift) * scale},
                                 self.height, self.width)
        out["boxes"] = bbox.convert_format(out["boxes"], "xyxy", self.bounding_box_format,
                                           self.height, self.width)
        return out

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        h_axis = len(shape) - (2 if self.data_format == "channels_first" else 3)
        shape[h_axis], shape[h_axis + 1] = self.height, self.width
        return tuple(shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"height": self.height, "width": self.width, "seed": self.seed,
                       "data_format": self.data_format})
        return config


class _RandomResize(BaseImagePreprocessingLayer):
    """Keras 2's random one-axis resize (channels-last, one factor per batch)."""

    _USE_BASE_FACTOR = False
    _AXIS = ""

    def __init__(self, factor, interpolation="bilinear", seed=None, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor
        if isinstance(factor, (tuple, list)):
            lower, upper = factor[0], factor[1]
        else:
            lower, upper = -factor, factor
        if upper < lower:
            raise ValueError(
                "`factor` argument cannot have an upper bound lesser than the lower bound. "
                f"Received: factor={factor}"
            )
        if lower < -1.0 or upper < -1.0:
            raise ValueError(
                f"`factor` argument must have values larger than -1. Received: factor={factor}"
            )
        self.lower, self.upper = lower, upper
        if interpolation in _KERAS2_INTERPOLATIONS:
            raise NotImplementedError(
                f"{interpolation!r} interpolation is not available in torcheras (TensorFlow "
                f"only). Received: interpolation={interpolation!r}"
            )
        if interpolation not in _MODES:
            raise ValueError(
                f"Value not recognized for `interpolation`: {interpolation}. Supported "
                f"values are: {set(_MODES) | set(_KERAS2_INTERPOLATIONS)}"
            )
        self.interpolation = interpolation
        self._seed_state(seed)

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        images = data["images"] if isinstance(data, dict) else data
        draw = self._draw(seed)
        return {"factor": float(draw.uniform((), float_like(images), 1.0 + self.lower,
                                             1.0 + self.upper))}

    def transform_images(self, images, transformation=None, training=True):
        if not training or transformation is None:
            return images
        height, width = image_size(images.shape, "channels_last")
        if self._AXIS == "height":
            size = (int(transformation["factor"] * height), width)
        else:
            size = (height, int(transformation["factor"] * width))
        out = resize_images(self._to_compute(images), size, self.interpolation)
        return self._to_compute(out)

    def transform_segmentation_masks(self, masks, transformation=None, training=True):
        return masks

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        shape[len(shape) - (3 if self._AXIS == "height" else 2)] = None
        return tuple(shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config.pop("data_format", None)
        config.update({"factor": self.factor, "interpolation": self.interpolation,
                       "seed": self.seed})
        return config


class RandomHeight(_RandomResize):
    """Keras 2's ``RandomHeight``: resizes the batch to a random height while training.

    The height is multiplied by a factor drawn once per call from
    ``[1 + lower, 1 + upper]`` (truncated to an integer); the width is kept.

    Args:
        factor: A float (``f`` means ``(-f, f)``) or a pair ``(lower, upper)``, each above
            -1.
        interpolation: ``"bilinear"`` (default), ``"nearest"`` or ``"bicubic"``.
        seed: Optional integer seed.

    Example:

    >>> import numpy as np
    >>> RandomHeight((1.0, 1.0))(np.zeros((2, 3, 4, 1), "float32")).shape
    torch.Size([2, 6, 4, 1])
    """

    _AXIS = "height"


class RandomWidth(_RandomResize):
    """Keras 2's ``RandomWidth``: resizes the batch to a random width while training.

    Args:
        factor: A float (``f`` means ``(-f, f)``) or a pair ``(lower, upper)``, each above
            -1.
        interpolation: ``"bilinear"`` (default), ``"nearest"`` or ``"bicubic"``.
        seed: Optional integer seed.

    Example:

    >>> import numpy as np
    >>> RandomWidth((-0.5, -0.5))(np.zeros((2, 3, 4, 1), "float32")).shape
    torch.Size([2, 3, 2, 1])
    """

    _AXIS = "width"
