"""``RandomContrast``: scales each image's deviation from its mean while training."""

from __future__ import annotations

import torch

from torcheras.backend import _device
from torcheras.layers.preprocessing.image._base import BaseImagePreprocessingLayer


class RandomContrast(BaseImagePreprocessingLayer):
    """Randomly adjusts the contrast of each image while training.

    Each image (each channel separately) becomes
    ``(x - mean(x)) * contrast_factor + mean(x)``, clipped to ``value_range``, with the
    mean over height and width and one factor per image drawn from
    ``[1 - lower, 1 + upper]``.

    As in Keras 3.15, a single number ``factor=f`` gives ``(lower, upper) = (0, f)``, so the
    contrast is only ever increased; pass a pair (e.g. ``(0.2, 0.2)``) for both directions.

    Args:
        factor: A float in ``[0, 1]`` or a pair of them.
        value_range: The ``(min, max)`` the outputs are clipped to (default ``(0, 255)``).
        seed: Optional integer seed.
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.

    Example:

    >>> import numpy as np
    >>> x = np.array([[[[10.0], [30.0]]]], "float32")
    >>> layer = RandomContrast(0.5)
    >>> t = {"contrast_factor": np.full((1, 1, 1, 1), 1.5, "float32")}
    >>> layer.transform_images(layer._convert_input(x), t).tolist()
    [[[[5.0], [35.0]]]]
    """

    _FACTOR_BOUNDS = (0, 1)
    _SUPPORTS_BOUNDING_BOXES = True

    def __init__(self, factor, value_range=(0, 255), seed=None, **kwargs):
        super().__init__(factor=factor, **kwargs)
        if (not isinstance(value_range, (tuple, list)) or len(value_range) != 2
                or value_range[0] > value_range[1]):
            raise ValueError(
                "The `value_range` argument should be a list of two numbers (min, max). "
                f"Received: value_range={value_range}"
            )
        self.value_range = value_range
        self._seed_state(seed)

    def get_random_transformation(self, data, training=True, seed=None):
        images = data["images"] if isinstance(data, dict) else data
        rank = images.dim()
        if rank not in (3, 4):
            raise ValueError(
                "Expected the input image to be rank 3 or 4. Received "
                f"inputs.shape={tuple(images.shape)}"
            )
        shape = (1, 1, 1) if rank == 3 else (images.shape[0], 1, 1, 1)
        dtype = _device.to_torch_dtype(self.compute_dtype)
        like = torch.empty(0, dtype=dtype, device=images.device)
        if not training:
            return {"contrast_factor": torch.zeros(shape, dtype=dtype, device=images.device)}
        factor = self._draw(seed).uniform(shape, like, 1.0 - self.factor[0],
                                          1.0 + self.factor[1])
        return {"contrast_factor": factor}

    def transform_images(self, images, transformation=None, training=True):
        if not training:
            return images
        x = images.to(_device.to_torch_dtype(self.compute_dtype))
        factor = torch.as_tensor(transformation["contrast_factor"], dtype=x.dtype,
                                 device=x.device)
        h_axis, w_axis = (-2, -1) if self.data_format == "channels_first" else (-3, -2)
        mean = x.mean(dim=h_axis, keepdim=True).mean(dim=w_axis, keepdim=True)
        out = (x - mean) * factor + mean
        return out.clamp(self.value_range[0], self.value_range[1])

    def transform_segmentation_masks(self, masks, transformation=None, training=True):
        return masks

    def transform_labels(self, labels, transformation=None, training=True):
        return labels

    def transform_bounding_boxes(self, bounding_boxes, transformation=None, training=True):
        return bounding_boxes

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"factor": self.factor, "value_range": self.value_range,
                       "seed": self.seed})
        return config
