"""``Flatten``: keeps the batch axis; channels_first moves channels last first (as Keras)."""

import numpy as np
import pytest
from _contract import check_layer_contract

import torcheras as keras
from torcheras import layers


def test_contract():
    check_layer_contract(lambda: layers.Flatten(), (None, 3, 4, 5), (None, 60))


def test_unknown_dims_give_none():
    assert layers.Flatten()(keras.Input((None, 4))).shape == (None, None)


def test_channels_last_order():
    x = np.arange(24, dtype="float32").reshape(2, 3, 4)
    np.testing.assert_array_equal(layers.Flatten()(x).numpy(), x.reshape(2, 12))


def test_channels_first_order():
    x = np.arange(24, dtype="float32").reshape(2, 3, 4)  # (batch, channels, width)
    out = layers.Flatten(data_format="channels_first")(x).numpy()
    np.testing.assert_array_equal(out, x.transpose(0, 2, 1).reshape(2, 12))
    assert layers.Flatten(data_format="channels_first").get_config()["data_format"] == (
        "channels_first")


def test_2d_input_unchanged():
    x = np.arange(15, dtype="float32").reshape(3, 5)
    np.testing.assert_array_equal(layers.Flatten()(x).numpy(), x)


def test_bad_data_format():
    with pytest.raises(ValueError, match="data_format.*Received: data_format='bad'"):
        layers.Flatten(data_format="bad")
