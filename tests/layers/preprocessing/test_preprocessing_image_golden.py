"""Image preprocessing layers against real Keras 3 (see tests/golden/make_norm.py).

Random layers are compared on Keras's own recorded transformation (its random draws):
``transform_images(images, transformation)`` must give Keras's output, and the
transformation matrices we build from the same draws must equal Keras's.
"""

import json

import _golden
import numpy as np
import pytest
import torch

from torcheras import layers
from torcheras.layers.preprocessing.image._random_affine import rotation_matrix

CASES = _golden.load_json("norm/preprocessing")["cases"]
ARRAYS = _golden.load_arrays("norm/preprocessing")


def _config(config):
    return {k: tuple(v) if isinstance(v, list) and k in ("factor", "value_range")
            else v for k, v in config.items()}


def _id(case):
    return f"{case['layer']}-{case['input']}-{case['config']}"


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_matches_keras(case):
    layer = getattr(layers, case["layer"])(**_config(case["config"]))
    x = torch.as_tensor(ARRAYS[case["input"]])
    expected = ARRAYS[case["output"]]
    if case["transformation"]:
        batched = x if x.dim() == 4 else x[None]
        t = {k: torch.as_tensor(ARRAYS[v]) for k, v in case["transformation"].items()}
        t["input_shape"] = tuple(batched.shape)
        if "rotation_matrix" in t:
            h, w = (batched.shape[1:3] if layer.data_format == "channels_last"
                    else batched.shape[2:4])
            ours = rotation_matrix(t["angle"], h, w)
            np.testing.assert_allclose(ours.numpy(), t["rotation_matrix"].numpy(), atol=1e-5)
        out = layer.transform_images(batched, t, training=True)
        out = out if x.dim() == 4 else out[0]
        inference = layer(x, training=False)
        np.testing.assert_array_equal(inference.numpy(), ARRAYS[case["inference"]])
        assert inference.dtype == torch.as_tensor(ARRAYS[case["inference"]]).dtype
    else:
        out = layer(x)
    assert tuple(out.shape) == expected.shape
    assert out.dtype == torch.as_tensor(expected).dtype
    np.testing.assert_allclose(out.numpy().astype("float64"), expected.astype("float64"),
                               rtol=0, atol=1e-5)


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_config_matches_keras(case):
    layer = getattr(layers, case["layer"])(**_config(case["config"]))
    ours = json.loads(json.dumps(layer.get_config()))
    for key in ("name", "dtype", "trainable"):
        ours.pop(key, None)
    assert ours == case["keras_config"]
