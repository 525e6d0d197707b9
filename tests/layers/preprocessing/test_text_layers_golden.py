"""The preprocessing layers against Keras 3.15.1 (tests/golden/make_text_layers.py)."""

import json

import _golden
import numpy as np
import pytest
import torch

import torcheras

G = _golden.load_json("text/layers")


def _case_id(case):
    return f"{case['class']}-{json.dumps(case['config'])}"


def _adapt_data(case):
    adapt = case["adapt"]
    if isinstance(adapt, str):
        arr = np.array(G["adapt_arrays"][adapt])
        return arr.astype("float32") if adapt != "features" else arr
    return adapt


@pytest.mark.parametrize("case", G["cases"], ids=_case_id)
def test_matches_keras(case):
    config = {k: (tuple(v) if k in ("ngrams", "axis") and isinstance(v, list) else v)
              for k, v in case["config"].items()}
    layer = getattr(torcheras.layers, case["class"])(**config)
    data = _adapt_data(case)
    if data is not None:
        layer.adapt(data)
    query = np.array(case["query"])
    if case["class"] in ("Discretization", "Normalization"):
        query = query.astype("float32")
    out = layer(query)
    if case["dtype"] == "string":
        assert isinstance(out, np.ndarray)
        assert out.reshape(-1).tolist() == case["values"]
        assert list(out.shape) == case["shape"]
    else:
        assert isinstance(out, torch.Tensor)
        got = out.detach().cpu().numpy()
        assert list(got.shape) == case["shape"]
        assert got.dtype.name == case["dtype"], (got.dtype, case["dtype"])
        np.testing.assert_allclose(got.reshape(-1).astype("float64"),
                                   np.array(case["values"], dtype="float64"),
                                   rtol=0, atol=1e-5)
    if "vocabulary" in case:
        assert layer.get_vocabulary() == case["vocabulary"]
    if "bin_boundaries" in case:
        np.testing.assert_allclose(layer.bin_boundaries, case["bin_boundaries"], atol=1e-5)
    if "mean" in case:
        np.testing.assert_allclose(layer.adapt_mean.numpy().reshape(-1), case["mean"],
                                   atol=1e-5)
        np.testing.assert_allclose(layer.adapt_variance.numpy().reshape(-1),
                                   case["variance"], atol=1e-5)
