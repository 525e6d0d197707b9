"""Write golden activation outputs computed by real Keras 3.

Run with the Keras environment (not part of CI):

    KERAS_BACKEND=torch /work/kerasenv/bin/python tests/golden/make_activations.py

Writes tests/golden/activations/activations.npz (inputs and outputs) and
activations.json (the list of cases: function name, keyword arguments, input key).
"""

import json
import os

import numpy as np

os.environ.setdefault("KERAS_BACKEND", "torch")
import keras  # noqa: E402

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "activations")


def make_inputs():
    rng = np.random.default_rng(1234)
    special = np.array([-100.0, -50.0, -20.0, -6.0, -3.0, -2.5, -1.0, -0.5, -1e-3, 0.0,
                        1e-3, 0.5, 1.0, 2.5, 3.0, 6.0, 7.0, 20.0, 50.0, 100.0])
    x = np.concatenate([special, rng.normal(0.0, 3.0, size=44)]).reshape(4, 16)
    x3 = rng.normal(0.0, 2.0, size=(2, 3, 4))
    # Sparsemax on Keras 3.15 is only right when one value dominates each row
    # (keras-team/keras#23425), so its golden input is well separated.
    xs = np.stack([np.array([0.1, 5.0, -2.0, 1.0]), np.array([-8.0, -1.0, 3.0, 0.0]),
                   np.array([10.0, 2.0, 8.0, -4.0])])
    return {"x": x.astype("float32"), "x3": x3.astype("float32"), "xs": xs.astype("float32")}


CASES = [
    ("relu", {}, "x"),
    ("relu", {"negative_slope": 0.1}, "x"),
    ("relu", {"max_value": 6.0}, "x"),
    ("relu", {"max_value": 4.5}, "x"),
    ("relu", {"threshold": 1.5}, "x"),
    ("relu", {"threshold": -1.5}, "x"),
    ("relu", {"negative_slope": 0.2, "max_value": 5.0}, "x"),
    ("relu", {"negative_slope": 0.3, "threshold": 1.0}, "x"),
    ("relu", {"negative_slope": 0.3, "threshold": 1.0, "max_value": 6.0}, "x"),
    ("relu", {"max_value": 6.0, "threshold": 2.0}, "x"),
    ("leaky_relu", {}, "x"),
    ("leaky_relu", {"negative_slope": 0.01}, "x"),
    ("relu6", {}, "x"),
    ("sigmoid", {}, "x"),
    ("softmax", {}, "x"),
    ("softmax", {"axis": 0}, "x"),
    ("softmax", {"axis": 1}, "x3"),
    ("softmax", {"axis": (1, 2)}, "x3"),
    ("softmax", {"axis": (0, 2)}, "x3"),
    ("log_softmax", {}, "x"),
    ("log_softmax", {"axis": 0}, "x3"),
    ("log_softmax", {"axis": (1, 2)}, "x3"),
    ("tanh", {}, "x"),
    ("elu", {}, "x"),
    ("elu", {"alpha": 0.5}, "x"),
    ("selu", {}, "x"),
    ("softplus", {}, "x"),
    ("softsign", {}, "x"),
    ("silu", {}, "x"),
    ("swish", {}, "x"),
    ("gelu", {}, "x"),
    ("gelu", {"approximate": True}, "x"),
    ("exponential", {}, "x3"),
    ("hard_sigmoid", {}, "x"),
    ("hard_silu", {}, "x"),
    ("hard_swish", {}, "x"),
    ("mish", {}, "x"),
    ("linear", {}, "x"),
    ("celu", {}, "x"),
    ("celu", {"alpha": 2.0}, "x"),
    ("glu", {}, "x"),
    ("glu", {"axis": 0}, "x"),
    ("hard_tanh", {}, "x"),
    ("hard_shrink", {}, "x"),
    ("hard_shrink", {"threshold": 1.0}, "x"),
    ("soft_shrink", {}, "x"),
    ("soft_shrink", {"threshold": 2.0}, "x"),
    ("tanh_shrink", {}, "x"),
    ("threshold", {"threshold": 0.5, "default_value": -1.0}, "x"),
    ("log_sigmoid", {}, "x"),
    ("sparse_sigmoid", {}, "x"),
    ("sparse_plus", {}, "x"),
    ("squareplus", {}, "x"),
    ("squareplus", {"b": 1.0}, "x"),
    ("sparsemax", {}, "xs"),
    ("sparsemax", {"axis": 0}, "xs"),
]


def main():
    os.makedirs(HERE, exist_ok=True)
    inputs = make_inputs()
    arrays = dict(inputs)
    cases = []
    for i, (name, kwargs, key) in enumerate(CASES):
        fn = getattr(keras.activations, name)
        out = keras.ops.convert_to_numpy(fn(inputs[key], **kwargs))
        arrays[f"case_{i}"] = out
        cases.append({"key": f"case_{i}", "fn": name, "kwargs": kwargs, "input": key})
    np.savez_compressed(os.path.join(HERE, "activations.npz"), **arrays)
    with open(os.path.join(HERE, "activations.json"), "w") as f:
        json.dump({"keras_version": keras.__version__, "cases": cases}, f, indent=1)
    print(f"wrote {len(cases)} cases")


if __name__ == "__main__":
    main()
