"""TerminateOnNaN in fit: stops at the first NaN/Inf batch, or raises with raise_error."""

import numpy as np
import pytest
from _helpers import data, model

import torcheras as keras


def _nan_data():
    x, y = data(n=64)
    x = x.copy()
    return x, y


class PoisonAt(keras.callbacks.Callback):
    """Makes the model's weights NaN once batch `at` (global count) is reached."""

    def __init__(self, at):
        super().__init__()
        self.at, self.count = at, 0

    def on_train_batch_begin(self, batch, logs=None):
        self.count += 1
        if self.count == self.at:
            import torch

            with torch.no_grad():
                self.model.weights[0].fill_(float("nan"))


def _fit(cb, epochs=3):
    x, y = _nan_data()
    m = model()
    m.compile("sgd", "sparse_categorical_crossentropy")
    batches = []
    spy = keras.callbacks.LambdaCallback(on_train_batch_end=lambda b, logs: batches.append(b))
    h = m.fit(x, y, epochs=epochs, batch_size=16, verbose=0,
              callbacks=[PoisonAt(6), spy, cb])
    return h, batches


def test_stops_gracefully_at_the_first_nan_batch(capsys):
    h, batches = _fit(keras.callbacks.TerminateOnNaN())
    # 4 batches per epoch: the 6th batch overall is epoch 1's batch 1.
    assert h.epoch == [0, 1]
    assert batches == [0, 1, 2, 3, 0, 1]
    assert np.isnan(h.history["loss"][1])
    assert "Batch 1: Invalid loss, terminating training" in capsys.readouterr().out


def test_raise_error():
    with pytest.raises(RuntimeError, match="NaN or Inf loss encountered at batch 1"):
        _fit(keras.callbacks.TerminateOnNaN(raise_error=True))


def test_infinite_loss_counts_too():
    cb = keras.callbacks.TerminateOnNaN()
    m = model()
    cb.set_model(m)
    cb.on_train_batch_end(0, {"loss": float("inf")})
    assert m.stop_training is True
    cb2 = keras.callbacks.TerminateOnNaN()
    m2 = model()
    cb2.set_model(m2)
    cb2.on_train_batch_end(0, {"loss": 1.5})
    cb2.on_train_batch_end(1, {})
    assert m2.stop_training is False


def test_bad_raise_error():
    with pytest.raises(TypeError, match="Argument `raise_error` must be a boolean. Received: "
                                        "raise_error='yes'"):
        keras.callbacks.TerminateOnNaN(raise_error="yes")
