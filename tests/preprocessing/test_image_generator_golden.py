"""Keras 2's image preprocessing against tf-keras 2.21 (``tests/golden/make_legacy_image.py``)."""

import warnings

import numpy as np
import pytest
from _golden import path
from _image_cases import compute

from torcheras.preprocessing import image

GOLDEN = dict(np.load(path("legacy_image/image", ".npz")))
with warnings.catch_warnings():
    # The ZCA case asks for centring implicitly; Keras 2 warns about it, as we do.
    warnings.simplefilter("ignore", UserWarning)
    RESULTS = {name: np.asarray(value) for name, value in compute(image).items()}


def test_every_golden_case_is_computed():
    assert sorted(RESULTS) == sorted(GOLDEN)


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_matches_tf_keras(name):
    got, expected = RESULTS[name], GOLDEN[name]
    assert got.shape == expected.shape, name
    np.testing.assert_allclose(got.astype("float64"), expected.astype("float64"),
                               rtol=1e-4, atol=1e-4, err_msg=name)
