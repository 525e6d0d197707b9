"""The shared life cycle of Keras 3's image preprocessing layers.

A call draws a random transformation (``get_random_transformation``) and applies it
(``transform_images``); both are public, as in Keras, so a transformation can be drawn
once and replayed. ``training`` defaults to ``True`` for these layers: a direct call
augments, ``predict()``/``evaluate()`` (``training=False``) do not, ``fit()`` does.
Inputs are a batch (rank 4) or one image (rank 3), or a dict with ``"images"`` (plus
``"labels"`` and ``"segmentation_masks"``, passed through or transformed alongside).

Differences from Keras 3.15: random draws come from torch's generators, so a seed gives
other (equally distributed) transformations than Keras's; a transformation recorded from
Keras and replayed with ``transform_images`` gives Keras's numbers.

Bounding boxes: a dict input may carry ``"bounding_boxes"`` (``{"boxes": (batch, n, 4),
"labels": (batch, n)}``, ragged Python lists padded) in the layer's
``bounding_box_format``; the layers that set ``_SUPPORTS_BOUNDING_BOXES`` move them with
the images (see ``_bounding_boxes.py``), the others reject ``bounding_box_format`` with
``NotImplementedError`` at construction.
"""

from __future__ import annotations

import torch

from torcheras.backend import _config, _device
from torcheras.layers._layer import Layer
from torcheras.layers.preprocessing.image import _bounding_boxes
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
    _SUPPORTS_BOUNDING_BOXES = False

    def __init__(self, factor=None, bounding_box_format=None, data_format=None, **kwargs):
        super().__init__(**kwargs)
        if bounding_box_format is not None:
            if not self._SUPPORTS_BOUNDING_BOXES:
                raise NotImplementedError(
                    f"Bounding boxes are not supported by torcheras's {type(self).__name__}. "
                    f"Received: bounding_box_format={bounding_box_format!r}"
                )
            _bounding_boxes.check_format(bounding_box_format)
        self.bounding_box_format = bounding_box_format
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

    def transform_bounding_boxes(self, bounding_boxes, transformation=None, training=True):
        raise NotImplementedError(
            f"{type(self).__name__} does not transform bounding boxes."
        )

    def transform_segmentation_masks(self, masks, transformation=None, training=True):
        if training:
            masks = self._transform_images(masks, transformation, "nearest")
        return masks

    def _to_compute(self, images: torch.Tensor) -> torch.Tensor:
        return images.to(_device.to_torch_dtype(self.compute_dtype))

    def _set_value_range(self, value_range) -> None:
        if not isinstance(value_range, (tuple, list)) or len(value_range) != 2:
            raise ValueError(
                "The `value_range` argument should be a list of two numbers. "
                f"Received: value_range={value_range}"
            )
        self.value_range = sorted(value_range)

    @staticmethod
    def _transform_value_range(images, original_range, target_range):
        """Map ``images`` linearly from ``original_range`` onto ``target_range`` (float)."""
        if (original_range[0] == target_range[0]
                and original_range[1] == target_range[1]):
            return images
        images = images if images.is_floating_point() else images.float()
        low, high = float(original_range[0]), float(original_range[1])
        unit = (images - low) / (high - low)
        return unit * (float(target_range[1]) - float(target_range[0])) + float(target_range[0])

    def _transform_images(self, images, transformation, interpolation):
        raise NotImplementedError

    # ------------------------------------------------------------------ call
    def _convert_input(self, x):
        # Bounding boxes may be ragged Python lists: ``densify`` converts them.
        if isinstance(x, dict) and "bounding_boxes" in x:
            converted = super()._convert_input({k: v for k, v in x.items()
                                                if k != "bounding_boxes"})
            converted["bounding_boxes"] = x["bounding_boxes"]
            return converted
        return super()._convert_input(x)

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
        images = data["images"]
        batched = _is_batched(images)
        if "bounding_boxes" in data:
            if not self.bounding_box_format:
                raise ValueError(
                    "You passed an input with a 'bounding_boxes' key, but you didn't specify "
                    "a bounding box format. Pass a `bounding_box_format` argument to your "
                    f"{type(self).__name__} layer, e.g. `bounding_box_format='xyxy'`."
                )
            data["bounding_boxes"] = _bounding_boxes.densify(data["bounding_boxes"], batched,
                                                             images.device)
        if not batched:
            data = {k: _unsqueeze(v) for k, v in data.items()}
        transformation = self.get_random_transformation(data["images"], training=training)
        data["images"] = self.transform_images(data["images"], transformation, training)
        if "labels" in data:
            data["labels"] = self.transform_labels(data["labels"], transformation, training)
        if "segmentation_masks" in data:
            data["segmentation_masks"] = self.transform_segmentation_masks(
                data["segmentation_masks"], transformation, training)
        if "bounding_boxes" in data:
            data["bounding_boxes"] = self.transform_bounding_boxes(
                dict(data["bounding_boxes"]), transformation, training)
        if not batched:
            data = {k: _squeeze(v) for k, v in data.items()}
        return data

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config["data_format"] = self.data_format
        if self.bounding_box_format is not None:
            config["bounding_box_format"] = self.bounding_box_format
        return config


def _unsqueeze(value):
    if isinstance(value, dict):
        return {k: _unsqueeze(v) for k, v in value.items()}
    return value.unsqueeze(0) if isinstance(value, torch.Tensor) else value


def _squeeze(value):
    if isinstance(value, dict):
        return {k: _squeeze(v) for k, v in value.items()}
    return value.squeeze(0) if isinstance(value, torch.Tensor) else value


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


def batch_images(data, colon: bool = False):
    """``(images, batch_size)`` of a layer's input (a tensor or a dict with ``"images"``);
    ``colon`` picks the spelling of Keras's rank error that the layer uses."""
    images = data["images"] if isinstance(data, dict) else data
    shape = tuple(images.shape)
    if len(shape) not in (3, 4):
        received = "Received: inputs.shape" if colon else "Received inputs.shape"
        raise ValueError(f"Expected the input image to be rank 3 or 4. {received}={shape}")
    return images, (1 if len(shape) == 3 else shape[0])


def float_like(images: torch.Tensor) -> torch.Tensor:
    """An empty float32 tensor on ``images``'s device (the ``like`` of random draws)."""
    return torch.empty(0, dtype=torch.float32, device=images.device)
