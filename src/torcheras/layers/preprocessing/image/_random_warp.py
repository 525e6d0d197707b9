"""Resampling augmentations: ``RandomShear``, ``RandomPerspective``,
``RandomElasticTransform`` and ``RandomGaussianBlur``.

Shear and perspective resample the whole batch at once through ``_affine`` (Keras's
coordinates, interpolations and fill modes; Keras's torch backend loops over images and
channels); the elastic displacement fields are drawn from the layer's seeded generator
(Keras's torch backend draws them from torch's global generator whatever the seed).
"""

from __future__ import annotations

import torch

from torcheras.layers.preprocessing.image import _affine
from torcheras.layers.preprocessing.image import _bounding_boxes as bbox
from torcheras.layers.preprocessing.image._base import (
    BaseImagePreprocessingLayer,
    batch_images,
    check_choice,
    float_like,
    image_size,
)
from torcheras.ops._image_color import gaussian_blur

_INTERPOLATIONS = ("nearest", "bilinear")
_SHEAR_FILL_MODES = ("reflect", "wrap", "constant", "nearest")
_ELASTIC_FILL_MODES = ("constant", "nearest", "wrap", "mirror", "reflect")


def _named_factor(factor, name: str, bounds=(0, 1)):
    """Keras's ``_set_factor_by_name``: a number ``f`` means ``(max(-f, low), f)``."""
    message = (f"The `{name}` argument should be a number (or a list of two numbers) in the "
               f"range [{bounds[0]}, {bounds[1]}]. Received: factor={factor}")
    if isinstance(factor, (tuple, list)):
        if len(factor) != 2 or factor[0] > bounds[1] or factor[1] < bounds[0]:
            raise ValueError(message)
        return tuple(sorted(factor))
    if isinstance(factor, (int, float)) and not isinstance(factor, bool):
        if factor < bounds[0] or factor > bounds[1]:
            raise ValueError(message)
        return (max(-abs(factor), bounds[0]), abs(factor))
    raise ValueError(message)


def _per_image_mask(apply, images: torch.Tensor) -> torch.Tensor:
    apply = torch.as_tensor(apply, device=images.device)
    return apply.reshape((-1,) + (1,) * (images.dim() - 1))


def _batched(fn, images, *args):
    if images.dim() == 3:
        return fn(images.unsqueeze(0), *args).squeeze(0)
    return fn(images, *args)


def _warp_bounding_boxes(layer, bounding_boxes, transformation, matrix, apply=None):
    height, width = image_size(transformation["input_shape"], layer.data_format)
    return bbox.warp(bounding_boxes, layer.bounding_box_format, height, width, matrix, apply)

class _PassLabels(BaseImagePreprocessingLayer):
    def transform_labels(self, labels, transformation=None, training=True):
        return labels


