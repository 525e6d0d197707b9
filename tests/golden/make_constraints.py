"""Write golden constraint projections computed by real Keras 3.

Run with the Keras environment (not part of CI):

    KERAS_BACKEND=torch /work/kerasenv/bin/python tests/golden/make_constraints.py
"""

import json
import os

import numpy as np

os.environ.setdefault("KERAS_BACKEND", "torch")
import keras  # noqa: E402

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "constraints")

CASES = [
    ("MaxNorm", {}, "dense"),
    ("MaxNorm", {"max_value": 1.5, "axis": 1}, "dense"),
    ("MaxNorm", {"max_value": 1.0, "axis": [0, 1, 2]}, "conv"),
    ("MaxNorm", {"max_value": 3.0, "axis": None}, "dense"),
    ("MinMaxNorm", {}, "dense"),
    ("MinMaxNorm", {"min_value": 1.0, "max_value": 2.5, "rate": 0.7, "axis": 0}, "dense"),
    ("MinMaxNorm", {"min_value": 0.5, "max_value": 1.0, "rate": 1.0, "axis": [0, 1, 2]},
     "conv"),
    ("NonNeg", {}, "dense"),
    ("NonNeg", {}, "conv"),
    ("UnitNorm", {}, "dense"),
    ("UnitNorm", {"axis": 1}, "dense"),
    ("UnitNorm", {"axis": [0, 1, 2]}, "conv"),
    ("UnitNorm", {}, "with_zero_column"),
]


def main():
    os.makedirs(HERE, exist_ok=True)
    rng = np.random.default_rng(11)
    # Column scales spread the norms below, inside and above the limits.
    dense = rng.normal(0, 1.0, size=(6, 8)) * np.array([0.05, 0.2, 0.4, 0.8, 1, 2, 5, 20])
    conv = rng.normal(0, 1.0, size=(3, 3, 4, 5)) * np.array([0.02, 0.1, 0.3, 1.0, 3.0])
    with_zero = rng.normal(0, 1.0, size=(4, 3))
    with_zero[:, 1] = 0.0
    inputs = {"dense": dense.astype("float32"), "conv": conv.astype("float32"),
              "with_zero_column": with_zero.astype("float32")}
    arrays = dict(inputs)
    cases = []
    for i, (name, kwargs, key) in enumerate(CASES):
        constraint = getattr(keras.constraints, name)(**kwargs)
        arrays[f"case_{i}"] = keras.ops.convert_to_numpy(constraint(inputs[key]))
        cases.append({"key": f"case_{i}", "class": name, "kwargs": kwargs, "input": key,
                      "config": constraint.get_config()})
    np.savez_compressed(os.path.join(HERE, "constraints.npz"), **arrays)
    with open(os.path.join(HERE, "constraints.json"), "w") as f:
        json.dump({"keras_version": keras.__version__, "cases": cases}, f, indent=1)
    print(f"wrote {len(cases)} cases")


if __name__ == "__main__":
    main()
