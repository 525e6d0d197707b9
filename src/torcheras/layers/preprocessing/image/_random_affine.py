"""``RandomRotation``, ``RandomZoom`` and ``RandomTranslation``: random affine resampling
while training, with Keras's fill modes and interpolations (see ``_affine.py``)."""

from __future__ import annotations

import torch

from torcheras.layers.preprocessing.image import _affine
from torcheras.layers.preprocessing.image import _bounding_boxes as bbox
from torcheras.layers.preprocessing.image._base import (
    BaseImagePreprocessingLayer,
    check_choice,
    image_size,
)

_FILL_MODES = ("reflect", "wrap", "constant", "nearest")
_INTERPOLATIONS = ("nearest", "bilinear")


class _RandomAffine(BaseImagePreprocessingLayer):
    _SUPPORTS_BOUNDING_BOXES = True

    def _matrix(self, transformation, height: int, width: int) -> torch.Tensor:
        """The transform rows (output pixel -> input pixel) of a transformation."""
        raise NotImplementedError

    def transform_labels(self, labels, transformation=None, training=True):
        return labels

    def transform_bounding_boxes(self, bounding_boxes, transformation=None, training=True):
        """Each box becomes the bounding box of its moved corners, clipped to the image."""
        if not training or transformation is None:
            return bounding_boxes
        if "input_shape" in transformation:
            height, width = image_size(transformation["input_shape"], self.data_format)
        else:
            height, width = transformation["image_height"], transformation["image_width"]
        return bbox.warp(bounding_boxes, self.bounding_box_format, height, width,
                         self._matrix(transformation, height, width))

    def _affine_options(self, fill_mode, interpolation, fill_value, seed) -> None:
        self.fill_mode = check_choice(fill_mode, _FILL_MODES, "fill_mode", NotImplementedError)
        self.interpolation = check_choice(interpolation, _INTERPOLATIONS, "interpolation",
                                          NotImplementedError)
        self.fill_value = fill_value
        self._seed_state(seed)

    def _resample(self, images, matrix, interpolation):
        unbatched = images.dim() == 3
        if unbatched:
            images = images.unsqueeze(0)
        matrix = torch.as_tensor(matrix, device=images.device)
        out = _affine.affine_transform(images, matrix, interpolation, self.fill_mode,
                                       self.fill_value, self.data_format)
        return out.squeeze(0) if unbatched else out

    def _affine_config(self) -> dict:
        return {"fill_mode": self.fill_mode, "fill_value": self.fill_value,
                "interpolation": self.interpolation, "seed": self.seed}


def _batch_and_size(data, data_format):
    images = data["images"] if isinstance(data, dict) else data
    shape = tuple(images.shape)
    batch = shape[0] if len(shape) == 4 else 1
    return images, shape, batch, image_size(shape, data_format)


class RandomRotation(_RandomAffine):
    """Rotates each image by a random angle while training.

    Args:
        factor: A float (or a pair ``(lower, upper)``) as a fraction of a full turn:
            ``0.2`` rotates by an angle drawn from ``[-72°, 72°]``. Positive angles rotate
            counter-clockwise.
        fill_mode: How points outside the image are filled: ``"reflect"`` (default),
            ``"wrap"``, ``"constant"`` or ``"nearest"``.
        interpolation: ``"bilinear"`` (default) or ``"nearest"``.
        seed: Optional integer seed.
        fill_value: Value of the ``"constant"`` fill.
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.
        bounding_box_format: Format of ``"bounding_boxes"`` in dict inputs (e.g.
            ``"xyxy"``); each box becomes the bounding box of its moved corners, clipped
            to the image (the same for ``RandomZoom`` and ``RandomTranslation``).

    Example:

    >>> import numpy as np
    >>> x = np.random.rand(2, 8, 8, 3).astype("float32")
    >>> RandomRotation(0.1, seed=1)(x).shape
    torch.Size([2, 8, 8, 3])
    """

    def __init__(self, factor, fill_mode="reflect", interpolation="bilinear", seed=None,
                 fill_value=0.0, data_format=None, **kwargs):
        super().__init__(factor=factor, data_format=data_format, **kwargs)
        self._affine_options(fill_mode, interpolation, fill_value, seed)

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        images, shape, batch, (height, width) = _batch_and_size(data, self.data_format)
        angle = self._draw(seed).uniform((batch,), images.float(), self.factor[0] * 360.0,
                                         self.factor[1] * 360.0)
        return {"angle": angle, "rotation_matrix": rotation_matrix(angle, height, width),
                "image_height": height, "image_width": width, "batch_size": batch}

    def _matrix(self, transformation, height, width):
        return torch.as_tensor(transformation["rotation_matrix"])

    def _transform_images(self, images, transformation, interpolation):
        if transformation is None:
            return images
        return self._resample(images, transformation["rotation_matrix"], interpolation)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"factor": self.factor, **self._affine_config()})
        return config


