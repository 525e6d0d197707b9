"""The other layers Keras 3 removed: ``ThresholdedReLU``, ``CuDNNLSTM``/``CuDNNGRU``,
``AtrousConvolution1D/2D`` and Keras 1's ``Merge``."""

import warnings

import numpy as np
import pytest
import torch
from _golden import load

import torcheras as keras
from torcheras.legacy._arguments_core import reset_warnings
from torcheras.legacy.layers.advanced_activations import ThresholdedReLU
from torcheras.legacy.layers.convolutional import AtrousConvolution1D, AtrousConvolution2D
from torcheras.legacy.layers.cudnn_recurrent import CuDNNGRU, CuDNNLSTM
from torcheras.legacy.layers.merge import Merge

X = np.random.default_rng(3).normal(size=(2, 5, 3)).astype("float32")


# ------------------------------------------------------------------ ThresholdedReLU
def test_thresholded_relu_by_hand_and_config():
    layer = ThresholdedReLU(theta=1.0)
    x = np.array([[-2.0, 0.5, 1.0, 1.5, 3.0]], "float32")
    assert layer(x).tolist() == [[0.0, 0.0, 0.0, 1.5, 3.0]]  # strictly greater than theta
    assert ThresholdedReLU().theta == 1.0
    assert ThresholdedReLU.from_config(ThresholdedReLU(0.25).get_config()).theta == 0.25


def test_thresholded_relu_matches_tf_keras():
    golden = load("legacy_layers")
    case = next(c for c in golden.meta if c["class"] == "ThresholdedReLU")
    out = ThresholdedReLU(**case["config"])(golden.arrays["thresholded_relu/x"])
    np.testing.assert_array_equal(out.numpy(), golden.arrays["thresholded_relu/y"])


@pytest.mark.parametrize("theta, message", [
    (None, "Theta of a Thresholded ReLU layer cannot be None"),
    (-1.0, r"The theta value of a Thresholded ReLU layer should be >=0. Received: -1.0"),
    ("1", r"must be a float. Received: theta='1'"),
])
def test_thresholded_relu_bad_theta(theta, message):
    with pytest.raises(ValueError, match=message):
        ThresholdedReLU(theta=theta)


# ------------------------------------------------------------------ CuDNN layers
def test_cudnn_lstm_equals_lstm_with_summed_biases():
    cudnn = CuDNNLSTM(4, return_sequences=True)
    cudnn.build(X.shape)
    kernel, recurrent, _ = cudnn.get_weights()
    bias = np.random.default_rng(1).normal(size=(32,)).astype("float32")
    cudnn.set_weights([kernel, recurrent, bias])
    lstm = keras.layers.LSTM(4, return_sequences=True)
    lstm.build(X.shape)
    lstm.set_weights([kernel, recurrent, bias[:16] + bias[16:]])
    np.testing.assert_allclose(cudnn(X).detach().numpy(), lstm(X).detach().numpy(), rtol=1e-6, atol=1e-6)


def test_cudnn_gru_equals_gru_reset_after():
    cudnn = CuDNNGRU(4)
    cudnn.build(X.shape)
    kernel, recurrent, _ = cudnn.get_weights()
    bias = np.random.default_rng(2).normal(size=(24,)).astype("float32")
    cudnn.set_weights([kernel, recurrent, bias])
    gru = keras.layers.GRU(4, reset_after=True)
    gru.build(X.shape)
    gru.set_weights([kernel, recurrent, bias.reshape(2, 12)])
    np.testing.assert_allclose(cudnn(X).detach().numpy(), gru(X).detach().numpy(), rtol=1e-6, atol=1e-6)


def test_cudnn_weights_keep_keras_layout_and_both_bias_halves_train():
    layer = CuDNNLSTM(3)
    layer.build((None, 4, 2))
    assert [tuple(w.shape) for w in layer.weights] == [(2, 12), (3, 12), (24,)]
    # unit_forget_bias: Keras 2 puts the 1s in the recurrent half's forget gate.
    expected = np.zeros(24, "float32")
    expected[15:18] = 1.0
    np.testing.assert_array_equal(layer.get_weights()[2], expected)
    with torch.enable_grad():
        layer(np.ones((1, 4, 2), "float32")).sum().backward()
    grad = layer.weights[2].grad
    torch.testing.assert_close(grad[:12], grad[12:])
    assert grad.abs().sum() > 0
    gru = CuDNNGRU(3)
    gru.build((None, 4, 2))
    assert [tuple(w.shape) for w in gru.weights] == [(2, 9), (3, 9), (18,)]


def test_cudnn_settings_are_fixed_and_config_is_keras2s():
    lstm = CuDNNLSTM(5, return_state=True, stateful=False)
    assert lstm.activation is keras.activations.tanh
    assert lstm.recurrent_activation is keras.activations.sigmoid
    assert (lstm.dropout, lstm.recurrent_dropout, lstm.use_bias) == (0.0, 0.0, True)
    assert CuDNNGRU(2).cell.reset_after is True
    config = lstm.get_config()
    for fixed in ("activation", "recurrent_activation", "use_bias", "dropout",
                  "recurrent_dropout", "reset_after"):
        assert fixed not in config
    assert config["units"] == 5 and config["unit_forget_bias"] is True
    clone = CuDNNLSTM.from_config(config)
    assert type(clone) is CuDNNLSTM and clone.get_config() == config
    with pytest.raises(TypeError, match="activation"):
        CuDNNLSTM(3, activation="relu")


