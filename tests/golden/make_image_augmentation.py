"""Write golden outputs of Keras 3's image augmentation layers (and Keras 2's RandomCrop
at inference).

Run with the Keras reference environment (never in CI):

    KERAS_BACKEND=torch /root/refenv/bin/python tests/golden/make_image_augmentation.py

Writes tests/golden/image_augmentation/image_augmentation.{npz,json}. Each case builds a
Keras layer from its class name and config and records

* ``"call"`` cases (deterministic layers): the outputs of ``layer(x)`` and
  ``layer(x, training=False)``;
* ``"replay"`` cases (random layers): Keras's own random draws
  (``get_random_transformation`` on the batch, nested dicts/lists of arrays stored by key)
  and ``transform_images`` (and ``transform_labels``) applied with them. The tests replay
  the recorded draws through torcheras's ``transform_images``.

Plus the Keras config of every layer, and ``RandomCrop`` at inference from tf-keras
(Keras 2 crops the central window of the target aspect ratio and resizes it; Keras 3.15
returns the input uncropped), and Keras 2's RandomHeight/RandomWidth at fixed factors
(tf-keras; Keras 3 removed them). One Keras side effect is patched out first (see
``_patch_keras_brightness``).
"""

import json
import os

import numpy as np

os.environ.setdefault("KERAS_BACKEND", "torch")
import keras  # noqa: E402

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "image_augmentation")


def _patch_keras_brightness():
    """Keras 3.15's RandomBrightness.transform_images adds the delta in place
    (``images += delta``): inside RandAugment, which calls every operation on the same
    tensor and selects one result, the brightness change leaks into the others. The
    goldens use the operation without the side effect."""
    cls = keras.layers.RandomBrightness
    original = cls.transform_images

    def transform_images(self, images, transformation, training=True):
        return original(self, keras.ops.copy(images), transformation, training)

    cls.transform_images = transform_images


def f32(a):
    return np.asarray(a, dtype="float32")


def make_arrays():
    rng = np.random.default_rng(12)
    img = f32(rng.uniform(0, 255, size=(2, 6, 7, 3)))
    return {
        "img": img,
        "img1": img[0],
        "img_b1": img[:1],
        "img_cf": np.ascontiguousarray(np.transpose(img, (0, 3, 1, 2))),
        "img3": f32(rng.uniform(0, 255, size=(3, 5, 6, 3))),
        "labels3": f32(np.eye(3)[[0, 2, 1]]),
        "unit": f32(rng.uniform(0, 1, size=(2, 6, 7, 3))),
        "u8": rng.integers(0, 256, size=(2, 6, 7, 3)).astype("uint8"),
        # few distinct values: equalization's histogram matters
        "levels": f32(rng.integers(0, 6, size=(2, 6, 7, 3)) * 40 + 10),
        "levels1": f32(rng.integers(0, 4, size=(5, 4, 2)) * 60),
        "flat": f32(np.full((1, 3, 4, 3), 77.0)),
        "big": f32(rng.uniform(0, 255, size=(2, 9, 10, 3))),
    }


