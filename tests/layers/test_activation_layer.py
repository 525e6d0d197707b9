"""``Activation``: applies a named or callable activation."""

import numpy as np
import pytest
import torch
from _contract import check_layer_contract

from torcheras import layers


def test_contract():
    check_layer_contract(lambda: layers.Activation("relu"), (None, 3, 4), (None, 3, 4))


@pytest.mark.parametrize("name, expected", [
    ("relu", [0.0, 0.0, 2.0]),
    ("linear", [-1.0, 0.0, 2.0]),
    ("sigmoid", [1 / (1 + np.e), 0.5, 1 / (1 + np.exp(-2.0))]),
    ("tanh", [np.tanh(-1.0), 0.0, np.tanh(2.0)]),
    ("softplus", [np.log1p(np.exp(-1.0)), np.log(2.0), np.log1p(np.exp(2.0))]),
])
def test_hand_computed(name, expected):
    out = layers.Activation(name)(np.array([[-1.0, 0.0, 2.0]], "float32"))
    np.testing.assert_allclose(out.numpy()[0], expected, rtol=1e-6)


def test_callable_activation():
    out = layers.Activation(torch.square)(np.array([[-3.0, 2.0]], "float32"))
    np.testing.assert_allclose(out.numpy(), [[9.0, 4.0]])


def test_config_names_the_activation():
    assert layers.Activation("softmax").get_config()["activation"] == "softmax"


def test_unknown_name():
    with pytest.raises(ValueError, match="Unknown activation.*'relux'.*Did you mean 'relu'"):
        layers.Activation("relux")