def rotation_matrix(angle: torch.Tensor, height: int, width: int) -> torch.Tensor:
    """Keras's transform rows rotating by ``angle`` degrees about the image center."""
    zeros, ones = torch.zeros_like(angle), torch.ones_like(angle)
    return _affine.affine_matrix(angle, zeros, zeros, ones, zeros, zeros, height, width)


def _parse_factor(factor, name: str, message: str, open_low: bool):
    def check(value):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(message + f"Received: {name}={factor}")
        if value > 1.0 or (value <= -1.0 if open_low else value < -1.0):
            raise ValueError(message + f"Received: input_number={value}")

    if isinstance(factor, (tuple, list)):
        if len(factor) != 2:
            raise ValueError(message + f"Received: {name}={factor}")
        check(factor[0])
        check(factor[1])
        return tuple(sorted(factor))
    check(factor)
    return -abs(factor), abs(factor)


class RandomZoom(_RandomAffine):
    """Zooms each image in or out by a random factor while training.

    Args:
        height_factor: A float (or pair) in ``(-1, 1]``: the vertical zoom is drawn from
            ``[1 + lower, 1 + upper]``; positive values zoom out, negative values zoom in.
        width_factor: Same for the width; ``None`` (default) keeps the aspect ratio by
            reusing the vertical zoom.
        fill_mode, interpolation, seed, fill_value, data_format, bounding_box_format: As
            in ``RandomRotation``.

    Example:

    >>> import numpy as np
    >>> RandomZoom(0.2, seed=1)(np.random.rand(2, 8, 8, 3).astype("float32")).shape
    torch.Size([2, 8, 8, 3])
    """

    _USE_BASE_FACTOR = False
    _MESSAGE = ("The `height_factor` and `width_factor` arguments should be a number (or a "
                "list of two numbers) in the range (-1.0, 1.0]. ")

    def __init__(self, height_factor, width_factor=None, fill_mode="reflect",
                 interpolation="bilinear", seed=None, fill_value=0.0, data_format=None,
                 **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.height_factor = height_factor
        self.height_lower, self.height_upper = _parse_factor(
            height_factor, "height_factor", self._MESSAGE, open_low=True)
        self.width_factor = width_factor
        if width_factor is not None:
            self.width_lower, self.width_upper = _parse_factor(
                width_factor, "width_factor", self._MESSAGE, open_low=True)
        self._affine_options(fill_mode, interpolation, fill_value, seed)

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        images, shape, batch, _ = _batch_and_size(data, self.data_format)
        draw = self._draw(seed)
        like = images.float()
        height_zoom = draw.uniform((batch, 1), like, 1.0 + self.height_lower,
                                   1.0 + self.height_upper)
        if self.width_factor is not None:
            width_zoom = draw.uniform((batch, 1), like, 1.0 + self.width_lower,
                                      1.0 + self.width_upper)
        else:
            width_zoom = height_zoom
        return {"height_zoom": height_zoom, "width_zoom": width_zoom, "input_shape": shape}

    def _matrix(self, transformation, height, width):
        zooms = torch.cat([torch.as_tensor(transformation["width_zoom"]),
                           torch.as_tensor(transformation["height_zoom"])], dim=1).float()
        return zoom_matrix(zooms, height, width)

    def _transform_images(self, images, transformation, interpolation):
        if transformation is None:
            return images
        height, width = image_size(images.shape, self.data_format)
        return self._resample(images, self._matrix(transformation, height, width),
                              interpolation)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"height_factor": self.height_factor, "width_factor": self.width_factor,
                       **self._affine_config()})
        return config


