"""keras.config switches: defaults as real Keras 3.15 (golden), each switch's effect
(fit capped by max_epochs / max_steps_per_epoch, the progress bar without interactive
logging, flash attention's None/False), and bad input."""

import logging
import os
import subprocess
import sys
import warnings

import numpy as np
import pytest
from _golden import load_json

import torcheras as keras
from torcheras.callbacks import Callback
from torcheras.config import _switches

GOLDEN = load_json("toplevel")


@pytest.fixture(autouse=True)
def _restore():
    saved = dict(_switches._STATE)
    yield
    _switches._STATE.update(saved)
    keras.config.enable_interactive_logging()


def test_defaults_match_keras():
    want = GOLDEN["config"]
    c = keras.config
    assert c.max_epochs() == want["max_epochs"]
    assert c.max_steps_per_epoch() == want["max_steps_per_epoch"]
    assert c.is_interactive_logging_enabled() is want["is_interactive_logging_enabled"]
    assert c.is_traceback_filtering_enabled() is want["is_traceback_filtering_enabled"]
    assert c.is_flash_attention_enabled() is want["is_flash_attention_enabled"]
    assert c.backend() == "torch"
    assert (c.floatx(), c.epsilon(), c.image_data_format()) == (
        "float32", 1e-7, "channels_last")


def test_flash_attention_switch_as_keras():
    keras.config.disable_flash_attention()
    assert keras.config.is_flash_attention_enabled() is GOLDEN["config"]["flash_after_disable"]
    keras.config.enable_flash_attention()
    assert keras.config.is_flash_attention_enabled() is GOLDEN["config"]["flash_after_enable"]


def test_traceback_filtering_switch():
    keras.config.disable_traceback_filtering()
    assert keras.config.is_traceback_filtering_enabled() is False
    keras.config.enable_traceback_filtering()
    assert keras.config.is_traceback_filtering_enabled() is True


class _Count(Callback):
    def __init__(self):
        super().__init__()
        self.batches = 0
        self.epochs = 0

    def on_train_batch_end(self, batch, logs=None):
        self.batches += 1

    def on_epoch_end(self, epoch, logs=None):
        self.epochs += 1


def _model():
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile("sgd", "mse")
    return model


def test_fit_honours_max_epochs_and_max_steps_per_epoch():
    keras.config.set_max_epochs(2)
    keras.config.set_max_steps_per_epoch(3)
    count = _Count()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        history = _model().fit(np.ones((100, 2)), np.ones((100, 1)), epochs=5, batch_size=10,
                               verbose=0, callbacks=[count])
    assert len(history.history["loss"]) == 2
    assert (count.epochs, count.batches) == (2, 6)
    assert [str(w.message) for w in caught] == [
        "Limiting epochs to 2", "Limiting steps_per_epoch to 3"]


def test_caps_above_the_request_change_nothing():
    keras.config.set_max_epochs(10)
    keras.config.set_max_steps_per_epoch(50)
    count = _Count()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _model().fit(np.ones((40, 2)), np.ones((40, 1)), epochs=3, batch_size=10, verbose=0,
                     steps_per_epoch=4, callbacks=[count])
    assert (count.epochs, count.batches) == (3, 12)
    keras.config.set_max_epochs(None)
    assert keras.config.max_epochs() is None


def test_max_steps_per_epoch_caps_evaluate_and_predict():
    keras.config.set_max_steps_per_epoch(2)
    model = _model()
    with pytest.warns(UserWarning, match="Limiting steps_per_epoch to 2"):
        model.fit(np.ones((40, 2)), np.ones((40, 1)), batch_size=10, verbose=0)
    assert model.predict(np.ones((40, 2)), batch_size=10, verbose=0).shape == (20, 1)


def test_environment_variables_set_the_caps():
    code = ("import torcheras as keras; "
            "print(keras.config.max_epochs(), keras.config.max_steps_per_epoch())")
    env = {"KERAS_MAX_EPOCHS": "4", "KERAS_MAX_STEPS_PER_EPOCH": "7", "PATH": ""}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=300)
    assert proc.stdout.split() == ["4", "7"], proc.stderr[-2000:]


def test_progress_bar_without_interactive_logging_logs_plain_lines(caplog, capsys):
    keras.config.disable_interactive_logging()
    assert keras.config.is_interactive_logging_enabled() is False
    with caplog.at_level(logging.INFO, logger="torcheras"):
        _model().fit(np.ones((20, 2)), np.ones((20, 1)), epochs=2, batch_size=10, verbose=1)
    assert capsys.readouterr().out == ""
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "Epoch 1/2" in text and "Epoch 2/2" in text
    assert "\b" not in text and "\r" not in text
    assert "2/2" in text and "loss:" in text
    keras.config.enable_interactive_logging()
    assert keras.config.is_interactive_logging_enabled() is True


@pytest.mark.parametrize("fn, argument, value", [
    (keras.config.set_max_epochs, "max_epochs", 0),
    (keras.config.set_max_epochs, "max_epochs", "3"),
    (keras.config.set_max_epochs, "max_epochs", 2.5),
    (keras.config.set_max_steps_per_epoch, "max_steps_per_epoch", -1),
    (keras.config.set_max_steps_per_epoch, "max_steps_per_epoch", True),
])
def test_bad_caps(fn, argument, value):
    with pytest.raises(ValueError) as info:
        fn(value)
    assert str(info.value) == (f"Argument `{argument}` must be a positive integer or None. "
                               f"Received: {argument}={value!r}")


def test_bad_environment_variable(monkeypatch):
    monkeypatch.setenv("KERAS_MAX_EPOCHS", "many")
    with pytest.raises(ValueError, match="KERAS_MAX_EPOCHS must be a positive integer. "
                                         "Received: 'many'"):
        _switches._env_cap("KERAS_MAX_EPOCHS", "max_epochs")


def test_config_names_cover_keras():
    assert set(GOLDEN["names"]["config"]) <= set(keras.config.__all__)


def test_set_backend_and_nnx():
    keras.config.set_backend("torch")
    assert keras.config.backend() == "torch"
    assert keras.config.is_nnx_enabled() is False
    with pytest.raises(ValueError) as info:
        keras.config.set_backend("jax")
    assert str(info.value) == ("torcheras runs Keras on PyTorch only: the only available "
                               "backend is 'torch'. Received: backend='jax'")


class _Broken(keras.layers.Layer):
    def call(self, x):
        raise RuntimeError("user bug")

    def compute_output_shape(self, input_shape):
        return input_shape


def _frames(error):
    tb, files = error.__traceback__, []
    while tb is not None:
        files.append(tb.tb_frame.f_code.co_filename)
        tb = tb.tb_next
    return files


def test_traceback_filtering_hides_torcheras_frames():
    inputs = keras.Input((2,))
    model = keras.Model(inputs, _Broken()(keras.layers.Dense(2)(inputs)))
    with pytest.raises(RuntimeError, match="user bug") as info:
        model.predict(np.ones((2, 2)), verbose=0)
    files = _frames(info.value)
    # As in Keras, only the re-raising handler itself is left of the library's frames.
    ours = [f for f in files if "/src/torcheras/" in f]
    assert ours == [os.path.join(os.path.dirname(keras.__file__), "config", "_traceback.py")]
    assert files[0] == files[-1] == __file__  # the user's `call` is where it ends
    keras.config.disable_traceback_filtering()
    with pytest.raises(RuntimeError, match="user bug") as info:
        model.predict(np.ones((2, 2)), verbose=0)
    assert any("/torcheras/models/" in f for f in _frames(info.value))
