"""``Dense``: contract, hand-computed outputs, Keras 1 names and bad inputs."""

import numpy as np
import pytest
import torch
from _contract import check_layer_contract

import torcheras as keras
from torcheras import layers


def test_contract():
    check_layer_contract(lambda: layers.Dense(5), (None, 3), (None, 5), [(3, 5), (5,)])
    check_layer_contract(lambda: layers.Dense(4, use_bias=False), (None, 7, 3), (None, 7, 4),
                         [(3, 4)])


def test_kernel_in_keras_layout_and_names():
    layer = layers.Dense(10)
    layer.build((None, 784))
    assert tuple(layer.kernel.shape) == (784, 10)
    assert tuple(layer.bias.shape) == (10,)
    assert [w.name for w in layer.weights] == ["kernel", "bias"]
    assert layer.count_params() == 7850
    assert [w.shape for w in layer.get_weights()] == [(784, 10), (10,)]


def test_hand_computed_output():
    layer = layers.Dense(2, activation="relu")
    layer(np.zeros((1, 3), "float32"))
    layer.set_weights([np.array([[1.0, -1.0], [2.0, 0.5], [-1.0, 1.0]], "float32"),
                       np.array([0.5, -0.5], "float32")])
    x = np.array([[1.0, 2.0, 3.0], [0.0, -1.0, 0.0]], "float32")
    # [1*1 + 2*2 - 3 + 0.5, -1 + 1 + 3 - 0.5] = [2.5, 2.5]; [-2 + .5, -.5 - .5] -> relu
    np.testing.assert_allclose(layer(x).detach().numpy(), [[2.5, 2.5], [0.0, 0.0]])


def test_applies_to_last_axis_of_3d_input():
    layer = layers.Dense(1, kernel_initializer="ones", bias_initializer="ones")
    out = layer(np.arange(12, dtype="float32").reshape(2, 3, 2))
    np.testing.assert_allclose(out.detach().numpy()[..., 0], [[2, 6, 10], [14, 18, 22]])


def test_initializers_and_activation_strings_resolve():
    layer = layers.Dense(3, activation="softmax", kernel_initializer="zeros")
    out = layer(np.ones((2, 4), "float32"))
    np.testing.assert_allclose(out.detach().numpy(), np.full((2, 3), 1 / 3), atol=1e-7)
    assert layer.get_config()["activation"] == "softmax"


def test_keras1_argument_names():
    with pytest.warns(UserWarning, match="is Keras 1") as caught:
        layer = layers.Dense(output_dim=3, init="ones", bias=False)
    assert "`Dense(output_dim=...)` is Keras 1; use `units=`." in [str(w.message) for w in caught]
    out = layer(np.ones((1, 2), "float32"))
    assert layer.units == 3 and not layer.use_bias
    np.testing.assert_allclose(out.detach().numpy(), [[2.0, 2.0, 2.0]])


def test_input_dim_builds_sequential_immediately():
    with pytest.warns(UserWarning, match=r"use `input_shape=\(4,\)`"):
        model = keras.Sequential([layers.Dense(8, input_dim=4), layers.Dense(1)])
    assert model.output_shape == (None, 1)
    assert model.count_params() == 4 * 8 + 8 + 8 + 1


def test_kernel_regularizer_contributes_a_loss():
    layer = layers.Dense(2, kernel_initializer="ones", kernel_regularizer=keras.regularizers.L2(0.5))
    layer(np.ones((1, 3), "float32"))
    assert len(layer.losses) == 1
    assert float(layer.losses[0].detach()) == pytest.approx(0.5 * 6)


def test_gradients_reach_kernel_and_bias():
    layer = layers.Dense(2)
    x = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [0.0, -1.0, 1.0], [2.0, 0.0, 0.0]])
    layer(x).sum().backward()
    # d sum(x @ W + b) / dW[i, j] = sum over the batch of x[:, i]; / db[j] = batch size.
    np.testing.assert_allclose(layer.kernel.grad.numpy(), [[7.0, 7.0], [6.0, 6.0], [10.0, 10.0]])
    np.testing.assert_allclose(layer.bias.grad.numpy(), [4.0, 4.0])


@pytest.mark.parametrize("units", [0, -1, "a", 2.5])
def test_bad_units(units):
    with pytest.raises(ValueError, match="Received an invalid value for `units`, expected a "
                                         "positive integer"):
        layers.Dense(units=units)


@pytest.mark.parametrize("make, error, match", [
    (lambda: layers.Dense(3, activation="relux"), ValueError, "Did you mean 'relu'"),
    (lambda: layers.Dense(3, kernel_initializer="nope"), ValueError, "nope"),
    (lambda: layers.Dense(3, foo=1), TypeError, "Unrecognized keyword arguments passed to Dense"),
    (lambda: layers.Dense(4)(np.zeros((3,), "float32")), ValueError, "expected min_ndim=2, "
                                                                      "found ndim=1"),
    (lambda: layers.Dense(4)(keras.Input((None,))), ValueError,
     "The last dimension of the inputs to a Dense layer should be defined"),
])
def test_bad_inputs(make, error, match):
    with pytest.raises(error, match=match):
        make()


def test_called_on_wrong_shape_names_layer_and_shapes():
    layer = layers.Dense(10)
    layer.build((None, 784))
    with pytest.raises(ValueError) as info:
        layer(np.zeros((2, 28, 28), "float32"))
    message = str(info.value)
    assert 'layer "dense"' in message
    assert "784" in message and "(2, 28, 28)" in message


def test_mnist_model_without_flatten_fails_clearly():
    model = keras.Sequential([keras.Input((784,)), layers.Dense(10)])
    with pytest.raises(ValueError, match=r"expected axis -1 of input shape to have value 784"):
        model(np.zeros((2, 28, 28), "float32"))
