"""Step-by-step comparison with numbers produced by real Keras 3 (see
tests/golden/make_optimizers.py): the same variables, the same gradients, 1 and 10 steps."""


import _golden
import numpy as np
import pytest
import torch

from torcheras import optimizers
from torcheras.backend import Variable
from torcheras.optimizers import schedules

META = _golden.load_json("optimizers/cases")
TOLERANCE = 1e-5


def _run(name: str):
    case = META["cases"][name]
    data = _golden.load_arrays(f"optimizers/{name}")
    names = list(META["shapes"])
    variables = [Variable(data[f"init_{k}"], name=k) for k in names]
    opt = optimizers.deserialize({"class_name": case["class_name"],
                                  "config": dict(case["config"])})
    if case["exclude_var_names"]:
        opt.exclude_from_weight_decay(var_names=case["exclude_var_names"])
    snapshots = {}
    for step in range(META["steps"]):
        opt.apply([torch.from_numpy(data[f"grads_{k}"][step]) for k in names], variables)
        if step + 1 in (1, META["steps"]):
            snapshots[step + 1] = [v.numpy().copy() for v in variables]
    return opt, data, names, snapshots


@pytest.mark.parametrize("name", sorted(META["cases"]))
def test_matches_keras_after_1_and_10_steps(name):
    opt, data, names, snapshots = _run(name)
    for steps, values in snapshots.items():
        for k, value in zip(names, values, strict=True):
            diff = np.max(np.abs(value - data[f"after{steps}_{k}"]))
            assert diff <= TOLERANCE, f"{name}: {k} after {steps} steps differs by {diff}"
    assert int(opt.iterations) == int(data["iterations"])
    if opt.use_ema:
        for k, avg in zip(names, opt._model_variables_moving_average, strict=True):
            assert np.max(np.abs(avg.numpy() - data[f"average_{k}"])) <= TOLERANCE


def test_golden_covers_every_optimizer():
    covered = {case["class_name"] for case in META["cases"].values()}
    assert covered == {"SGD", "RMSprop", "Adam", "AdamW", "Adagrad", "Adadelta", "Adamax",
                       "Nadam", "Lion", "Ftrl", "Adafactor"}


@pytest.mark.parametrize("name", sorted(META["schedules"]))
def test_schedule_matches_keras(name):
    spec = META["schedules"][name]
    schedule = schedules.deserialize(spec)
    expected = _golden.load_arrays("optimizers/schedules")[name]
    got = np.array([schedule._host_value(step) for step in range(len(expected))])
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-7)
    called = np.array([float(schedule(step)) for step in range(len(expected))])
    np.testing.assert_allclose(called, expected, rtol=1e-6, atol=1e-7)
