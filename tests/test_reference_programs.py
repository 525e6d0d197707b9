"""The tutorials this project started from, run UNCHANGED (``import keras``) through
``python -m torcheras``, on the real datasets in ``$TORCHERAS_DATA_DIR``."""

import os
import re
import subprocess
import sys

import pytest

PROGRAMS = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "programs")
DATA = os.environ.get("TORCHERAS_DATA_DIR")

pytestmark = pytest.mark.skipif(
    not DATA or not os.path.isdir(PROGRAMS),
    reason="needs TORCHERAS_DATA_DIR and ../shared/programs (set by .ci/run)")


def run(program: str, timeout: int = 600) -> subprocess.CompletedProcess:
    env = dict(os.environ, MPLBACKEND="Agg", MNIST_NPZ=os.path.join(DATA or "", "mnist.npz"))
    return subprocess.run([sys.executable, "-m", "torcheras", os.path.join(PROGRAMS, program)],
                          capture_output=True, text=True, env=env, timeout=timeout)


def _value(pattern: str, text: str) -> float:
    match = re.search(pattern, text)
    assert match, f"{pattern!r} not found in output:\n{text[-2000:]}"
    return float(match.group(1))


def test_seed002_mnist_dense_unchanged():
    proc = run("seed002__mnist_dense.py")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert _value(r"test_acc: ([0-9.]+)", proc.stdout) >= 0.975


def test_seed001_morvan_classifier_unchanged():
    pytest.importorskip("matplotlib")
    proc = run("seed001__morvan_classifier_fixed.py")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert _value(r"test accuracy:\s+([0-9.]+)", proc.stdout) >= 0.94


def test_seed001_epoch_typo_fails_with_a_clear_message():
    proc = run("seed001__morvan_classifier_epoch_typo.py")
    assert proc.returncode != 0
    assert "TypeError: fit() got an unexpected keyword argument 'epoch'. " \
           "Did you mean 'epochs'?" in proc.stderr
