"""Keras's trainer contract: the step methods as custom-loop entry points, the trainable set
(GANs, frozen layers, shared weights), loss scaling, empty fits, NaN in predict, verbose."""

import numpy as np
import pytest
import torch

import torcheras as keras
from torcheras import layers

X = np.array([[1.0, 2.0], [3.0, -1.0], [0.5, 0.5], [-2.0, 1.0]], dtype="float32")
Y = np.array([[1.0], [0.0], [2.0], [-1.0]], dtype="float32")


def linear(lr=0.1, **optimizer_kwargs):
    """y = x @ [[1], [1]]: a model whose one SGD step on MSE is easy to compute by hand."""
    model = keras.Sequential([keras.Input((2,)), layers.Dense(1, use_bias=False,
                                                              kernel_initializer="ones")])
    model.compile(keras.optimizers.SGD(lr, **optimizer_kwargs), "mse")
    return model


def hand_sgd_step(lr=0.1):
    w = np.ones((2, 1), dtype="float64")
    pred = X @ w
    loss = np.mean((pred - Y) ** 2)
    grad = X.T @ (2 * (pred - Y) / len(X))
    return loss, w - lr * grad


def test_train_step_right_after_compile_is_one_sgd_step():
    model = linear()
    logs = model.train_step((X, Y))
    loss, new_w = hand_sgd_step()
    assert dict(logs)["loss"] == pytest.approx(loss, rel=1e-6)
    np.testing.assert_allclose(model.get_weights()[0], new_w, rtol=1e-6)


def test_test_step_and_predict_step_right_after_compile():
    model = linear()
    loss, _ = hand_sgd_step()
    assert dict(model.test_step((X, Y)))["loss"] == pytest.approx(loss, rel=1e-6)
    out = model.predict_step((torch.from_numpy(X),))
    np.testing.assert_allclose(out.detach().numpy(), X.sum(axis=1, keepdims=True))
    np.testing.assert_allclose(model.get_weights()[0], np.ones((2, 1)))  # nothing trained


def test_loss_scale_factor_gives_the_unscaled_update():
    model = linear(loss_scale_factor=1024.0)
    model.train_on_batch(X, Y)
    _, new_w = hand_sgd_step()
    np.testing.assert_allclose(model.get_weights()[0], new_w, rtol=1e-5)


def test_loss_scale_factor_scales_the_differentiated_loss():
    model = linear(loss_scale_factor=4.0)
    seen = []
    apply = model.optimizer.apply

    def spy(grads, variables=None):
        seen.append([g.clone() for g in grads])
        return apply(grads, variables)

    model.optimizer.apply = spy
    model.train_on_batch(X, Y)
    pred = X @ np.ones((2, 1))
    raw_grad = X.T @ (2 * (pred - Y) / len(X))
    # What reaches `apply` is the gradient of 4 * loss; `apply` divides it back.
    np.testing.assert_allclose(seen[0][0].numpy(), 4.0 * raw_grad, rtol=1e-5)


def test_fit_with_no_epochs_returns_an_empty_history():
    model = linear()
    for kwargs in ({"epochs": 0}, {"epochs": 2, "initial_epoch": 2},
                   {"epochs": 1, "initial_epoch": 3}):
        history = model.fit(X, Y, verbose=0, **kwargs)
        assert isinstance(history, keras.callbacks.History)
        assert dict(history.history) == {} and history.epoch == []
    np.testing.assert_allclose(model.get_weights()[0], np.ones((2, 1)))


def test_predict_passes_nan_rows_through():
    model = linear()
    x = X.copy()
    x[1, 0] = np.nan
    out = model.predict(x, verbose=0)
    assert np.isnan(out[1]).all()
    np.testing.assert_allclose(out[[0, 2, 3]], X[[0, 2, 3]].sum(axis=1, keepdims=True))


def test_evaluate_on_nan_reports_nan_as_keras():
    model = linear()
    x = X.copy()
    x[0, 0] = np.nan
    assert np.isnan(model.evaluate(x, Y, verbose=0))


def _epoch_lines(out: str) -> list[str]:
    return [line.split(" - ")[0] for line in out.splitlines() if line.strip()]


@pytest.mark.parametrize("verbose", [3, 10])
def test_verbose_above_two_is_one_line_per_epoch(verbose, capsys):
    linear().fit(X, Y, epochs=2, verbose=2)
    two = capsys.readouterr().out
    history = linear().fit(X, Y, epochs=2, verbose=verbose)
    more = capsys.readouterr().out
    assert _epoch_lines(more) == _epoch_lines(two) == ["Epoch 1/2", "1/1", "Epoch 2/2", "1/1"]
    assert history.params["verbose"] == 2


