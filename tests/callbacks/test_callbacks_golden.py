"""EarlyStopping, ReduceLROnPlateau, LearningRateScheduler, CSVLogger and ModelCheckpoint
replay the scenarios of tests/golden/_callback_scenarios.py exactly as Keras 3 did
(tests/golden/make_callbacks.py wrote the records)."""

import math

import _callback_scenarios as sc
import pytest
from _golden import load_json

import torcheras as keras

GOLDEN = load_json("callbacks")


def _same(got, want):
    if isinstance(want, float) and isinstance(got, float):
        return math.isclose(got, want, rel_tol=0, abs_tol=0) or (
            math.isnan(got) and math.isnan(want))
    if isinstance(want, list):
        return len(got) == len(want) and all(_same(g, w) for g, w in zip(got, want))
    if isinstance(want, dict):
        return got.keys() == want.keys() and all(_same(got[k], want[k]) for k in want)
    return got == want


@pytest.mark.parametrize("name", sorted(sc.EARLY_STOPPING))
def test_early_stopping_matches_keras(name):
    kwargs, logs = sc.EARLY_STOPPING[name]
    got = sc.run_early_stopping(keras, kwargs, logs)
    assert _same(got, GOLDEN["early_stopping"][name]), (got, GOLDEN["early_stopping"][name])


@pytest.mark.parametrize("name", sorted(sc.REDUCE_LR))
def test_reduce_lr_on_plateau_matches_keras(name):
    kwargs, logs = sc.REDUCE_LR[name]
    got = sc.run_reduce_lr(keras, kwargs, logs)
    # The rate lives in a float32 variable in both: the same float32 numbers, exactly.
    assert _same(got, GOLDEN["reduce_lr"][name]), (got, GOLDEN["reduce_lr"][name])


@pytest.mark.parametrize("name", sorted(sc.SCHEDULER))
def test_learning_rate_scheduler_matches_keras(name):
    schedule, epochs = sc.SCHEDULER[name]
    got = sc.run_scheduler(keras, schedule, epochs)
    assert _same(got, GOLDEN["scheduler"][name]), (got, GOLDEN["scheduler"][name])


@pytest.mark.parametrize("name", sorted(sc.CSV))
def test_csv_logger_writes_keras_bytes(name, tmp_path):
    kwargs, logs = sc.CSV[name]
    assert sc.run_csv(keras, kwargs, logs, str(tmp_path)) == GOLDEN["csv"][name]


@pytest.mark.parametrize("name", sorted(sc.CHECKPOINT))
def test_model_checkpoint_saves_what_keras_saves(name, tmp_path, recwarn):
    kwargs, logs = sc.CHECKPOINT[name]
    got = sc.run_checkpoint(keras, kwargs, logs, str(tmp_path))
    assert _same(got, GOLDEN["checkpoint"][name]), (got, GOLDEN["checkpoint"][name])


@pytest.mark.parametrize("name", sorted(sc.CHECKPOINT_BATCHES))
def test_model_checkpoint_batch_frequency_matches_keras(name, tmp_path):
    kwargs, steps, epochs = sc.CHECKPOINT_BATCHES[name]
    got = sc.run_checkpoint_batches(keras, kwargs, steps, epochs, str(tmp_path))
    assert got == GOLDEN["checkpoint_batches"][name]
