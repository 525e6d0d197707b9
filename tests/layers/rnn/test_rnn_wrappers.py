"""Bidirectional, TimeDistributed and Masking: contract, hand-computed merges, masks,
states, config round trips and bad inputs."""

import numpy as np
import pytest
import torch

import torcheras as keras
from torcheras import layers

X = np.random.default_rng(1).normal(size=(2, 4, 3)).astype("float32")


def test_bidirectional_is_forward_and_reversed_backward_copy():
    bi = layers.Bidirectional(layers.LSTM(2, return_sequences=True), merge_mode=None)
    fwd, bwd = bi(X)
    assert bi.forward_layer.name == "forward_lstm" and bi.backward_layer.name == "backward_lstm"
    assert bi.backward_layer.go_backwards and not bi.forward_layer.go_backwards
    lstm = layers.LSTM(2, return_sequences=True)
    lstm(X)
    lstm.set_weights(bi.forward_layer.get_weights())
    np.testing.assert_allclose(fwd.detach().numpy(), lstm(X).detach().numpy(), atol=1e-6)
    lstm.set_weights(bi.backward_layer.get_weights())
    rev = lstm(X[:, ::-1].copy()).detach().numpy()[:, ::-1]
    np.testing.assert_allclose(bwd.detach().numpy(), rev, atol=1e-6)
    assert [w.path for w in bi.weights][:1] == ["bidirectional/forward_lstm/lstm_cell/kernel"]


@pytest.mark.parametrize("mode, fn", [("concat", lambda a, b: np.concatenate([a, b], -1)),
                                      ("sum", np.add), ("mul", np.multiply),
                                      ("ave", lambda a, b: (a + b) / 2)])
def test_merge_modes(mode, fn):
    bi = layers.Bidirectional(layers.GRU(2), merge_mode=mode)
    out = bi(X).detach().numpy()
    none = layers.Bidirectional(layers.GRU(2), merge_mode=None)
    none(X)
    none.set_weights(bi.get_weights())
    a, b = (t.detach().numpy() for t in none(X))
    np.testing.assert_allclose(out, fn(a, b), atol=1e-6)


def test_bidirectional_states_masks_and_symbolic():
    bi = layers.Bidirectional(layers.LSTM(2, return_state=True, return_sequences=True))
    out, hf, cf, hb, cb = bi(X, mask=np.array([[1, 1, 1, 0], [1, 1, 1, 1]], bool))
    assert tuple(out.shape) == (2, 4, 4) and tuple(hb.shape) == (2, 2)
    np.testing.assert_allclose(out[0, 3].detach().numpy(), 0.0)  # zero_output_for_mask
    x = keras.Input((4, 3))
    y = layers.Bidirectional(layers.SimpleRNN(5), merge_mode="sum")(x)
    assert y.shape == (None, 5)
    model = keras.Model(x, y)
    assert tuple(model(X).shape) == (2, 5)


def test_bidirectional_with_backward_layer_and_weights_argument():
    fwd = layers.LSTM(2, return_sequences=True)
    bwd = layers.GRU(2, return_sequences=True, go_backwards=True)
    bi = layers.Bidirectional(fwd, backward_layer=bwd)
    assert tuple(bi(X).shape) == (2, 4, 4)
    assert bi.backward_layer is bwd
    weights = bi.get_weights()
    again = layers.Bidirectional(layers.LSTM(2, return_sequences=True), weights=weights,
                                 backward_layer=layers.GRU(2, return_sequences=True,
                                                           go_backwards=True))
    np.testing.assert_allclose(again(X).detach().numpy(), bi(X).detach().numpy(), atol=1e-6)


def test_bidirectional_config_round_trip_and_stateful_reset():
    bi = layers.Bidirectional(layers.LSTM(3), merge_mode="ave")
    clone = layers.deserialize(layers.serialize(bi))
    assert clone.get_config() == bi.get_config()
    assert clone.forward_layer.name == "forward_lstm"
    stateful = layers.Bidirectional(layers.GRU(2, stateful=True))
    stateful(X)
    assert len(stateful.states) == 2
    stateful.reset_states()
    assert float(stateful.states[0].abs().sum()) == 0.0
    with pytest.raises(AttributeError, match="must be stateful"):
        bi.reset_state()


def test_time_distributed():
    td = layers.TimeDistributed(layers.Dense(5))
    out = td(X)
    assert tuple(out.shape) == (2, 4, 5)
    kernel, bias = (w.detach().numpy() for w in td.weights)
    np.testing.assert_allclose(out.detach().numpy(), X @ kernel + bias, atol=1e-6)
    assert [w.path for w in td.weights] == ["time_distributed/dense/kernel",
                                            "time_distributed/dense/bias"]
    assert layers.TimeDistributed(layers.Dense(5))(keras.Input((4, 3))).shape == (None, 4, 5)
    conv_like = layers.TimeDistributed(layers.Flatten())
    assert tuple(conv_like(np.zeros((2, 4, 3, 2), "float32")).shape) == (2, 4, 6)
    clone = layers.deserialize(layers.serialize(td))
    assert clone.get_config() == td.get_config()


def test_time_distributed_passes_mask_through():
    x = torch.tensor(X)
    x._keras_mask = torch.tensor([[True, True, False, False], [True] * 4])
    out = layers.TimeDistributed(layers.Dense(2))(x)
    np.testing.assert_array_equal(out._keras_mask.numpy(), x._keras_mask.numpy())


def test_masking_hand_computed():
    x = np.array([[[1.0, 2.0], [0.0, 0.0], [0.0, 3.0]]], "float32")
    out = layers.Masking()(x)
    np.testing.assert_array_equal(out._keras_mask.numpy(), [[True, False, True]])
    out = layers.Masking(mask_value=1.0)(np.ones((1, 2, 2), "float32"))
    np.testing.assert_array_equal(out.detach().numpy(), 0.0)
    assert layers.Masking(0.5).get_config()["mask_value"] == 0.5


BAD = [
    (lambda: layers.Bidirectional("lstm"), ValueError, "Please initialize `Bidirectional`"),
    (lambda: layers.Bidirectional(layers.LSTM(2), merge_mode="max"), ValueError,
     "Invalid merge mode. Received: 'max'"),
    (lambda: layers.Bidirectional(layers.LSTM(2), backward_layer=3), ValueError,
     "`backward_layer` need to be"),
    (lambda: layers.Bidirectional(layers.LSTM(2), backward_layer=layers.LSTM(2)), ValueError,
     "different `go_backwards`"),
    (lambda: layers.Bidirectional(layers.LSTM(2), backward_layer=layers.LSTM(
        2, go_backwards=True, return_sequences=True)), ValueError, "return_sequences"),
    (lambda: layers.TimeDistributed("dense"), ValueError, "isn't a supported layer type"),
    (lambda: layers.TimeDistributed(layers.Dense(2))(np.zeros((2, 3), "float32")),
     ValueError, "at least 3 dimensions"),
    (lambda: layers.TimeDistributed(layers.Dense(2))(X, mask=np.ones((2, 5), bool)),
     ValueError, "incompatible with the input shape"),
    (lambda: layers.Masking(mask_value="pad"), ValueError, "`mask_value` must be a number"),
]


@pytest.mark.parametrize("make, exc, match", BAD)
def test_bad_inputs(make, exc, match):
    with pytest.raises(exc, match=match):
        make()
