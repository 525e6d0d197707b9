"""Golden outputs of keras.ops.nn / linalg / image / math and keras.random from real Keras 3.

Run with the Keras environment (not part of CI):

    KERAS_BACKEND=torch /root/refenv/bin/python tests/golden/make_ops_nn.py

Writes tests/golden/ops_nn/ops_nn.{json,npz}. Each case names an op (``module.name``),
its arguments (arrays by key into the npz, other values literally) and records Keras's
outputs (arrays, dtypes), or the error type and message it raised, and the shape/dtype of
its symbolic output (``compute_output_spec``) on KerasTensors of the same shapes. Random
ops are recorded with integer seeds and SeedGenerator sequences: torcheras seeds torch
exactly as Keras's torch backend does, so their values match too.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np

os.environ.setdefault("KERAS_BACKEND", "torch")
import keras  # noqa: E402
from keras import ops  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ops_nn_cases import build_cases  # noqa: E402

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ops_nn")

ARRAYS: dict = {}


def _resolve(spec):
    """Argument spec -> value for Keras (arrays from ARRAYS)."""
    if isinstance(spec, dict) and "seed_generator" in spec:
        return keras.random.SeedGenerator(spec["seed_generator"])
    if isinstance(spec, dict) and "fn" in spec:
        return FUNCTIONS[spec["fn"]]
    if isinstance(spec, dict) and "a" in spec:
        return ARRAYS[spec["a"]]
    if isinstance(spec, dict) and "t" in spec:
        return tuple(_resolve(s) for s in spec["t"])
    if isinstance(spec, dict) and "l" in spec:
        return [_resolve(s) for s in spec["l"]]
    return spec


FUNCTIONS = {
    # Functions passed to ops (jvp): plain arithmetic, the same on both sides.
    "poly": lambda x, y: x * x * y + y,
    "aux": lambda x: (x * x, x + 1),
}


def _symbolic(spec, none_batch):
    """KerasTensors for the array arguments; with `none_batch` the first dimension of
    the first argument is unknown (the batch of a functional model)."""
    if isinstance(spec, dict) and "a" in spec:
        arr = ARRAYS[spec["a"]]
        shape = tuple(arr.shape)
        if none_batch and shape:
            shape = (None,) + shape[1:]
        return keras.KerasTensor(shape, dtype=str(arr.dtype))
    if isinstance(spec, dict) and "t" in spec:
        return tuple(_symbolic(s, none_batch) for s in spec["t"])
    if isinstance(spec, dict) and "l" in spec:
        return [_symbolic(s, none_batch) for s in spec["l"]]
    return spec


def _fn(name):
    obj = keras
    for part in name.split("."):
        obj = getattr(obj, part)
    return obj


def _flat_outputs(out):
    if isinstance(out, (tuple, list)):
        return [o for item in out for o in _flat_outputs(item)]
    return [out]


def _tensors(value):
    if isinstance(value, np.ndarray):
        return ops.convert_to_tensor(value)
    if isinstance(value, (tuple, list)):
        return type(value)(_tensors(v) for v in value)
    return value


def run_case(case, outputs):
    fn = _fn(case["op"])
    args = [_resolve(a) for a in case.get("args", [])]
    kwargs = {k: _resolve(v) for k, v in case.get("kwargs", {}).items()}
    if case.get("tensors"):
        # Some Keras ops only take backend tensors (unfold, fold: keras-team/keras 3.15).
        args, kwargs = _tensors(args), {k: _tensors(v) for k, v in kwargs.items()}
    record = dict(case)
    try:
        # `repeat`: the same arguments (a SeedGenerator among them) used several times.
        out = fn(*args, **kwargs)
        if case.get("repeat"):
            out = [out] + [fn(*args, **kwargs) for _ in range(case["repeat"] - 1)]
    except Exception as e:  # noqa: BLE001 (the error is the golden)
        record["error"] = {"type": type(e).__name__, "message": str(e)[:500]}
        return record
    flat = _flat_outputs(out)
    record["n_out"] = len(flat)
    record["structure"] = type(out).__name__ if isinstance(out, (tuple, list)) else "tensor"
    record["dtypes"] = []
    for i, o in enumerate(flat):
        arr = np.asarray(ops.convert_to_numpy(o))
        outputs[f"{case['id']}/out{i}"] = arr
        record["dtypes"].append(keras.backend.standardize_dtype(o.dtype)
                                if hasattr(o, "dtype") else str(arr.dtype))
    if case.get("symbolic", True):
        for key, none_batch in (("spec", False), ("spec_none", True)):
            if key == "spec_none" and not case.get("batch", False):
                continue
            try:
                s_args = [_symbolic(a, none_batch and i == 0)
                          for i, a in enumerate(case.get("args", []))]
                s_kwargs = {k: _symbolic(v, False) for k, v in case.get("kwargs", {}).items()}
                spec = _flat_outputs(fn(*s_args, **s_kwargs))
                record[key] = [[list(s.shape), keras.backend.standardize_dtype(s.dtype)]
                               for s in spec]
            except Exception as e:  # noqa: BLE001
                record[key + "_error"] = f"{type(e).__name__}: {str(e)[:200]}"
    return record


def _run(cases):
    outputs: dict = {}
    records = []
    for case in cases:
        keras.utils.set_random_seed(case.get("set_seed", 0))
        records.append(run_case(case, outputs))
    return records, outputs


def main():
    cases = build_cases(ARRAYS)
    backend = keras.backend.backend()
    sub_out = os.environ.get("MAKE_OPS_NN_SUBRUN")
    if sub_out:
        # A sub-run for the cases recorded on another backend (see below).
        records, outputs = _run([c for c in cases if c.get("backend") == backend])
        np.savez_compressed(sub_out + ".npz", **outputs)
        with open(sub_out + ".json", "w", encoding="utf-8") as f:
            json.dump(records, f)
        return
    records, outputs = _run([c for c in cases if c.get("backend", backend) == backend])
    # Where Keras's torch backend departs from Keras's own semantics (TensorFlow's and
    # JAX's agree, and Keras's tests check them), the case is recorded on JAX instead.
    others = sorted({c["backend"] for c in cases if c.get("backend", backend) != backend})
    for other in others:
        tmp = os.path.join(HERE, f"_sub_{other}")
        env = dict(os.environ, KERAS_BACKEND=other, MAKE_OPS_NN_SUBRUN=tmp)
        subprocess.run([sys.executable, os.path.abspath(__file__)], env=env, check=True)
        with open(tmp + ".json", encoding="utf-8") as f:
            records += json.load(f)
        with np.load(tmp + ".npz") as data:
            outputs.update({k: data[k] for k in data.files})
        os.remove(tmp + ".json")
        os.remove(tmp + ".npz")
    order = {c["id"]: i for i, c in enumerate(cases)}
    records.sort(key=lambda r: order[r["id"]])
    os.makedirs(HERE, exist_ok=True)
    arrays = {f"in/{k}": v for k, v in ARRAYS.items()}
    arrays.update(outputs)
    np.savez_compressed(os.path.join(HERE, "ops_nn.npz"), **arrays)
    with open(os.path.join(HERE, "ops_nn.json"), "w", encoding="utf-8") as f:
        json.dump({"keras_version": keras.__version__, "cases": records}, f, indent=0)
    errors = sum("error" in r for r in records)
    print(f"{len(records)} cases ({errors} error rows), {len(arrays)} arrays")


if __name__ == "__main__":
    main()
