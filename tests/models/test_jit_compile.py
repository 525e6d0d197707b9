"""compile(jit_compile=...) and steps_per_execution."""

from __future__ import annotations

import re

import numpy as np
import pytest

import torcheras as keras
from torcheras.models import _jit


def _data():
    rng = np.random.default_rng(0)
    x = rng.random((100, 8), dtype=np.float32)  # 100 = 3 batches of 32 and one of 4
    return x, (x.sum(1, keepdims=True) > 4).astype("float32")


def _train(**compile_kwargs):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(16, activation="relu"),
                              keras.layers.Dense(1, activation="sigmoid")])
    model.compile("adam", "binary_crossentropy", metrics=["accuracy"], **compile_kwargs)
    x, y = _data()
    history = model.fit(x, y, batch_size=32, epochs=3, verbose=0)
    return model, history


def test_auto_and_false_run_eagerly():
    assert _jit.resolve("auto") is False
    assert _jit.resolve(False) is False
    model, _ = _train(jit_compile="auto")
    assert model._compiled_forward is None


def test_compiled_step_trains_as_eager(monkeypatch):
    """The compiled forward/loss (dynamo-traced; the "eager" backend spares this shared
    CPU the C++ build) gives the eager run's weights and logs, last partial batch too."""
    monkeypatch.setenv("TORCHERAS_COMPILE_BACKEND", "eager")
    eager, h_eager = _train()
    compiled, h_compiled = _train(jit_compile=True)
    assert compiled._compiled_forward is not None
    for a, b in zip(eager.get_weights(), compiled.get_weights()):
        np.testing.assert_allclose(a, b, atol=1e-6)
    np.testing.assert_allclose(h_compiled.history["loss"], h_eager.history["loss"], rtol=1e-6)


def test_no_compiler_warns_and_runs_eagerly(monkeypatch):
    monkeypatch.delenv("TORCHERAS_COMPILE_BACKEND", raising=False)
    monkeypatch.delenv("CXX", raising=False)
    monkeypatch.setattr(_jit.shutil, "which", lambda name: None)
    with pytest.warns(UserWarning, match=re.escape(
            "`jit_compile=True` was requested but torch.compile cannot run here: inductor "
            "needs a C++ compiler on the CPU and none was found")):
        model, _ = _train(jit_compile=True)
    assert model._jit_compile is False


def test_bad_jit_compile():
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    with pytest.raises(ValueError, match=re.escape(
            "Argument `jit_compile` must be True, False or 'auto'. Received: "
            "jit_compile='yes'")):
        model.compile("sgd", "mse", jit_compile="yes")


class _Batches(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.begins, self.ends = [], []

    def on_train_batch_begin(self, batch, logs=None):
        self.begins.append(batch)

    def on_train_batch_end(self, batch, logs=None):
        self.ends.append(batch)


def test_steps_per_execution_groups_batch_callbacks():
    x, y = _data()
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])
    model.compile("sgd", "mse", steps_per_execution=2)
    seen = _Batches()
    model.fit(x, y, batch_size=10, epochs=1, verbose=0, callbacks=[seen])  # 10 steps
    assert seen.begins == [0, 2, 4, 6, 8]
    assert seen.ends == [1, 3, 5, 7, 9]
    model.compile("sgd", "mse", steps_per_execution=3)
    model.fit(x, y, batch_size=10, epochs=1, verbose=0, callbacks=[seen])
    assert seen.ends == [2, 5, 8, 9]  # the last, partial execution ends the epoch
    with pytest.raises(ValueError, match="steps_per_execution"):
        model.compile("sgd", "mse", steps_per_execution=0)
