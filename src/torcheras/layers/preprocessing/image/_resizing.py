"""``Resizing`` and ``CenterCrop``: fixed-size images, in training and inference alike.

Resizing uses ``torch.nn.functional.interpolate`` exactly as Keras's torch backend does
(``bilinear``/``bicubic`` with ``align_corners=False``, ``nearest`` as ``nearest-exact``),
so the numbers are Keras's. Keras's TensorFlow/JAX-only interpolations (``lanczos3``,
``lanczos5``, ``area``, ``gaussian``, ``mitchellcubic``) are rejected, as on Keras's torch
backend.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from torcheras._validation import ARGUMENT_MESSAGE, check_positive_int
from torcheras.backend import _device
from torcheras.layers.preprocessing.image import _bounding_boxes as bbox
from torcheras.layers.preprocessing.image._base import BaseImagePreprocessingLayer, image_size

_MODES = {"bilinear": "bilinear", "nearest": "nearest-exact", "bicubic": "bicubic"}
_INT_DTYPES = (torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64)


def _crop_box(height: int, width: int, target_height: int, target_width: int):
    """Keras's largest centered crop with the target's aspect ratio."""
    crop_height = max(min(height, int(float(width * target_height) / target_width)), 1)
    crop_width = max(min(width, int(float(height * target_width) / target_height)), 1)
    top = int(float(height - crop_height) / 2)
    left = int(float(width - crop_width) / 2)
    return top, left, crop_height, crop_width


def _pad_to_aspect(images, target_height: int, target_width: int, fill_value: float):
    height, width = images.shape[-2:]
    pad_height = max(height, int(float(width * target_height) / target_width))
    pad_width = max(width, int(float(height * target_width) / target_height))
    top = int(float(pad_height - height) / 2)
    left = int(float(pad_width - width) / 2)
    if top > 0:
        images = F.pad(images, (0, 0, top, top), value=fill_value)
    if left > 0:
        images = F.pad(images, (left, left, 0, 0), value=fill_value)
    return images


def resize_images(images: torch.Tensor, size, interpolation: str = "bilinear",
                  antialias: bool = False, crop_to_aspect_ratio: bool = False,
                  pad_to_aspect_ratio: bool = False, fill_value: float = 0.0,
                  data_format: str = "channels_last") -> torch.Tensor:
    """Keras's ``ops.image.resize`` on a rank-3 or rank-4 tensor (torch backend numbers)."""
    unbatched = images.dim() == 3
    if unbatched:
        images = images.unsqueeze(0)
    out_dtype = images.dtype
    x = images if images.dtype in (torch.float32, torch.float64) else images.float()
    if data_format == "channels_last":
        x = x.permute(0, 3, 1, 2)
    target_height, target_width = size
    if crop_to_aspect_ratio:
        top, left, ch, cw = _crop_box(x.shape[-2], x.shape[-1], target_height, target_width)
        x = x[:, :, top:top + ch, left:left + cw]
    elif pad_to_aspect_ratio:
        x = _pad_to_aspect(x, target_height, target_width, fill_value)
    if antialias and interpolation not in ("bilinear", "bicubic"):
        antialias = False
    align = False if interpolation in ("bilinear", "bicubic") else None
    out = F.interpolate(x, size=(target_height, target_width), mode=_MODES[interpolation],
                        align_corners=align, antialias=antialias)
    if interpolation == "bicubic" and out_dtype == torch.uint8:
        out = out.clamp(0, 255)
    if data_format == "channels_last":
        out = out.permute(0, 2, 3, 1)
    if out_dtype != out.dtype:
        if out_dtype in _INT_DTYPES:
            out = torch.round(out)
        out = out.to(out_dtype)
    return out.squeeze(0) if unbatched else out


def _resized_shape(input_shape, height: int, width: int, data_format: str):
    shape = list(input_shape)
    if len(shape) == 4:
        h, w = (1, 2) if data_format == "channels_last" else (2, 3)
    else:
        h, w = (0, 1) if data_format == "channels_last" else (1, 2)
    shape[h], shape[w] = height, width
    return tuple(shape)


