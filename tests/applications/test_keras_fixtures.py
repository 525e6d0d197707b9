"""Weights saved by real Keras 3 (random init with randomized batch-norm statistics, made
by tests/golden/make_applications.py) load into torcheras's applications and predict
Keras's outputs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from _applications_cases import FIXTURES

import torcheras as keras
from torcheras import applications

HERE = Path(__file__).resolve().parents[1] / "golden" / "applications"


@pytest.mark.parametrize("name,ctor,kwargs", FIXTURES, ids=[f[0] for f in FIXTURES])
def test_keras_weights_load_and_predict_like_keras(name, ctor, kwargs):
    data = np.load(HERE / f"{name}.npz")
    keras.backend.clear_session()
    model = getattr(applications, ctor)(**{**kwargs, "weights": str(HERE / f"{name}.weights.h5")})
    out = model.predict(data["x"], verbose=0)
    # Within 1e-4 of Keras, relative to the output's magnitude when that exceeds 1 (the
    # random ResNet50 reaches ~2e3, where float32's spacing alone is 2.4e-4).
    scale = max(1.0, float(np.abs(data["y"]).max()))
    np.testing.assert_allclose(out, data["y"], rtol=0, atol=1e-4 * scale)
    # Same weights, not a lucky match: a fresh model disagrees.
    keras.backend.clear_session()
    fresh = getattr(applications, ctor)(**kwargs)
    assert not np.allclose(fresh.predict(data["x"], verbose=0), data["y"], atol=1e-3)


def test_fixtures_stay_small():
    total = sum(p.stat().st_size for p in HERE.iterdir())
    assert total <= 20 * 2**20, total


def test_keras_saved_application_layers_load():
    """A `.keras` file real Keras wrote with its own ConvNeXt LayerScale and
    InceptionResNetV2 CustomScaleLayer (module "keras.src.applications.<family>") loads
    into our classes and predicts as Keras did (tests/golden/make_applications.py
    custom_layers)."""
    model = keras.saving.load_model(HERE / "custom_layers.keras")
    assert type(model.get_layer("layer_scale")).__module__ == "torcheras.applications.convnext"
    assert type(model.get_layer("scaled")).__name__ == "CustomScaleLayer"
    data = np.load(HERE / "custom_layers.npz")
    np.testing.assert_allclose(model.predict(data["x"], verbose=0), data["y"], atol=1e-5)
