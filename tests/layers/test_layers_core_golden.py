"""Core and activation layers against outputs of real Keras 3 (see make_layers_core.py)."""

import _golden
import numpy as np
import pytest
import torch

from torcheras import layers

CASES = _golden.load_json("layers_core/layers_core")["cases"]


@pytest.fixture(scope="module")
def arrays():
    return _golden.load_arrays("layers_core/layers_core")


def _ids(case):
    return f"{case['layer']}-{case['config']}-{case['input']}-{sorted(case['call'])}"


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_matches_keras(case, arrays):
    config = dict(case["config"])
    if "target_shape" in config:
        config["target_shape"] = tuple(config["target_shape"])
    layer = getattr(layers, case["layer"])(**config)
    x = arrays[case["input"]]
    call = {k: arrays[v] for k, v in case["call"].items()}
    layer(x, **call)
    if case["weights"]:
        layer.set_weights([arrays[w] for w in case["weights"]])
    layer._clear_losses()
    out = layer(x, **call)
    expected = arrays[case["output"]]
    assert isinstance(out, torch.Tensor)
    assert tuple(out.shape) == expected.shape
    np.testing.assert_allclose(out.detach().numpy(), expected, rtol=0, atol=1e-5)
    if "loss" in case:
        losses = np.array([float(v) for v in layer.losses], "float32")
        np.testing.assert_allclose(losses, arrays[case["loss"]], rtol=1e-6, atol=1e-6)


def test_every_dense_activation_string_is_covered():
    covered = {c["config"].get("activation") for c in CASES if c["layer"] == "Dense"}
    assert {"relu", "softmax", "sigmoid", "tanh", "linear", "gelu", "selu"} <= covered