# ---------------------------------------------------------------- the trainable set
def _weights(model):
    return [w.copy() for w in model.get_weights()]


def _changed(before, after):
    return any(not np.array_equal(a, b) for a, b in zip(before, after))


def test_classic_gan_loop_trains_both_models():
    keras.utils.set_random_seed(1)
    rng = np.random.default_rng(1)
    latent = 4
    # A fixed, frozen projection inside the generator: it must never change.
    projection = layers.Dense(8, trainable=False, name="frozen_projection")
    generator = keras.Sequential([keras.Input((latent,)), projection,
                                  layers.Dense(16, activation="relu"), layers.Dense(2)])
    discriminator = keras.Sequential([keras.Input((2,)), layers.Dense(16, activation="relu"),
                                      layers.Dense(1, activation="sigmoid")])
    discriminator.compile(keras.optimizers.Adam(2e-3), "binary_crossentropy")
    discriminator.trainable = False  # Keras 2's recipe: freeze, then compile the stack
    z = keras.Input((latent,))
    combined = keras.Model(z, discriminator(generator(z)))
    combined.compile(keras.optimizers.Adam(2e-3), "binary_crossentropy")

    frozen_before = _weights(projection)
    requires_grad = [w.requires_grad for w in discriminator.weights]

    def distance_to_real():
        fake = generator.predict(rng.normal(size=(256, latent)).astype("float32"), verbose=0)
        return np.linalg.norm(fake.mean(axis=0) - [2.0, -1.0])

    start = distance_to_real()
    d_losses, g_losses = [], []
    for step in range(300):
        real = rng.normal([2.0, -1.0], 0.3, size=(32, 2)).astype("float32")
        noise = rng.normal(size=(32, latent)).astype("float32")
        fake = generator.predict_on_batch(noise)
        d_before = _weights(discriminator)
        d_losses.append(discriminator.train_on_batch(
            np.concatenate([real, fake]), np.concatenate([np.ones((32, 1)), np.zeros((32, 1))])))
        d_trained = _weights(discriminator)
        g_before = _weights(generator)
        g_losses.append(combined.train_on_batch(noise, np.ones((32, 1), "float32")))
        if step == 0:
            # The discriminator trains in its own step although its flag is now False
            # (it was compiled before); the combined model trains the generator only, and
            # leaves the shared discriminator weights without updates or gradients.
            assert _changed(d_before, d_trained)
            assert not _changed(d_trained, _weights(discriminator))
            assert _changed(g_before, _weights(generator))
            assert all(w.grad is None for w in discriminator.weights)
    assert np.ptp(d_losses) > 0.1 and np.ptp(g_losses) > 0.1
    assert not _changed(frozen_before, _weights(projection))
    assert [w.requires_grad for w in discriminator.weights] == requires_grad
    # The generator learned to move its samples towards the real cluster.
    assert distance_to_real() < 0.5 * start


def test_discriminator_compiled_before_freezing_still_trains():
    d = keras.Sequential([keras.Input((2,)), layers.Dense(1, activation="sigmoid")])
    d.compile("sgd", "binary_crossentropy")
    d.trainable = False
    before = _weights(d)
    d.train_on_batch(X, (Y > 0).astype("float32"))
    assert _changed(before, _weights(d))


def test_flags_changed_after_compile_take_effect_on_recompile():
    model = keras.Sequential([keras.Input((2,)), layers.Dense(3, name="a"),
                              layers.Dense(1, name="b")])
    model.compile("sgd", "mse")
    model.get_layer("a").trainable = False
    before = _weights(model)
    model.train_on_batch(X, Y)
    assert _changed(before[:2], _weights(model)[:2])  # compiled state: "a" still trains
    model.compile("sgd", "mse")
    before = _weights(model)
    model.train_on_batch(X, Y)
    after = _weights(model)
    assert not _changed(before[:2], after[:2]) and _changed(before[2:], after[2:])


def test_layer_frozen_before_compile_is_not_trained_and_keeps_requires_grad():
    model = keras.Sequential([keras.Input((2,)), layers.Dense(3, trainable=False),
                              layers.Dense(1)])
    model.compile("sgd", "mse")
    frozen = model.layers[0]
    before = _weights(frozen)
    model.fit(X, Y, epochs=3, verbose=0)
    assert not _changed(before, _weights(frozen))
    assert all(w.requires_grad for w in frozen.weights)


