"""SimpleRNN, LSTM, GRU, their cells and RNN: contract, hand-computed steps, fused kernel
vs step loop (outputs and gradients), states, masks, Keras 1/2 spellings, bad inputs."""

import numpy as np
import pytest
import torch

import torcheras as keras
from torcheras import layers

RNG = np.random.default_rng(0)
X = RNG.normal(size=(3, 5, 4)).astype("float32")


def sigmoid(v):
    return 1 / (1 + np.exp(-v))


def check_layer_contract(make, input_shape, output_shape, weight_shapes):
    """The shared layer contract, with Keras's nested weight paths (``lstm/lstm_cell/...``)."""
    keras.backend.clear_session()
    first, second = make(), make()
    assert second.name == first.name + "_1"
    config = first.get_config()
    assert type(first).from_config(config).get_config() == config
    restored = keras.layers.deserialize(keras.layers.serialize(first))
    assert type(restored) is type(first) and restored.get_config() == config
    symbolic = make()
    y = symbolic(keras.Input(batch_shape=input_shape))
    assert y.shape == tuple(output_shape)
    assert [tuple(w.shape) for w in symbolic.weights] == [tuple(s) for s in weight_shapes]
    assert symbolic.count_params() == sum(int(np.prod(s)) for s in weight_shapes)
    eager = make()
    out = eager(RNG.normal(size=(2,) + tuple(input_shape[1:])).astype("float32"))
    assert tuple(out.shape) == (2,) + tuple(output_shape[1:])
    cell = eager.cell.name
    assert [w.path for w in eager.weights] == [f"{eager.name}/{cell}/{w.name}"
                                               for w in eager.weights]


def test_contract():
    check_layer_contract(lambda: layers.SimpleRNN(6), (None, 5, 4), (None, 6),
                         [(4, 6), (6, 6), (6,)])
    check_layer_contract(lambda: layers.LSTM(6, return_sequences=True), (None, 5, 4),
                         (None, 5, 6), [(4, 24), (6, 24), (24,)])
    check_layer_contract(lambda: layers.GRU(6), (None, 5, 4), (None, 6),
                         [(4, 18), (6, 18), (2, 18)])
    check_layer_contract(lambda: layers.GRU(6, reset_after=False, use_bias=False),
                         (None, 5, 4), (None, 6), [(4, 18), (6, 18)])
    check_layer_contract(lambda: layers.RNN(layers.LSTMCell(3)), (None, 5, 4), (None, 3),
                         [(4, 12), (3, 12), (12,)])


def test_return_state_shapes_symbolic_and_eager():
    x = keras.Input((5, 4))
    out, h, c = layers.LSTM(3, return_state=True)(x)
    assert (out.shape, h.shape, c.shape) == ((None, 3), (None, 3), (None, 3))
    seq, h = layers.GRU(3, return_sequences=True, return_state=True)(X)
    assert tuple(seq.shape) == (3, 5, 3) and tuple(h.shape) == (3, 3)
    np.testing.assert_allclose(seq[:, -1].detach().numpy(), h.detach().numpy())


def test_defaults_match_keras():
    lstm = layers.LSTM(4)
    assert lstm.activation is keras.activations.tanh
    assert lstm.recurrent_activation is keras.activations.sigmoid
    assert lstm.unit_forget_bias and lstm.cell.name == "lstm_cell"
    assert type(lstm.recurrent_initializer).__name__ == "Orthogonal"
    assert type(lstm.kernel_initializer).__name__ == "GlorotUniform"
    lstm(X)
    np.testing.assert_array_equal(lstm.cell.bias.detach().numpy(),
                                  np.r_[np.zeros(4), np.ones(4), np.zeros(8)])
    assert layers.GRU(4).reset_after is True
    assert [w.name for w in lstm.weights] == ["kernel", "recurrent_kernel", "bias"]


def _set(layer, *arrays):
    layer(X)
    layer.set_weights([np.asarray(a, "float32") for a in arrays])


