"""``ReLU``, ``LeakyReLU``, ``PReLU``, ``ELU`` and ``Softmax`` layers."""

import warnings

import numpy as np
import pytest
import torch
from _contract import check_layer_contract

import torcheras as keras
from torcheras import layers

X = np.array([[-3.0, -1.0, 0.0, 0.5, 2.0, 8.0]], "float32")


@pytest.mark.parametrize("make", [
    lambda: layers.ReLU(max_value=6.0), lambda: layers.LeakyReLU(), lambda: layers.ELU(0.5),
    lambda: layers.Softmax(axis=1),
])
def test_contract_weightless(make):
    check_layer_contract(make, (None, 3, 4), (None, 3, 4))


def test_prelu_contract():
    check_layer_contract(lambda: layers.PReLU(), (None, 3, 4), (None, 3, 4), [(3, 4)])
    check_layer_contract(lambda: layers.PReLU(shared_axes=[1, 2]), (None, 5, 5, 3),
                         (None, 5, 5, 3), [(1, 1, 3)])


# ---------------------------------------------------------------------- ReLU
@pytest.mark.parametrize("kwargs, expected", [
    ({}, [0.0, 0.0, 0.0, 0.5, 2.0, 8.0]),
    ({"max_value": 6.0}, [0.0, 0.0, 0.0, 0.5, 2.0, 6.0]),
    ({"negative_slope": 0.1}, [-0.3, -0.1, 0.0, 0.5, 2.0, 8.0]),
    ({"threshold": 1.0}, [0.0, 0.0, 0.0, 0.0, 2.0, 8.0]),
    ({"threshold": 1.0, "negative_slope": 0.5, "max_value": 4.0},
     [-2.0, -1.0, -0.5, -0.25, 2.0, 4.0]),
])
def test_relu_hand_computed(kwargs, expected):
    np.testing.assert_allclose(layers.ReLU(**kwargs)(X).numpy()[0], expected, rtol=1e-6)


def test_relu_config():
    assert layers.ReLU(max_value=6.0).get_config() == {
        "name": "re_lu", "trainable": True, "dtype": "float32", "max_value": 6.0,
        "negative_slope": 0.0, "threshold": 0.0}


@pytest.mark.parametrize("kwargs, match", [
    ({"max_value": -1}, r"max_value of a ReLU layer cannot be a negative value. "
                        r"Received: max_value=-1"),
    ({"negative_slope": -1}, r"negative_slope of a ReLU layer cannot be None or a negative "
                             r"value. Received: negative_slope=-1"),
    ({"negative_slope": None}, r"Received: negative_slope=None"),
    ({"threshold": -0.5}, r"threshold of a ReLU layer cannot be None or a negative value. "
                          r"Received: threshold=-0.5"),
    ({"threshold": None}, r"Received: threshold=None"),
    ({"max_value": "6"}, r"Received: max_value=6"),
])
def test_relu_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        layers.ReLU(**kwargs)


# ---------------------------------------------------------------------- LeakyReLU
def test_leaky_relu_default_slope_is_0_3():
    np.testing.assert_allclose(layers.LeakyReLU()(X).numpy()[0],
                               [-0.9, -0.3, 0.0, 0.5, 2.0, 8.0], rtol=1e-6)


def test_leaky_relu_keras2_alpha():
    with pytest.warns(UserWarning, match="Argument `alpha` is deprecated"):
        layer = layers.LeakyReLU(alpha=0.1)
    assert layer.negative_slope == 0.1
    assert layer.get_config()["negative_slope"] == 0.1
    np.testing.assert_allclose(layer(X).numpy()[0][:2], [-0.3, -0.1], rtol=1e-6)


@pytest.mark.parametrize("slope", [-0.1, None, "a"])
def test_leaky_relu_bad_slope(slope):
    with pytest.raises(ValueError, match=r"The negative_slope value of a Leaky ReLU layer cannot "
                                         r"be None or negative value. Expected a float. "
                                         r"Received: negative_slope="):
        layers.LeakyReLU(negative_slope=slope)


# ---------------------------------------------------------------------- ELU
def test_elu_hand_computed():
    out = layers.ELU(alpha=0.5)(X).numpy()[0]
    np.testing.assert_allclose(out, [0.5 * (np.exp(-3) - 1), 0.5 * (np.exp(-1) - 1), 0.0, 0.5,
                                     2.0, 8.0], rtol=1e-6)
    assert layers.ELU().get_config()["alpha"] == 1.0


def test_elu_bad_alpha():
    with pytest.raises(ValueError, match=r"Argument `alpha` of ELU must be a number. "
                                         r"Received: alpha='a'"):
        layers.ELU(alpha="a")


# ---------------------------------------------------------------------- PReLU
def test_prelu_starts_as_relu_and_learns_alpha():
    layer = layers.PReLU()
    np.testing.assert_allclose(layer(X).detach().numpy(), np.maximum(X, 0))
    assert layer.alpha.trainable and layer.alpha.name == "alpha"
    layer.set_weights([np.full((6,), 0.25, "float32")])
    np.testing.assert_allclose(layer(X).detach().numpy()[0], [-0.75, -0.25, 0.0, 0.5, 2.0, 8.0])
    loss = layer(torch.tensor(X)).sum()
    loss.backward()
    np.testing.assert_allclose(layer.alpha.grad.numpy(), np.minimum(X[0], 0))


