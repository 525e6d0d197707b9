"""Augmentation policies built from the other layers: ``RandAugment`` and ``AugMix``.

Both hold Keras's sub-layers (shear, translation, rotation, brightness, color degeneration,
contrast, sharpness, posterization, solarization, auto-contrast, equalization) built from
one ``factor``. The random choices of operations are drawn with the layer's generator
(Keras's AugMix uses Python's global ``random``), and only the chosen operations are
computed (Keras's RandAugment computes all eleven and selects).
"""

from __future__ import annotations

import torch

from torcheras.layers.preprocessing.image import _draws
from torcheras.layers.preprocessing.image._base import BaseImagePreprocessingLayer
from torcheras.layers.preprocessing.image._color_adjust import (
    RandomBrightness,
    RandomPosterization,
    Solarization,
)
from torcheras.layers.preprocessing.image._color_hsv import (
    RandomColorDegeneration,
    RandomSharpness,
)
from torcheras.layers.preprocessing.image._histogram import AutoContrast, Equalization
from torcheras.layers.preprocessing.image._random_affine import (
    RandomRotation,
    RandomTranslation,
)
from torcheras.layers.preprocessing.image._random_contrast import RandomContrast
from torcheras.layers.preprocessing.image._random_warp import RandomShear

_GEOMETRIC = ("random_shear", "random_translation", "random_rotation")
_RANDAUGMENT_OPS = _GEOMETRIC + (
    "random_brightness", "random_color_degeneration", "random_contrast", "random_sharpness",
    "random_posterization", "solarization", "auto_contrast", "equalization")
_AUGMIX_BASE_OPS = _GEOMETRIC + ("random_posterization", "solarization", "auto_contrast",
                                 "equalization")
_AUGMIX_ALL_OPS = _AUGMIX_BASE_OPS + ("random_brightness", "random_color_degeneration",
                                      "random_contrast", "random_sharpness")


def _make_ops(names, factor, value_range, interpolation, seed, data_format) -> dict:
    common = {"seed": seed, "data_format": data_format}
    color = {"value_range": value_range, **common}
    makers = {
        "random_shear": lambda: RandomShear(x_factor=factor, y_factor=factor,
                                            interpolation=interpolation, **common),
        "random_translation": lambda: RandomTranslation(
            height_factor=factor, width_factor=factor, interpolation=interpolation, **common),
        "random_rotation": lambda: RandomRotation(factor=factor, interpolation=interpolation,
                                                  **common),
        "random_brightness": lambda: RandomBrightness(factor=factor, **color),
        "random_color_degeneration": lambda: RandomColorDegeneration(factor=factor, **color),
        "random_contrast": lambda: RandomContrast(factor=factor, **color),
        "random_sharpness": lambda: RandomSharpness(factor=factor, **color),
        "random_posterization": lambda: RandomPosterization(
            factor=max(1, int(8 * factor[1])), **color),
        "solarization": lambda: Solarization(addition_factor=factor, threshold_factor=factor,
                                             **color),
        "auto_contrast": lambda: AutoContrast(value_range=value_range,
                                              data_format=data_format),
        "equalization": lambda: Equalization(value_range=value_range,
                                             data_format=data_format),
    }
    return {name: makers[name]() for name in names}


class _Policy(BaseImagePreprocessingLayer):
    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)

    def _build_ops(self, names, data_format) -> None:
        self._op_names = tuple(names)
        for name, layer in _make_ops(names, self.factor, self.value_range,
                                     self.interpolation, self.seed, data_format).items():
            setattr(self, name, layer)

    def _apply(self, name, images, transformation, masks=False):
        layer = getattr(self, name)
        if masks:
            return layer.transform_segmentation_masks(images, transformation)
        return self._to_compute(layer.transform_images(images, transformation))

    def transform_labels(self, labels, transformation=None, training=True):
        return labels


class RandAugment(_Policy):
    """RandAugment: applies ``num_ops`` operations chosen at random (the same for the
    whole batch) from eleven augmentations of strength ``factor``, while training.

    Args:
        value_range: The ``(min, max)`` of the inputs (default ``(0, 255)``).
        num_ops: Number of operations applied in sequence (default 2).
        factor: A float in ``[0, 1]`` (``f`` means ``(0, f)``) or a pair: the strength.
        interpolation: ``"bilinear"`` (default) or ``"nearest"`` for the geometric ops.
        seed: Optional integer seed.
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.

    Example:

    >>> import numpy as np
    >>> RandAugment(seed=1)(np.random.uniform(0, 255, (2, 8, 8, 3)).astype("float32")).shape
    torch.Size([2, 8, 8, 3])
    """

    def __init__(self, value_range=(0, 255), num_ops=2, factor=0.5,
                 interpolation="bilinear", seed=None, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.value_range = value_range
        self.num_ops = num_ops
        self._set_factor(factor)
        self.interpolation = interpolation
        self._seed_state(seed)
        self._build_ops(_RANDAUGMENT_OPS, data_format)

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        images = data["images"] if isinstance(data, dict) else data
        cpu = torch.empty(0)
        indexes = _draws.randint(self._draw(seed), (self.num_ops,), 0,
                                 len(self._op_names), cpu).tolist()
        chosen = [self._op_names[i] for i in indexes]
        transforms = {name: getattr(self, name).get_random_transformation(images)
                      for name in dict.fromkeys(chosen)}
        return {"transforms": transforms, "layer_idxes": indexes}

    def _run(self, images, transformation, masks=False):
        for index in transformation["layer_idxes"]:
            name = self._op_names[int(index)]
            images = self._apply(name, images, transformation["transforms"][name], masks)
        return images

    def transform_images(self, images, transformation=None, training=True):
        images = self._to_compute(images)
        if not training or transformation is None:
            return images
        return self._run(images, transformation)

    def transform_segmentation_masks(self, masks, transformation=None, training=True):
        if not training or transformation is None:
            return masks
        return self._run(masks, transformation, masks=True)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"value_range": self.value_range, "num_ops": self.num_ops,
                       "factor": self.factor, "interpolation": self.interpolation,
                       "seed": self.seed})
        return config