# (layer, config, input key, mode): mode "call" or "replay" (labels key optional)
SPECS = [
    ("AutoContrast", {}, "img", "call"),
    ("AutoContrast", {}, "img1", "call"),
    ("AutoContrast", {"value_range": (0, 1)}, "unit", "call"),
    ("AutoContrast", {}, "u8", "call"),
    ("AutoContrast", {}, "flat", "call"),
    ("Equalization", {}, "levels1", "call"),
    ("Equalization", {}, "img1", "call"),
    ("Equalization", {"bins": 16}, "levels1", "call"),
    ("Equalization", {"value_range": (0, 1)}, "img_b1", "call"),
    ("Equalization", {"bins": 64, "data_format": "channels_first"}, "levels1", "call"),
    ("Solarization", {"addition_factor": 0.2, "threshold_factor": 0.6, "seed": 1}, "img",
     "replay"),
    ("Solarization", {"threshold_factor": (0.3, 0.5), "value_range": (0, 1), "seed": 2},
     "unit", "replay"),
    ("Solarization", {"seed": 3}, "img1", "replay"),
    ("RandomBrightness", {"factor": 0.3, "seed": 1}, "img", "replay"),
    ("RandomBrightness", {"factor": (-0.2, 0.1), "value_range": (0, 1), "seed": 2}, "unit",
     "replay"),
    # (no uint8 case: Keras 3.15 adds the delta in uint8 and wraps around past 255)
    ("RandomInvert", {"factor": 0.8, "seed": 1}, "img", "replay"),
    ("RandomInvert", {"factor": (1.0, 1.0), "value_range": (0, 1), "seed": 2}, "unit",
     "replay"),
    ("RandomPosterization", {"factor": (3, 3), "seed": 1}, "img", "replay"),
    ("RandomPosterization", {"factor": 6, "value_range": (0, 1), "seed": 2}, "unit",
     "replay"),
    ("RandomGrayscale", {"factor": 0.5, "seed": 4}, "img", "replay"),
    ("RandomGrayscale", {"factor": 1.0, "data_format": "channels_first", "seed": 5},
     "img_cf", "replay"),
    ("RandomHue", {"factor": 0.6, "seed": 1}, "img", "replay"),
    ("RandomHue", {"factor": (0.2, 0.9), "value_range": (0, 1), "seed": 2}, "unit",
     "replay"),
    ("RandomHue", {"factor": 0.4, "data_format": "channels_first", "seed": 3}, "img_cf",
     "replay"),
    ("RandomSaturation", {"factor": 0.7, "seed": 1}, "img", "replay"),
    ("RandomSaturation", {"factor": (0.2, 0.8), "data_format": "channels_first", "seed": 2},
     "img_cf", "replay"),
    ("RandomSaturation", {"factor": (0.0, 0.0), "seed": 3}, "img1", "replay"),
    ("RandomSharpness", {"factor": 0.7, "seed": 1}, "img", "replay"),
    ("RandomSharpness", {"factor": (0.9, 1.0), "value_range": (0, 1), "seed": 2}, "unit",
     "replay"),
    ("RandomSharpness", {"factor": 0.5, "data_format": "channels_first", "seed": 3},
     "img_cf", "replay"),
    ("RandomColorDegeneration", {"factor": 0.8, "seed": 1}, "img", "replay"),
    ("RandomColorDegeneration", {"factor": (0.5, 1.0), "data_format": "channels_first",
                                 "seed": 2}, "img_cf", "replay"),
    ("RandomGaussianBlur", {"factor": 0.9, "sigma": 0.8, "seed": 1}, "img", "replay"),
    ("RandomGaussianBlur", {"factor": (1.0, 1.0), "kernel_size": 5, "sigma": (0.5, 1.0),
                            "data_format": "channels_first", "seed": 2}, "img_cf", "replay"),
    # (Keras 3.15 pads non-square kernels by kernel_size[0] // 2 on both axes: no golden)
    ("RandomGaussianBlur", {"factor": (1.0, 1.0), "kernel_size": (5, 5), "sigma": 1.0,
                            "seed": 3}, "img1", "replay"),
    ("RandomPerspective", {"factor": (1.0, 1.0), "scale": 0.4, "seed": 1}, "img", "replay"),
    ("RandomPerspective", {"factor": (1.0, 1.0), "scale": 0.3, "interpolation": "nearest",
                           "fill_value": 5.0, "seed": 2}, "img", "replay"),
    ("RandomPerspective", {"factor": 0.7, "scale": 0.5, "data_format": "channels_first",
                           "seed": 3}, "img_cf", "replay"),
    ("RandomShear", {"x_factor": 0.3, "y_factor": 0.2, "seed": 1}, "img", "replay"),
    ("RandomShear", {"x_factor": (0.1, 0.4), "fill_mode": "constant", "fill_value": 3.0,
                     "interpolation": "nearest", "seed": 2}, "img", "replay"),
    ("RandomShear", {"y_factor": 0.5, "fill_mode": "wrap", "data_format": "channels_first",
                     "seed": 3}, "img_cf", "replay"),
    ("RandomErasing", {"factor": (1.0, 1.0), "scale": (0.2, 0.6), "seed": 1}, "img",
     "replay"),
    ("RandomErasing", {"factor": 0.8, "fill_value": 9.0, "seed": 2}, "img", "replay"),
    # (Keras 3.15 broadcasts a per-channel fill_value channels-last only)
    ("RandomErasing", {"factor": (1.0, 1.0), "scale": 0.5, "fill_value": (1.0, 2.0, 3.0),
                       "seed": 3}, "img", "replay"),
    ("RandomErasing", {"factor": (1.0, 1.0), "scale": 0.5, "fill_value": 4.0,
                       "data_format": "channels_first", "seed": 4}, "img_cf", "replay"),
    ("CutMix", {"seed": 1}, "img3", "replay", "labels3"),
    ("CutMix", {"factor": 0.5, "data_format": "channels_first", "seed": 2}, "img_cf",
     "replay"),
    ("MixUp", {"alpha": 0.4, "seed": 1}, "img3", "replay", "labels3"),
    ("RandomCrop", {"height": 4, "width": 5, "seed": 1}, "big", "replay"),
    ("RandomCrop", {"height": 3, "width": 4, "data_format": "channels_first", "seed": 2},
     "img_cf", "replay"),
    ("RandAugment", {"seed": 1}, "img_b1", "replay"),
    ("RandAugment", {"num_ops": 3, "factor": 0.3, "seed": 7}, "img_b1", "replay"),
    ("RandAugment", {"num_ops": 4, "factor": (0.2, 0.8), "value_range": (0, 1), "seed": 3},
     "unit", "replay"),
    ("AugMix", {"seed": 1}, "img_b1", "replay"),
    ("AugMix", {"num_chains": 2, "chain_depth": 2, "all_ops": False, "seed": 5}, "img_b1",
     "replay"),
    ("RandomColorJitter", {"brightness_factor": (0.1, 0.1), "contrast_factor": (-0.2, 0.2),
                           "saturation_factor": (0.7, 0.7), "hue_factor": (0.0, 0.0),
                           "seed": 1}, "img", "call"),
    ("RandomColorJitter", {"brightness_factor": (-0.1, -0.1), "value_range": (0, 1)},
     "unit", "call"),
]