class RandomShear(_PassLabels):
    """Shears each image along x and/or y by a random amount while training.

    Per image, shear factors are drawn from ``x_factor`` and ``y_factor`` and given one
    random sign; an output pixel ``(x, y)`` samples the input at
    ``(x + sx * y, y + sy * x)``.

    Bounding boxes become the bounding box of their sheared corners, clipped to the image.

    Args:
        x_factor: A float in ``[0, 1]`` (``f`` means ``(-f, f)``) or a pair.
        y_factor: Same for the vertical shear.
        interpolation: ``"bilinear"`` (default) or ``"nearest"``.
        fill_mode: ``"reflect"`` (default), ``"wrap"``, ``"constant"`` or ``"nearest"``.
        fill_value: Value of the ``"constant"`` fill.
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.
        seed: Optional integer seed.

    Example:

    >>> import numpy as np
    >>> RandomShear(0.3, seed=1)(np.random.rand(2, 8, 8, 3).astype("float32")).shape
    torch.Size([2, 8, 8, 3])
    """

    _USE_BASE_FACTOR = False
    _SUPPORTS_BOUNDING_BOXES = True
    _MESSAGE = ("The `factor` argument should be a number (or a list of two numbers) in the "
                "range [0, 1.0]. ")

    def __init__(self, x_factor=0.0, y_factor=0.0, interpolation="bilinear",
                 fill_mode="reflect", fill_value=0.0, data_format=None, seed=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.x_factor = self._shear_factor(x_factor, "x_factor")
        self.y_factor = self._shear_factor(y_factor, "y_factor")
        self.fill_mode = check_choice(fill_mode, _SHEAR_FILL_MODES, "fill_mode",
                                      NotImplementedError)
        self.interpolation = check_choice(interpolation, _INTERPOLATIONS, "interpolation",
                                          NotImplementedError)
        self.fill_value = fill_value
        self._seed_state(seed)

    def _shear_factor(self, factor, name: str):
        def check(value, low=0.0):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ValueError(self._MESSAGE + f"Received: {name}={factor}")
            if value > 1.0 or value < low:
                raise ValueError(self._MESSAGE + f"Received: input_number={value}")

        if isinstance(factor, (tuple, list)):
            if len(factor) != 2:
                raise ValueError(self._MESSAGE + f"Received: {name}={factor}")
            # A pair may go down to -1: the config stores ``f`` as ``(-f, f)``, which
            # Keras 3.15 then refuses to load.
            check(factor[0], -1.0)
            check(factor[1], -1.0)
            return tuple(sorted(factor))
        if isinstance(factor, (int, float)) and not isinstance(factor, bool):
            check(factor)
            return (-abs(factor), abs(factor))
        raise ValueError(self._MESSAGE + f"Received: {name}={factor}")

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        images, batch = batch_images(data)
        draw, like = self._draw(seed), float_like(images)
        sign = torch.where(draw.uniform((batch, 1), like) > 0.5, -1.0, 1.0)
        shear_y = draw.uniform((batch, 1), like, self.y_factor[0], self.y_factor[1])
        shear_x = draw.uniform((batch, 1), like, self.x_factor[0], self.x_factor[1])
        return {"shear_factor": torch.cat([shear_x, shear_y], dim=1) * sign,
                "input_shape": tuple(images.shape)}

    def _transform_images(self, images, transformation, interpolation):
        if transformation is None:
            return images
        matrix = _shear_matrix(transformation, images.device)
        return _batched(lambda x: _affine.affine_transform(
            x, matrix, interpolation, self.fill_mode, self.fill_value, self.data_format),
            images)

    def transform_bounding_boxes(self, bounding_boxes, transformation=None, training=True):
        if not training or transformation is None:
            return bounding_boxes
        return _warp_bounding_boxes(self, bounding_boxes, transformation,
                                    _shear_matrix(transformation, None))

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"x_factor": self.x_factor, "y_factor": self.y_factor,
                       "fill_mode": self.fill_mode, "interpolation": self.interpolation,
                       "seed": self.seed, "fill_value": self.fill_value,
                       "data_format": self.data_format})
        return config


def _shear_matrix(transformation, device) -> torch.Tensor:
    factor = torch.as_tensor(transformation["shear_factor"], device=device).to(torch.float32)
    ones, zeros = torch.ones_like(factor[:, 0]), torch.zeros_like(factor[:, 0])
    return torch.stack([ones, factor[:, 0], zeros, factor[:, 1], ones, zeros, zeros, zeros],
                       dim=1)


def homography(start: torch.Tensor, end: torch.Tensor) -> torch.Tensor:
    """The 8 projective coefficients mapping ``end`` points onto ``start`` points
    (``(batch, 4, 2)`` each), solved in float32 as Keras's torch backend does."""
    rows, rhs = [], []
    zeros, ones = torch.zeros_like(end[:, 0, 0]), torch.ones_like(end[:, 0, 0])
    for i in range(4):
        ex, ey = end[:, i, 0], end[:, i, 1]
        sx, sy = start[:, i, 0], start[:, i, 1]
        rows.append(torch.stack([ex, ey, ones, zeros, zeros, zeros, -sx * ex, -sx * ey], -1))
        rows.append(torch.stack([zeros, zeros, zeros, ex, ey, ones, -sy * ex, -sy * ey], -1))
        rhs += [sx, sy]
    solution = torch.linalg.solve(torch.stack(rows, 1).float(),
                                  torch.stack(rhs, 1).float().unsqueeze(-1))
    return solution.reshape(-1, 8)


