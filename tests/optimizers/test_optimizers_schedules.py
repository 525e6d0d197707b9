"""Learning rate schedules: contract, hand-computed values, use inside optimizers."""

import math

import numpy as np
import pytest
import torch

from torcheras import optimizers as O
from torcheras.backend import Variable
from torcheras.optimizers import schedules as S

BUILTIN = [
    S.ExponentialDecay(0.1, 10, 0.9), S.InverseTimeDecay(0.1, 10, 0.5),
    S.PiecewiseConstantDecay([5, 10], [0.1, 0.05, 0.01]), S.PolynomialDecay(0.1, 10),
    S.CosineDecay(0.1, 10), S.CosineDecayRestarts(0.1, 10),
]


@pytest.mark.parametrize("schedule", BUILTIN, ids=lambda s: type(s).__name__)
def test_contract(schedule):
    assert isinstance(schedule, S.LearningRateSchedule)
    value = schedule(3)
    assert isinstance(value, torch.Tensor) and value.dtype == torch.float32 and value.ndim == 0
    assert float(schedule(torch.tensor(3))) == float(value)
    assert float(schedule(np.int64(3))) == float(value)
    clone = type(schedule).from_config(schedule.get_config())
    assert clone.get_config() == schedule.get_config()
    assert S.deserialize(S.serialize(schedule)).get_config() == schedule.get_config()


def test_default_names_are_keras_names():
    assert S.ExponentialDecay(0.1, 1, 0.9).name == "ExponentialDecay"
    assert S.PiecewiseConstantDecay([1], [0.1, 0.2]).name == "PiecewiseConstant"
    assert S.CosineDecayRestarts(0.1, 1).name == "SGDRDecay"
    assert S.PolynomialDecay(0.1, 1).end_learning_rate == 0.0001


def test_hand_computed_values():
    h = lambda s, step: s._host_value(step)  # noqa: E731
    assert h(S.ExponentialDecay(0.1, 10, 0.5), 5) == pytest.approx(0.1 * 0.5**0.5)
    assert h(S.ExponentialDecay(0.1, 10, 0.5, staircase=True), 19) == pytest.approx(0.05)
    assert h(S.InverseTimeDecay(0.1, 2, 0.5), 3) == pytest.approx(0.1 / (1 + 0.5 * 1.5))
    assert h(S.InverseTimeDecay(0.1, 2, 0.5, staircase=True), 3) == pytest.approx(0.1 / 1.5)
    pw = S.PiecewiseConstantDecay([5, 10], [1.0, 0.5, 0.1])
    assert [h(pw, s) for s in (0, 5, 6, 10, 11)] == [1.0, 1.0, 0.5, 0.5, 0.1]
    poly = S.PolynomialDecay(0.1, 10, end_learning_rate=0.0, power=2.0)
    assert h(poly, 5) == pytest.approx(0.025) and h(poly, 20) == pytest.approx(0.0)
    cyc = S.PolynomialDecay(0.1, 10, end_learning_rate=0.0, cycle=True)
    assert h(cyc, 15) == pytest.approx(0.1 * (1 - 15 / 20))
    cos = S.CosineDecay(1.0, 10, alpha=0.2)
    assert h(cos, 5) == pytest.approx(0.8 * 0.5 + 0.2) and h(cos, 50) == pytest.approx(0.2)
    warm = S.CosineDecay(0.0, 10, warmup_target=1.0, warmup_steps=4)
    assert h(warm, 2) == pytest.approx(0.5) and h(warm, 4) == pytest.approx(1.0)
    assert h(warm, 9) == pytest.approx(0.5)
    sgdr = S.CosineDecayRestarts(1.0, 10, t_mul=2.0, m_mul=0.5)
    assert h(sgdr, 10) == pytest.approx(0.5) and h(sgdr, 30) == pytest.approx(0.25)
    assert h(sgdr, 20) == pytest.approx(0.5 * 0.5 * (1 + math.cos(math.pi * 0.5)))


def test_optimizer_evaluates_schedule_at_the_step_count():
    seen = []

    class Recorder(S.LearningRateSchedule):
        def __call__(self, step):
            seen.append(step)
            return 0.1

    opt = O.SGD(learning_rate=Recorder())
    v = [Variable(np.zeros(1))]
    for _ in range(3):
        opt.apply([torch.ones(1)], v)
    assert seen == [0, 1, 2] and all(type(s) is int for s in seen)
    np.testing.assert_allclose(v[0].numpy(), [-0.3], rtol=1e-6)


def test_subclass_overriding_call_is_honoured():
    class Doubled(S.ExponentialDecay):
        def __call__(self, step):
            return 2 * super().__call__(step)

    opt = O.SGD(learning_rate=Doubled(0.5, 1, 1.0))
    v = [Variable(np.zeros(1))]
    opt.apply([torch.ones(1)], v)
    np.testing.assert_allclose(v[0].numpy(), [-1.0])


def test_schedule_returning_a_tensor_works():
    class TensorSchedule(S.LearningRateSchedule):
        def __call__(self, step):
            return torch.tensor(0.5) / (step + 1)

    v = [Variable(np.zeros(1))]
    opt = O.SGD(learning_rate=TensorSchedule())
    opt.apply([torch.ones(1)], v)
    opt.apply([torch.ones(1)], v)
    np.testing.assert_allclose(v[0].numpy(), [-0.75])
