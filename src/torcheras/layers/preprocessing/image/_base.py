"""The shared life cycle of Keras 3's image preprocessing layers.

A call draws a random transformation (``get_random_transformation``) and applies it
(``transform_images``); both are public, as in Keras, so a transformation can be drawn
once and replayed. ``training`` defaults to ``True`` for these layers: a direct call
augments, ``predict()``/``evaluate()`` (``training=False``) do not, ``fit()`` does.
Inputs are a batch (rank 4) or one image (rank 3), or a dict with ``"images"`` (plus
``"labels"`` and ``"segmentation_masks"``, passed through or transformed alongside).

Differences from Keras 3.15: random draws come from torch's generators, so a seed gives
other (equally distributed) transformations than Keras's; a transformation recorded from
Keras and replayed with ``transform_images`` gives Keras's numbers. Bounding boxes are not
supported (``bounding_box_format`` raises ``NotImplementedError``).
"""

from __future__ import annotations

import torch

from torcheras.backend import _config, _device
from torcheras.layers._layer import Layer
from torcheras.layers.regularization._random import SeededRandom


def check_choice(value, allowed, name: str, error=ValueError):
    if value not in allowed:
        raise error(f"Unknown `{name}` {value}. Expected of one {tuple(allowed)}.")
    return value


def image_size(shape, data_format: str) -> tuple[int, int]:
    if data_format == "channels_first":
        return int(shape[-2]), int(shape[-1])
    return int(shape[-3]), int(shape[-2])


class BaseImagePreprocessingLayer(Layer):
    """Base of the image layers: factor parsing, data format, batching and dict inputs."""

    _USE_BASE_FACTOR = True
    _FACTOR_BOUNDS = (-1, 1)

    def __init__(self, factor=None, bounding_box_format=None, data_format=None, **kwargs):
        super().__init__(**kwargs)
        if bounding_box_format is not None:
            raise NotImplementedError(
                "Bounding boxes are not supported by torcheras's image preprocessing layers. "
                f"Received: bounding_box_format={bounding_box_format!r}"
            )
        self.bounding_box_format = None
        self.data_format = _config.standardize_data_format(data_format)
        if self._USE_BASE_FACTOR:
            self._set_factor(factor or 0.0)
        elif factor is not None:
            raise ValueError(
                f"Layer {type(self).__name__} does not take a `factor` argument. "
                f"Received: factor={factor}"
            )
        self.built = True

    def _set_factor(self, factor) -> None:
        low, high = self._FACTOR_BOUNDS
        message = ("The `factor` argument should be a number (or a list of two numbers) in "
                   f"the range [{low}, {high}]. Received: factor={factor}")
        if isinstance(factor, (tuple, list)):
            if len(factor) != 2 or not all(_is_number(f) for f in factor):
                raise ValueError(message)
            if factor[0] > high or factor[1] < low:
                raise ValueError(message)
            lower, upper = sorted(factor)
        elif _is_number(factor):
            if factor < low or factor > high:
                raise ValueError(message)
            factor = abs(factor)
            lower, upper = max(-factor, low), factor
        else:
            raise ValueError(message)
        self.factor = (lower, upper)

    def _seed_state(self, seed) -> None:
        self.seed = seed
        self._random = SeededRandom(seed)

    def _draw(self, seed):
        """The random source for one transformation: the layer's, or a one-off seed."""
        return self._random if seed is None else SeededRandom(seed)

    # ------------------------------------------------------------------ API
    def get_random_transformation(self, data, training=True, seed=None):
        return None

    def transform_images(self, images, transformation=None, training=True):
        images = images.to(_device.to_torch_dtype(self.compute_dtype))
        if training:
            images = self._transform_images(images, transformation, self.interpolation)
        return images

    def transform_labels(self, labels, transformation=None, training=True):
        return labels

    def transform_segmentation_masks(self, masks, transformation=None, training=True):
        if training:
            masks = self._transform_images(masks, transformation, "nearest")
        return masks

    def _transform_images(self, images, transformation, interpolation):
        raise NotImplementedError

    # ------------------------------------------------------------------ call
    def call(self, data, training=None):
        if training is None:
            training = True  # Keras's default for these layers
        if isinstance(data, dict):
            return self._call_dict(dict(data), training)
        batched = _is_batched(data)
        images = data if batched else data.unsqueeze(0)
        transformation = self.get_random_transformation(images, training=training)
        out = self.transform_images(images, transformation, training=training)
        return out if batched else out.squeeze(0)

    def _call_dict(self, data: dict, training: bool) -> dict:
        if "bounding_boxes" in data:
            raise NotImplementedError(
                "Bounding boxes are not supported by torcheras's image preprocessing layers."
            )
        images = data["images"]
        batched = _is_batched(images)
        if not batched:
            data = {k: (v.unsqueeze(0) if isinstance(v, torch.Tensor) else v)
                    for k, v in data.items()}
        transformation = self.get_random_transformation(data["images"], training=training)
        data["images"] = self.transform_images(data["images"], transformation, training)
        if "labels" in data:
            data["labels"] = self.transform_labels(data["labels"], transformation, training)
        if "segmentation_masks" in data:
            data["segmentation_masks"] = self.transform_segmentation_masks(
                data["segmentation_masks"], transformation, training)
        if not batched:
            data = {k: (v.squeeze(0) if isinstance(v, torch.Tensor) else v)
                    for k, v in data.items()}
        return data

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config["data_format"] = self.data_format
        return config


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_batched(images) -> bool:
    if images.dim() == 3:
        return False
    if images.dim() == 4:
        return True
    raise ValueError(
        "Expected image tensor to have rank 3 (single image) or 4 (batch of images). "
        f"Received: data.shape={tuple(images.shape)}"
    )
