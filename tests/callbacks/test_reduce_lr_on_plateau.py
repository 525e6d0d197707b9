"""ReduceLROnPlateau in fit: the rate after N plateaus, cooldown, min_lr, History's column."""

import numpy as np
import pytest
from _helpers import Script, data, model

import torcheras as keras


def _fit(cb, script, epochs, optimizer=None):
    x, y = data()
    m = model()
    m.compile(optimizer or keras.optimizers.SGD(learning_rate=0.1),
              "sparse_categorical_crossentropy")
    h = m.fit(x, y, epochs=epochs, batch_size=32, verbose=0, callbacks=[script, cb])
    return m, h


def test_rate_after_each_plateau():
    # flat loss: with patience=2 the rate halves every 2 epochs.
    cb = keras.callbacks.ReduceLROnPlateau(monitor="loss", factor=0.5, patience=2)
    m, h = _fit(cb, Script(loss=[1.0] * 7), epochs=7)
    want = np.float32([0.1, 0.1, 0.1, 0.05, 0.05, 0.025, 0.025])
    # History records the rate each epoch ran with (logged before the reduction).
    np.testing.assert_array_equal(np.float32(h.history["learning_rate"]), want)
    assert float(np.asarray(m.optimizer.learning_rate)) == pytest.approx(0.0125)


def test_the_new_rate_is_the_one_the_optimizer_uses():
    cb = keras.callbacks.ReduceLROnPlateau(monitor="loss", factor=0.1, patience=0)
    seen = []
    spy = keras.callbacks.LambdaCallback(
        on_epoch_begin=lambda e, logs: seen.append(m.optimizer._current_learning_rate()))
    x, y = data()
    m = model()
    m.compile(keras.optimizers.SGD(learning_rate=0.1), "sparse_categorical_crossentropy")
    m.fit(x, y, epochs=3, verbose=0, callbacks=[Script(loss=[1.0, 1.0, 1.0]), cb, spy])
    np.testing.assert_allclose(seen, [0.1, 0.1, 0.01], rtol=1e-6)


def test_cooldown_and_min_lr():
    # reduced at the end of epoch 1; cooldown=2 skips epoch 2; reduced again after epoch
    # 3 but not below min_lr; History logs the rate each epoch ran with.
    cb = keras.callbacks.ReduceLROnPlateau(monitor="loss", factor=0.5, patience=0,
                                           cooldown=2, min_lr=0.03)
    m, h = _fit(cb, Script(loss=[1.0] * 6), epochs=6)
    np.testing.assert_allclose(h.history["learning_rate"],
                               [0.1, 0.1, 0.05, 0.05, 0.03, 0.03], rtol=1e-6)
    assert float(np.asarray(m.optimizer.learning_rate)) == pytest.approx(0.03)


def test_improvement_resets_wait():
    cb = keras.callbacks.ReduceLROnPlateau(monitor="loss", factor=0.5, patience=2)
    # improvements at epochs 2 and 4 restart the count: only epochs 5 and 6 make a plateau.
    m, h = _fit(cb, Script(loss=[1.0, 1.0, 0.5, 0.5, 0.4, 0.4, 0.4]), epochs=7)
    np.testing.assert_allclose(h.history["learning_rate"], [0.1] * 7, rtol=1e-6)
    assert float(np.asarray(m.optimizer.learning_rate)) == pytest.approx(0.05)


def test_keras2_epsilon_is_min_delta():
    with pytest.warns(UserWarning, match="`epsilon` argument is deprecated"):
        cb = keras.callbacks.ReduceLROnPlateau(epsilon=0.3)
    assert cb.min_delta == 0.3


def test_schedule_optimizer_is_refused_when_reducing():
    schedule = keras.optimizers.schedules.ExponentialDecay(0.1, 10, 0.9)
    cb = keras.callbacks.ReduceLROnPlateau(monitor="loss", patience=0)
    with pytest.raises(TypeError, match="its learning rate is not settable"):
        _fit(cb, Script(loss=[1.0, 1.0]), epochs=2,
             optimizer=keras.optimizers.SGD(learning_rate=schedule))


@pytest.mark.parametrize("kwargs, exc, message", [
    ({"factor": 1.0}, ValueError, "ReduceLROnPlateau does not support a factor >= 1.0. "
                                  "Received factor=1.0"),
    ({"factor": "0.5"}, TypeError, "Argument `factor` must be a float. Received: factor='0.5'"),
    ({"patience": -1}, ValueError, "patience=-1"),
    ({"cooldown": -1}, ValueError, "cooldown=-1"),
])
def test_bad_arguments(kwargs, exc, message):
    with pytest.raises(exc) as info:
        keras.callbacks.ReduceLROnPlateau(**kwargs)
    assert message in str(info.value)


def test_missing_monitor_warns():
    cb = keras.callbacks.ReduceLROnPlateau(monitor="val_loss", mode="min")
    with pytest.warns(UserWarning, match="conditioned on metric `val_loss` which is not"):
        _fit(cb, Script(), epochs=1)
