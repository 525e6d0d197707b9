"""compile / fit / evaluate / predict: the contract, every input kind, and hand-checked numbers."""

import numpy as np
import pytest
import torch

import torcheras as keras
from torcheras import layers


def _data(n=64, d=4, classes=3, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, d)).astype("float32")
    y = rng.integers(0, classes, n)
    return x, y


def _model(d=4, classes=3, activation="softmax"):
    keras.utils.set_random_seed(0)
    return keras.Sequential([keras.Input((d,)), layers.Dense(8, activation="relu"),
                             layers.Dense(classes, activation=activation)])


def test_fit_returns_history_with_keras3_keys_and_params():
    x, y = _data()
    m = _model()
    m.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])
    h = m.fit(x, y, epochs=3, batch_size=16, verbose=0, validation_split=0.25)
    assert list(h.history) == ["accuracy", "loss", "val_accuracy", "val_loss"]
    assert h.params == {"verbose": 0, "epochs": 3, "steps": 3}
    assert h.epoch == [0, 1, 2]
    assert m.history is h
    assert all(isinstance(v, float) for v in h.history["loss"])


def test_history_answers_keras2_acc_key():
    x, y = _data()
    m = _model()
    m.compile("sgd", "sparse_categorical_crossentropy", metrics=["accuracy"])
    h = m.fit(x, y, epochs=1, verbose=0, validation_data=(x, y))
    assert h.history["acc"] is h.history["accuracy"]
    assert h.history["val_acc"] is h.history["val_accuracy"]
    assert "acc" not in h.history.keys()


def test_metric_named_acc_keeps_its_name():
    x, y = _data()
    m = _model()
    m.compile("sgd", "sparse_categorical_crossentropy", metrics=["acc"])
    h = m.fit(x, y, epochs=1, verbose=0)
    assert "acc" in h.history


def test_evaluate_scalar_list_and_dict():
    x, y = _data()
    m = _model()
    m.compile("sgd", "sparse_categorical_crossentropy")
    assert isinstance(m.evaluate(x, y, verbose=0), float)
    m.compile("sgd", "sparse_categorical_crossentropy", metrics=["accuracy"])
    loss, acc = m.evaluate(x, y, verbose=0)
    d = m.evaluate(x, y, verbose=0, return_dict=True)
    assert d == {"accuracy": acc, "loss": loss}


def test_evaluate_loss_equals_hand_computed_mean():
    x, y = _data(n=10)
    m = _model()
    m.compile("sgd", "sparse_categorical_crossentropy")
    p = m.predict(x, verbose=0)
    expected = -np.mean(np.log(np.clip(p[np.arange(10), y], 1e-7, 1)))
    # batches of 4, 4, 2: the loss is the sample-weighted mean over the epoch
    assert m.evaluate(x, y, batch_size=4, verbose=0) == pytest.approx(expected, rel=1e-5)


def test_one_step_of_sgd_matches_hand_computed_update():
    m = keras.Sequential([keras.Input((2,)), layers.Dense(1, kernel_initializer="ones")])
    m.compile(keras.optimizers.SGD(learning_rate=0.1), "mse")
    x = np.array([[1.0, 2.0]], "float32")
    y = np.array([[0.0]], "float32")
    m.train_on_batch(x, y)
    # pred = 3, dL/dpred = 2*3 = 6, dL/dw = 6*x, dL/db = 6
    np.testing.assert_allclose(m.layers[0].kernel.numpy().ravel(), [1 - 0.6, 1 - 1.2], rtol=1e-6)
    np.testing.assert_allclose(m.layers[0].bias.numpy(), [-0.6], rtol=1e-6)


