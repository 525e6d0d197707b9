"""Constraints: Keras goldens, hand-computed projections, configs, get(), bad inputs."""

import _golden
import numpy as np
import pytest
import torch

from torcheras import constraints

CASES = _golden.load_json("constraints/constraints")["cases"]


@pytest.fixture(scope="module")
def arrays():
    return _golden.load_arrays("constraints/constraints")


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['class']}-{c['kwargs']}")
def test_matches_keras(case, arrays):
    constraint = getattr(constraints, case["class"])(**case["kwargs"])
    out = constraint(torch.from_numpy(arrays[case["input"]]))
    expected = arrays[case["key"]]
    assert out.shape == expected.shape and out.dtype == torch.float32
    np.testing.assert_allclose(out.numpy(), expected, rtol=0, atol=1e-5)
    assert constraint.get_config() == case["config"]


def test_exported_names_are_exactly_keras_3_15():
    assert sorted(constraints.__all__) == [
        "Constraint", "MaxNorm", "MinMaxNorm", "NonNeg", "UnitNorm", "deserialize", "get",
        "max_norm", "min_max_norm", "non_neg", "serialize", "unit_norm"]
    assert constraints.max_norm is constraints.MaxNorm


def test_hand_computed():
    eps = 1e-7
    w = torch.tensor([[3.0, 0.3], [4.0, 0.4]], dtype=torch.float64)  # column norms 5, 0.5
    out = constraints.MaxNorm(2.0)(w)
    np.testing.assert_allclose(out[:, 0].numpy(), [3 * 2 / (5 + eps), 4 * 2 / (5 + eps)])
    np.testing.assert_allclose(out[:, 1].numpy(), [0.3 * 0.5 / (0.5 + eps),
                                                   0.4 * 0.5 / (0.5 + eps)])
    out = constraints.UnitNorm()(w)
    np.testing.assert_allclose(out[:, 0].numpy(), [3 / (5 + eps), 4 / (5 + eps)])
    out = constraints.MinMaxNorm(1.0, 2.0, rate=0.5)(w)
    # column 2: desired = 0.5 * 1.0 + 0.5 * 0.5 = 0.75
    np.testing.assert_allclose(out[:, 1].numpy(), [0.3 * 0.75 / (0.5 + eps),
                                                   0.4 * 0.75 / (0.5 + eps)])
    assert constraints.NonNeg()(torch.tensor([-1.0, 0.0, 2.0])).tolist() == [0.0, 0.0, 2.0]
    assert constraints.Constraint()(w) is w


def test_numpy_and_variable_inputs():
    out = constraints.NonNeg()(np.array([-1.0, 2.0], dtype="float32"))
    assert isinstance(out, torch.Tensor) and out.tolist() == [0.0, 2.0]
    p = torch.nn.Parameter(torch.randn(3, 4) * 10)
    with torch.no_grad():
        p.copy_(constraints.MaxNorm(1.0)(p))
    assert (p.detach().norm(dim=0) <= 1.0 + 1e-5).all()


def test_defaults():
    assert constraints.MaxNorm().get_config() == {"max_value": 2, "axis": 0}
    assert constraints.MinMaxNorm().get_config() == {
        "min_value": 0.0, "max_value": 1.0, "rate": 1.0, "axis": 0}
    assert constraints.UnitNorm().get_config() == {"axis": 0}
    assert constraints.NonNeg().get_config() == {}


@pytest.mark.parametrize("name,cls", [
    ("max_norm", "MaxNorm"), ("MaxNorm", "MaxNorm"), ("min_max_norm", "MinMaxNorm"),
    ("non_neg", "NonNeg"), ("NonNeg", "NonNeg"), ("unit_norm", "UnitNorm"),
])
def test_get_by_name(name, cls):
    c = constraints.get(name)
    assert type(c).__name__ == cls and constraints.get(name) is not c


def test_get_passthrough():
    assert constraints.get(None) is None
    c = constraints.UnitNorm(axis=1)
    assert constraints.get(c) is c
    assert isinstance(constraints.get(constraints.NonNeg), constraints.NonNeg)

    def fn(w):
        return w.clamp(-1, 1)

    assert constraints.get(fn) is fn


@pytest.mark.parametrize("c", [constraints.MaxNorm(3, axis=[0, 1, 2]),
                               constraints.MinMaxNorm(0.5, 2.0, 0.3, 1),
                               constraints.NonNeg(), constraints.UnitNorm(axis=None)],
                         ids=lambda c: type(c).__name__)
def test_serialize_round_trip(c):
    data = constraints.serialize(c)
    assert data == {"module": "keras.constraints", "class_name": type(c).__name__,
                    "config": c.get_config(), "registered_name": None}
    again = constraints.deserialize(data)
    assert type(again) is type(c) and again.get_config() == c.get_config()
    assert constraints.get(data).get_config() == c.get_config()


BAD = [
    (lambda: constraints.MaxNorm(max_value=-1),
     r"Argument `max_value` must be a non-negative number. Received: max_value=-1"),
    (lambda: constraints.MaxNorm(max_value="2"), r"Received: max_value='2'"),
    (lambda: constraints.MaxNorm(axis="0"),
     r"Argument `axis` must be an integer, a list of integers or None. Received: axis='0'"),
    (lambda: constraints.UnitNorm(axis=[0, 1.5]), r"Received: axis=\[0, 1.5\]"),
    (lambda: constraints.MinMaxNorm(min_value=2.0, max_value=1.0),
     r"Argument `min_value` must not exceed `max_value`. Received: min_value=2.0, "
     r"max_value=1.0"),
    (lambda: constraints.MinMaxNorm(rate=-0.1), r"Received: rate=-0.1"),
    (lambda: constraints.get("maxnorm2"), r"Unknown constraint for `constraint`: 'maxnorm2'"),
    (lambda: constraints.get("nonneg"), r"Did you mean 'non_neg'\?"),
    (lambda: constraints.get(1), r"Could not interpret constraint identifier"),
    (lambda: constraints.serialize(3), r"has no `get_config\(\)` method"),
]


@pytest.mark.parametrize("call,match", BAD, ids=[b[1][:40] for b in BAD])
def test_bad_inputs(call, match):
    with pytest.raises(ValueError, match=match):
        call()