class RandomPerspective(_PassLabels):
    """Applies a random perspective warp to images while training.

    Each of the four corners moves by up to ``scale / 2`` of the image size (relative to
    its own coordinates, as Keras); each image is warped with a probability drawn from
    ``factor``. Points falling outside the input get ``fill_value``.

    Args:
        factor: A float in ``[0, 1]`` or a pair: the range of the warp probability.
        scale: Distortion strength in ``[0, 1]``.
        interpolation: ``"bilinear"`` (default) or ``"nearest"``.
        fill_value: Value outside the input.
        seed: Optional integer seed.
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.
        bounding_box_format: Format of ``"bounding_boxes"`` in dict inputs; boxes become
            the bounding box of their warped corners, clipped to the image.

    Example:

    >>> import numpy as np
    >>> RandomPerspective(seed=1)(np.random.rand(2, 8, 8, 3).astype("float32")).shape
    torch.Size([2, 8, 8, 3])
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)
    _SUPPORTS_BOUNDING_BOXES = True

    def __init__(self, factor=1.0, scale=1.0, interpolation="bilinear", fill_value=0.0,
                 seed=None, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self._set_factor(factor)
        self.scale = scale
        self.fill_value = fill_value
        self.interpolation = interpolation
        self._seed_state(seed)
        if scale < 0.0 or scale > 1.0:
            raise ValueError("The `scale` argument should be a number in the range [0,1]. "
                             f"Received: scale={scale}")
        check_choice(interpolation, _INTERPOLATIONS, "interpolation", NotImplementedError)

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        images, batch = batch_images(data)
        height, width = image_size(images.shape, self.data_format)
        draw, like = self._draw(seed), float_like(images)
        probability = draw.uniform((batch,), like, self.factor[0], self.factor[1])
        threshold = draw.uniform((batch,), like)
        offsets = draw.uniform((batch, 4, 2), like, -0.5 * self.scale, 0.5 * self.scale)
        start = torch.tensor([[0.0, 0.0], [width - 1, 0.0], [0.0, height - 1],
                              [width - 1, height - 1]], device=images.device)
        start = start.expand(batch, 4, 2)
        return {"apply_perspective": threshold < probability, "start_points": start,
                "end_points": start + start * offsets, "input_shape": tuple(images.shape)}

    def _transform_images(self, images, transformation, interpolation):
        if transformation is None:
            return images

        def warp(x):
            start = torch.as_tensor(transformation["start_points"], device=x.device)
            end = torch.as_tensor(transformation["end_points"], device=x.device)
            matrix = homography(start.reshape(-1, 4, 2), end.reshape(-1, 4, 2))
            out = _affine.affine_transform(x, matrix, interpolation, "constant",
                                           self.fill_value, self.data_format)
            apply = _per_image_mask(transformation["apply_perspective"], x)
            return torch.where(apply, out, x)

        return _batched(warp, images)

    def transform_bounding_boxes(self, bounding_boxes, transformation=None, training=True):
        if not training or transformation is None:
            return bounding_boxes
        start = torch.as_tensor(transformation["start_points"])
        end = torch.as_tensor(transformation["end_points"])
        matrix = homography(start.reshape(-1, 4, 2), end.reshape(-1, 4, 2))
        return _warp_bounding_boxes(self, bounding_boxes, transformation, matrix,
                                    transformation["apply_perspective"])

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"factor": self.factor, "scale": self.scale,
                       "interpolation": self.interpolation, "fill_value": self.fill_value,
                       "seed": self.seed})
        return config


class RandomElasticTransform(_PassLabels):
    """Elastic deformation while training: pixels move along smooth random fields.

    Per call a distortion ``d`` is drawn from ``scale``; the fields are standard normal
    noise times ``sigma = 0.05 * d * min(H, W)``, blurred with a Gaussian of that
    ``sigma`` and scaled by ``alpha = 0.1 * d * max(H, W)``. Each image is deformed with a
    probability drawn from ``factor``; outputs are clipped to ``value_range``.

    Args:
        factor: A float in ``[0, 1]`` or a pair: the range of the deformation probability.
        scale: A float in ``[0, 1]`` or a pair: the range of ``d``.
        interpolation: ``"bilinear"`` (default) or ``"nearest"``.
        fill_mode: ``"reflect"`` (default), ``"constant"``, ``"nearest"``, ``"wrap"`` or
            ``"mirror"``.
        fill_value: Value of the ``"constant"`` fill.
        value_range: The ``(min, max)`` of the inputs (default ``(0, 255)``).
        seed: Optional integer seed.
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.

    Example:

    >>> import numpy as np
    >>> layer = RandomElasticTransform(value_range=(0, 1), seed=1)
    >>> layer(np.random.rand(2, 16, 16, 3).astype("float32")).shape
    torch.Size([2, 16, 16, 3])
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, factor=1.0, scale=1.0, interpolation="bilinear", fill_mode="reflect",
                 fill_value=0.0, value_range=(0, 255), seed=None, data_format=None,
                 **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self._set_factor(factor)
        self.scale = _named_factor(scale, "scale")
        self.interpolation = interpolation
        self.fill_mode = fill_mode
        self.fill_value = fill_value
        self.value_range = value_range
        self._seed_state(seed)
        check_choice(interpolation, _INTERPOLATIONS, "interpolation", NotImplementedError)
        if fill_mode not in _ELASTIC_FILL_MODES:
            raise NotImplementedError(f"Unknown `fill_mode` {fill_mode}. Expected of one "
                                      f"{set(_ELASTIC_FILL_MODES)}.")

    def get_random_transformation(self, data, training=True, seed=None):
        if not training or self.scale[1] == 0 or self.factor[1] == 0:
            return None
        images, batch = batch_images(data)
        draw, like = self._draw(seed), float_like(images)
        probability = draw.uniform((batch,), like, self.factor[0], self.factor[1])
        threshold = draw.uniform((batch,), like)
        distortion = draw.uniform((), like, self.scale[0], self.scale[1])
        height, width = image_size(images.shape, self.data_format)
        noise = draw.normal((batch, 2, height, width), like)
        return {"apply_transform": threshold < probability, "distortion_factor": distortion,
                "noise": noise}

    def _transform_images(self, images, transformation, interpolation):
        if transformation is None:
            return images

        def deform(x):
            height, width = image_size(x.shape, self.data_format)
            factor = float(transformation["distortion_factor"])
            alpha = max(height, width) * 0.1 * factor
            sigma = min(height, width) * 0.05 * factor
            size = int(6 * sigma) | 1
            noise = torch.as_tensor(transformation["noise"], device=x.device).to(x.dtype)
            fields = gaussian_blur(noise * sigma, kernel_size=(size, size),
                                   sigma=(sigma, sigma), data_format="channels_first")
            grid_y = torch.arange(height, dtype=x.dtype, device=x.device).view(1, -1, 1)
            grid_x = torch.arange(width, dtype=x.dtype, device=x.device).view(1, 1, -1)
            out = _affine.resample(x, grid_y + alpha * fields[:, 1],
                                   grid_x + alpha * fields[:, 0], interpolation,
                                   self.fill_mode, self.fill_value, self.data_format)
            return torch.where(_per_image_mask(transformation["apply_transform"], x), out, x)

        out = _batched(deform, images)
        return self._to_compute(out.clamp(self.value_range[0], self.value_range[1]))

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"factor": self.factor, "scale": self.scale,
                       "interpolation": self.interpolation, "fill_mode": self.fill_mode,
                       "fill_value": self.fill_value, "value_range": self.value_range,
                       "seed": self.seed})
        return config


