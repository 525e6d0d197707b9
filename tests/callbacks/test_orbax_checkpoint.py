"""OrbaxCheckpoint: checkpoints through orbax-checkpoint hold the weights and optimizer
state as NumPy arrays; without the package, a clear error says what is missing."""

import importlib

import numpy as np
import pytest
from _helpers import Script, data, model

import torcheras as keras
from torcheras.callbacks import _orbax_checkpoint


def _fit(cb, epochs=3, extra=()):
    x, y = data()
    m = model()
    m.compile("adam", "sparse_categorical_crossentropy")
    m.fit(x, y, epochs=epochs, batch_size=16, verbose=0, validation_data=(x, y),
          callbacks=[*extra, cb])
    return m


def _at(tree, path):
    for part in path.split("/"):
        tree = tree[part]
    return tree


def test_missing_package_says_what_is_missing(monkeypatch):
    real = importlib.import_module

    def fake(name, *args):
        if name.startswith("orbax"):
            raise ImportError("No module named 'orbax'")
        return real(name, *args)

    monkeypatch.setattr(_orbax_checkpoint.importlib, "import_module", fake)
    with pytest.raises(ImportError, match="OrbaxCheckpoint requires the 'orbax-checkpoint' "
                                          "package \\(with jax\\)"):
        keras.callbacks.OrbaxCheckpoint("/tmp/never")


def test_checkpoints_hold_weights_and_optimizer_state(tmp_path):
    ocp = pytest.importorskip("orbax.checkpoint").v1
    cb = keras.callbacks.OrbaxCheckpoint(str(tmp_path / "ckpt"), max_to_keep=2)
    m = _fit(cb)
    steps = sorted(int(p.name) for p in (tmp_path / "ckpt").iterdir() if p.name.isdigit())
    assert steps == [1, 2]  # max_to_keep=2 of epochs 0, 1, 2
    loaded = ocp.load_checkpointables(str(tmp_path / "ckpt" / "2"))
    tree = loaded["pytree"]
    np.testing.assert_array_equal(_at(tree["trainable_variables"], m.weights[0].path),
                                  m.weights[0].numpy())
    assert _at(tree["optimizer_variables"], m.optimizer.iterations.path) == 12
    slot = m.optimizer.variables[-1]
    np.testing.assert_array_equal(_at(tree["optimizer_variables"], slot.path), slot.numpy())
    assert '"class_name": "Sequential"' in loaded["model_config"]["config"]


def test_save_best_only_and_weights_only(tmp_path):
    ocp = pytest.importorskip("orbax.checkpoint").v1
    script = Script(val_loss=[0.9, 0.5, 0.7])
    cb = keras.callbacks.OrbaxCheckpoint(str(tmp_path / "c"), save_best_only=True,
                                         save_weights_only=True, max_to_keep=None,
                                         save_on_background=False)
    m = _fit(cb, extra=[script])
    steps = sorted(int(p.name) for p in (tmp_path / "c").iterdir() if p.name.isdigit())
    assert steps == [0, 1]
    loaded = ocp.load_checkpointables(str(tmp_path / "c" / "1"))
    assert set(loaded) == {"pytree"}
    assert set(loaded["pytree"]) == {"trainable_variables", "non_trainable_variables"}
    kernel = _at(loaded["pytree"]["trainable_variables"], m.weights[0].path)
    np.testing.assert_array_equal(kernel, script.weights[1][0])


@pytest.mark.parametrize("kwargs, message", [
    ({"save_freq": "batch"}, "Unrecognized save_freq: 'batch'"),
    ({"max_to_keep": 0}, "Argument `max_to_keep` must be a positive integer or None. "
                         "Received: max_to_keep=0"),
])
def test_bad_arguments(tmp_path, kwargs, message):
    pytest.importorskip("orbax.checkpoint")
    with pytest.raises(ValueError) as info:
        keras.callbacks.OrbaxCheckpoint(str(tmp_path), **kwargs)
    assert message in str(info.value)
