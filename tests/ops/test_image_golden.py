"""keras.ops.image against real Keras 3 (tests/golden/make_ops_nn.py)."""

import pytest
from _ops_golden import cases, check_error, check_spec, check_values

IMAGE = ("ops.image.",)


@pytest.mark.parametrize("case", cases(IMAGE, with_errors=False))
def test_values(case):
    check_values(case)


@pytest.mark.parametrize("case", [c for c in cases(IMAGE, with_errors=False)
                                  if "spec" in c.values[0]])
def test_symbolic_spec(case):
    check_spec(case)


@pytest.mark.parametrize("case", cases(IMAGE, with_errors=True))
def test_errors(case):
    check_error(case)