class Resizing(BaseImagePreprocessingLayer):
    """Resizes images to ``(height, width)``.

    Integer inputs keep their dtype (values rounded), float inputs come out in the layer's
    float dtype, as in Keras.

    Args:
        height, width: Output size.
        interpolation: ``"bilinear"`` (default), ``"nearest"`` or ``"bicubic"``.
        crop_to_aspect_ratio: Crop the largest centered window with the target aspect ratio
            first (no distortion).
        pad_to_aspect_ratio: Pad with ``fill_value`` to the target aspect ratio first.
        fill_mode: Only ``"constant"``.
        fill_value: Padding value for ``pad_to_aspect_ratio``.
        antialias: Anti-aliasing filter when downsampling (bilinear and bicubic).
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.

    Example:

    >>> import numpy as np
    >>> Resizing(2, 3)(np.zeros((4, 8, 8, 3), "float32")).shape
    torch.Size([4, 2, 3, 3])
    """

    _USE_BASE_FACTOR = False
    _SUPPORTS_BOUNDING_BOXES = True

    def __init__(self, height, width, interpolation="bilinear", crop_to_aspect_ratio=False,
                 pad_to_aspect_ratio=False, fill_mode="constant", fill_value=0.0,
                 antialias=False, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.height = check_positive_int(height, "height", message=ARGUMENT_MESSAGE)
        self.width = check_positive_int(width, "width", message=ARGUMENT_MESSAGE)
        if interpolation in ("lanczos3", "lanczos5", "area", "gaussian", "mitchellcubic"):
            raise ValueError(
                f"Resizing with {interpolation!r} interpolation is not supported by the "
                f"PyTorch backend. Received: interpolation={interpolation}."
            )
        if interpolation not in _MODES:
            raise ValueError(
                "Invalid value for argument `interpolation`. Expected of one "
                f"{set(_MODES)}. Received: interpolation={interpolation}"
            )
        if fill_mode != "constant":
            raise ValueError(
                "Invalid value for argument `fill_mode`. Only `'constant'` is supported. "
                f"Received: fill_mode={fill_mode}"
            )
        if pad_to_aspect_ratio and crop_to_aspect_ratio:
            raise ValueError(
                "Only one of `pad_to_aspect_ratio` & `crop_to_aspect_ratio` can be `True`."
            )
        self.interpolation = interpolation
        self.crop_to_aspect_ratio = bool(crop_to_aspect_ratio)
        self.pad_to_aspect_ratio = bool(pad_to_aspect_ratio)
        self.fill_mode = fill_mode
        self.fill_value = fill_value
        self.antialias = bool(antialias)

    def get_random_transformation(self, data, training=True, seed=None):
        images = data["images"] if isinstance(data, dict) else data
        return {"input_shape": tuple(images.shape)}

    def transform_images(self, images, transformation=None, training=True):
        return self._transform_images(images, transformation, self.interpolation)

    def transform_segmentation_masks(self, masks, transformation=None, training=True):
        return self._transform_images(masks, transformation, "nearest")

    def transform_labels(self, labels, transformation=None, training=True):
        return labels

    def transform_bounding_boxes(self, bounding_boxes, transformation=None, training=True):
        """Boxes scaled (and shifted by the crop or padding) as Keras's Resizing does;
        padding rows (all 0 or all -1) stay zeros."""
        in_h, in_w = image_size(transformation["input_shape"], self.data_format)
        boxes = bbox.convert_format(bounding_boxes["boxes"], self.bounding_box_format,
                                    "xyxy", in_h, in_w)
        padding = (boxes == -1).all(-1, keepdim=True) | (boxes == 0).all(-1, keepdim=True)
        height, width = float(self.height), float(self.width)
        if self.pad_to_aspect_ratio:
            ratio = min(height / in_h, width / in_w)
            scale_x = scale_y = ratio
            shift_x = (width - in_w * ratio) // 2
            shift_y = (height - in_h * ratio) // 2
        elif self.crop_to_aspect_ratio:
            source, target = in_w / in_h, width / height
            new_w, new_h = ((height * source, height) if source > target
                            else (width, width / source))
            scale_x, scale_y = new_w / in_w, new_h / in_h
            shift_x, shift_y = -((new_w - width) // 2), -((new_h - height) // 2)
        else:
            scale_x, scale_y, shift_x, shift_y = width / in_w, height / in_h, 0.0, 0.0
        moved = boxes * boxes.new_tensor([scale_x, scale_y, scale_x, scale_y])
        moved = moved + boxes.new_tensor([shift_x, shift_y, shift_x, shift_y])
        out = bbox.clip_to_image({**bounding_boxes, "boxes": moved}, self.height, self.width)
        out["boxes"] = bbox.convert_format(torch.where(padding, 0.0, out["boxes"]), "xyxy",
                                           self.bounding_box_format, self.height, self.width)
        return out

    def _transform_images(self, images, transformation, interpolation):
        if images.dtype == torch.float64 and self.compute_dtype != "float64":
            images = images.to(_device.to_torch_dtype(self.compute_dtype))
        return resize_images(images, (self.height, self.width), interpolation, self.antialias,
                             self.crop_to_aspect_ratio, self.pad_to_aspect_ratio,
                             self.fill_value, self.data_format)

    def compute_output_shape(self, input_shape):
        return _resized_shape(input_shape, self.height, self.width, self.data_format)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "height": self.height, "width": self.width, "interpolation": self.interpolation,
            "crop_to_aspect_ratio": self.crop_to_aspect_ratio,
            "pad_to_aspect_ratio": self.pad_to_aspect_ratio, "fill_mode": self.fill_mode,
            "fill_value": self.fill_value, "antialias": self.antialias,
        })
        return config