# tf-keras's RandomCrop at inference: (config, input key)
KERAS2_CROPS = [
    ({"height": 3, "width": 4}, "big"),
    ({"height": 4, "width": 4}, "img"),
    ({"height": 8, "width": 12}, "img"),
    ({"height": 3, "width": 5}, "img1"),
]


def _plain(value):
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (np.floating, np.integer, np.bool_)):
        return value.item()
    return value


def _record(value, arrays, prefix):
    """A JSON structure of ``value`` with every tensor stored in ``arrays``."""
    if isinstance(value, dict):
        return {"dict": {k: _record(v, arrays, f"{prefix}.{k}") for k, v in value.items()}}
    if isinstance(value, (list, tuple)):
        kind = "list" if isinstance(value, list) else "tuple"
        return {kind: [_record(v, arrays, f"{prefix}.{i}") for i, v in enumerate(value)]}
    if value is None or isinstance(value, (str, bool, int, float)):
        return {"value": value}
    if hasattr(value, "shape") and not isinstance(value, np.ndarray) and (
            "SeedGenerator" in type(value).__name__):
        return {"value": None}
    arrays[prefix] = keras.ops.convert_to_numpy(value)
    return {"array": prefix}


def keras_cases(arrays):
    cases = []
    for i, spec in enumerate(SPECS):
        name, config, key, mode = spec[:4]
        labels_key = spec[4] if len(spec) > 4 else None
        keras.backend.clear_session()
        layer = getattr(keras.layers, name)(**config)
        x = keras.ops.convert_to_tensor(arrays[key])
        case = {"layer": name, "config": config, "input": key, "mode": mode}
        if mode == "call":
            arrays[f"out_{i}"] = keras.ops.convert_to_numpy(layer(x))
        else:
            batched = x if x.ndim == 4 else x[None]
            t = layer.get_random_transformation(batched, training=True)
            case["transformation"] = _record(t, arrays, f"t_{i}")
            out = layer.transform_images(batched, t, training=True)
            arrays[f"out_{i}"] = keras.ops.convert_to_numpy(out if x.ndim == 4 else out[0])
            if labels_key:
                y = keras.ops.convert_to_tensor(arrays[labels_key])
                arrays[f"labels_{i}"] = keras.ops.convert_to_numpy(
                    layer.transform_labels(y, t, training=True))
                case["labels"] = labels_key
        case["output"] = f"out_{i}"
        keras_config = layer.get_config()
        case["keras_config"] = {k: _plain(v) for k, v in keras_config.items()
                                if k not in ("name", "dtype", "trainable")}
        cases.append(case)
    return cases


