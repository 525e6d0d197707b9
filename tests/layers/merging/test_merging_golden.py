"""Every merge layer against outputs of real Keras 3.15 (see tests/golden/make_functional.py)."""

import _golden
import numpy as np
import pytest
import torch

from torcheras import layers

CASES = _golden.load_json("functional/functional")["merge"]


@pytest.fixture(scope="module")
def arrays():
    return _golden.load_arrays("functional/functional")


def _ids(case):
    masks = "-masked" if case.get("masks") else ""
    return f"{case['layer']}-{case['config']}-{'+'.join(case['inputs'])}{masks}"


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_merge_layer_matches_keras(case, arrays):
    layer = getattr(layers, case["layer"])(**case["config"])
    inputs = [torch.from_numpy(arrays[k]) for k in case["inputs"]]
    for t, m in zip(inputs, case.get("masks") or [None] * len(inputs)):
        if m is not None:
            t._keras_mask = torch.from_numpy(arrays[m])
    out = layer(inputs)
    expected = arrays[case["output"]]
    assert tuple(out.shape) == expected.shape
    np.testing.assert_allclose(out.numpy(), expected, rtol=0, atol=1e-5)
    mask = getattr(out, "_keras_mask", None)
    if case["output_mask"] is None:
        assert mask is None
    else:
        np.testing.assert_array_equal(mask.numpy(), arrays[case["output_mask"]])
