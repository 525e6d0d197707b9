"""keras.config's performance-tuning switch: opt-out, scoped to fit, restores what it found."""

import platform

import numpy as np
import pytest
import torch

import torcheras
from torcheras.backend import _tuning
from torcheras.layers.convolutional import _ops


@pytest.fixture(autouse=True)
def _tuning_on_and_no_flush():
    torch.set_flush_denormal(False)
    with torcheras.config.performance_tuning(True):
        yield
    torch.set_flush_denormal(False)


@pytest.fixture
def malloc_calls(monkeypatch):
    calls = []
    monkeypatch.setattr(_tuning, "_set_malloc", lambda trim, mmap: calls.append((trim, mmap))
                        or True)
    for name in ("MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_", "GLIBC_TUNABLES"):
        monkeypatch.delenv(name, raising=False)
    return calls


def _tiny_fit(layer=None):
    model = torcheras.Sequential([torcheras.Input((4, 4, 1)),
                                  layer or torcheras.layers.Conv2D(2, 3, activation="relu"),
                                  torcheras.layers.Flatten(), torcheras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    x = np.ones((4, 4, 4, 1), "float32")
    return model.fit(x, np.zeros((4, 1), "float32"), epochs=1, verbose=0)


def test_flush_state_is_read_not_assumed():
    assert _tuning.flush_denormal_enabled() is False
    torch.set_flush_denormal(True)
    assert _tuning.flush_denormal_enabled() is True


def test_tuned_flushes_inside_and_restores_off():
    with _tuning.tuned():
        assert _tuning.flush_denormal_enabled() is True
        assert torch.tensor(1e-39).mul(1.0).item() == 0.0
    assert _tuning.flush_denormal_enabled() is False
    assert torch.tensor(1e-39).mul(1.0).item() == pytest.approx(1e-39, rel=1e-2)


def test_tuned_keeps_a_user_flush_setting_on():
    torch.set_flush_denormal(True)
    with _tuning.tuned():
        pass
    assert _tuning.flush_denormal_enabled() is True


def test_malloc_tuned_inside_fit_and_reset_after(malloc_calls):
    layer = torcheras.layers.Conv2D(2, 3, activation="relu")
    layer.build((None, 4, 4, 1))
    assert malloc_calls == []  # building a layer changes no process state
    _tiny_fit(layer)
    assert malloc_calls == [(1 << 30, 1 << 28), (128 * 1024, 128 * 1024)]


def test_nested_tuned_applies_and_restores_once(malloc_calls):
    with _tuning.tuned():
        with _tuning.tuned():
            assert _tuning.flush_denormal_enabled() is True
        assert _tuning.flush_denormal_enabled() is True
        assert len(malloc_calls) == 1
    assert len(malloc_calls) == 2
    assert _tuning.flush_denormal_enabled() is False


@pytest.mark.parametrize("env", [{"MALLOC_TRIM_THRESHOLD_": "100000"},
                                 {"GLIBC_TUNABLES": "glibc.malloc.mmap_threshold=4096"}])
def test_user_malloc_choice_is_left_alone(malloc_calls, monkeypatch, env):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with _tuning.tuned():
        pass
    assert malloc_calls == []


def test_disabled_changes_nothing_in_fit(malloc_calls, monkeypatch):
    def no_fused(*args):
        raise AssertionError("fused conv+relu used while the tuning is off")

    monkeypatch.setattr(_ops._ConvReLU, "apply", no_fused)
    seen = []
    monkeypatch.setattr(_tuning, "flush_denormal_enabled", lambda: seen.append(1) or False)
    with torcheras.config.performance_tuning(False):
        history = _tiny_fit()
    assert np.isfinite(history.history["loss"][0])
    assert malloc_calls == [] and seen == []


def test_fused_path_only_when_enabled(monkeypatch):
    if not _ops.POINTWISE_CONV:
        pytest.skip("this torch has no oneDNN pointwise convolution")
    used = []
    original = _ops._ConvReLU.apply
    monkeypatch.setattr(_ops._ConvReLU, "apply", lambda *a: used.append(1) or original(*a))
    layer = torcheras.layers.Conv2D(2, 3, activation="relu")
    x = np.random.default_rng(0).normal(size=(1, 5, 5, 1)).astype("float32")
    fused = layer(x).detach().numpy()
    assert used == [1]
    with torcheras.config.performance_tuning(False):
        plain = layer(x).detach().numpy()
    assert used == [1]
    np.testing.assert_allclose(fused, plain, atol=1e-6)


def test_switch_functions_and_context():
    torcheras.config.disable_performance_tuning()
    assert torcheras.config.is_performance_tuning_enabled() is False
    with torcheras.config.performance_tuning():
        assert torcheras.config.is_performance_tuning_enabled() is True
    assert torcheras.config.is_performance_tuning_enabled() is False
    torcheras.config.enable_performance_tuning()
    assert torcheras.config.is_performance_tuning_enabled() is True


def test_context_rejects_non_boolean():
    with pytest.raises(TypeError, match=r"Argument `enabled` must be a boolean\. "
                                        r"Received: enabled='no'"):
        with torcheras.config.performance_tuning("no"):
            pass


@pytest.mark.parametrize("value, expected", [("0", False), ("off", False), ("1", True),
                                             ("", True)])
def test_environment_variable_sets_the_default(monkeypatch, value, expected):
    monkeypatch.setenv("TORCHERAS_PERFORMANCE_TUNING", value)
    assert _tuning._env_default() is expected


@pytest.mark.skipif(platform.system() != "Linux" or platform.libc_ver()[0] != "glibc",
                    reason="mallopt is glibc's")
def test_real_mallopt_accepts_the_settings():
    assert _tuning._set_malloc(1 << 30, 1 << 28) is True
    assert _tuning._set_malloc(128 * 1024, 128 * 1024) is True
