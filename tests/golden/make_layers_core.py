"""Write golden outputs of Keras 3's core and activation layers.

Run with the Keras reference environment (never in CI):

    KERAS_BACKEND=torch /work/kerasenv/bin/python tests/golden/make_layers_core.py

Each case builds a layer from its class name and config, sets the given weights, calls
it on a stored input and records the output (and, for ActivityRegularization, the loss).
Writes tests/golden/layers_core/layers_core.npz (inputs, weights, outputs) and
layers_core.json (the cases).
"""

import json
import os

import numpy as np

os.environ.setdefault("KERAS_BACKEND", "torch")
import keras  # noqa: E402

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "layers_core")

# Every activation string Keras accepts on its own. "threshold" needs extra arguments and
# Keras 3.15's sparsemax is wrong on general inputs (keras-team/keras#23425).
DENSE_ACTIVATIONS = [
    "celu", "elu", "exponential", "gelu", "glu", "hard_shrink", "hard_sigmoid", "hard_silu",
    "hard_swish", "hard_tanh", "leaky_relu", "linear", "log_sigmoid", "log_softmax", "mish",
    "relu", "relu6", "selu", "sigmoid", "silu", "soft_shrink", "softmax", "softplus",
    "softsign", "sparse_plus", "sparse_sigmoid", "squareplus", "swish", "tanh", "tanh_shrink",
]


def make_arrays():
    rng = np.random.default_rng(2024)
    a = {
        "x2": rng.normal(0.0, 1.5, size=(4, 6)),
        "x3": rng.normal(0.0, 1.5, size=(2, 3, 6)),
        "x4": rng.normal(0.0, 1.5, size=(2, 3, 4, 5)),
        "x12": rng.normal(0.0, 1.0, size=(3, 12)),
        "x4d6": rng.normal(0.0, 1.5, size=(2, 2, 3, 6)),
        "kernel_6_6": rng.normal(0.0, 0.5, size=(6, 6)),
        "bias_6": rng.normal(0.0, 0.5, size=(6,)),
        "kernel_6_4": rng.normal(0.0, 0.5, size=(6, 4)),
        "alpha_3_6": rng.uniform(0.0, 0.5, size=(3, 6)),
        "alpha_1_6": rng.uniform(0.0, 0.5, size=(1, 6)),
        "alpha_1_1_5": rng.uniform(0.0, 0.5, size=(1, 1, 5)),
        "mask_2_3_6": rng.uniform(size=(2, 3, 6)) > 0.3,
        "mask_2_1_6": rng.uniform(size=(2, 1, 6)) > 0.3,
    }
    return {k: (v.astype("float32") if v.dtype.kind == "f" else v) for k, v in a.items()}


def case(layer, config, x, weights=None, call=None):
    return {"layer": layer, "config": config, "input": x, "weights": weights or [],
            "call": call or {}}


def make_cases():
    cases = []
    for act in DENSE_ACTIVATIONS:
        cases.append(case("Dense", {"units": 6, "activation": act}, "x2",
                          ["kernel_6_6", "bias_6"]))
    cases += [
        case("Dense", {"units": 6, "activation": "relu"}, "x3", ["kernel_6_6", "bias_6"]),
        case("Dense", {"units": 4, "use_bias": False}, "x2", ["kernel_6_4"]),
        case("Dense", {"units": 4, "use_bias": False, "activation": "tanh"}, "x4d6",
             ["kernel_6_4"]),
        case("Activation", {"activation": "relu"}, "x3"),
        case("Activation", {"activation": "softmax"}, "x3"),
        case("Activation", {"activation": "gelu"}, "x2"),
        case("ReLU", {}, "x3"),
        case("ReLU", {"max_value": 1.0}, "x3"),
        case("ReLU", {"negative_slope": 0.1}, "x3"),
        case("ReLU", {"threshold": 0.5}, "x3"),
        case("ReLU", {"max_value": 2.0, "negative_slope": 0.2, "threshold": 0.5}, "x3"),
        case("LeakyReLU", {}, "x3"),
        case("LeakyReLU", {"negative_slope": 0.01}, "x3"),
        case("PReLU", {}, "x3", ["alpha_3_6"]),
        case("PReLU", {"shared_axes": [1]}, "x3", ["alpha_1_6"]),
        case("PReLU", {"shared_axes": [1, 2]}, "x4", ["alpha_1_1_5"]),
        case("ELU", {}, "x3"),
        case("ELU", {"alpha": 0.5}, "x3"),
        case("Softmax", {}, "x3"),
        case("Softmax", {"axis": 1}, "x3"),
        case("Softmax", {"axis": [1, 2]}, "x3"),
        case("Softmax", {}, "x3", call={"mask": "mask_2_3_6"}),
        case("Softmax", {"axis": 1}, "x3", call={"mask": "mask_2_1_6"}),
        case("Reshape", {"target_shape": [3, 4]}, "x12"),
        case("Reshape", {"target_shape": [-1, 2, 2]}, "x12"),
        case("Reshape", {"target_shape": [6, -1]}, "x3"),
        case("Permute", {"dims": [2, 1]}, "x3"),
        case("Permute", {"dims": [3, 1, 2]}, "x4"),
        case("RepeatVector", {"n": 3}, "x2"),
        case("Flatten", {}, "x4"),
        case("Flatten", {"data_format": "channels_first"}, "x4"),
        case("Flatten", {"data_format": "channels_first"}, "x3"),
        case("Identity", {}, "x3"),
        case("ActivityRegularization", {"l1": 0.01, "l2": 0.1}, "x3"),
    ]
    return cases


def main():
    arrays = make_arrays()
    cases = make_cases()
    for i, c in enumerate(cases):
        keras.backend.clear_session()
        config = dict(c["config"])
        if "target_shape" in config:
            config["target_shape"] = tuple(config["target_shape"])
        layer = getattr(keras.layers, c["layer"])(**config)
        x = arrays[c["input"]]
        call = {k: arrays[v] for k, v in c["call"].items()}
        layer(x, **call)
        if c["weights"]:
            layer.set_weights([arrays[w] for w in c["weights"]])
        out = keras.ops.convert_to_numpy(layer(x, **call))
        c["output"] = f"out_{i}"
        arrays[c["output"]] = out
        if c["layer"] == "ActivityRegularization":
            c["loss"] = f"loss_{i}"
            arrays[c["loss"]] = np.asarray(
                [keras.ops.convert_to_numpy(v) for v in layer.losses], "float32")
    os.makedirs(HERE, exist_ok=True)
    np.savez_compressed(os.path.join(HERE, "layers_core.npz"), **arrays)
    with open(os.path.join(HERE, "layers_core.json"), "w") as f:
        json.dump({"keras_version": keras.__version__, "cases": cases}, f, indent=1)
    print(f"{len(cases)} cases, keras {keras.__version__}")


if __name__ == "__main__":
    main()
