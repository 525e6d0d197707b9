"""Symbolic ``add_loss`` on functional models (Keras 2 / tf.keras; Keras 3 refuses it) and
loss functions called on KerasTensors (as every keras.ops)."""

import numpy as np
import pytest
import torch

import torcheras as keras
from torcheras import ops


def _model():
    inputs = keras.Input((2,))
    out = keras.layers.Dense(1, kernel_initializer="ones", use_bias=False)(inputs)
    return inputs, out, keras.Model(inputs, out)


def test_symbolic_loss_is_computed_from_the_same_forward_pass():
    inputs, out, model = _model()
    model.add_loss(ops.mean(ops.square(out)) * 2.0)
    x = np.array([[1.0, 2.0], [0.0, 1.0]], "float32")
    model(x)
    # outputs 3 and 1: 2 * mean(9, 1) = 10
    assert [float(v.detach()) for v in model.losses] == [10.0]
    model.compile("sgd")
    assert model.evaluate(x, verbose=0) == pytest.approx(10.0)
    # one SGD step (lr 0.01): d/dw 2*mean((x w)^2) = 2 * 2 * mean(x_i * (x w)) per weight
    grad = 2 * 2 * np.mean(x * (x @ np.ones((2, 1))), axis=0)
    model.fit(x, epochs=1, batch_size=2, verbose=0)
    np.testing.assert_allclose(model.layers[1].kernel.numpy()[:, 0], 1 - 0.01 * grad,
                               rtol=1e-6)


def test_symbolic_loss_adds_to_the_compiled_loss_and_counts_in_val_loss():
    inputs, out, model = _model()
    model.add_loss(ops.sum(out) * 0.0 + 1.5)  # a constant 1.5 from the graph
    model.compile("sgd", "mse")
    x = np.zeros((4, 2), "float32")
    history = model.fit(x, np.ones((4, 1)), epochs=1, validation_data=(x, np.ones((4, 1))),
                        verbose=0)
    assert history.history["loss"][0] == pytest.approx(2.5)  # mse 1 + 1.5
    assert history.history["val_loss"][0] == pytest.approx(2.5)


def test_keras2_vae_pattern_trains():
    """Keras 2.3.1's variational_autoencoder: the loss is built from symbolic tensors with
    keras.losses.binary_crossentropy and K.*, then `vae.add_loss(...)`, `compile(optimizer)`,
    `fit(x, validation_data=(x, None))`."""
    keras.utils.set_random_seed(1)
    K = keras.backend
    inputs = keras.Input((6,))
    h = keras.layers.Dense(8, activation="relu")(inputs)
    z_mean, z_log_var = keras.layers.Dense(2)(h), keras.layers.Dense(2)(h)
    z = keras.layers.Lambda(lambda a: a[0] + K.exp(0.5 * a[1]) * K.random_normal(
        K.shape(a[0])))([z_mean, z_log_var])
    outputs = keras.layers.Dense(6, activation="sigmoid")(z)
    vae = keras.Model(inputs, outputs)
    rec = keras.losses.binary_crossentropy(inputs, outputs) * 6
    kl = K.sum(1 + z_log_var - K.square(z_mean) - K.exp(z_log_var), axis=-1) * -0.5
    vae.add_loss(K.mean(rec + kl))
    vae.compile(optimizer="adam")
    x = (np.random.default_rng(0).random((128, 6)) > 0.5).astype("float32")
    history = vae.fit(x, epochs=4, batch_size=16, validation_data=(x, None), verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]
    assert 0 < history.history["val_loss"][-1] < 10
    assert vae.predict(x[:2], verbose=0).shape == (2, 6)


def test_loss_functions_accept_keras_tensors():
    a, b = keras.Input((3,)), keras.Input((3,))
    for fn in (keras.losses.binary_crossentropy, keras.losses.mean_squared_error,
               keras.losses.categorical_crossentropy, keras.losses.hinge):
        out = fn(a, b)
        assert isinstance(out, keras.KerasTensor) and tuple(out.shape) == (None,)
    model = keras.Model([a, b], keras.losses.mean_squared_error(a, b))
    got = model.predict([np.zeros((1, 3)), np.full((1, 3), 2.0)], verbose=0)
    np.testing.assert_allclose(got, [4.0])
    eager = keras.losses.mean_squared_error(torch.zeros(1, 3), torch.ones(1, 3))
    assert float(eager[0]) == 1.0


def test_symbolic_loss_from_another_graph_is_refused():
    _, _, model = _model()
    other = keras.Input((2,))
    with pytest.raises(ValueError, match="not computed from the inputs of model"):
        model.add_loss(ops.sum(other))
