"""LearningRateScheduler in fit: the rate of each epoch, Keras 1/2 schedules, bad outputs."""

import numpy as np
import pytest
import torch
from _helpers import data, model

import torcheras as keras


def _fit(cb, epochs=4):
    x, y = data()
    m = model()
    m.compile(keras.optimizers.SGD(learning_rate=0.1), "sparse_categorical_crossentropy")
    seen = []
    spy = keras.callbacks.LambdaCallback(
        on_train_batch_begin=lambda b, logs: seen.append(m.optimizer._current_learning_rate())
        if b == 0 else None)
    h = m.fit(x, y, epochs=epochs, batch_size=32, verbose=0, callbacks=[cb, spy])
    return m, h, seen


def test_each_epoch_runs_with_the_scheduled_rate():
    cb = keras.callbacks.LearningRateScheduler(lambda epoch, lr: 0.2 / (epoch + 1))
    m, h, seen = _fit(cb)
    want = [0.2, 0.1, 0.2 / 3, 0.05]
    np.testing.assert_allclose(seen, want, rtol=1e-6)
    np.testing.assert_allclose(h.history["learning_rate"], want, rtol=1e-6)


def test_schedule_receives_the_current_rate():
    got = []

    def schedule(epoch, lr):
        got.append(lr)
        return lr * 0.5

    _fit(keras.callbacks.LearningRateScheduler(schedule), epochs=3)
    np.testing.assert_allclose(got, [0.1, 0.05, 0.025], rtol=1e-6)


def test_keras2_one_argument_schedule_and_tensor_result():
    _, _, seen = _fit(keras.callbacks.LearningRateScheduler(lambda epoch: 0.01 * (epoch + 1)))
    np.testing.assert_allclose(seen, [0.01, 0.02, 0.03, 0.04], rtol=1e-6)
    cb = keras.callbacks.LearningRateScheduler(lambda e, lr: torch.tensor(0.05))
    _, _, seen = _fit(cb, epochs=1)
    np.testing.assert_allclose(seen, [0.05], rtol=1e-6)


def test_verbose(capsys):
    _fit(keras.callbacks.LearningRateScheduler(lambda e, lr: 0.5, verbose=1), epochs=1)
    assert "Epoch 1: LearningRateScheduler setting learning rate to 0.5." in capsys.readouterr().out


def test_schedule_must_return_a_float():
    cb = keras.callbacks.LearningRateScheduler(lambda e, lr: "fast")
    with pytest.raises(ValueError, match="The output of the `schedule` function should be a "
                                         "float. Got: fast"):
        _fit(cb, epochs=1)


def test_schedule_must_be_callable():
    with pytest.raises(TypeError, match="Argument `schedule` must be a function of "
                                        r"\(epoch, lr\). Received: schedule=0.1"):
        keras.callbacks.LearningRateScheduler(0.1)