# ------------------------------------------------------------------ Atrous convolutions
def test_atrous_convolution_is_a_dilated_conv_and_warns_once():
    reset_warnings()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        layer = AtrousConvolution2D(2, 3, 3, atrous_rate=(2, 2), border_mode="same")
        AtrousConvolution2D(2, 3, 3, atrous_rate=(2, 2), border_mode="same")
    messages = [str(w.message) for w in caught if "atrous" in str(w.message)]
    assert messages == ["`AtrousConvolution2D(atrous_rate=...)` is Keras 1; use "
                        "`Conv2D(..., dilation_rate=...)`."]
    assert type(layer) is keras.layers.Conv2D and isinstance(layer, AtrousConvolution2D)
    assert (layer.kernel_size, layer.dilation_rate, layer.padding) == ((3, 3), (2, 2), "same")
    # A 3x3 kernel of ones with dilation 2 sums the pixels at distance 0 and 2 of the centre.
    conv = AtrousConvolution2D(1, (3, 3), atrous_rate=2, kernel_initializer="ones",
                               use_bias=False)
    x = np.arange(25, dtype="float32").reshape(1, 5, 5, 1)
    assert conv(x).tolist() == [[[[float(x[0, ::2, ::2, 0].sum())]]]]


def test_atrous_convolution_1d_keyword_rate():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        layer = AtrousConvolution1D(4, 3, atrous_rate=3)
    assert (layer.filters, layer.kernel_size, layer.dilation_rate) == (4, (3,), (3,))


@pytest.mark.parametrize("cls, args, rate", [
    (AtrousConvolution1D, (4, 3, "glorot_uniform", None, None, "valid", 1, 3), 3),
    (AtrousConvolution2D, (4, 3, 3, "glorot_uniform", None, None, "same", (1, 1), (2, 2)),
     (2, 2)),
])
def test_atrous_convolution_keras1_positional_rate(monkeypatch, cls, args, rate):
    # Keras 1's positional atrous_rate sits before dim_ordering: it is taken out, and the
    # rest goes to Keras 1's Convolution1D/2D spelling.
    monkeypatch.setattr(cls, "_builder", lambda *a, **k: (a, k))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        built_args, built_kwargs = cls(*args)
    assert built_args == args[:-1] and built_kwargs == {"dilation_rate": rate}


def test_atrous_convolution_refuses_both_rates():
    with pytest.raises(TypeError, match=r"takes `atrous_rate`.*not both"):
        AtrousConvolution2D(2, (3, 3), atrous_rate=2, dilation_rate=2)


# ------------------------------------------------------------------ Keras 1 Merge
A = np.array([[1.0, 2.0, 3.0], [-1.0, 0.5, 4.0]], "float32")
B = np.array([[2.0, -1.0, 0.0], [3.0, 3.0, -2.0]], "float32")


@pytest.mark.parametrize("mode, expected", [
    ("sum", A + B), ("mul", A * B), ("ave", (A + B) / 2), ("max", np.maximum(A, B)),
    ("concat", np.concatenate([A, B], -1)), ("dot", (A * B).sum(-1, keepdims=True)),
])
def test_merge_layer_on_tensors(mode, expected):
    np.testing.assert_allclose(Merge(mode=mode)([A, B]).detach().numpy(), expected, rtol=1e-6)


def test_merge_of_models_feeds_each_branch_its_input():
    left = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, kernel_initializer="ones",
                                                                   use_bias=False)])
    right = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1, use_bias=False,
                                                                    kernel_initializer="ones")])
    merged = Merge([left, right], mode="concat")
    assert isinstance(merged, keras.Model)
    out = merged.predict([np.ones((1, 2)), np.full((1, 3), 2.0)], verbose=0)
    assert out.tolist() == [[2.0, 6.0]]


def test_merge_of_models_as_the_first_layer_of_a_sequential():
    """Keras 1: `model.add(Merge([left, right], mode="concat"))` then more layers; the
    Sequential takes the branches' inputs (Keras 2's Sequential took a first model's
    source inputs) and trains on one array per branch."""
    left = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, kernel_initializer="ones",
                                                                   use_bias=False)])
    right = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1, use_bias=False,
                                                                    kernel_initializer="ones")])
    model = keras.Sequential()
    model.add(Merge([left, right], mode="concat"))
    model.add(keras.layers.Dense(1, kernel_initializer="ones", use_bias=False))
    assert [tuple(t.shape) for t in model.inputs] == [(None, 2), (None, 3)]
    assert model.output_shape == (None, 1)
    # 1*2 + 2*3 = 8
    assert model.predict([np.ones((1, 2)), np.full((1, 3), 2.0)], verbose=0).tolist() == [[8.0]]
    model.compile("sgd", "mse")
    before = model.evaluate([np.ones((4, 2)), np.ones((4, 3))], np.zeros((4, 1)), verbose=0)
    model.fit([np.ones((4, 2)), np.ones((4, 3))], np.zeros((4, 1)), epochs=3, verbose=0)
    assert model.evaluate([np.ones((4, 2)), np.ones((4, 3))], np.zeros((4, 1)),
                          verbose=0) < before


@pytest.mark.parametrize("make, message", [
    (lambda: Merge(mode="xor"), r"Invalid merge mode: 'xor'"),
    (lambda: Merge([keras.layers.Dense(2)], mode="sum"), r"at least 2 inputs"),
    (lambda: Merge([keras.layers.Dense(2), keras.layers.Dense(2)]),
     r"needs branches with known inputs"),
])
def test_merge_bad_input(make, message):
    with pytest.raises(ValueError, match=message):
        make()
