"""Write golden regularizer penalties computed by real Keras 3.

Run with the Keras environment (not part of CI):

    KERAS_BACKEND=torch /work/kerasenv/bin/python tests/golden/make_regularizers.py
"""

import json
import os

import numpy as np

os.environ.setdefault("KERAS_BACKEND", "torch")
import keras  # noqa: E402

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "regularizers")

CASES = [
    ("L1", {}, "dense"),
    ("L1", {"l1": 0.3}, "conv"),
    ("L2", {}, "dense"),
    ("L2", {"l2": 0.05}, "conv"),
    ("L1L2", {}, "dense"),
    ("L1L2", {"l1": 0.01, "l2": 0.02}, "dense"),
    ("L1L2", {"l2": 0.1}, "conv"),
    ("L1L2", {"l1": 0.1}, "vector"),
    ("OrthogonalRegularizer", {}, "dense"),
    ("OrthogonalRegularizer", {"factor": 0.2, "mode": "rows"}, "wide"),
    ("OrthogonalRegularizer", {"factor": 0.2, "mode": "columns"}, "dense"),
    ("OrthogonalRegularizer", {"factor": 1.0, "mode": "columns"}, "with_zero_row"),
]


def main():
    os.makedirs(HERE, exist_ok=True)
    rng = np.random.default_rng(7)
    inputs = {
        "dense": rng.normal(0, 1.5, size=(12, 5)).astype("float32"),
        "wide": rng.normal(0, 1.0, size=(4, 9)).astype("float32"),
        "conv": rng.normal(0, 0.5, size=(3, 3, 4, 6)).astype("float32"),
        "vector": rng.normal(0, 10.0, size=(50,)).astype("float32"),
    }
    with_zero = rng.normal(0, 1.0, size=(6, 4)).astype("float32")
    with_zero[2] = 0.0
    inputs["with_zero_row"] = with_zero
    arrays = dict(inputs)
    cases = []
    for i, (name, kwargs, key) in enumerate(CASES):
        reg = getattr(keras.regularizers, name)(**kwargs)
        arrays[f"case_{i}"] = np.asarray(keras.ops.convert_to_numpy(reg(keras.ops.convert_to_tensor(inputs[key]))))
        cases.append({"key": f"case_{i}", "class": name, "kwargs": kwargs, "input": key,
                      "config": reg.get_config()})
    np.savez_compressed(os.path.join(HERE, "regularizers.npz"), **arrays)
    with open(os.path.join(HERE, "regularizers.json"), "w") as f:
        json.dump({"keras_version": keras.__version__, "cases": cases}, f, indent=1)
    print(f"wrote {len(cases)} cases")


if __name__ == "__main__":
    main()
