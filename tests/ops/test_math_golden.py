"""keras.ops math ops (segment reductions, top_k, FFT/STFT, ...) against real Keras 3."""

import pytest
from _ops_golden import cases, check_error, check_spec, check_values

MATH = tuple(f"ops.{name}" for name in __import__("torcheras.ops.math").ops.math.__all__)
MATH = tuple(p + "#" for p in MATH) + tuple(MATH)


def _math_cases(with_errors):
    return [c for c in cases(MATH, with_errors) if c.values[0]["op"].count(".") == 1]


@pytest.mark.parametrize("case", _math_cases(False))
def test_values(case):
    check_values(case)


@pytest.mark.parametrize("case", [c for c in _math_cases(False) if "spec" in c.values[0]])
def test_symbolic_spec(case):
    check_spec(case)


@pytest.mark.parametrize("case", _math_cases(True))
def test_errors(case):
    check_error(case)
