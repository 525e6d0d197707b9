"""Keras 2 ``keras.preprocessing.image`` cases shared by ``make_legacy_image.py`` and the tests.

``compute(image)`` runs a representative set of transforms and generator calls with the given
``keras.preprocessing.image`` module (tf-keras's in the generator, torcheras's in the test).
"""

from __future__ import annotations

from typing import Any

import numpy as np

AFFINE_CASES = {
    "rotate30_nearest": {"theta": 30.0},
    "rotate90": {"theta": 90.0},
    "shift": {"tx": 1.5, "ty": -2.25},
    "shear": {"shear": 20.0},
    "zoom": {"zx": 0.7, "zy": 1.3},
    "all_constant": {"theta": 15.0, "tx": 1.0, "ty": 0.5, "shear": 10.0, "zx": 1.2,
                     "zy": 0.9, "fill_mode": "constant", "cval": -1.0},
    "rotate_reflect": {"theta": 40.0, "fill_mode": "reflect"},
    "zoom_reflect": {"zx": 1.6, "zy": 1.4, "fill_mode": "reflect"},
    "rotate_wrap": {"theta": 25.0, "fill_mode": "wrap"},
    "shift_wrap": {"tx": 2.5, "ty": -1.0, "fill_mode": "wrap"},
    "order0": {"theta": 33.0, "order": 0},
}


def image() -> np.ndarray:
    """A 7x6 image with 2 channels (channels last)."""
    return np.random.RandomState(3).uniform(0, 1, (7, 6, 2)).astype("float32")


def batch() -> np.ndarray:
    """Eight 6x5 RGB images in [0, 255]."""
    return np.random.RandomState(5).uniform(0, 255, (8, 6, 5, 3)).astype("float32")


def compute(module: Any) -> dict[str, Any]:
    """The results of ``module``'s functions on the fixed inputs, by case name."""
    out = {}
    img = image()
    for name, kwargs in AFFINE_CASES.items():
        out[f"affine_{name}"] = module.apply_affine_transform(
            img, row_axis=0, col_axis=1, channel_axis=2, **kwargs)
    out["affine_channels_first"] = module.apply_affine_transform(
        img.transpose(2, 0, 1), theta=30.0, tx=1.0, row_axis=1, col_axis=2, channel_axis=0)
    gen = module.ImageDataGenerator(rotation_range=30, width_shift_range=0.2,
                                    height_shift_range=2, shear_range=10, zoom_range=0.25,
                                    channel_shift_range=5.0, horizontal_flip=True,
                                    vertical_flip=True, fill_mode="reflect")
    params = gen.get_random_transform((6, 5, 3), seed=11)
    for key in ("theta", "tx", "ty", "shear", "zx", "zy", "flip_horizontal", "flip_vertical",
                "channel_shift_intensity"):
        out[f"params_{key}"] = np.asarray(params[key], dtype="float64")
    x = batch()
    out["random_transform"] = gen.random_transform(x[0], seed=4)
    bx, by = gen.flow(x, np.arange(8), batch_size=3, seed=7)[1]
    out["flow_batch1_x"], out["flow_batch1_y"] = bx, by
    norm = module.ImageDataGenerator(featurewise_center=True,
                                     featurewise_std_normalization=True, rescale=1 / 255.0)
    norm.fit(x)
    out["fit_mean"], out["fit_std"] = norm.mean, norm.std
    out["standardized"] = norm.standardize(x[2].copy())
    zca = module.ImageDataGenerator(zca_whitening=True, zca_epsilon=0.1)
    zca.fit(x[:, :3, :3, :] / 255.0)
    out["zca_matrix"] = zca.zca_whitening_matrix
    sample = module.ImageDataGenerator(samplewise_center=True, samplewise_std_normalization=True)
    out["samplewise"] = sample.standardize(x[1].copy())
    out["channel_shift"] = module.apply_channel_shift(img, 0.3, channel_axis=2)
    return out
