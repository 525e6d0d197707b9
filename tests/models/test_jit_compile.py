"""compile(jit_compile=...) and steps_per_execution."""

from __future__ import annotations

import re
import shutil

import numpy as np
import pytest
import torch
import torch._dynamo.testing

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


@pytest.fixture
def counted_backend(monkeypatch):
    """Dynamo traces with the "eager" backend (no C++ build on this shared CPU) and counts
    every frame it compiles: a recompilation would count again."""
    torch._dynamo.reset()  # earlier tests' models must not fill dynamo's per-code cache
    counter = torch._dynamo.testing.CompileCounterWithBackend("eager")
    monkeypatch.setattr(_jit, "backend", lambda: counter)
    yield counter
    torch._dynamo.reset()


_OPTIMIZERS = {
    "sgd_momentum": lambda: keras.optimizers.SGD(0.1, momentum=0.9),
    # A schedule: a new learning rate and bias correction at every step, one graph.
    "adam_schedule": lambda: keras.optimizers.Adam(
        keras.optimizers.schedules.ExponentialDecay(0.01, decay_steps=2, decay_rate=0.8)),
    "adamw_clipped": lambda: keras.optimizers.AdamW(0.01, weight_decay=0.1,
                                                    global_clipnorm=0.5),
    "rmsprop_centered": lambda: keras.optimizers.RMSprop(0.01, momentum=0.5, centered=True),
}


def _fit_mlp(optimizer, samples, jit_compile, epochs):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(16, activation="relu"),
                              keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer, "binary_crossentropy", jit_compile=jit_compile)
    x, y = _data()
    history = model.fit(x[:samples], y[:samples], batch_size=32, epochs=epochs, verbose=0,
                        shuffle=False)
    return model, history


@pytest.mark.parametrize("name", sorted(_OPTIMIZERS))
def test_whole_step_compiled_trains_as_eager_without_recompiles(name, counted_backend):
    eager, h_eager = _fit_mlp(_OPTIMIZERS[name](), 100, False, epochs=3)
    # 96 samples: three full batches, the graphs every step needs.
    _fit_mlp(_OPTIMIZERS[name](), 96, True, epochs=1)
    full_batches_only = counted_backend.frame_count
    torch._dynamo.reset()
    counted_backend.frame_count = 0
    compiled, h_compiled = _fit_mlp(_OPTIMIZERS[name](), 100, True, epochs=1)
    assert compiled._compiled_forward._update is not None  # the update is compiled too
    # The short last batch (4 samples) reused the graphs: no frame compiled again.
    assert counted_backend.frame_count == full_batches_only
    compiled.fit(*[a[:100] for a in _data()], batch_size=32, epochs=2, verbose=0,
                 shuffle=False)
    assert counted_backend.frame_count == full_batches_only
    assert compiled.optimizer.iterations.numpy() == eager.optimizer.iterations.numpy() == 12
    for a, b in zip(eager.get_weights(), compiled.get_weights(), strict=True):
        np.testing.assert_allclose(b, a, atol=1e-5)
    for a, b in zip(eager.optimizer.variables, compiled.optimizer.variables, strict=True):
        np.testing.assert_allclose(np.asarray(b), np.asarray(a), atol=1e-5)


def test_update_without_traced_twin_stays_eager(counted_backend):
    model, _ = _fit_mlp(keras.optimizers.SGD(0.1, use_ema=True), 100, True, epochs=1)
    eager, _ = _fit_mlp(keras.optimizers.SGD(0.1, use_ema=True), 100, False, epochs=1)
    assert model._compiled_forward._update is None
    for a, b in zip(eager.get_weights(), model.get_weights(), strict=True):
        np.testing.assert_allclose(b, a, atol=1e-6)


def test_each_model_compiles_its_own_step(counted_backend):
    """More models than dynamo's per-function cache holds (8) are all compiled."""
    x, y = _data()
    for width in range(1, 11):
        model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(width),
                                  keras.layers.Dense(1)])
        model.compile("adam", "mse", jit_compile=True)
        before = counted_backend.frame_count
        model.fit(x[:32], y[:32], batch_size=32, epochs=1, verbose=0)
        assert counted_backend.frame_count - before == 2, width  # forward, update


@pytest.mark.skipif(shutil.which("g++") is None and shutil.which("clang++") is None,
                    reason="inductor needs a C++ compiler on the CPU")
def test_inductor_whole_step_trains_as_eager(monkeypatch):
    """One real inductor build (C++ kernels for the forward, backward and the update)."""
    monkeypatch.delenv("TORCHERAS_COMPILE_BACKEND", raising=False)
    torch._dynamo.reset()
    try:
        eager, _ = _fit_mlp(_OPTIMIZERS["adam_schedule"](), 100, False, epochs=2)
        compiled, _ = _fit_mlp(_OPTIMIZERS["adam_schedule"](), 100, True, epochs=2)
    finally:
        torch._dynamo.reset()
    assert compiled._compiled_forward._update is not None
    for a, b in zip(eager.get_weights(), compiled.get_weights(), strict=True):
        np.testing.assert_allclose(b, a, atol=1e-5)


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
