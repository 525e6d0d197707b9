"""ProgbarLogger honours Keras 2's count_mode and stateful_metrics."""

import re

import pytest
from _helpers import data, model

import torcheras as keras


def _plain(text):
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def _compiled():
    m = model()
    m.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    return m


def test_count_mode_samples_counts_samples(capsys):
    x, y = data(n=50)
    _compiled().fit(x, y, epochs=1, batch_size=16, verbose=1,
                    callbacks=[keras.callbacks.ProgbarLogger(count_mode="samples")])
    out = _plain(capsys.readouterr().out)
    assert re.search(r"50/50 \S+ \d+s \d+\w+/sample", out), out
    assert "/step" not in out


def test_count_mode_steps_is_keras3s_bar(capsys):
    x, y = data(n=50)
    _compiled().fit(x, y, epochs=1, batch_size=16, verbose=1,
                    callbacks=[keras.callbacks.ProgbarLogger(count_mode="steps")])
    assert re.search(r"4/4 \S+ \d+s \d+\w+/step", _plain(capsys.readouterr().out))


def test_samples_mode_progress_per_batch():
    cb = keras.callbacks.ProgbarLogger(count_mode="samples")
    cb.set_params({"verbose": 2, "epochs": 1, "steps": 4, "samples": 50, "batch_size": 16})
    cb.set_model(_compiled())
    cb.on_epoch_begin(0)
    seen = []
    for batch in range(4):
        cb.on_train_batch_end(batch, {"loss": 1.0})
        seen.append(cb.seen)
    assert seen == [16, 32, 48, 50]


def test_stateful_metrics_shown_as_logged_others_averaged():
    m = _compiled()
    cb = keras.callbacks.ProgbarLogger(stateful_metrics=["gauge"])
    cb.set_params({"verbose": 1, "epochs": 1, "steps": 10})
    cb.set_model(m)
    cb.on_epoch_begin(0)
    cb.on_train_batch_end(0, {"gauge": 1.0, "per_batch": 1.0, "loss": 4.0})
    cb.on_train_batch_end(1, {"gauge": 3.0, "per_batch": 3.0, "loss": 2.0})
    bar = cb.progbar
    assert bar._average("gauge") == 3.0  # named: as logged
    assert bar._average("loss") == 2.0  # the model's own metric: as logged
    assert bar._average("per_batch") == 2.0  # anything else: averaged over batches


def test_default_shows_every_value_as_logged():
    cb = keras.callbacks.ProgbarLogger()
    cb.set_params({"verbose": 1, "epochs": 1, "steps": 2})
    cb.set_model(_compiled())
    cb.on_epoch_begin(0)
    cb.on_train_batch_end(0, {"per_batch": 1.0})
    cb.on_train_batch_end(1, {"per_batch": 3.0})
    assert cb.progbar._average("per_batch") == 3.0


@pytest.mark.parametrize("kwargs, exc, message", [
    ({"count_mode": "batches"}, ValueError, "Unknown `count_mode`: 'batches'. Expected values "
                                            "are ['samples', 'steps']"),
    ({"stateful_metrics": "acc"}, TypeError, "Argument `stateful_metrics` must be a list of "
                                             "metric names. Received: stateful_metrics='acc'"),
    ({"stateful_metrics": [1]}, TypeError, "stateful_metrics=[1]"),
])
def test_bad_arguments(kwargs, exc, message):
    with pytest.raises(exc) as info:
        keras.callbacks.ProgbarLogger(**kwargs)
    assert message in str(info.value)
