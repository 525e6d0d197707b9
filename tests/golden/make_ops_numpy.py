"""Golden outputs of Keras 3's ``keras.ops`` numpy/core ops for tests/ops/test_ops_numpy_golden.py.

Runs every row of tests/ops/_numpy_cases.py through real Keras (torch backend, whose dtype
rules torcheras follows) and stores:
  - ops_numpy/values.npz: each output array, keyed "<case id>/<output index>";
  - ops_numpy/meta.json: per case the output structure and dtypes, Python results, the
    symbolic output specs (shapes and dtypes from Keras's compute_output_spec, with exact
    shapes and with an unknown first axis), and errors; per bad-input row the error type
    and message.

    KERAS_BACKEND=torch /root/refenv/bin/python tests/golden/make_ops_numpy.py
"""

import json
import os
import sys

import numpy as np

os.environ.setdefault("KERAS_BACKEND", "torch")
import keras  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "ops"))
import _numpy_cases  # noqa: E402

OUT = os.path.join(HERE, "ops_numpy")
ops = keras.ops


def _leaves(out):
    if isinstance(out, (list, tuple)):
        flat = []
        for o in out:
            flat.extend(_leaves(o))
        return flat
    return [out]


def _structure(out):
    if isinstance(out, (list, tuple)):
        return [_structure(o) for o in out]
    return None


def _describe(out):
    """(arrays, meta) of an op's result."""
    if isinstance(out, (str, bool, int, float)) or out is None:
        return [], {"python": out if not isinstance(out, float) else float(out)}
    if isinstance(out, tuple) and all(isinstance(v, (int, type(None))) for v in out):
        return [], {"python": list(out), "python_type": "tuple"}
    leaves = _leaves(out)
    arrays, dtypes = [], []
    for leaf in leaves:
        if leaf is None:
            arrays.append(None)
            dtypes.append(None)
            continue
        dtypes.append(keras.backend.standardize_dtype(leaf.dtype))
        arrays.append(np.asarray(ops.convert_to_numpy(leaf)))
    tensors = [keras.ops.is_tensor(leaf) for leaf in leaves]
    return arrays, {"structure": _structure(out), "dtypes": dtypes, "is_tensor": tensors,
                    "shapes": [None if a is None else list(a.shape) for a in arrays]}


def _spec(out):
    if isinstance(out, tuple) and all(isinstance(v, (int, type(None))) for v in out):
        return {"python": list(out)}
    return [[list(t.shape), t.dtype] if hasattr(t, "shape") else repr(t)
            for t in _leaves(out)]


def _symbolic(name, args, kwargs, batch_none):
    if name in _numpy_cases.TRANSFORM_OPS:
        return None
    sym = _numpy_cases.symbolic_args(args, keras.KerasTensor, batch_none=batch_none)
    if all(s is a for s, a in zip(sym, args)):
        return None
    try:
        return _spec(getattr(ops, name)(*sym, **kwargs))
    except Exception as e:  # noqa: BLE001 - recorded for the test to compare
        return {"error": [type(e).__name__, str(e)]}


def main():
    os.makedirs(OUT, exist_ok=True)
    values, meta = {}, {"keras_version": keras.__version__, "cases": {}, "bad": {}}
    for case_id, name, args, kwargs in _numpy_cases.cases(ops):
        args = _numpy_cases.prepare(name, args, ops)
        entry = {"op": name}
        try:
            arrays, info = _describe(_numpy_cases.run(ops, name, args, kwargs))
            entry.update(info)
            for i, a in enumerate(arrays):
                if a is not None:
                    values[f"{case_id}/{i}"] = a
        except Exception as e:  # noqa: BLE001
            entry["error"] = [type(e).__name__, str(e)]
        entry["symbolic"] = _symbolic(name, args, kwargs, False)
        entry["symbolic_batch"] = _symbolic(name, args, kwargs, True)
        meta["cases"][case_id] = entry
    for case_id, name, args, kwargs in _numpy_cases.bad_cases():
        entry = {"op": name, "symbolic": _symbolic(name, args, kwargs, False)}
        try:
            getattr(ops, name)(*args, **kwargs)
            entry["error"] = None
        except Exception as e:  # noqa: BLE001
            entry["error"] = [type(e).__name__, str(e)]
        meta["bad"][case_id] = entry
    meta["dtype_matrix"] = {}
    for key, name, args in _numpy_cases.dtype_matrix_rows(ops):
        try:
            out = getattr(ops, name)(*args)
            meta["dtype_matrix"][key] = keras.backend.standardize_dtype(out.dtype)
        except Exception as e:  # noqa: BLE001 - the test expects the same error type
            meta["dtype_matrix"][key] = {"error": type(e).__name__}
    np.savez_compressed(os.path.join(OUT, "values.npz"), **values)
    with open(os.path.join(OUT, "meta.json"), "w") as f:
        json.dump(meta, f, indent=0, sort_keys=True, default=str)
    errors = [k for k, v in meta["cases"].items() if "error" in v]
    print(f"{len(meta['cases'])} cases ({len(errors)} raising in Keras: {errors}), "
          f"{len(meta['bad'])} bad-input rows")


if __name__ == "__main__":
    main()