def test_lstm_hand_computed_step():
    u, f = 2, 4
    k = RNG.normal(size=(f, 4 * u)) * 0.5
    r = RNG.normal(size=(u, 4 * u)) * 0.5
    b = RNG.normal(size=(4 * u,)) * 0.5
    layer = layers.LSTM(u, return_sequences=True)
    _set(layer, k, r, b)
    h, c = np.zeros((3, u)), np.zeros((3, u))
    outs = []
    for t in range(X.shape[1]):
        z = X[:, t] @ k + h @ r + b
        i, fg, g, o = (z[:, j * u:(j + 1) * u] for j in range(4))
        c = sigmoid(fg) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        outs.append(h)
    np.testing.assert_allclose(layer(X).detach().numpy(), np.stack(outs, 1), atol=1e-5)


def test_gru_hand_computed_step_both_variants():
    u = 3
    k = RNG.normal(size=(4, 3 * u)) * 0.5
    r = RNG.normal(size=(u, 3 * u)) * 0.5
    b = RNG.normal(size=(2, 3 * u)) * 0.5
    for reset_after in (True, False):
        layer = layers.GRU(u, reset_after=reset_after)
        bias = b if reset_after else b[0]
        _set(layer, k, r, bias)
        h = np.zeros((3, u))
        for t in range(X.shape[1]):
            xz, xr, xh = np.split(X[:, t] @ k + b[0], 3, axis=1)  # input bias row
            if reset_after:
                hz, hr, hh = np.split(h @ r + b[1], 3, axis=1)
                z, rr = sigmoid(xz + hz), sigmoid(xr + hr)
                cand = np.tanh(xh + rr * hh)
            else:
                hz, hr = np.split(h @ r[:, :2 * u], 2, axis=1)
                z, rr = sigmoid(xz + hz), sigmoid(xr + hr)
                cand = np.tanh(xh + (rr * h) @ r[:, 2 * u:])
            h = z * h + (1 - z) * cand
        np.testing.assert_allclose(layer(X).detach().numpy(), h, atol=1e-5)


def test_simple_rnn_hand_computed_linear():
    layer = layers.SimpleRNN(1, activation=None)
    layer(np.zeros((1, 3, 1), "float32"))
    layer.set_weights([np.array([[1.0]], "float32"), np.array([[2.0]], "float32"),
                       np.array([0.5], "float32")])
    # h1 = 1 + .5 = 1.5; h2 = 2 + .5 + 3 = 5.5; h3 = 3 + .5 + 11 = 14.5
    out = layer(np.array([[[1.0], [2.0], [3.0]]], "float32"))
    np.testing.assert_allclose(out.detach().numpy(), [[14.5]])


@pytest.mark.parametrize("cls", [layers.SimpleRNN, layers.LSTM, layers.GRU])
def test_fused_kernel_matches_step_loop_with_gradients(cls):
    mask = torch.tensor([[1, 1, 1, 0, 0], [0, 1, 1, 1, 1], [1, 0, 1, 0, 1]], dtype=torch.bool)
    results = []
    for use_cudnn in (True, False):
        keras.utils.set_random_seed(3)
        layer = cls(3, return_sequences=True, go_backwards=True, dropout=0.3, seed=7)
        layer.use_cudnn = use_cudnn
        x = torch.tensor(X, requires_grad=True)
        out = layer(x, mask=mask, training=True)
        (out * torch.arange(1.0, 4.0)).sum().backward()
        results.append([out.detach()] + [w.grad.clone() for w in layer.weights] + [x.grad])
    for a, b in zip(*results):
        torch.testing.assert_close(a, b, atol=1e-5, rtol=1e-5)


@pytest.mark.parametrize("cls", [layers.SimpleRNN, layers.LSTM, layers.GRU])
def test_recurrent_dropout_trains_and_is_off_in_inference(cls):
    keras.utils.set_random_seed(0)
    layer = cls(3, recurrent_dropout=0.5, dropout=0.5)
    plain = cls(3)
    layer(X)
    plain(X)
    plain.set_weights(layer.get_weights())
    np.testing.assert_allclose(layer(X).detach().numpy(), plain(X).detach().numpy(),
                               atol=1e-6)
    x = torch.tensor(X)
    out = layer(x, training=True)
    assert not torch.allclose(out, plain(x))
    out.sum().backward()
    assert all(w.grad is not None and torch.isfinite(w.grad).all() for w in layer.weights)


