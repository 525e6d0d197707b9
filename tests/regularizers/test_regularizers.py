"""Regularizers: Keras goldens, hand-computed penalties, configs, get(), bad inputs."""

import _golden
import numpy as np
import pytest
import torch

from torcheras import regularizers

CASES = _golden.load_json("regularizers/regularizers")["cases"]


@pytest.fixture(scope="module")
def arrays():
    return _golden.load_arrays("regularizers/regularizers")


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['class']}-{c['kwargs']}")
def test_matches_keras(case, arrays):
    reg = getattr(regularizers, case["class"])(**case["kwargs"])
    out = reg(torch.from_numpy(arrays[case["input"]]))
    assert out.shape == () and out.dtype == torch.float32
    np.testing.assert_allclose(out.numpy(), arrays[case["key"]], rtol=0, atol=1e-5)
    # Keras stores some factors as float32 tensors; the values agree to float32.
    for k, v in case["config"].items():
        got = reg.get_config()[k]
        assert got == v or abs(got - v) < 1e-7


def test_exported_names_are_exactly_keras_3_15():
    assert sorted(regularizers.__all__) == [
        "L1", "L1L2", "L2", "OrthogonalRegularizer", "Regularizer", "deserialize", "get",
        "l1", "l1_l2", "l2", "orthogonal_regularizer", "serialize"]
    assert regularizers.l2 is regularizers.L2 and regularizers.l1_l2 is regularizers.L1L2


def test_hand_computed():
    x = torch.tensor([[1.0, -2.0], [3.0, -4.0]])
    assert regularizers.L1(0.1)(x).item() == pytest.approx(1.0)
    assert regularizers.L2(0.1)(x).item() == pytest.approx(3.0)  # no 1/2 factor
    assert regularizers.L1L2(l1=0.1, l2=0.1)(x).item() == pytest.approx(4.0)
    assert regularizers.L1L2()(x).item() == 0.0
    assert regularizers.l2(0.01)(np.ones((5, 5))).item() == pytest.approx(0.25)
    assert regularizers.L1()([1.0, -1.0]).dtype == torch.float32
    # Rows (1, 0), (1, 1)/sqrt2: one pair with |cos| = 1/sqrt2.
    ortho = regularizers.OrthogonalRegularizer(factor=2.0)
    assert ortho(torch.tensor([[1.0, 0.0], [1.0, 1.0]])).item() == pytest.approx(
        2.0 * 0.5 * 2 / np.sqrt(2) / 1)
    assert regularizers.OrthogonalRegularizer(1.0, mode="columns")(torch.eye(3)).item() == 0.0


def test_penalty_is_differentiable_and_keeps_device():
    w = torch.tensor([[0.5, -1.0, 2.0], [-0.25, 0.0, 1.5]], requires_grad=True)
    sign = torch.sign(w.detach())
    # d/dw of l1 * sum|w| is l1 * sign(w); of l2 * sum(w^2) is 2 * l2 * w.
    for reg, expected in ((regularizers.L1(), 0.01 * sign),
                          (regularizers.L2(), 2 * 0.01 * w.detach()),
                          (regularizers.L1L2(0.1, 0.2), 0.1 * sign + 0.4 * w.detach())):
        (g,) = torch.autograd.grad(reg(w), w)
        torch.testing.assert_close(g, expected)
    (g,) = torch.autograd.grad(regularizers.OrthogonalRegularizer()(w), w)
    assert g.shape == w.shape and torch.isfinite(g).all()
    assert regularizers.L2()(w.double()).dtype == torch.float64


def test_base_regularizer():
    assert regularizers.Regularizer()(torch.ones(3)) == 0.0
    with pytest.raises(NotImplementedError, match="does not implement get_config"):
        regularizers.Regularizer().get_config()


def test_defaults_and_none():
    assert regularizers.L1().l1 == 0.01 and regularizers.L1(None).l1 == 0.01
    assert regularizers.L2().l2 == 0.01 and regularizers.L2(None).l2 == 0.01
    assert regularizers.L1L2(None, None).get_config() == {"l1": 0.0, "l2": 0.0}
    o = regularizers.OrthogonalRegularizer()
    assert o.get_config() == {"factor": 0.01, "mode": "rows"}


