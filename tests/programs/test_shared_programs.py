"""Every program in ``../shared/programs/`` (the tutorials this project started from) runs
UNCHANGED through ``python -m torcheras`` and ends as expected, scaled down by Keras 3's
debugging caps.

tests/test_reference_programs.py runs seed001's classifier and seed002's mnist_dense at
full length, and seed001's epoch typo; this file covers the others: seed004's Keras 2
``history['acc']`` (no KeyError) and seed002's loss typo (a "did you mean" error).
"""

from __future__ import annotations

import os
import re

import numpy as np
import pytest
from _program_runner import DATA, HERE, run

PROGRAMS = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "programs"))

pytestmark = pytest.mark.skipif(
    not DATA or not os.path.isdir(PROGRAMS),
    reason="needs TORCHERAS_DATA_DIR and ../shared/programs (set by .ci/run)")


def shared(name: str) -> str:
    return os.path.join(PROGRAMS, name)


def printed_list(stdout: str) -> list[float]:
    """The numbers of the list the program printed last, e.g. ``[0.31, 0.88]``."""
    lists = re.findall(r"(?m)^\[([0-9.eE+-]+(?:, [0-9.eE+-]+)*)\]$", stdout)
    assert lists, stdout[-2000:]
    return [float(v) for v in lists[-1].split(",")]


def test_seed000_mnist_mlp_np_utils(tmp_path):
    done = run(shared("seed000__mnist_mlp_rmsprop_np_utils.py"), tmp_path, epochs=1, steps=20)
    done.assert_clean()
    assert done.last(r"Test accuracy: ([0-9.]+)") > 0.6
    assert "'epochs': 1" in done.stdout  # history.params: the capped epochs, as Keras 3
    assert 0 <= done.last(r"Network prediction: (\d+)") <= 9


def test_seed002_boston_housing_regression(tmp_path):
    done = run(shared("seed002__boston_housing_regression.py"), tmp_path, epochs=1)
    done.assert_clean()
    mae = float(done.stdout.strip().splitlines()[-1])  # the program prints the test MAE last
    assert np.isfinite(mae) and mae > 0


def test_seed002_imdb_binary(tmp_path):
    done = run(shared("seed002__imdb_binary.py"), tmp_path, epochs=1, steps=5)
    done.assert_clean()
    loss, accuracy = printed_list(done.stdout)
    assert np.isfinite(loss) and 0.0 <= accuracy <= 1.0


def test_seed002_reuters_multiclass_fixed(tmp_path):
    done = run(shared("seed002__reuters_multiclass_fixed.py"), tmp_path, epochs=1, steps=5)
    done.assert_clean()
    loss, accuracy = printed_list(done.stdout)
    assert np.isfinite(loss) and 0.0 <= accuracy <= 1.0


def test_seed002_reuters_loss_typo_fails_with_did_you_mean(tmp_path):
    done = run(shared("seed002__reuters_multiclass_loss_typo.py"), tmp_path, epochs=1, steps=5)
    assert done.returncode != 0
    assert "categorical_corssentropy" in done.stderr
    assert "Did you mean 'categorical_crossentropy'?" in done.stderr, done.tail()


def test_seed003_mnist_local_npz_sgd_nesterov(tmp_path):
    # no step cap: the program predicts over the whole test set and compares with it
    done = run(shared("seed003__mnist_local_npz_sgd_nesterov.py"), tmp_path, epochs=1,
               extra={"MNIST_NPZ": os.path.join(DATA or "", "mnist.npz")})
    done.assert_clean()
    assert done.last(r"The accuracy of the model is ([0-9.]+)") > 0.8


@pytest.mark.parametrize("program", ["seed004__mnist_cnn_itnext_rebuilt.py",
                                     "seed004__mnist_cnn_itnext_accuracy_key.py"])
def test_seed004_history_acc_and_accuracy_keys(tmp_path, program):
    # rebuilt reads history_dict['acc'] (Keras <= 2.2's key): no KeyError
    done = run(shared(program), tmp_path, epochs=1, steps=10)
    done.assert_clean()
    assert 0.0 <= done.last(r"test_acc: ([0-9.]+)") <= 1.0