def test_masked_steps_keep_state_and_repeat_output():
    layer = layers.LSTM(3, return_sequences=True, return_state=True)
    mask = np.array([[1, 1, 0, 0, 1], [1, 1, 1, 1, 1], [0, 0, 0, 0, 0]], bool)
    seq, h, c = layer(X, mask=mask)
    seq = seq.detach().numpy()
    np.testing.assert_allclose(seq[0, 2], seq[0, 1])
    np.testing.assert_allclose(seq[0, 3], seq[0, 1])
    short, h2, _ = layer(X[:1, [0, 1, 4]])
    np.testing.assert_allclose(h[0].detach().numpy(), h2[0].detach().numpy(), atol=1e-6)
    np.testing.assert_allclose(seq[2], 0.0)  # nothing to read: zeros, initial states
    np.testing.assert_allclose(c[2].detach().numpy(), 0.0)


def test_mask_flows_from_embedding_and_masking():
    ids = np.array([[5, 3, 0, 0], [2, 0, 0, 0]])
    model = keras.Sequential([layers.Embedding(10, 4, mask_zero=True),
                              layers.GRU(3, return_sequences=True)])
    out = model(ids)
    np.testing.assert_array_equal(out._keras_mask.numpy(), ids != 0)
    y = out.detach().numpy()
    np.testing.assert_allclose(y[0, 3], y[0, 1])
    seq = np.zeros((1, 4, 2), "float32")
    seq[0, :2] = 1.0
    masked = layers.Masking()(seq)
    last = layers.SimpleRNN(2, return_sequences=True)(masked)
    np.testing.assert_allclose(last[0, 3].detach().numpy(), last[0, 1].detach().numpy())


def test_initial_state_and_stateful():
    layer = layers.LSTM(3, return_state=True)
    _, h, c = layer(X[:, :2])
    out, h_all, _ = layer(X)
    _, h_cont, _ = layer(X[:, 2:], initial_state=[h, c])
    np.testing.assert_allclose(h_cont.detach().numpy(), h_all.detach().numpy(), atol=1e-6)

    stateful = layers.GRU(3, stateful=True)
    stateful(X[:, :2])
    stateful.reset_states()
    stateful(X[:, :2])
    second = stateful(X[:, 2:])
    fresh = layers.GRU(3)
    fresh(X)
    fresh.set_weights(stateful.get_weights())
    np.testing.assert_allclose(second.detach().numpy(), fresh(X).detach().numpy(), atol=1e-6)
    stateful.reset_state()
    assert float(stateful.states[0].abs().sum()) == 0.0
    stateful.reset_states(np.ones((3, 3), "float32"))
    assert float(stateful.states[0].sum()) == 9.0


def test_stacked_cells_and_keras2_list_input():
    rnn = layers.RNN([layers.LSTMCell(4), layers.GRUCell(3)], return_state=True)
    out, (h1, c1), (h2,) = rnn(X)  # per-cell state lists, as Keras
    assert tuple(out.shape) == (3, 3) and tuple(c1.shape) == (3, 4)
    np.testing.assert_allclose(out.detach().numpy(), h2.detach().numpy())
    lstm = layers.LSTM(2)
    h0 = np.zeros((3, 2), "float32")
    a = lstm([X, h0, h0])
    b = lstm(X, initial_state=[h0, h0])
    np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy())


def test_keras1_and_keras2_spellings():
    from torcheras.legacy.layers.recurrent import GRU, LSTM, SimpleRNN  # noqa: F401

    with pytest.warns(UserWarning, match="is Keras 1"):
        layer = layers.LSTM(8, dropout_W=0.2, dropout_U=0.3, inner_activation="hard_sigmoid",
                            init="he_normal")
    assert (layer.dropout, layer.recurrent_dropout) == (0.2, 0.3)
    assert layer.recurrent_activation is keras.activations.hard_sigmoid
    model = keras.Sequential([layers.LSTM(4, input_shape=(5, 4), implementation=1)])
    assert model.output_shape == (None, 4)
    assert layers.LSTM(4, unroll=True)(X).shape == (3, 4)