@pytest.mark.parametrize("name,cls,config", [
    ("l1", "L1", {"l1": 0.01}), ("L1", "L1", {"l1": 0.01}), ("l2", "L2", {"l2": 0.01}),
    ("L2", "L2", {"l2": 0.01}), ("l1l2", "L1L2", {"l1": 0.0, "l2": 0.0}),
    ("L1L2", "L1L2", {"l1": 0.0, "l2": 0.0}),
    ("l1_l2", "L1L2", {"l1": 0.01, "l2": 0.01}),
    ("orthogonal_regularizer", "OrthogonalRegularizer", {"factor": 0.01, "mode": "rows"}),
])
def test_get_by_name(name, cls, config):
    reg = regularizers.get(name)
    assert type(reg).__name__ == cls and reg.get_config() == config
    assert regularizers.get(name) is not reg


def test_get_passthrough():
    assert regularizers.get(None) is None
    reg = regularizers.L2(0.3)
    assert regularizers.get(reg) is reg
    assert isinstance(regularizers.get(regularizers.L1), regularizers.L1)

    def fn(w):
        return 0.01 * torch.sum(torch.abs(w))

    assert regularizers.get(fn) is fn


@pytest.mark.parametrize("reg", [regularizers.L1(0.2), regularizers.L2(0.3),
                                 regularizers.L1L2(0.1, 0.4),
                                 regularizers.OrthogonalRegularizer(0.5, "columns")],
                         ids=lambda r: type(r).__name__)
def test_serialize_round_trip(reg):
    data = regularizers.serialize(reg)
    assert data == {"module": "keras.regularizers", "class_name": type(reg).__name__,
                    "config": reg.get_config(), "registered_name": None}
    again = regularizers.deserialize(data)
    assert type(again) is type(reg) and again.get_config() == reg.get_config()
    assert regularizers.get(data).get_config() == reg.get_config()


def test_custom_regularizer_round_trip():
    class Mine(regularizers.Regularizer):
        def __init__(self, k=1.0):
            self.k = k

        def __call__(self, x):
            return self.k * x.sum()

        def get_config(self):
            return {"k": self.k}

    data = regularizers.serialize(Mine(2.0))
    again = regularizers.deserialize(data, custom_objects={"Mine": Mine})
    assert isinstance(again, Mine) and again.k == 2.0


BAD = [
    (lambda: regularizers.L1(-0.1), r"Invalid value for argument l1: expected a non-negative "
     r"float. Received: l1=-0.1"),
    (lambda: regularizers.L2("0.1"), r"argument l2.*Received: l2='0.1'"),
    (lambda: regularizers.L2(float("inf")), r"Received: l2=inf"),
    (lambda: regularizers.L1L2(l1=float("nan")), r"Received: l1=nan"),
    (lambda: regularizers.L1L2(l2=-1), r"Received: l2=-1"),
    (lambda: regularizers.OrthogonalRegularizer(factor=-1), r"Received: factor=-1"),
    (lambda: regularizers.OrthogonalRegularizer(mode="diag"),
     r'Invalid value for argument `mode`. Expected one of \{"rows", "columns"\}. '
     r"Received: mode='diag'"),
    (lambda: regularizers.OrthogonalRegularizer()(torch.ones(2, 2, 2)),
     r"Inputs to OrthogonalRegularizer must have rank 2. Received: inputs.shape=\(2, 2, 2\)"),
    (lambda: regularizers.get("l22"),
     r"Unknown regularizer for `regularizer`: 'l22'. Did you mean 'l2'\?"),
    (lambda: regularizers.get(0.01), r"Could not interpret regularizer identifier"),
    (lambda: regularizers.deserialize({"class_name": "L5", "config": {}}),
     r"Unknown regularizer.*'L5'"),
    (lambda: regularizers.serialize(lambda w: w), r"has no `get_config\(\)` method"),
]


@pytest.mark.parametrize("call,match", BAD, ids=[b[1][:40] for b in BAD])
def test_bad_inputs(call, match):
    with pytest.raises(ValueError, match=match):
        call()
