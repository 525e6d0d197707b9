"""Image augmentation layers against real Keras 3.15 (tests/golden/make_image_augmentation.py).

Deterministic layers are called as Keras was; random layers replay Keras's own recorded
draws through ``transform_images`` (and ``transform_labels``), so the numbers must be
Keras's. Known differences (documented in the layers) are excluded where they apply.
"""

import json

import _golden
import numpy as np
import pytest
import torch

from torcheras import layers

DOC = _golden.load_json("image_augmentation")
ARRAYS = _golden.load_arrays("image_augmentation")
CASES = DOC["cases"]

# Config keys Keras 3.15 leaves out (so its round trip loses them) and we keep.
_CONFIG_SKIP = {"MaxNumBoundingBoxes": {"fill_value"}, "RandomGrayscale": {"seed"}}


def _config(config):
    return {k: tuple(v) if isinstance(v, list) else v for k, v in config.items()}


def _restore(node):
    if "dict" in node:
        return {k: _restore(v) for k, v in node["dict"].items()}
    if "list" in node:
        return [_restore(v) for v in node["list"]]
    if "tuple" in node:
        return tuple(_restore(v) for v in node["tuple"])
    if "array" in node:
        return torch.as_tensor(ARRAYS[node["array"]])
    return node["value"]


def _ours(case, transformation, x):
    """Keras's transformation in torcheras's keys (only RandomCrop's differs)."""
    if case["layer"] == "RandomCrop":
        top, left = (int(v) for v in transformation)
        return {"top": top, "left": left, "crop_height": case["config"]["height"],
                "crop_width": case["config"]["width"], "input_size": None}
    return transformation


def _id(case):
    return f"{case['layer']}-{case['input']}-{case['config']}"


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_matches_keras(case):
    layer = getattr(layers, case["layer"])(**_config(case["config"]))
    x = torch.as_tensor(ARRAYS[case["input"]])
    expected = ARRAYS[case["output"]]
    if case["mode"] == "call":
        out = layer(x)
    else:
        batched = x if x.dim() == 4 else x[None]
        t = _ours(case, _restore(case["transformation"]), batched)
        out = layer.transform_images(layer._convert_input(batched), t, training=True)
        out = out if x.dim() == 4 else out[0]
        if "labels" in case:
            labels = layer.transform_labels(torch.as_tensor(ARRAYS[case["labels"]]), t)
            np.testing.assert_allclose(labels.numpy(), ARRAYS[f"labels_{case['output'][4:]}"],
                                       rtol=0, atol=1e-5)
    assert tuple(out.shape) == expected.shape
    assert out.dtype == torch.as_tensor(expected).dtype
    tolerance = 1e-3 if case["layer"] in ("RandomHue", "RandomSaturation",
                                          "RandomColorJitter", "RandAugment",
                                          "AugMix") else 2e-4
    np.testing.assert_allclose(out.numpy().astype("float64"), expected.astype("float64"),
                               rtol=0, atol=tolerance * max(1.0, float(np.abs(expected).max())))


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_config_matches_keras(case):
    layer = getattr(layers, case["layer"])(**_config(case["config"]))
    ours = json.loads(json.dumps(layer.get_config()))
    for key in ("name", "dtype", "trainable"):
        ours.pop(key, None)
    for key in _CONFIG_SKIP.get(case["layer"], ()):
        ours.pop(key, None)
    assert ours == case["keras_config"]


@pytest.mark.parametrize("case", DOC["keras2_crops"], ids=lambda c: f"{c['config']}")
def test_random_crop_inference_is_keras2_center_crop(case):
    layer = layers.RandomCrop(**case["config"])
    out = layer(ARRAYS[case["input"]], training=False)
    np.testing.assert_allclose(out.numpy(), ARRAYS[case["output"]], rtol=0, atol=1e-3)


@pytest.mark.parametrize("case", DOC["max_num_bounding_boxes"], ids=lambda c: str(c))
def test_max_num_bounding_boxes_matches_keras(case):
    layer = layers.MaxNumBoundingBoxes(case["max_number"], fill_value=case["fill_value"],
                                       bounding_box_format="xyxy")
    out = layer({"images": ARRAYS["img"],
                 "bounding_boxes": {"boxes": ARRAYS["bb_boxes"],
                                    "labels": ARRAYS["bb_labels"]}})
    np.testing.assert_array_equal(out["bounding_boxes"]["boxes"].numpy(),
                                  ARRAYS[case["boxes"]])
    np.testing.assert_array_equal(out["bounding_boxes"]["labels"].numpy(),
                                  ARRAYS[case["labels"]])


@pytest.mark.parametrize("case", DOC["keras2_resizes"], ids=lambda c: f"{c['layer']}{c['config']}")
def test_keras2_random_height_and_width(case):
    layer = getattr(layers, case["layer"])(**_config(case["config"]))
    out = layer(ARRAYS[case["input"]])
    expected = ARRAYS[case["output"]]
    assert tuple(out.shape) == expected.shape
    np.testing.assert_allclose(out.numpy(), expected, rtol=0, atol=1e-3)
    ours = json.loads(json.dumps(layer.get_config()))
    assert {k: ours[k] for k in ("factor", "interpolation", "seed")} == {
        k: case["keras_config"][k] for k in ("factor", "interpolation", "seed")}
