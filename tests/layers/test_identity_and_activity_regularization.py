"""``Identity`` and ``ActivityRegularization``."""

import numpy as np
import pytest
import torch
from _contract import check_layer_contract

import torcheras as keras
from torcheras import layers


def test_identity_contract():
    check_layer_contract(lambda: layers.Identity(), (None, 3, 2), (None, 3, 2))


def test_identity_returns_its_input():
    x = torch.randn(2, 3)
    assert layers.Identity()(x) is x


def test_identity_keeps_dtype_and_structure():
    a, b = keras.Input((3,), dtype="int32"), keras.Input((2,))
    out = layers.Identity()([a, b])
    assert [t.shape for t in out] == [(None, 3), (None, 2)]
    assert out[0].dtype == "int32"
    model = keras.Model([a, b], out)
    xa, xb = np.array([[1, 2, 3]], "int32"), np.array([[0.5, -1.0]], "float32")
    got_a, got_b = model([xa, xb])
    assert got_a.dtype == torch.int32 and got_a.tolist() == [[1, 2, 3]]
    np.testing.assert_array_equal(got_b.detach().numpy(), xb)


def test_activity_regularization_contract():
    layer = check_layer_contract(lambda: layers.ActivityRegularization(l1=0.1, l2=0.2),
                                 (None, 4), (None, 4))
    config = layer.get_config()
    assert config["l1"] == 0.1 and config["l2"] == 0.2
    assert "activity_regularizer" not in config


def test_activity_regularization_loss_is_divided_by_batch_size():
    x = np.array([[1.0, -3.0], [2.0, 0.0]], "float32")
    layer = layers.ActivityRegularization(l1=0.5, l2=0.1)
    out = layer(x)
    np.testing.assert_array_equal(out.numpy(), x)
    # (0.5 * (1 + 3 + 2) + 0.1 * (1 + 9 + 4)) / batch of 2
    assert len(layer.losses) == 1
    assert float(layer.losses[0]) == pytest.approx((3.0 + 1.4) / 2)


def test_activity_regularization_joins_the_model_losses():
    model = keras.Sequential([keras.Input((2,)), layers.Dense(2, kernel_initializer="ones"),
                              layers.ActivityRegularization(l2=1.0)])
    model(np.ones((1, 2), "float32"))
    assert float(sum(model.losses).detach()) == pytest.approx(8.0)


def test_activity_regularization_defaults_to_no_penalty():
    layer = layers.ActivityRegularization()
    layer(np.ones((2, 2), "float32"))
    assert float(layer.losses[0]) == 0.0


@pytest.mark.parametrize("kwargs, match", [
    ({"l1": -1}, r"Invalid value for argument l1: expected a non-negative float. Received: l1=-1"),
    ({"l2": "a"}, r"l2"),
])
def test_activity_regularization_bad_factors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        layers.ActivityRegularization(**kwargs)
