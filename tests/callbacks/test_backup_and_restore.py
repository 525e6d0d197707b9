"""BackupAndRestore: a run SIGKILLed in the middle of epoch 3 and started again ends with
the weights of an uninterrupted run; resume epoch, double_checkpoint, delete_checkpoint."""

import json
import os
import shutil
import subprocess
import sys

import _callback_scenarios as sc
import numpy as np
import pytest
from _golden import path as golden_path
from _helpers import data, model

import torcheras as keras

SCRIPT = os.path.join(os.path.dirname(__file__), "_backup_run.py")


def _run(backup_dir, out, *extra):
    env = dict(os.environ, OMP_NUM_THREADS="1")
    return subprocess.run([sys.executable, SCRIPT, str(backup_dir), str(out), *extra],
                          capture_output=True, text=True, env=env, timeout=300)


def _arrays(path):
    with np.load(path) as f:
        return [f[k] for k in sorted(f.files, key=lambda k: int(k.split("_")[1]))]


def test_killed_run_resumes_to_the_uninterrupted_result(tmp_path):
    clean = _run(tmp_path / "clean_backup", tmp_path / "clean.npz")
    assert clean.returncode == 0, clean.stderr
    assert not (tmp_path / "clean_backup").exists()  # deleted after a completed fit

    killed = _run(tmp_path / "backup", tmp_path / "resumed.npz", "--kill-at", "2", "5")
    assert killed.returncode == -9, killed.stderr
    assert killed.stdout.split() == ["epoch", "0", "epoch", "1", "epoch", "2"]
    with open(tmp_path / "backup" / "training_metadata.json") as f:
        assert json.load(f) == {"epoch": 2, "batch": 0}
    assert not (tmp_path / "resumed.npz").exists()

    resumed = _run(tmp_path / "backup", tmp_path / "resumed.npz")
    assert resumed.returncode == 0, resumed.stderr
    assert resumed.stdout.split() == ["epoch", "2", "epoch", "3", "epoch", "4"]
    want, got = _arrays(tmp_path / "clean.npz"), _arrays(tmp_path / "resumed.npz")
    assert len(got) == len(want) > 6  # weights, then iteration, learning rate and slots
    for g, w in zip(got, want):
        np.testing.assert_array_equal(g, w)


