"""Deterministic initializers against numbers produced by real Keras 3."""

import _golden
import numpy as np
import pytest

from torcheras import initializers

CASES = _golden.load_json("initializers/initializers")["cases"]


@pytest.fixture(scope="module")
def arrays():
    return _golden.load_arrays("initializers/initializers")


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['class']}-{c['config']}")
def test_matches_keras(case, arrays):
    init = getattr(initializers, case["class"])(**case["config"])
    out = init(tuple(case["shape"])).numpy()
    expected = arrays[case["key"]]
    assert out.shape == expected.shape
    assert out.dtype == np.float32
    np.testing.assert_allclose(out, expected, rtol=0, atol=1e-5)