def test_config_round_trip():
    for layer in (layers.LSTM(3, dropout=0.1, return_sequences=True, go_backwards=True),
                  layers.GRU(2, reset_after=False), layers.SimpleRNN(2, activation="relu"),
                  layers.RNN([layers.LSTMCell(2), layers.SimpleRNNCell(3)])):
        config = layer.get_config()
        clone = keras.layers.deserialize(keras.layers.serialize(layer))
        assert clone.get_config() == config
    assert "cell" not in layers.LSTM(3).get_config()


def test_trains_on_a_toy_task():
    keras.utils.set_random_seed(1)
    x = RNG.normal(size=(256, 6, 2)).astype("float32")
    y = (x[:, :, 0].sum(1) > 0).astype("float32")
    model = keras.Sequential([keras.Input((6, 2)), layers.LSTM(8), layers.Dense(1, "sigmoid")])
    model.compile(keras.optimizers.Adam(0.01), "binary_crossentropy", metrics=["accuracy"])
    hist = model.fit(x, y, epochs=15, batch_size=32, verbose=0)
    assert hist.history["accuracy"][-1] > 0.9


BAD = [
    (lambda: layers.LSTM(0), ValueError, "argument `units`.*got 0"),
    (lambda: layers.GRU(-2), ValueError, "argument `units`.*got -2"),
    (lambda: layers.SimpleRNNCell("a"), ValueError, "argument `units`"),
    (lambda: layers.LSTM(3, use_cudnn="yes"), ValueError, "use_cudnn"),
    (lambda: layers.LSTM(3, dropout="x"), ValueError, "`dropout`"),
    (lambda: layers.LSTM(3)(np.zeros((2, 3), "float32")), ValueError,
     r"expected ndim=3, found ndim=2. Full shape received: \(2, 3\)"),
    (lambda: layers.LSTM(3)(X, mask=np.ones((3, 4), bool)), ValueError,
     r"mask .* must have shape .*\(3, 5\)"),
    (lambda: layers.LSTM(3)(X, initial_state=[np.zeros((3, 3), "float32")]), ValueError,
     "expects 2 state tensor"),
    (lambda: layers.GRU(3)(X, initial_state=[np.zeros((3, 4), "float32")]), ValueError,
     r"has shape \(3, 4\); expected \(batch_size, 3\)"),
    (lambda: layers.RNN(object()), ValueError, "should have a `call` method"),
    (lambda: layers.StackedRNNCells([object()]), ValueError, "must have a `call` method"),
    (lambda: layers.LSTM(3, stateful=True).build((None, 5, 4)), ValueError,
     "batch size must be static"),
    (lambda: layers.LSTM(3, foo=1), TypeError, "Unrecognized keyword arguments"),
    (lambda: layers.GRU(3, unroll=True)(keras.Input((None, 4))), ValueError,
     "Cannot unroll a RNN if the time dimension is undefined"),
]


@pytest.mark.parametrize("make, exc, match", BAD)
def test_bad_inputs(make, exc, match):
    with pytest.raises(exc, match=match):
        make()


def test_stateful_batch_size_change_is_an_error():
    layer = layers.LSTM(3, stateful=True)
    layer(X)
    with pytest.raises(ValueError, match="Expected batch size: 3"):
        layer(X[:2])


def test_model_reset_states_resets_every_stateful_layer():
    # Keras 2's model.reset_states(), which stateful-RNN tutorials call between epochs.
    import torcheras as keras

    model = keras.Sequential([keras.Input(batch_shape=(3, 2, X.shape[-1])),
                              layers.GRU(3, stateful=True, return_sequences=True),
                              layers.Bidirectional(layers.LSTM(2, stateful=True))])
    first = model.predict(X[:, :2], batch_size=3, verbose=0)
    assert not np.allclose(model.predict(X[:, :2], batch_size=3, verbose=0), first)
    model.reset_states()
    np.testing.assert_allclose(model.predict(X[:, :2], batch_size=3, verbose=0), first,
                               atol=1e-6)
