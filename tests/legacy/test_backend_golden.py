"""Keras 2's backend functions against tf-keras 2.21 (``tests/golden/make_legacy_backend.py``)."""

import numpy as np
import pytest
from _golden import path
from _legacy_backend_cases import compute

from torcheras import backend as K

GOLDEN = dict(np.load(path("legacy_backend/backend", ".npz")))
RESULTS = {name: K.eval(value) for name, value in compute(K).items()}


def test_every_golden_case_is_computed():
    assert sorted(RESULTS) == sorted(GOLDEN)


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_matches_tf_keras(name):
    got, expected = np.asarray(RESULTS[name]), GOLDEN[name]
    assert got.shape == expected.shape, name
    np.testing.assert_allclose(got.astype("float64"), expected.astype("float64"),
                               rtol=1e-5, atol=1e-5, err_msg=name)
