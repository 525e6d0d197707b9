"""EarlyStopping in fit: patience as Keras counts it, restore_best_weights, directions."""

import numpy as np
import pytest
from _helpers import Script, data, model

import torcheras as keras


def _fit(cb, script, epochs=20, metrics=None, **kw):
    x, y = data()
    m = model()
    m.compile("adam", "sparse_categorical_crossentropy", metrics=metrics)
    h = m.fit(x, y, epochs=epochs, batch_size=16, verbose=0, validation_data=(x, y),
              callbacks=[script, cb], **kw)
    return m, h


@pytest.mark.parametrize("patience, epochs_run", [(0, 3), (1, 3), (2, 4), (3, 5)])
def test_patience_counts_epochs_without_improvement(patience, epochs_run):
    # best at epoch 1 (0.5); epoch 2 and 3 do not improve.
    seq = [1.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1]
    cb = keras.callbacks.EarlyStopping(patience=patience)
    _, h = _fit(cb, Script(val_loss=seq))
    assert len(h.epoch) == epochs_run
    assert cb.stopped_epoch == epochs_run - 1
    assert cb.best == 0.5 and cb.best_epoch == 1


def test_restore_best_weights_restores_the_best_epochs_weights():
    seq = [1.0, 0.7, 0.4, 0.6, 0.5, 0.45, 0.9]
    script = Script(val_loss=seq)
    cb = keras.callbacks.EarlyStopping(patience=3, restore_best_weights=True)
    m, h = _fit(cb, script)
    assert h.epoch == [0, 1, 2, 3, 4, 5]
    for got, want in zip(m.get_weights(), script.weights[2]):
        np.testing.assert_array_equal(got, want)
    # the last epoch's weights differ: restoring did something
    assert not np.array_equal(script.weights[5][0], script.weights[2][0])


def test_without_restore_the_last_weights_stay():
    script = Script(val_loss=[1.0, 0.4, 0.6, 0.7])
    m, _ = _fit(keras.callbacks.EarlyStopping(patience=2), script)
    np.testing.assert_array_equal(m.get_weights()[0], script.weights[3][0])


def test_min_delta_and_baseline():
    # improvements of 0.01 are below min_delta=0.05: they count as no improvement.
    cb = keras.callbacks.EarlyStopping(patience=1, min_delta=0.05)
    _, h = _fit(cb, Script(val_loss=[1.0, 0.99, 0.98, 0.5]))
    assert len(h.epoch) == 2
    # a baseline nothing beats: epochs that improve on the best still count towards
    # patience, so the first epoch without improvement (epoch 2) already stops.
    cb = keras.callbacks.EarlyStopping(patience=2, baseline=0.1)
    _, h = _fit(cb, Script(val_loss=[1.0, 0.9, 0.95, 0.97, 0.5]))
    assert len(h.epoch) == 3
    # without the baseline the same sequence runs one epoch more.
    cb = keras.callbacks.EarlyStopping(patience=2)
    _, h = _fit(cb, Script(val_loss=[1.0, 0.9, 0.95, 0.97, 0.5]))
    assert len(h.epoch) == 4


def test_start_from_epoch_skips_warm_up():
    cb = keras.callbacks.EarlyStopping(patience=0, start_from_epoch=3)
    _, h = _fit(cb, Script(val_loss=[1.0, 2.0, 3.0, 0.5, 0.6, 0.7]))
    assert h.epoch == [0, 1, 2, 3, 4]


def test_auto_mode_reads_the_metric_direction():
    cb = keras.callbacks.EarlyStopping(monitor="val_accuracy", patience=0)
    _, h = _fit(cb, Script(val_accuracy=[0.1, 0.2, 0.3, 0.25, 0.9]), metrics=["accuracy"])
    assert h.epoch == [0, 1, 2, 3]
    assert cb.best == 0.3


def test_auto_mode_unknown_metric_raises():
    cb = keras.callbacks.EarlyStopping(monitor="custom")
    with pytest.raises(ValueError, match="monitor=custom, but Keras isn't able to"):
        _fit(cb, Script(custom=[1.0] * 20))


def test_missing_monitor_warns_and_trains_on():
    cb = keras.callbacks.EarlyStopping(monitor="val_nothing", mode="min")
    with pytest.warns(UserWarning, match="`val_nothing` which is not available"):
        _, h = _fit(cb, Script(), epochs=3)
    assert len(h.epoch) == 3


def test_verbose_messages(capsys):
    cb = keras.callbacks.EarlyStopping(patience=1, verbose=1, restore_best_weights=True)
    _fit(cb, Script(val_loss=[1.0, 0.5, 0.6, 0.7]))
    out = capsys.readouterr().out
    assert "Epoch 3: early stopping" in out
    assert "Restoring model weights from the end of the best epoch: 2." in out


def test_messages_follow_the_interactive_logging_switch(capsys, caplog):
    cb = keras.callbacks.EarlyStopping(patience=1, verbose=1)
    keras.config.disable_interactive_logging()
    try:
        with caplog.at_level("INFO", logger="torcheras"):
            _fit(cb, Script(val_loss=[1.0, 0.5, 0.6, 0.7]))
    finally:
        keras.config.enable_interactive_logging()
    assert "early stopping" not in capsys.readouterr().out
    assert "Epoch 3: early stopping" in caplog.text


def test_keras_docstring_example():
    cb = keras.callbacks.EarlyStopping(monitor="loss", patience=3)
    m = keras.Sequential([keras.layers.Dense(10)])
    m.compile(keras.optimizers.SGD(), loss="mse")
    h = m.fit(np.arange(100).reshape(5, 20), np.zeros((5, 10)), epochs=10, batch_size=1,
              callbacks=[cb], verbose=0)
    assert len(h.history["loss"]) == 4


@pytest.mark.parametrize("kwargs, exc, message", [
    ({"patience": -1}, ValueError, "Argument `patience` must be a non-negative integer. "
                                   "Received: patience=-1"),
    ({"patience": 1.5}, TypeError, "Argument `patience` must be a non-negative integer. "
                                   "Received: patience=1.5"),
    ({"start_from_epoch": -2}, ValueError, "start_from_epoch=-2"),
    ({"monitor": 3}, TypeError, "Argument `monitor` must be a string"),
    ({"min_delta": "0.1"}, TypeError, "Argument `min_delta` must be a number. Received: "
                                      "min_delta='0.1'"),
])
def test_bad_arguments(kwargs, exc, message):
    with pytest.raises(exc, match=message.replace("(", r"\(").replace(".", r"\.")):
        keras.callbacks.EarlyStopping(**kwargs)


def test_unknown_mode_warns_and_falls_back_to_auto():
    with pytest.warns(UserWarning, match="EarlyStopping mode 'bogus' is unknown"):
        cb = keras.callbacks.EarlyStopping(mode="bogus")
    assert cb.mode == "auto"


@pytest.mark.parametrize("monitor, metric", [("val_acc", "accuracy"), ("val_accuracy", "acc")])
def test_keras2_accuracy_spelling(monitor, metric):
    # Keras 2.2 tutorials monitor "val_acc" while the logs say "val_accuracy" (and back).
    cb = keras.callbacks.EarlyStopping(monitor=monitor, patience=0)
    _, h = _fit(cb, Script(**{f"val_{metric}": [0.1, 0.2, 0.3, 0.25, 0.9]}), metrics=[metric])
    assert h.epoch == [0, 1, 2, 3]
    assert cb.best == 0.3
