"""ModelCheckpoint in fit: template names, best-only files holding the best epoch, weights
only with the optimizer state, batch frequency, Keras 2's period, bad arguments."""

import os

import numpy as np
import pytest
from _helpers import Script, data, model

import torcheras as keras


def _fit(cbs, epochs=4, batch_size=16, validation=True):
    x, y = data()
    m = model()
    m.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    m.fit(x, y, epochs=epochs, batch_size=batch_size, verbose=0,
          validation_data=(x, y) if validation else None, callbacks=cbs)
    return m


def _weights_of(path):
    return keras.models.load_model(path).get_weights()


def test_template_names_and_contents(tmp_path):
    script = Script(val_loss=[0.912, 0.8, 0.856])
    cb = keras.callbacks.ModelCheckpoint(str(tmp_path / "w.{epoch:02d}-{val_loss:.2f}.keras"))
    _fit([script, cb], epochs=3)
    assert sorted(os.listdir(tmp_path)) == ["w.01-0.91.keras", "w.02-0.80.keras",
                                            "w.03-0.86.keras"]
    for epoch, name in enumerate(sorted(os.listdir(tmp_path))):
        for got, want in zip(_weights_of(tmp_path / name), script.weights[epoch]):
            np.testing.assert_array_equal(got, want)


def test_save_best_only_keeps_the_best_epoch(tmp_path):
    script = Script(val_loss=[0.9, 0.5, 0.7, 0.6])
    path = tmp_path / "best.keras"
    cb = keras.callbacks.ModelCheckpoint(str(path), save_best_only=True)
    _fit([script, cb])
    assert cb.best == 0.5
    for got, want in zip(_weights_of(path), script.weights[1]):
        np.testing.assert_array_equal(got, want)


def test_mode_max_on_accuracy_and_threshold(tmp_path):
    script = Script(val_accuracy=[0.5, 0.7, 0.6, 0.8])
    cb = keras.callbacks.ModelCheckpoint(str(tmp_path / "m{epoch}.keras"),
                                         monitor="val_accuracy", save_best_only=True,
                                         initial_value_threshold=0.6)
    _fit([script, cb])
    assert sorted(os.listdir(tmp_path)) == ["m2.keras", "m4.keras"]


def test_weights_only_file_holds_weights_and_optimizer_state(tmp_path):
    path = tmp_path / "ckpt.weights.h5"
    cb = keras.callbacks.ModelCheckpoint(str(path), save_weights_only=True)
    m = _fit([cb], epochs=2, validation=False)
    fresh = model(seed=1)
    fresh.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    fresh.optimizer.build(fresh.trainable_weights)
    fresh.load_weights(str(path))
    for got, want in zip(fresh.get_weights(), m.get_weights()):
        np.testing.assert_array_equal(got, want)
    assert int(fresh.optimizer.iterations.numpy()) == 8  # 2 epochs x 4 batches


def test_batch_frequency(tmp_path):
    cb = keras.callbacks.ModelCheckpoint(str(tmp_path / "b{epoch}-{batch}.weights.h5"),
                                         save_weights_only=True, save_freq=3)
    _fit([cb], epochs=3, validation=False)  # 4 batches per epoch: every 3rd of 12
    assert sorted(os.listdir(tmp_path)) == ["b1-3.weights.h5", "b2-2.weights.h5",
                                            "b3-1.weights.h5", "b3-4.weights.h5"]


def test_keras2_period_and_hdf5_names(tmp_path):
    with pytest.warns(UserWarning, match="`period` argument is deprecated"):
        cb = keras.callbacks.ModelCheckpoint(str(tmp_path / "weights.{epoch:02d}.hdf5"),
                                             save_weights_only=True, period=2)
    _fit([cb], epochs=5, validation=False)
    assert sorted(os.listdir(tmp_path)) == ["weights.02.hdf5", "weights.04.hdf5"]


def test_verbose_messages(tmp_path, capsys):
    script = Script(val_loss=[0.9, 0.95])
    cb = keras.callbacks.ModelCheckpoint(str(tmp_path / "b.keras"), save_best_only=True,
                                         verbose=1)
    _fit([script, cb], epochs=2)
    out = capsys.readouterr().out
    assert "Epoch 1: val_loss improved from None to 0.90000, saving model to" in out
    assert "Epoch 2: val_loss did not improve from 0.90000" in out


def test_unknown_template_key(tmp_path):
    cb = keras.callbacks.ModelCheckpoint(str(tmp_path / "{val_f1:.2f}.keras"))
    with pytest.raises(KeyError, match="Failed to format this callback filepath"):
        _fit([cb], epochs=1)


def test_filepath_that_is_a_directory(tmp_path):
    (tmp_path / "d.keras").mkdir()
    cb = keras.callbacks.ModelCheckpoint(str(tmp_path / "d.keras"))
    with pytest.raises(OSError, match="Please specify a non-directory filepath"):
        _fit([cb], epochs=1)


@pytest.mark.parametrize("kwargs, exc, message", [
    ({"filepath": "w.keras", "save_weights_only": True}, ValueError,
     "When using `save_weights_only=True` in `ModelCheckpoint`, the filepath provided must "
     "end in `.weights.h5` (Keras weights format). Received: filepath=w.keras"),
    ({"filepath": "model.pt"}, ValueError,
     "The filepath provided must end in `.keras` (Keras model format). Received: "
     "filepath=model.pt"),
    ({"filepath": "m.keras", "save_freq": "batch"}, ValueError,
     "Unrecognized save_freq: 'batch'. Expected save_freq are 'epoch' or integer values"),
    ({"filepath": "m.keras", "save_freq": 0}, ValueError, "Unrecognized save_freq: 0."),
    ({"filepath": 5}, TypeError, "Argument `filepath` must be a path (str or os.PathLike). "
                                 "Received: filepath=5"),
    ({"filepath": "m.keras", "period": 0}, ValueError,
     "Argument `period` must be a positive integer. Received: period=0"),
    ({"filepath": "m.keras", "colour": 1}, TypeError,
     "ModelCheckpoint.__init__() got an unexpected keyword argument 'colour'"),
])
def test_bad_arguments(kwargs, exc, message):
    with pytest.raises(exc) as info:
        keras.callbacks.ModelCheckpoint(**kwargs)
    assert message in str(info.value)


def test_keras2_val_acc_monitor(tmp_path):
    script = Script(val_accuracy=[0.5, 0.7, 0.6])
    cb = keras.callbacks.ModelCheckpoint(str(tmp_path / "m{epoch}.keras"), monitor="val_acc",
                                         save_best_only=True)
    _fit([script, cb], epochs=3)
    assert sorted(os.listdir(tmp_path)) == ["m1.keras", "m2.keras"]