def zoom_matrix(zooms: torch.Tensor, height: int, width: int) -> torch.Tensor:
    """Rows ``[zx, 0, x_offset, 0, zy, y_offset, 0, 0]`` zooming about the image center."""
    zx, zy = zooms[:, 0:1], zooms[:, 1:2]
    x_offset = ((float(width) - 1.0) / 2.0) * (1.0 - zx)
    y_offset = ((float(height) - 1.0) / 2.0) * (1.0 - zy)
    zeros = torch.zeros_like(zx)
    return torch.cat([zx, zeros, x_offset, zeros, zy, y_offset, zeros, zeros], dim=1)


class RandomTranslation(_RandomAffine):
    """Shifts each image by a random fraction of its size while training.

    Args:
        height_factor: A float (or pair) in ``[-1, 1]``: the vertical shift is drawn from
            ``[lower, upper]`` times the height; positive values shift down.
        width_factor: Same for the horizontal shift (positive values shift right).
        fill_mode, interpolation, seed, fill_value, data_format, bounding_box_format: As
            in ``RandomRotation``.

    Example:

    >>> import numpy as np
    >>> layer = RandomTranslation(0.1, 0.1, seed=1)
    >>> layer(np.random.rand(2, 8, 8, 3).astype("float32")).shape
    torch.Size([2, 8, 8, 3])
    """

    _USE_BASE_FACTOR = False
    _MESSAGE = ("The `factor` argument should be a number (or a list of two numbers) in the "
                "range [-1.0, 1.0]. ")

    def __init__(self, height_factor, width_factor, fill_mode="reflect",
                 interpolation="bilinear", seed=None, fill_value=0.0, data_format=None,
                 **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.height_factor = height_factor
        self.height_lower, self.height_upper = _parse_factor(
            height_factor, "height_factor", self._MESSAGE, open_low=False)
        self.width_factor = width_factor
        self.width_lower, self.width_upper = _parse_factor(
            width_factor, "width_factor", self._MESSAGE, open_low=False)
        self._affine_options(fill_mode, interpolation, fill_value, seed)

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        images, shape, batch, (height, width) = _batch_and_size(data, self.data_format)
        draw = self._draw(seed)
        like = images.float()
        height_shift = draw.uniform((batch, 1), like, self.height_lower, self.height_upper)
        width_shift = draw.uniform((batch, 1), like, self.width_lower, self.width_upper)
        translations = torch.cat([width_shift * width, height_shift * height], dim=1)
        return {"translations": translations.float(), "input_shape": shape}

    def _matrix(self, transformation, height, width):
        return translation_matrix(torch.as_tensor(transformation["translations"]).float())

    def _transform_images(self, images, transformation, interpolation):
        if transformation is None:
            return images
        return self._resample(images, self._matrix(transformation, 0, 0), interpolation)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"height_factor": self.height_factor, "width_factor": self.width_factor,
                       **self._affine_config()})
        return config


def translation_matrix(translations: torch.Tensor) -> torch.Tensor:
    """Rows ``[1, 0, -dx, 0, 1, -dy, 0, 0]`` for ``translations[:, (dx, dy)]``."""
    ones = torch.ones_like(translations[:, 0:1])
    zeros = torch.zeros_like(ones)
    return torch.cat([ones, zeros, -translations[:, 0:1], zeros, ones,
                      -translations[:, 1:2], zeros, zeros], dim=1)