def keras2_crops(arrays):
    import tf_keras  # the reference environment has it

    cases = []
    for i, (config, key) in enumerate(KERAS2_CROPS):
        out = tf_keras.layers.RandomCrop(**config)(arrays[key], training=False)
        arrays[f"crop2_{i}"] = np.asarray(out)
        cases.append({"config": config, "input": key, "output": f"crop2_{i}"})
    return cases


# tf-keras's RandomHeight/RandomWidth at a fixed factor: (class, config, input key)
KERAS2_RESIZES = [
    ("RandomHeight", {"factor": (0.5, 0.5)}, "img"),
    ("RandomHeight", {"factor": (-0.4, -0.4), "interpolation": "nearest"}, "big"),
    # (no bicubic: TensorFlow's cubic kernel has a = -0.5, torch's and Keras 3's torch
    # backend's a = -0.75)
    ("RandomWidth", {"factor": (1.0, 1.0)}, "img"),
    ("RandomWidth", {"factor": (-0.3, -0.3)}, "img1"),
]


def keras2_resizes(arrays):
    import tf_keras

    cases = []
    for i, (name, config, key) in enumerate(KERAS2_RESIZES):
        layer = getattr(tf_keras.layers, name)(**config)
        arrays[f"resize2_{i}"] = np.asarray(layer(arrays[key], training=True))
        cases.append({"layer": name, "config": config, "input": key,
                      "output": f"resize2_{i}", "keras_config": _plain(
                          {k: v for k, v in layer.get_config().items()
                           if k not in ("name", "dtype", "trainable")})})
    return cases


def bounding_box_cases(arrays):
    boxes = f32([[[0, 0, 2, 3], [1, 1, 4, 4], [2, 0, 3, 5]], [[1, 2, 3, 4], [0, 0, 1, 1],
                                                                [3, 3, 6, 5]]])
    labels = np.array([[1, 2, 3], [4, 5, 6]], dtype="int32")
    arrays["bb_boxes"], arrays["bb_labels"] = boxes, labels
    cases = []
    for i, (max_number, fill) in enumerate([(2, -1), (5, -1), (4, 0)]):
        layer = keras.layers.MaxNumBoundingBoxes(max_number, fill_value=fill,
                                                 bounding_box_format="xyxy")
        out = layer({"images": arrays["img"],
                     "bounding_boxes": {"boxes": boxes, "labels": labels}})
        arrays[f"bb_out_boxes_{i}"] = keras.ops.convert_to_numpy(out["bounding_boxes"]["boxes"])
        arrays[f"bb_out_labels_{i}"] = keras.ops.convert_to_numpy(
            out["bounding_boxes"]["labels"])
        cases.append({"max_number": max_number, "fill_value": fill,
                      "boxes": f"bb_out_boxes_{i}", "labels": f"bb_out_labels_{i}"})
    return cases


def main():
    os.makedirs(HERE, exist_ok=True)
    _patch_keras_brightness()
    arrays = make_arrays()
    doc = {"keras_version": keras.__version__, "cases": keras_cases(arrays),
           "keras2_crops": keras2_crops(arrays), "keras2_resizes": keras2_resizes(arrays),
           "max_num_bounding_boxes": bounding_box_cases(arrays)}
    np.savez_compressed(os.path.join(HERE, "image_augmentation.npz"), **arrays)
    with open(os.path.join(HERE, "image_augmentation.json"), "w") as f:
        json.dump(doc, f, indent=1)
    print(f"image_augmentation: {len(doc['cases'])} cases, keras {keras.__version__}")


if __name__ == "__main__":
    main()
