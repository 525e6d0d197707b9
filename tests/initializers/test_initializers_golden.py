"""Deterministic initializers against numbers produced by real Keras 3."""

import json
from pathlib import Path

import numpy as np
import pytest

from torcheras import initializers

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "initializers"
with open(GOLDEN / "initializers.json") as _f:
    CASES = json.load(_f)["cases"]


@pytest.fixture(scope="module")
def arrays():
    with np.load(GOLDEN / "initializers.npz") as data:
        return {k: data[k] for k in data.files}


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['class']}-{c['config']}")
def test_matches_keras(case, arrays):
    init = getattr(initializers, case["class"])(**case["config"])
    out = init(tuple(case["shape"])).numpy()
    expected = arrays[case["key"]]
    assert out.shape == expected.shape
    assert out.dtype == np.float32
    np.testing.assert_allclose(out, expected, rtol=0, atol=1e-5)