def test_weights_created_after_compile_are_trained():
    class Lazy(keras.Model):
        def __init__(self):
            super().__init__()
            self.dense = layers.Dense(1)

        def call(self, x):
            return self.dense(x)

    model = Lazy()
    model.compile("sgd", "mse")  # no weights exist yet
    model.train_on_batch(X, Y)
    kernel = _weights(model)
    model.train_on_batch(X, Y)
    assert len(kernel) == 2 and _changed(kernel, _weights(model))


def test_layer_added_after_compile_is_trained():
    model = keras.Sequential([keras.Input((2,)), layers.Dense(2)])
    model.compile("sgd", "mse")
    model.train_on_batch(X, np.zeros((4, 2), "float32"))
    model.add(layers.Dense(1))
    model.compile("sgd", "mse")
    before = _weights(model)
    model.train_on_batch(X, Y)
    assert _changed(before[2:], _weights(model)[2:])


def test_no_trainable_weights_warns_as_keras():
    model = keras.Sequential([keras.Input((2,)), layers.Dense(1, trainable=False)])
    model.compile("sgd", "mse")
    with pytest.warns(UserWarning, match="does not have any trainable weights"):
        model.train_on_batch(X, Y)


def test_get_weights_is_a_snapshot_that_training_does_not_change():
    model = linear()
    snapshot = model.get_weights()
    model.train_on_batch(X, Y)
    np.testing.assert_array_equal(snapshot[0], np.ones((2, 1)))
    model.set_weights(snapshot)  # Keras's "reset to the saved weights" idiom
    np.testing.assert_array_equal(model.get_weights()[0], np.ones((2, 1)))


class _Recording(keras.utils.PyDataset):
    def __init__(self):
        super().__init__()
        self.seen = []

    def __len__(self):
        return 8

    def __getitem__(self, index):
        self.seen.append(index)
        return X[:2] + index, Y[:2]


def test_fit_shuffles_a_pydataset_batch_order_as_keras():
    keras.utils.set_random_seed(3)
    data = _Recording()
    linear().fit(data, epochs=2, verbose=0)
    assert sorted(data.seen) == sorted(list(range(8)) * 2)
    assert data.seen != list(range(8)) * 2
    data = _Recording()
    linear().fit(data, epochs=2, shuffle=False, verbose=0)
    assert data.seen == list(range(8)) * 2
    data = _Recording()
    linear().evaluate(data, verbose=0)
    assert data.seen == list(range(8))


def test_trainable_set_is_worked_out_once_until_a_flag_changes(monkeypatch):
    from torcheras.models import _trainer

    calls = []
    real = _trainer.make_plan
    monkeypatch.setattr(_trainer, "make_plan", lambda *a: calls.append(1) or real(*a))
    model = linear()
    model.fit(np.tile(X, (8, 1)), np.tile(Y, (8, 1)), batch_size=4, epochs=2, verbose=0)
    assert len(calls) == 1  # 16 steps, one computation
    model.layers[0].trainable = False  # a flag changed: recomputed (with compiled flags)
    model.train_on_batch(X, Y)
    assert len(calls) == 2


def test_gan_scripts_sharing_one_optimizer_instance_train():
    # Keras-GAN style: one Adam passed to the discriminator and to the combined model.
    optimizer = keras.optimizers.Adam(2e-3, beta_1=0.5)
    generator = keras.Sequential([keras.Input((3,)), layers.Dense(2)])
    discriminator = keras.Sequential([keras.Input((2,)), layers.Dense(1, activation="sigmoid")])
    discriminator.compile(optimizer=optimizer, loss="binary_crossentropy")
    discriminator.trainable = False
    z = keras.Input((3,))
    combined = keras.Model(z, discriminator(generator(z)))
    combined.compile(optimizer=optimizer, loss="binary_crossentropy")
    assert discriminator.optimizer is optimizer
    assert type(combined.optimizer) is keras.optimizers.Adam
    assert combined.optimizer.get_config()["beta_1"] == 0.5
    d_before, g_before = _weights(discriminator), _weights(generator)
    discriminator.train_on_batch(X, (Y > 0).astype("float32"))
    combined.train_on_batch(X[:, :1].repeat(3, axis=1), np.ones((4, 1), "float32"))
    assert _changed(d_before, _weights(discriminator))
    assert _changed(g_before, _weights(generator))
    # Compiling the same model again keeps its optimizer.
    discriminator.compile(optimizer=optimizer, loss="binary_crossentropy")
    assert discriminator.optimizer is optimizer
