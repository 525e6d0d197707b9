"""Every Keras 3 callback exists with Keras's constructor signature (names, order and
defaults; torcheras only adds arguments after them), is a Callback, and survives every
hook being called with logs=None outside of fit."""

import inspect

import pytest
from _golden import load_json

import torcheras as keras

SIGNATURES = load_json("callbacks")["signatures"]


def _signature(cls):
    params = inspect.signature(cls.__init__).parameters.values()
    return [[p.name, None if p.default is p.empty else repr(p.default)]
            for p in params if p.name != "self" and p.kind is not p.VAR_KEYWORD]


def test_every_keras_callback_exists():
    assert sorted(SIGNATURES) == sorted(n for n in keras.callbacks.__all__)


@pytest.mark.parametrize("name", sorted(SIGNATURES))
def test_signature_starts_with_keras(name):
    ours = _signature(getattr(keras.callbacks, name))
    assert ours[:len(SIGNATURES[name])] == SIGNATURES[name]


HOOKS = ["on_train_begin", "on_epoch_begin", "on_train_batch_begin", "on_train_batch_end",
         "on_test_begin", "on_test_batch_begin", "on_test_batch_end", "on_test_end",
         "on_epoch_end", "on_predict_begin", "on_predict_batch_begin",
         "on_predict_batch_end", "on_predict_end", "on_train_end"]


@pytest.mark.parametrize("make", [
    lambda d: keras.callbacks.CSVLogger(str(d / "x.csv")),
    lambda d: keras.callbacks.LearningRateScheduler(lambda e, lr: 0.1),
    lambda d: keras.callbacks.TerminateOnNaN(),
    lambda d: keras.callbacks.History(),
    lambda d: keras.callbacks.TensorBoard(log_dir=str(d)),
], ids=["CSVLogger", "LearningRateScheduler", "TerminateOnNaN", "History", "TensorBoard"])
def test_hooks_accept_no_logs(tmp_path, make):
    m = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    m.compile("sgd", "mse")
    cb = make(tmp_path)
    assert isinstance(cb, keras.callbacks.Callback)
    cb.set_model(m)
    cb.set_params({"verbose": 0, "epochs": 1, "steps": 1})
    for hook in HOOKS:
        args = (0,) if "epoch" in hook or "batch" in hook else ()
        getattr(cb, hook)(*args, None)
