"""Running the cases of tests/golden/ops_nn (made by make_ops_nn.py) against torcheras.

A case names an op by its Keras path (``ops.nn.relu``, ``random.normal``); the same path
under ``torcheras`` is called with the same arguments. Outputs are compared at 1e-5
(integers and booleans exactly, dtypes by name); error rows must raise Keras's exception
type; the symbolic output spec must have Keras's shapes and dtypes.
"""

from __future__ import annotations

import functools
import importlib

import numpy as np
import pytest
import torch
from _golden import load

import torcheras
from torcheras.layers._keras_tensor import KerasTensor

TOL = 1e-5
# The functions make_ops_nn.py passes to ops by name (jvp).
FUNCTIONS = {
    "poly": lambda x, y: x * x * y + y,
    "aux": lambda x: (x * x, x + 1),
}


@functools.cache
def golden():
    return load("ops_nn/ops_nn")


def cases(prefixes: tuple, with_errors: bool | None = None) -> list:
    out = []
    for case in golden().meta["cases"]:
        if not case["op"].startswith(prefixes):
            continue
        if with_errors is not None and ("error" in case) != with_errors:
            continue
        out.append(pytest.param(case, id=case["id"]))
    return out


def resolve(spec, symbolic: bool = False, none_batch: bool = False):
    arrays = golden().arrays
    if isinstance(spec, dict) and "seed_generator" in spec:
        return torcheras.random.SeedGenerator(spec["seed_generator"])
    if isinstance(spec, dict) and "fn" in spec:
        return FUNCTIONS[spec["fn"]]
    if isinstance(spec, dict) and "a" in spec:
        arr = arrays[f"in/{spec['a']}"]
        if symbolic:
            shape = tuple(arr.shape)
            if none_batch and shape:
                shape = (None,) + shape[1:]
            return KerasTensor(shape, str(arr.dtype))
        return arr
    if isinstance(spec, dict) and "t" in spec:
        return tuple(resolve(s, symbolic, none_batch) for s in spec["t"])
    if isinstance(spec, dict) and "l" in spec:
        return [resolve(s, symbolic, none_batch) for s in spec["l"]]
    return spec


def function(name: str):
    *modules, attr = name.split(".")
    module = importlib.import_module(".".join(["torcheras", *modules]))
    if modules == ["ops"] and not hasattr(module, attr):
        # Keras exports these ops at keras.ops.<name> too; until torcheras.ops re-exports
        # them, the module that defines them is used.
        for sub in ("math", "linalg", "nn"):
            candidate = importlib.import_module(f"torcheras.ops.{sub}")
            if attr in getattr(candidate, "__all__", ()):
                module = candidate
                break
    return getattr(module, attr)


def call(case, symbolic: bool = False, none_batch: bool = False):
    fn = function(case["op"])
    # With none_batch only the first argument's first dimension is unknown (a batch).
    args = [resolve(a, symbolic, none_batch and i == 0)
            for i, a in enumerate(case.get("args", []))]
    kwargs = {k: resolve(v, symbolic, False) for k, v in case.get("kwargs", {}).items()}
    if case.get("set_seed") is not None or case["op"].startswith("random."):
        torcheras.utils.set_random_seed(case.get("set_seed", 0))
    out = fn(*args, **kwargs)
    if case.get("repeat") and not symbolic:
        out = [out] + [fn(*args, **kwargs) for _ in range(case["repeat"] - 1)]
    return out


def flat(out) -> list:
    if isinstance(out, (tuple, list)):
        return [o for item in out for o in flat(item)]
    return [out]


def dtype_name(t) -> str:
    return torcheras.backend.standardize_dtype(t.dtype)


def check_values(case) -> None:
    got = flat(call(case))
    assert len(got) == case["n_out"], case["id"]
    arrays = golden().arrays
    tol = case.get("tol", TOL)
    for i, (g, dtype) in enumerate(zip(got, case["dtypes"])):
        assert isinstance(g, torch.Tensor), f"output {i} is {type(g)}"
        assert dtype_name(g) == dtype, f"output {i}: dtype {dtype_name(g)} != Keras's {dtype}"
        want = arrays[f"{case['id']}/out{i}"]
        have = g.detach().cpu()
        if have.dtype == torch.bfloat16:
            have = have.float()
        have = have.numpy()
        assert have.shape == want.shape, f"output {i}: shape {have.shape} != {want.shape}"
        if case.get("values") is False:
            continue  # random output (see the case): shape and dtype only
        if case.get("compare") == "abs":
            have, want = np.abs(have), np.abs(want)
        if want.dtype.kind in "biu":
            np.testing.assert_array_equal(have, want)
        else:
            np.testing.assert_allclose(have, want, rtol=tol, atol=tol, equal_nan=True)


# Keras's torch backend lets some of torch's own errors through (a RuntimeError from a
# kernel); torcheras checks those inputs first and raises the ValueError Keras raises on
# its other backends and on symbolic inputs.
_LEAKED = {"RuntimeError": "ValueError"}


def check_error(case) -> None:
    expected = _LEAKED.get(case["error"]["type"], case["error"]["type"])
    with pytest.raises(Exception) as info:  # noqa: PT011 (type compared by name below)
        call(case)
    names = {c.__name__ for c in type(info.value).__mro__}
    assert expected in names, (
        f"raised {type(info.value).__name__}: {info.value}; Keras raised {case['error']['type']}: "
        f"{case['error']['message']}")


def check_spec(case) -> None:
    for key, none_batch in (("spec", False), ("spec_none", True)):
        if key not in case:
            continue
        out = flat(call(case, symbolic=True, none_batch=none_batch))
        got = [[list(o.shape), o.dtype] for o in out]
        want = [[list(s), d] for s, d in case[key]]
        assert got == want, f"{key}: {got} != Keras's {want}"