class AugMix(_Policy):
    """AugMix: mixes ``num_chains`` randomly augmented copies of the batch (Dirichlet
    weights) and blends the mix with the original (a Beta weight), while training.

    Each chain applies up to ``chain_depth`` operations (each step picks one of the
    operations or none); outputs are clipped to ``value_range``.

    Args:
        value_range: The ``(min, max)`` of the inputs (default ``(0, 255)``).
        num_chains: Number of augmentation chains (default 3).
        chain_depth: Maximum number of operations per chain (default 3).
        factor: A float in ``[0, 1]`` (``f`` means ``(0, f)``) or a pair: the strength.
        alpha: Concentration of the Dirichlet and Beta weights (default 1.0).
        all_ops: Also use brightness, color degeneration, contrast and sharpness (default
            ``True``; the AugMix paper leaves them out to keep test corruptions unseen).
        interpolation: ``"bilinear"`` (default) or ``"nearest"`` for the geometric ops.
        seed: Optional integer seed.
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.

    Example:

    >>> import numpy as np
    >>> AugMix(seed=1)(np.random.uniform(0, 255, (2, 8, 8, 3)).astype("float32")).shape
    torch.Size([2, 8, 8, 3])
    """

    _SUPPORTS_BOUNDING_BOXES = True

    def __init__(self, value_range=(0, 255), num_chains=3, chain_depth=3, factor=0.3,
                 alpha=1.0, all_ops=True, interpolation="bilinear", seed=None,
                 data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.value_range = value_range
        self.num_chains = num_chains
        self.chain_depth = chain_depth
        self._set_factor(factor)
        self.alpha = alpha
        self.all_ops = all_ops
        self.interpolation = interpolation
        self._seed_state(seed)
        self._build_ops(_AUGMIX_ALL_OPS if all_ops else _AUGMIX_BASE_OPS, data_format)

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        images = data["images"] if isinstance(data, dict) else data
        draw, cpu = self._draw(seed), torch.empty(0)
        weights = _draws.dirichlet(draw, self.num_chains, self.alpha, cpu)
        blend = _draws.beta(draw, (), self.alpha, self.alpha, cpu)
        picks = _draws.randint(draw, (self.num_chains, self.chain_depth), 0,
                               len(self._op_names) + 1, cpu).tolist()
        chains = [[{"layer_name": self._op_names[i],
                    "transformation": getattr(self, self._op_names[i])
                    .get_random_transformation(images)}
                   for i in row if i < len(self._op_names)] for row in picks]
        return {"chain_mixing_weights": weights, "weight_sample": blend,
                "chain_transforms": chains}

    def _mix(self, images, transformation, masks=False):
        weights = torch.as_tensor(transformation["chain_mixing_weights"],
                                  device=images.device).to(images.dtype)
        blend = torch.as_tensor(transformation["weight_sample"],
                                device=images.device).to(images.dtype)
        mixed = torch.zeros_like(images)
        for index, chain in enumerate(transformation["chain_transforms"]):
            copy = images
            for step in chain:
                copy = self._apply(step["layer_name"], copy, step["transformation"], masks)
            mixed = mixed + copy * weights[index]
        return blend * images + (1 - blend) * mixed

    def transform_images(self, images, transformation=None, training=True):
        images = self._to_compute(images)
        if not training or transformation is None:
            return images
        out = self._mix(images, transformation)
        return out.clamp(self.value_range[0], self.value_range[1])

    def transform_segmentation_masks(self, masks, transformation=None, training=True):
        if not training or transformation is None:
            return masks
        masks = masks if masks.is_floating_point() else self._to_compute(masks)
        return self._mix(masks, transformation, masks=True)

    def transform_bounding_boxes(self, bounding_boxes, transformation=None, training=True):
        return bounding_boxes

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"value_range": self.value_range, "num_chains": self.num_chains,
                       "chain_depth": self.chain_depth, "factor": self.factor,
                       "alpha": self.alpha, "all_ops": self.all_ops,
                       "interpolation": self.interpolation, "seed": self.seed})
        return config