class CenterCrop(BaseImagePreprocessingLayer):
    """Crops the central ``(height, width)`` window of each image.

    An image smaller than the target is first cropped to the target aspect ratio and then
    resized (bilinear), as Keras's ``smart_resize``. Outputs are in the layer's float dtype.

    Args:
        height, width: Output size.
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.

    Example:

    >>> import numpy as np
    >>> x = np.arange(16, dtype="float32").reshape(1, 4, 4, 1)
    >>> CenterCrop(2, 2)(x)[0, :, :, 0].tolist()
    [[5.0, 6.0], [9.0, 10.0]]
    """

    _USE_BASE_FACTOR = False
    _SUPPORTS_BOUNDING_BOXES = True

    def __init__(self, height, width, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.height = check_positive_int(height, "height", message=ARGUMENT_MESSAGE)
        self.width = check_positive_int(width, "width", message=ARGUMENT_MESSAGE)

    def get_random_transformation(self, data, training=True, seed=None):
        images = data["images"] if isinstance(data, dict) else data
        return {"input_shape": tuple(images.shape)}

    def transform_images(self, images, transformation=None, training=True):
        x = images.to(_device.to_torch_dtype(self.compute_dtype))
        channels_first = self.data_format == "channels_first"
        h_axis = x.dim() - (2 if channels_first else 3)
        height, width = x.shape[h_axis], x.shape[h_axis + 1]
        top, left = (height - self.height) // 2, (width - self.width) // 2
        if top >= 0 and left >= 0:
            return x.narrow(h_axis, top, self.height).narrow(h_axis + 1, left, self.width)
        return resize_images(x, (self.height, self.width), "bilinear",
                             crop_to_aspect_ratio=True, data_format=self.data_format)

    def transform_segmentation_masks(self, masks, transformation=None, training=True):
        return self.transform_images(masks, transformation, training)

    def transform_labels(self, labels, transformation=None, training=True):
        return labels

    def transform_bounding_boxes(self, bounding_boxes, transformation=None, training=True):
        """Boxes clipped to the cropped window and moved with it (scaled too when the
        window is resized), clipped to the output."""
        in_h, in_w = image_size(transformation["input_shape"], self.data_format)
        boxes = bbox.convert_format(bounding_boxes["boxes"], self.bounding_box_format,
                                    "xyxy", in_h, in_w)
        if in_h >= self.height and in_w >= self.width:
            top, left = int((in_h - self.height) / 2), int((in_w - self.width) / 2)
            crop_h, crop_w = self.height, self.width
        else:
            top, left, crop_h, crop_w = _crop_box(in_h, in_w, self.height, self.width)
        x0, y0, x1, y1 = boxes.unbind(-1)
        moved = torch.stack([x0.clamp(left, left + crop_w) - left,
                             y0.clamp(top, top + crop_h) - top,
                             x1.clamp(left, left + crop_w) - left,
                             y1.clamp(top, top + crop_h) - top], -1)
        moved = moved * moved.new_tensor([self.width / crop_w, self.height / crop_h,
                                          self.width / crop_w, self.height / crop_h])
        out = bbox.clip_to_image({**bounding_boxes, "boxes": moved}, self.height, self.width)
        out["boxes"] = bbox.convert_format(out["boxes"], "xyxy", self.bounding_box_format,
                                           self.height, self.width)
        return out

    def compute_output_shape(self, input_shape):
        if len(input_shape) not in (3, 4):
            raise ValueError(
                "`input_shape` must be a non-nested tuple or list of rank-1 with size 3 "
                f"(unbatched) or 4 (batched). Received: input_shape={tuple(input_shape)}"
            )
        return _resized_shape(input_shape, self.height, self.width, self.data_format)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"height": self.height, "width": self.width})
        return config
