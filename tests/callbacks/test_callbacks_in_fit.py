"""Callbacks inside ``fit``: hook order, ``stop_training``, History, LambdaCallback, ProgbarLogger."""

import numpy as np
import pytest

import torcheras as keras
from torcheras import layers


def _data(n=64, d=4, classes=3, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, d)).astype("float32")
    y = rng.integers(0, classes, n)
    return x, y


def _model(d=4, classes=3):
    keras.utils.set_random_seed(0)
    return keras.Sequential([keras.Input((d,)), layers.Dense(8, activation="relu"),
                             layers.Dense(classes, activation="softmax")])


def test_stop_training_from_callback():
    x, y = _data()

    class Stop(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            if epoch == 1:
                self.model.stop_training = True

    m = _model()
    m.compile("adam", "sparse_categorical_crossentropy")
    h = m.fit(x, y, epochs=10, verbose=0, callbacks=[Stop()])
    assert h.epoch == [0, 1]


def test_callback_hook_order():
    x, y = _data(n=32)
    calls = []

    class Rec(keras.callbacks.Callback):
        def on_train_begin(self, logs=None):
            calls.append("train_begin")

        def on_epoch_begin(self, epoch, logs=None):
            calls.append(f"epoch_begin{epoch}")

        def on_train_batch_end(self, batch, logs=None):
            calls.append(f"batch{batch}:{sorted(logs)}")

        def on_epoch_end(self, epoch, logs=None):
            calls.append(f"epoch_end{epoch}:{sorted(logs)}")

        def on_train_end(self, logs=None):
            calls.append("train_end")

    m = _model()
    m.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    m.fit(x, y, epochs=1, batch_size=16, verbose=0, callbacks=[Rec()],
          validation_data=(x, y))
    assert calls == ["train_begin", "epoch_begin0", "batch0:['accuracy', 'loss']",
                     "batch1:['accuracy', 'loss']",
                     "epoch_end0:['accuracy', 'loss', 'val_accuracy', 'val_loss']",
                     "train_end"]


def test_history_records_each_epoch_and_resets_on_train_begin():
    h = keras.callbacks.History()
    h.on_train_begin()
    h.on_epoch_end(0, {"loss": 0.5, "accuracy": 0.25})
    h.on_epoch_end(1, {"loss": 0.4, "accuracy": 0.5})
    assert h.epoch == [0, 1]
    assert h.history == {"loss": [0.5, 0.4], "accuracy": [0.25, 0.5]}
    # Keras 2.2 spelling answers too (and `in` sees it), without appearing among the keys.
    assert h.history["acc"] == [0.25, 0.5] and "acc" in h.history
    assert "acc" not in list(h.history) and "acc" not in h.history.keys()
    with pytest.raises(KeyError):
        h.history["val_loss"]
    h.on_train_begin()
    assert h.epoch == []


def test_lambda_callback_sees_the_logs_fit_reports():
    x, y = _data(n=32)
    seen = []
    cb = keras.callbacks.LambdaCallback(
        on_epoch_end=lambda epoch, logs: seen.append((epoch, logs["loss"])),
        on_test_end=lambda logs: seen.append(("test", round(logs["loss"], 6))))
    m = _model()
    m.compile("sgd", "sparse_categorical_crossentropy")
    h = m.fit(x, y, epochs=2, batch_size=16, verbose=0, callbacks=[cb])
    assert seen == [(0, h.history["loss"][0]), (1, h.history["loss"][1])]
    loss = m.evaluate(x, y, verbose=0, callbacks=[cb])
    assert seen[-1] == ("test", round(loss, 6))


@pytest.mark.parametrize("bad", [{"on_epoch_end": 3}, {"on_epoch": print}])
def test_lambda_callback_refuses_bad_arguments(bad):
    name = next(iter(bad))
    with pytest.raises(TypeError, match=name):
        keras.callbacks.LambdaCallback(**bad)


def test_progress_bar_prints_keras_lines(capsys):
    x, y = _data(n=32)
    m = _model()
    m.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    m.fit(x, y, epochs=2, batch_size=16, verbose=1)
    out = capsys.readouterr().out
    assert "Epoch 1/2" in out and "Epoch 2/2" in out
    assert "2/2" in out and "accuracy:" in out and "loss:" in out
    m.fit(x, y, epochs=1, batch_size=16, verbose=2)
    line = capsys.readouterr().out.strip().splitlines()[-1]
    assert line.startswith("2/2 - ") and "/step - accuracy:" in line
