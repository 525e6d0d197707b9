"""keras.random draws equal Keras 3's torch-backend draws for the same seeds (integer
seeds, SeedGenerator sequences, the global generator after set_random_seed)."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ops"))
from _ops_golden import cases, check_error, check_values  # noqa: E402


@pytest.mark.parametrize("case", cases(("random.",), with_errors=False))
def test_values(case):
    check_values(case)


@pytest.mark.parametrize("case", cases(("random.",), with_errors=True))
def test_errors(case):
    check_error(case)