def test_prelu_shared_axes_and_input_spec():
    layer = layers.PReLU(shared_axes=1, alpha_initializer="ones")
    layer(np.ones((2, 3, 4), "float32"))
    assert tuple(layer.alpha.shape) == (1, 4)
    assert layer.get_config()["shared_axes"] == [1]
    layer(np.ones((2, 7, 4), "float32"))  # the shared axis may change
    with pytest.raises(ValueError, match=r"expected axis 2 of input shape to have value 4"):
        layer(np.ones((2, 3, 5), "float32"))


def test_prelu_regularizer_and_constraint():
    layer = layers.PReLU(alpha_initializer="ones", alpha_regularizer="l2",
                         alpha_constraint="non_neg")
    layer(np.ones((1, 3), "float32"))
    assert len(layer.losses) == 1
    config = layer.get_config()
    assert config["alpha_regularizer"]["class_name"] == "L2"
    assert config["alpha_constraint"]["class_name"] == "NonNeg"
    assert config["alpha_initializer"]["class_name"] == "Ones"


@pytest.mark.parametrize("make, match", [
    (lambda: layers.PReLU(shared_axes=[0]), r"Argument `shared_axes` of PReLU must contain axes "
                                            r"counted from 1"),
    (lambda: layers.PReLU(shared_axes=[3])(keras.Input((2, 2))),
     r"refers to axis 3, but the input has only 3 dimensions"),
    (lambda: layers.PReLU()(keras.Input((None, 2))), r"needs every non-shared input dimension"),
    (lambda: layers.PReLU(alpha_initializer="nope"), r"nope"),
])
def test_prelu_bad_arguments(make, match):
    with pytest.raises(ValueError, match=match):
        make()


# ---------------------------------------------------------------------- Softmax
def test_softmax_hand_computed():
    out = layers.Softmax()(np.array([1.0, 2.0, 1.0], "float32")).numpy()
    e = np.exp([1.0, 2.0, 1.0])
    np.testing.assert_allclose(out, e / e.sum(), rtol=1e-6)


def test_softmax_axes():
    x = np.random.default_rng(0).normal(size=(2, 3, 4)).astype("float32")
    out = layers.Softmax(axis=1)(x).numpy()
    np.testing.assert_allclose(out.sum(axis=1), np.ones((2, 4)), rtol=1e-6)
    out = layers.Softmax(axis=[1, 2])(x).numpy()
    np.testing.assert_allclose(out.sum(axis=(1, 2)), np.ones(2), rtol=1e-6)
    assert layers.Softmax(axis=[1, 2]).get_config()["axis"] == [1, 2]


def test_softmax_mask_zeroes_masked_positions():
    x = np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]], "float32")
    mask = np.array([[1, 1, 0], [0, 0, 0]])
    out = layers.Softmax()(x, mask=mask).numpy()
    e = np.exp([1.0, 2.0])
    np.testing.assert_allclose(out[0], list(e / e.sum()) + [0.0], rtol=1e-6)
    np.testing.assert_array_equal(out[1], [0.0, 0.0, 0.0])


def test_softmax_uses_the_keras_mask_of_its_input():
    x = torch.tensor([[1.0, 2.0, 3.0]])
    x._keras_mask = torch.tensor([[True, False, True]])
    out = layers.Softmax()(x)
    assert out[0, 1] == 0.0
    assert float(out.sum()) == pytest.approx(1.0)


@pytest.mark.parametrize("mask, match", [
    (np.ones((1, 2, 3)), r"must not have more dimensions. Received: inputs.shape=\(2, 3\), "
                         r"mask.shape=\(1, 2, 3\)"),
    (np.ones((2, 2)), r"Each mask dimension must be 1 or match the corresponding input "
                      r"dimension. Received: inputs.shape=\(2, 3\), mask.shape=\(2, 2\)"),
])
def test_softmax_bad_mask(mask, match):
    with pytest.raises(ValueError, match=match):
        layers.Softmax()(np.zeros((2, 3), "float32"), mask=mask)


@pytest.mark.parametrize("axis", ["a", 1.5, [], [0, "b"], None])
def test_softmax_bad_axis(axis):
    with pytest.raises(ValueError, match=r"Argument `axis` of Softmax must be an integer or a "
                                         r"list of integers"):
        layers.Softmax(axis=axis)


def test_no_warnings_on_keras3_spelling():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        layer = layers.LeakyReLU(negative_slope=0.2)
    np.testing.assert_allclose(layer(np.array([-1.0, 2.0], "float32")).numpy(), [-0.2, 2.0])


def test_keras2_module_paths():
    from torcheras.layers import advanced_activations, core

    assert advanced_activations.LeakyReLU is layers.LeakyReLU
    assert advanced_activations.PReLU is layers.PReLU
    for name in ("Reshape", "Permute", "RepeatVector", "Lambda", "ActivityRegularization"):
        assert getattr(core, name) is getattr(layers, name)
