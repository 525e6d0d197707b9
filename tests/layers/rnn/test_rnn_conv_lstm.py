"""ConvLSTM1D/2D/3D: shapes, the whole-sequence path against per-step cell calls (with
dropout masks and gradients), config round trips, Keras 2 path and bad inputs."""

import numpy as np
import pytest
import torch

import torcheras as keras
from torcheras import layers

X = np.random.default_rng(3).normal(size=(2, 3, 5, 5, 2)).astype("float32")


def test_shapes_weights_and_symbolic():
    layer = layers.ConvLSTM2D(4, 3, padding="same", return_sequences=True)
    assert tuple(layer(X).shape) == (2, 3, 5, 5, 4)
    assert [tuple(w.shape) for w in layer.weights] == [(3, 3, 2, 16), (3, 3, 4, 16), (16,)]
    assert [w.path for w in layer.weights][0].endswith("/conv_lstm_cell/kernel")
    out, h, c = layers.ConvLSTM2D(3, 2, strides=2, return_state=True)(keras.Input((3, 5, 5, 2)))
    assert out.shape == h.shape == c.shape == (None, 2, 2, 3)
    assert tuple(layers.ConvLSTM1D(2, 3)(X[:, :, 0]).shape) == (2, 3, 2)
    assert tuple(layers.ConvLSTM3D(1, 2)(X[..., None]).shape) == (2, 4, 4, 1, 1)


def test_sequence_path_matches_cell_steps_with_dropout_and_gradients():
    layer = layers.ConvLSTM2D(3, 3, padding="same", return_sequences=True, dropout=0.3,
                              recurrent_dropout=0.3, seed=1)
    layer(X)
    x = torch.tensor(X, requires_grad=True)
    keras.utils.set_random_seed(0)
    out = layer(x, training=True)
    out.sum().backward()
    grads = [w.grad.clone() for w in layer.weights]
    for w in layer.weights:
        w.grad = None
    # The same masks, drawn in the same order, through the public one-step cell API.
    cell = layer.cell
    cell.__dict__.pop("_rnn_gen", None)  # restart the seeded mask generator
    states = layer.get_initial_state(2)
    xs = torch.tensor(X, requires_grad=True)
    steps = []
    cell.reset_dropout_mask()
    cell.reset_recurrent_dropout_mask()
    first = cell._to_first(xs[:, 0])
    dm = cell._new_masks(first, cell.dropout, 4)
    cell.__dict__["_dropout_mask"] = [cell._to_last(m) for m in dm]
    rm_like = torch.zeros((2, 3, 5, 5))
    rm = cell._new_masks(rm_like, cell.recurrent_dropout, 4)
    cell.__dict__["_recurrent_dropout_mask"] = [cell._to_last(m) for m in rm]
    for t in range(3):
        h, states = cell.call(xs[:, t], states, training=True)
        steps.append(h)
    ref = torch.stack(steps, 1)
    torch.testing.assert_close(out, ref, atol=1e-5, rtol=1e-5)
    ref.sum().backward()
    for g, w in zip(grads, layer.weights):
        torch.testing.assert_close(g, w.grad, atol=1e-4, rtol=1e-4)


def test_config_round_trip_and_keras2_path():
    from torcheras.legacy.layers.convolutional_recurrent import ConvLSTM2D

    layer = ConvLSTM2D(3, (2, 3), padding="same", data_format="channels_first",
                       recurrent_dropout=0.1)
    config = layer.get_config()
    assert config["kernel_size"] == (2, 3) and "cell" not in config
    assert layers.deserialize(layers.serialize(layer)).get_config() == config
    assert layer.filters == 3 and layer.padding == "same"


def test_trains():
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).normal(size=(32, 3, 4, 4, 1)).astype("float32")
    y = (x.mean(axis=(1, 2, 3, 4)) > 0).astype("float32")
    model = keras.Sequential([keras.Input((3, 4, 4, 1)), layers.ConvLSTM2D(2, 3),
                              layers.Flatten(), layers.Dense(1, "sigmoid")])
    model.compile("adam", "binary_crossentropy")
    hist = model.fit(x, y, epochs=3, batch_size=8, verbose=0)
    loss = hist.history["loss"]
    assert loss[0] > loss[1] > loss[2]
    assert model.evaluate(x, y, verbose=0) == pytest.approx(
        float(keras.losses.binary_crossentropy(y[:, None], model.predict(x, verbose=0)).mean()),
        rel=1e-5)


BAD = [
    (lambda: layers.ConvLSTM2D(0, 3), "argument `filters`.*filters=0"),
    (lambda: layers.ConvLSTM2D(2, (3, 3, 3)), "`kernel_size` argument must be a tuple of 2"),
    (lambda: layers.ConvLSTM2D(2, 3, padding="full"), "`padding` argument"),
    (lambda: layers.ConvLSTM2D(2, 3, strides=2, dilation_rate=2),
     "`strides > 1` is not compatible with `dilation_rate > 1`"),
    (lambda: layers.ConvLSTM2D(2, 3)(X[:, :, 0]), "expected ndim=5, found ndim=4"),
    (lambda: layers.ConvLSTM2D(2, 3)(keras.Input((3, None, 5, 2))),
     "only support static input shapes"),
]


@pytest.mark.parametrize("make, match", BAD)
def test_bad_inputs(make, match):
    with pytest.raises(ValueError, match=match):
        make()
