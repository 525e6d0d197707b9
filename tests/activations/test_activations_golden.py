"""Compare every activation with numbers produced by real Keras 3 (see make_activations.py)."""

import _golden
import numpy as np
import pytest
import torch

from torcheras import activations

CASES = _golden.load_json("activations/activations")["cases"]


@pytest.fixture(scope="module")
def arrays():
    return _golden.load_arrays("activations/activations")


def _ids(case):
    return f"{case['fn']}-{case['kwargs']}"


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_matches_keras(case, arrays):
    kwargs = dict(case["kwargs"])
    if isinstance(kwargs.get("axis"), list):
        kwargs["axis"] = tuple(kwargs["axis"])
    fn = getattr(activations, case["fn"])
    x = torch.from_numpy(arrays[case["input"]])
    out = fn(x, **kwargs)
    expected = arrays[case["key"]]
    assert out.dtype == torch.float32
    assert tuple(out.shape) == expected.shape
    np.testing.assert_allclose(out.numpy(), expected, rtol=0, atol=1e-5)


def test_every_public_activation_has_a_golden_case():
    covered = {c["fn"] for c in CASES}
    functions = set(activations.__all__) - {"get", "serialize", "deserialize"}
    assert functions <= covered