class RandomGaussianBlur(_PassLabels):
    """Blurs images with a Gaussian filter while training.

    One ``(sigma_x, sigma_y)`` is drawn per call from ``sigma`` (plus ``1e-6``); each
    image is blurred with a probability drawn from ``factor``; outputs are clipped to
    ``value_range``. The filter pads with zeros, as Keras's.

    Args:
        factor: A float in ``[0, 1]`` or a pair: the range of the blur probability.
        kernel_size: An odd integer or a pair of odd integers.
        sigma: A float in ``[0, 1]`` (``s`` means ``(0, s)``) or a pair.
        value_range: The ``(min, max)`` of the inputs (default ``(0, 255)``).
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.
        seed: Optional integer seed.

    Example:

    >>> import numpy as np
    >>> layer = RandomGaussianBlur(factor=(1.0, 1.0), sigma=(1.0, 1.0))
    >>> round(float(layer(np.pad(np.ones((1, 1, 1, 1), "float32") * 100,
    ...                          ((0, 0), (1, 1), (1, 1), (0, 0))))[0, 1, 1, 0]), 2)
    20.42
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)
    _SUPPORTS_BOUNDING_BOXES = True

    def __init__(self, factor=1.0, kernel_size=3, sigma=1.0, value_range=(0, 255),
                 data_format=None, seed=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self._set_factor(factor)
        self.kernel_size = self._kernel_size(kernel_size)
        self.sigma = _named_factor(sigma, "sigma")
        self.value_range = value_range
        self._seed_state(seed)

    @staticmethod
    def _kernel_size(size):
        message = f"kernel_size must be an odd number. Received: kernel_size={size}"
        if isinstance(size, (tuple, list)):
            if len(size) != 2:
                raise ValueError("The `kernel_size` argument should be a number (or a list of "
                                 f"two numbers) Received: kernel_size={size}")
            if size[0] % 2 == 0 or size[1] % 2 == 0:
                raise ValueError(message)
            return tuple(size)
        if isinstance(size, (int, float)) and not isinstance(size, bool):
            if size % 2 == 0:
                raise ValueError(message)
            return (size, size)
        raise ValueError(message)

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        images, batch = batch_images(data)
        draw, like = self._draw(seed), float_like(images)
        probability = draw.uniform((batch,), like, self.factor[0], self.factor[1])
        threshold = draw.uniform((batch,), like)
        sigma = draw.uniform((2,), like, self.sigma[0], self.sigma[1]) + 1e-6
        return {"should_apply_blur": threshold < probability, "blur_factor": sigma}

    def transform_images(self, images, transformation=None, training=True):
        images = self._to_compute(images)
        if not training or transformation is None:
            return images
        sigma = torch.as_tensor(transformation["blur_factor"], device=images.device)
        blurred = gaussian_blur(images, kernel_size=self.kernel_size,
                                sigma=sigma.to(images.dtype), data_format=self.data_format)
        apply = torch.as_tensor(transformation["should_apply_blur"], device=images.device)
        if images.dim() == 3:
            apply = apply.reshape(())
        else:
            apply = apply.reshape(-1, 1, 1, 1)
        out = torch.where(apply, blurred, images)
        return out.clamp(self.value_range[0], self.value_range[1])

    def transform_segmentation_masks(self, masks, transformation=None, training=True):
        return masks

    def transform_bounding_boxes(self, bounding_boxes, transformation=None, training=True):
        return bounding_boxes

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"factor": self.factor, "kernel_size": self.kernel_size,
                       "sigma": self.sigma, "value_range": self.value_range,
                       "seed": self.seed})
        return config