@pytest.mark.parametrize("kind", ["numpy", "list", "tensor", "int_onehot", "float64"])
def test_fit_accepts_array_kinds(kind):
    x, y = _data()
    yc = keras.utils.to_categorical(y, 3)
    if kind == "list":
        x, yc = x.tolist(), yc.tolist()
    elif kind == "tensor":
        x, yc = torch.from_numpy(x), torch.from_numpy(yc)
    elif kind == "int_onehot":
        yc = (np.arange(3) == y[:, None]).astype(int)
    elif kind == "float64":
        x = x.astype("float64")
    m = _model()
    m.compile("adam", "categorical_crossentropy", metrics=["accuracy"])
    h = m.fit(x, yc, epochs=2, batch_size=16, verbose=0)
    # Every kind holds the same numbers, so training gives the float32 NumPy run's history.
    x_ref, y_ref = _data()
    ref = _model()
    ref.compile("adam", "categorical_crossentropy", metrics=["accuracy"])
    expected = ref.fit(x_ref, keras.utils.to_categorical(y_ref, 3), epochs=2, batch_size=16,
                       verbose=0).history
    assert list(h.history) == list(expected)
    for key in expected:
        np.testing.assert_allclose(h.history[key], expected[key], rtol=1e-6, err_msg=key)


def test_fit_on_generator_with_steps():
    x, y = _data()

    def gen():
        while True:
            for i in range(0, 64, 16):
                yield x[i:i + 16], y[i:i + 16]

    m = _model()
    m.compile("adam", "sparse_categorical_crossentropy")
    h = m.fit(gen(), steps_per_epoch=4, epochs=2, verbose=0)
    assert h.params["steps"] == 4
    # The generator yields the arrays in order: the same run as unshuffled arrays.
    ref = _model()
    ref.compile("adam", "sparse_categorical_crossentropy")
    expected = ref.fit(x, y, batch_size=16, epochs=2, shuffle=False, verbose=0)
    np.testing.assert_allclose(h.history["loss"], expected.history["loss"], rtol=1e-6)


def test_generator_epochs_take_the_next_batches_without_dropping_one():
    # Keras 3 (checked on its torch backend): with steps_per_epoch, epoch 2 continues the
    # generator right after the last batch of epoch 1.
    x = np.arange(8, dtype="float32").reshape(8, 1)
    pulled, seen = [], []

    def gen():
        while True:
            for i in range(0, 8, 2):
                pulled.append(i)
                yield x[i:i + 2], np.zeros((2, 1), "float32")

    class Probe(layers.Layer):
        def call(self, t):
            seen.append(int(t[0, 0]))
            return t

    m = keras.Sequential([keras.Input((1,)), Probe(), layers.Dense(1)])
    m.compile("sgd", "mse")
    seen.clear()  # building the model traced the probe once
    m.fit(gen(), steps_per_epoch=3, epochs=2, verbose=0)
    assert seen == [0, 2, 4, 6, 0, 2]
    assert pulled == [0, 2, 4, 6, 0, 2]  # nothing read ahead and thrown away


def test_fit_on_torch_dataloader_and_dataset():
    x, y = _data()
    ds = torch.utils.data.TensorDataset(torch.from_numpy(x), torch.from_numpy(y))
    m = _model()
    m.compile("adam", "sparse_categorical_crossentropy")
    m.fit(torch.utils.data.DataLoader(ds, batch_size=16), epochs=1, verbose=0)
    m.fit(ds, batch_size=16, epochs=1, verbose=0)
    from_loader = m.evaluate(torch.utils.data.DataLoader(ds, batch_size=32), verbose=0)
    assert from_loader == pytest.approx(m.evaluate(x, y, batch_size=32, verbose=0), rel=1e-6)


def test_fit_on_pydataset():
    x, y = _data()

    class Batches(keras.utils.PyDataset):
        def __len__(self):
            return 4

        def __getitem__(self, i):
            return x[i * 16:(i + 1) * 16], y[i * 16:(i + 1) * 16]

    m = _model()
    m.compile("adam", "sparse_categorical_crossentropy")
    h = m.fit(Batches(), epochs=2, verbose=0)
    assert h.params["steps"] == 4
    assert m.predict(Batches(), verbose=0).shape == (64, 3)


def test_sample_weight_zero_ignores_samples():
    x, y = _data(n=8)
    m = _model()
    m.compile("sgd", "sparse_categorical_crossentropy")
    sw = np.array([1, 1, 1, 1, 0, 0, 0, 0], "float32")
    full = m.evaluate(x[:4], y[:4], verbose=0)
    assert m.evaluate(x, y, sample_weight=sw, batch_size=8, verbose=0) == pytest.approx(
        full * 4 / 8, rel=1e-5)


