"""``Dropout``: identity in inference, drop-and-rescale in training, noise_shape, seeds."""

import numpy as np
import pytest
import torch
from _contract import check_layer_contract

import torcheras as keras
from torcheras import layers


def test_contract():
    layer = check_layer_contract(lambda: layers.Dropout(0.3), (None, 4, 5), (None, 4, 5))
    assert layer.get_config()["rate"] == 0.3


def test_inference_is_identity():
    x = np.random.default_rng(0).normal(size=(8, 16)).astype("float32")
    layer = layers.Dropout(0.5)
    np.testing.assert_array_equal(layer(x).numpy(), x)
    np.testing.assert_array_equal(layer(x, training=False).numpy(), x)


def test_training_drops_about_rate_and_rescales():
    x = torch.ones(100, 400)
    out = layers.Dropout(0.2)(x, training=True)
    zeros = float((out == 0).float().mean())
    assert zeros == pytest.approx(0.2, abs=0.015)
    kept = out[out != 0]
    torch.testing.assert_close(kept, torch.full_like(kept, 1 / 0.8))


def test_seeded_path_also_rescales():
    out = layers.Dropout(0.75, seed=3)(torch.ones(100, 400), training=True)
    assert float((out == 0).float().mean()) == pytest.approx(0.75, abs=0.01)
    assert set(torch.unique(out).tolist()) == {0.0, 4.0}


def test_rate_zero_and_one():
    x = torch.ones(3, 4)
    assert torch.equal(layers.Dropout(0.0)(x, training=True), x)
    assert torch.equal(layers.Dropout(1.0)(x, training=True), torch.zeros(3, 4))


def test_noise_shape_broadcasts_the_mask():
    x = torch.ones(64, 10, 8)
    out = layers.Dropout(0.5, noise_shape=(None, 1, 8), seed=0)(x, training=True)
    # Along axis 1 the mask is shared: every column is all kept or all dropped.
    assert torch.all(out == out[:, :1, :])
    assert 0 < float((out == 0).float().mean()) < 1


def test_seed_reproducibility():
    x = torch.ones(20, 30)
    a = layers.Dropout(0.5, seed=42)(x, training=True)
    b = layers.Dropout(0.5, seed=42)(x, training=True)
    assert torch.equal(a, b)
    layer = layers.Dropout(0.5, seed=42)
    first, second = layer(x, training=True), layer(x, training=True)
    assert not torch.equal(first, second)


def test_follows_the_training_flag_inside_a_model():
    model = keras.Sequential([keras.Input((100,)), layers.Dropout(0.5)])
    x = np.ones((4, 100), "float32")
    np.testing.assert_array_equal(model(x).numpy(), x)
    assert float((model(x, training=True) == 0).float().mean()) > 0.2


@pytest.mark.parametrize("rate", [1.5, -0.1, "a", None])
def test_bad_rate(rate):
    with pytest.raises(ValueError, match="Invalid value received for argument `rate`. Expected "
                                         "a float value between 0 and 1"):
        layers.Dropout(rate)
