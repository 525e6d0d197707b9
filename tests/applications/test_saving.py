"""Applications save to `.keras` and load back (custom layers of ConvNeXt and
Inception-ResNet included) with the same predictions."""

from __future__ import annotations

import numpy as np
import pytest

import torcheras as keras
from torcheras import applications
from torcheras.applications.convnext import LayerScale, StochasticDepth
from torcheras.applications.inception_resnet_v2 import CustomScaleLayer


@pytest.mark.parametrize("ctor,kwargs", [
    ("ConvNeXtTiny", dict(include_top=False, pooling="avg", input_shape=(32, 32, 3))),
    ("MobileNetV3Small", dict(input_shape=(32, 32, 3), classes=3)),
])
def test_keras_file_round_trip(ctor, kwargs, tmp_path):
    keras.backend.clear_session()
    model = getattr(applications, ctor)(weights=None, **kwargs)
    x = np.random.default_rng(0).uniform(0, 255, (2, 32, 32, 3)).astype("float32")
    expected = model.predict(x, verbose=0)
    path = tmp_path / "app.keras"
    model.save(path)
    loaded = keras.models.load_model(path)
    assert [la.name for la in loaded.layers] == [la.name for la in model.layers]
    np.testing.assert_allclose(loaded.predict(x, verbose=0), expected, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("layer", [LayerScale(0.1, 4), StochasticDepth(0.2),
                                   CustomScaleLayer(0.17)])
def test_custom_layers_config_round_trip(layer):
    config = layer.get_config()
    again = type(layer).from_config(config)
    assert again.get_config() == config


def test_custom_scale_layer_value():
    import torch

    out = CustomScaleLayer(0.5)([torch.ones(1, 2), torch.full((1, 2), 4.0)])
    assert torch.equal(out, torch.full((1, 2), 3.0))