def test_class_weight_scales_the_loss():
    x, y = _data(n=32)
    y = np.zeros(32, int)
    m = _model()
    m.compile(keras.optimizers.SGD(0.0), "sparse_categorical_crossentropy")
    base = m.fit(x, y, epochs=1, batch_size=32, verbose=0).history["loss"][0]
    twice = m.fit(x, y, epochs=1, batch_size=32, verbose=0,
                  class_weight={0: 2.0, 1: 1.0, 2: 1.0}).history["loss"][0]
    assert twice == pytest.approx(2 * base, rel=1e-5)


def test_validation_freq_initial_epoch_and_nb_epoch():
    x, y = _data()
    m = _model()
    m.compile("adam", "sparse_categorical_crossentropy")
    h = m.fit(x, y, epochs=4, validation_data=(x, y), validation_freq=2, verbose=0)
    assert len(h.history["val_loss"]) == 2 and len(h.history["loss"]) == 4
    h = m.fit(x, y, epochs=3, initial_epoch=1, verbose=0)
    assert h.epoch == [1, 2]
    with pytest.warns(UserWarning, match=r"`fit\(nb_epoch=...\)` is Keras 1; use `epochs=`"):
        h = m.fit(x, y, nb_epoch=2, verbose=0)
    assert len(h.history["loss"]) == 2


def test_predict_shapes_batches_and_on_batch_methods():
    x, y = _data(n=33)
    m = _model()
    m.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    assert m.predict(x, batch_size=8, verbose=0).shape == (33, 3)
    assert m.predict_on_batch(x).shape == (33, 3)
    out = m.train_on_batch(x, y)
    assert isinstance(out, list) and len(out) == 2
    assert set(m.test_on_batch(x, y, return_dict=True)) == {"loss", "accuracy"}
    assert m.predict_classes(x).shape == (33,)


def test_predict_classes_binary_thresholds():
    m = keras.Sequential([keras.Input((4,)), layers.Dense(1, activation="sigmoid",
                                                          kernel_initializer="ones")])
    x = np.array([[1, 0, 0, 0], [-1, 0, 0, 0], [0.2, -0.1, 0, 0], [-3, 1, 1, 0.5],
                  [0, 0, 0, 0.01]], "float32")
    out = m.predict_classes(x)  # sigmoid(sum of the row) > 0.5, i.e. the row sum > 0
    assert out.dtype == np.int32
    assert out.tolist() == [[1], [0], [1], [0], [1]]




def test_dropout_active_in_fit_and_not_in_predict():
    seen = []

    class Probe(layers.Layer):
        def call(self, x, training=None):
            seen.append(training)
            return x

    m = keras.Sequential([keras.Input((4,)), layers.Dropout(0.5), Probe(), layers.Dense(1)])
    m.compile("sgd", "mse")
    x = np.ones((8, 4), "float32")
    m.fit(x, np.zeros((8, 1)), epochs=1, verbose=0, batch_size=8)
    m.predict(x, verbose=0)
    assert True in seen and seen[-1] is False
    np.testing.assert_allclose(m.layers[0](x, training=False).numpy(), x)


def test_same_seed_same_training():
    x, y = _data()
    results = []
    for _ in range(2):
        m = _model()
        m.compile("adam", "sparse_categorical_crossentropy")
        results.append(m.fit(x, y, epochs=2, verbose=0).history["loss"])
    assert results[0] == results[1]


def test_regularizer_penalty_joins_the_loss():
    keras.utils.set_random_seed(0)
    m = keras.Sequential([keras.Input((2,)), layers.Dense(1, kernel_initializer="ones",
                                                          kernel_regularizer=keras.regularizers.L2(0.5))])
    m.compile(keras.optimizers.SGD(0.0), "mse")
    x = np.zeros((4, 2), "float32")
    loss = m.fit(x, np.zeros((4, 1)), epochs=1, verbose=0).history["loss"][0]
    assert loss == pytest.approx(0.5 * 2.0)  # l2 * sum(w^2), mse is 0



def test_predict_without_compile_works():
    m = _model()
    x, _ = _data(n=3)
    out = m.predict(x, verbose=0)
    np.testing.assert_allclose(out, m(x).detach().numpy(), rtol=1e-6)
    np.testing.assert_allclose(out.sum(axis=1), np.ones(3), rtol=1e-6)  # softmax rows