def _fit(cb, epochs=4, interrupt_at=None, m=None):
    x, y = data()
    m = m or model()
    m.compile("adam", "sparse_categorical_crossentropy")

    class Interrupt(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            if epoch == interrupt_at:
                raise RuntimeError("Interrupting!")

    return m, m.fit(x, y, epochs=epochs, batch_size=16, verbose=0,
                    callbacks=[cb, Interrupt()])


def test_resumes_at_the_interrupted_epoch_with_weights_and_optimizer(tmp_path):
    cb = keras.callbacks.BackupAndRestore(str(tmp_path / "b"))
    with pytest.raises(RuntimeError, match="Interrupting"):
        _fit(cb, interrupt_at=2)
    fresh = model(seed=5)
    epochs_seen = []
    spy = keras.callbacks.LambdaCallback(on_epoch_begin=lambda e, logs: epochs_seen.append(
        (e, int(fresh.optimizer.iterations.numpy()))))
    x, y = data()
    fresh.compile("adam", "sparse_categorical_crossentropy")
    h = fresh.fit(x, y, epochs=4, batch_size=16, verbose=0, callbacks=[cb, spy])
    assert h.epoch == [2, 3]
    assert epochs_seen == [(2, 8), (3, 12)]  # the optimizer's step count came back
    assert not (tmp_path / "b").exists()


def test_keras_files_alone_restore_weights_and_epoch(tmp_path):
    # A backup without training_state.pt (as Keras writes it) still resumes.
    cb = keras.callbacks.BackupAndRestore(str(tmp_path / "b"), delete_checkpoint=False)
    with pytest.raises(RuntimeError):
        _fit(cb, interrupt_at=3)
    os.remove(tmp_path / "b" / "training_state.pt")
    fresh = model(seed=3)
    fresh.compile("adam", "sparse_categorical_crossentropy")
    fresh.optimizer.build(fresh.trainable_weights)
    fresh.load_weights(str(tmp_path / "b" / "latest.weights.h5"))
    want = fresh.get_weights()
    restored = model(seed=4)
    restored.compile("adam", "sparse_categorical_crossentropy")
    cb2 = keras.callbacks.BackupAndRestore(str(tmp_path / "b"), delete_checkpoint=False)
    cb2.set_model(restored)
    restored.optimizer.build(restored.trainable_weights)
    cb2.on_train_begin()
    assert restored._initial_epoch == 3
    for g, w in zip(restored.get_weights(), want):
        np.testing.assert_array_equal(g, w)


def test_double_checkpoint_falls_back_to_the_previous_backup(tmp_path):
    cb = keras.callbacks.BackupAndRestore(str(tmp_path / "b"), double_checkpoint=True)
    with pytest.raises(RuntimeError):
        _fit(cb, interrupt_at=3)
    assert (tmp_path / "b" / "training_state.pt.bkp").exists()
    (tmp_path / "b" / "training_state.pt").write_bytes(b"truncated")
    restored = model(seed=4)
    _, h = _fit(keras.callbacks.BackupAndRestore(str(tmp_path / "b"), double_checkpoint=True),
                m=restored)
    assert h.epoch == [2, 3]  # the previous backup was taken after epoch 2 (index 1)


def test_corrupt_backup_without_fallback_names_the_file(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "training_state.pt").write_text("not a backup")
    cb = keras.callbacks.BackupAndRestore(str(tmp_path / "b"))
    with pytest.raises(OSError, match="training_state.pt' is unreadable"):
        _fit(cb)


def test_backup_of_another_model_is_refused(tmp_path):
    cb = keras.callbacks.BackupAndRestore(str(tmp_path / "b"))
    with pytest.raises(RuntimeError):
        _fit(cb, interrupt_at=1)
    other = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
    with pytest.raises(ValueError, match="does not match this model"):
        _fit(keras.callbacks.BackupAndRestore(str(tmp_path / "b")), m=other)


def test_batch_frequency_and_keeping_the_backup(tmp_path):
    cb = keras.callbacks.BackupAndRestore(str(tmp_path / "b"), save_freq=3,
                                          delete_checkpoint=False)
    _fit(cb, epochs=2)  # 4 batches per epoch: saves after batches 3 and 6 (epoch 1, batch 1)
    with open(tmp_path / "b" / "training_metadata.json") as f:
        assert json.load(f) == {"epoch": 1, "batch": 1}
    assert sorted(os.listdir(tmp_path / "b")) == ["latest.weights.h5", "training_metadata.json",
                                                  "training_state.pt"]


@pytest.mark.parametrize("kwargs, exc, message", [
    ({"backup_dir": ""}, ValueError, "Empty `backup_dir` argument passed"),
    ({"backup_dir": 3}, TypeError, "Argument `backup_dir` must be a path (str or "
                                   "os.PathLike). Received: backup_dir=3"),
    ({"backup_dir": "b", "save_freq": "batch"}, ValueError,
     "Invalid value for argument `save_freq`. Received: save_freq='batch'. Expected either "
     "'epoch' or an integer value."),
    ({"backup_dir": "b", "keep": 1}, TypeError,
     "BackupAndRestore.__init__() got an unexpected keyword argument 'keep'"),
])
def test_bad_arguments(kwargs, exc, message):
    with pytest.raises(exc) as info:
        keras.callbacks.BackupAndRestore(**kwargs)
    assert message in str(info.value)


def test_batch_level_backup_restarts_the_interrupted_epoch(tmp_path):
    # As in Keras: a backup taken mid-epoch resumes that epoch from its first batch, with
    # the weights of the backup.
    x, y = data()
    m = model()
    m.compile("adam", "sparse_categorical_crossentropy")
    weights_at_save = []

    class Interrupt(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            if self.epoch == 1 and batch == 1:
                weights_at_save.append([w.copy() for w in m.get_weights()])
            if self.epoch == 1 and batch == 3:
                raise RuntimeError("Interrupting!")

        def on_epoch_begin(self, epoch, logs=None):
            self.epoch = epoch

    cb = keras.callbacks.BackupAndRestore(str(tmp_path / "b"), save_freq=3)
    with pytest.raises(RuntimeError):
        m.fit(x, y, epochs=4, batch_size=16, verbose=0, callbacks=[cb, Interrupt()])
    fresh = model(seed=9)
    fresh.compile("adam", "sparse_categorical_crossentropy")
    restored = []
    spy = keras.callbacks.LambdaCallback(on_epoch_begin=lambda e, logs: restored.append(
        [w.copy() for w in fresh.get_weights()]) if not restored else None)
    h = fresh.fit(x, y, epochs=4, batch_size=16, verbose=0,
                  callbacks=[keras.callbacks.BackupAndRestore(str(tmp_path / "b"),
                                                              save_freq=3), spy])
    assert h.epoch == [1, 2, 3]
    for got, want in zip(restored[0], weights_at_save[0]):
        np.testing.assert_array_equal(got, want)


def test_restores_a_backup_written_by_keras(tmp_path):
    # tests/golden/make_callbacks.py: Keras 3 interrupted at the start of epoch 2.
    backup = tmp_path / "backup"
    shutil.copytree(golden_path("callbacks/keras_backup"), backup)
    with np.load(golden_path("callbacks/keras_backup", ".npz")) as f:
        want = [f[k] for k in sorted(f.files, key=lambda k: int(k.split("_")[1]))]
    x, y = sc.backup_data()
    m = sc.backup_model(keras)
    m.compile(keras.optimizers.Adam(0.01), "sparse_categorical_crossentropy")
    at_resume = []
    spy = keras.callbacks.LambdaCallback(on_epoch_begin=lambda e, logs: at_resume.append(
        m.get_weights() + [np.asarray(v.numpy()) for v in m.optimizer.variables])
        if not at_resume else None)
    h = m.fit(x, y, epochs=4, batch_size=16, verbose=0, shuffle=False,
              callbacks=[keras.callbacks.BackupAndRestore(str(backup)), spy])
    assert h.epoch == [2, 3]
    assert len(at_resume[0]) == len(want)  # weights, iteration, learning rate, Adam slots
    for got, w in zip(at_resume[0], want):
        np.testing.assert_array_equal(got, w)
