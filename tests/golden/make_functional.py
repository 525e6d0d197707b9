"""Write golden numbers of Keras 3's merge layers and functional models.

Run with the Keras reference environment (never in CI):

    KERAS_BACKEND=torch /work/kerasenv/bin/python tests/golden/make_functional.py

Writes tests/golden/functional/functional.npz (arrays) and functional.json (cases):

- ``merge``: every merge layer (and Dot's axes/normalize variants, ranks that broadcast,
  masked inputs) called on stored inputs: output and output mask;
- ``model``: a two-input functional model with Concatenate, Add and Dot whose weights are
  stored: its outputs on stored inputs;
- ``train``: a two-input/two-output model trained 3 SGD steps with per-output losses,
  loss weights and metrics: History, final weights, evaluate() as a list and a dict;
- ``names``: History keys and evaluate() order for several compile configurations;
- ``masked``: Embedding(mask_zero=True) and Masking masks through merge layers into
  pooling and an LSTM.
"""

import json
import os

import numpy as np
from _golden import (
    functional_masked,
    functional_small,
    functional_two_head,
    functional_two_outputs,
)

os.environ.setdefault("KERAS_BACKEND", "torch")
import keras  # noqa: E402
from keras import layers  # noqa: E402
from keras.src import backend  # noqa: E402

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "functional")
ARRAYS: dict = {}


def arr(name, value):
    ARRAYS[name] = np.asarray(value)
    return name


def merge_cases(rng):
    x3a = arr("x3a", rng.normal(size=(4, 3, 5)).astype("float32"))
    x3b = arr("x3b", rng.normal(size=(4, 3, 5)).astype("float32"))
    x3c = arr("x3c", rng.normal(size=(4, 3, 5)).astype("float32"))
    x2a = arr("x2a", rng.normal(size=(4, 5)).astype("float32"))
    x2b = arr("x2b", rng.normal(size=(4, 5)).astype("float32"))
    x2c = arr("x2c", rng.normal(size=(4, 7)).astype("float32"))
    y35 = arr("y35", rng.normal(size=(4, 5, 3)).astype("float32"))
    x4 = arr("x4", rng.normal(size=(4, 2, 3, 5)).astype("float32"))
    ma = arr("mask_a", rng.uniform(size=(4, 3)) > 0.4)
    mb = arr("mask_b", rng.uniform(size=(4, 3)) > 0.4)
    cases = []
    for cls in ("Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum"):
        cases.append({"layer": cls, "config": {}, "inputs": [x3a, x3b]})
        cases.append({"layer": cls, "config": {}, "inputs": [x2a, x3b]})  # ranks differ
        cases.append({"layer": cls, "config": {}, "inputs": [x3a, x3b], "masks": [ma, mb]})
        if cls != "Subtract":
            cases.append({"layer": cls, "config": {}, "inputs": [x3a, x3b, x3c]})
            cases.append({"layer": cls, "config": {}, "inputs": [x3a, x3b, x3c],
                          "masks": [ma, None, mb]})
    cases += [
        {"layer": "Concatenate", "config": {}, "inputs": [x2a, x2c]},
        {"layer": "Concatenate", "config": {"axis": 1}, "inputs": [x3a, x3b]},
        {"layer": "Concatenate", "config": {"axis": -1}, "inputs": [x3a, x3b, x3c]},
        {"layer": "Concatenate", "config": {"axis": 1}, "inputs": [x3a, x3b],
         "masks": [ma, None]},
        {"layer": "Concatenate", "config": {"axis": -1}, "inputs": [x3a, x3b],
         "masks": [ma, mb]},
        {"layer": "Dot", "config": {"axes": 1}, "inputs": [x2a, x2b]},
        {"layer": "Dot", "config": {"axes": -1, "normalize": True}, "inputs": [x2a, x2b]},
        {"layer": "Dot", "config": {"axes": [2, 1]}, "inputs": [x3a, y35]},
        {"layer": "Dot", "config": {"axes": [1, 1], "normalize": True}, "inputs": [x3a, x3b]},
        {"layer": "Dot", "config": {"axes": 2}, "inputs": [x3a, x3b]},
        {"layer": "Dot", "config": {"axes": [1, 1]}, "inputs": [x2a, y35]},
        {"layer": "Dot", "config": {"axes": [3, 1]}, "inputs": [x4, y35]},
    ]
    for i, c in enumerate(cases):
        layer = getattr(layers, c["layer"])(**c["config"])
        inputs = [keras.ops.convert_to_tensor(ARRAYS[k]) for k in c["inputs"]]
        for t, m in zip(inputs, c.get("masks", [None] * len(inputs))):
            if m is not None:
                backend.set_keras_mask(t, keras.ops.convert_to_tensor(ARRAYS[m]))
        out = layer(inputs)
        c["output"] = arr(f"merge_{i}_out", keras.ops.convert_to_numpy(out))
        mask = backend.get_keras_mask(out)
        c["output_mask"] = (None if mask is None else
                            arr(f"merge_{i}_mask", keras.ops.convert_to_numpy(mask)))
    return cases


def model_case(rng):
    model = functional_small(keras)
    weights = [rng.normal(0, 0.5, size=w.shape).astype("float32") for w in model.weights]
    model.set_weights(weights)
    xa = rng.normal(size=(7, 6)).astype("float32")
    xb = rng.normal(size=(7, 4)).astype("float32")
    out, cos = model.predict([xa, xb], verbose=0)
    return {"weights": [arr(f"model_w{i}", w) for i, w in enumerate(weights)],
            "weight_paths": [w.path for w in model.weights],
            "xa": arr("model_xa", xa), "xb": arr("model_xb", xb),
            "out": arr("model_out", out), "cos": arr("model_cos", cos)}


def train_case(rng):
    model = functional_two_head(keras)
    weights = [rng.normal(0, 0.4, size=w.shape).astype("float32") for w in model.weights]
    model.set_weights(weights)
    x = {"a": rng.normal(size=(24, 4)).astype("float32"),
         "b": rng.normal(size=(24, 3)).astype("float32")}
    y = {"reg": rng.normal(size=(24, 1)).astype("float32"),
         "cls": rng.integers(0, 3, size=(24,)).astype("int64")}
    model.compile(optimizer=keras.optimizers.SGD(0.1),
                  loss={"reg": "mse", "cls": "sparse_categorical_crossentropy"},
                  loss_weights={"reg": 0.5, "cls": 2.0},
                  metrics={"reg": ["mae"], "cls": ["accuracy"]})
    hist = model.fit(x, y, batch_size=10, epochs=2, shuffle=False, verbose=0,
                     validation_data=(x, y))
    return {"weights": [arr(f"train_w{i}", w) for i, w in enumerate(weights)],
            "x_a": arr("train_xa", x["a"]), "x_b": arr("train_xb", x["b"]),
            "y_reg": arr("train_yreg", y["reg"]), "y_cls": arr("train_ycls", y["cls"]),
            "history": {k: [float(v) for v in vs] for k, vs in hist.history.items()},
            "history_keys": list(hist.history),
            "final": [arr(f"train_final{i}", w) for i, w in enumerate(model.get_weights())],
            "evaluate": [float(v) for v in model.evaluate(x, y, verbose=0)],
            "evaluate_dict": {k: float(v) for k, v in
                              model.evaluate(x, y, verbose=0, return_dict=True).items()}}


def names_cases(rng):
    """History keys and evaluate() order of multi-output models (names only)."""
    xa = rng.normal(size=(16, 4)).astype("float32")
    xb = rng.normal(size=(16, 3)).astype("float32")
    y_reg = rng.normal(size=(16, 1)).astype("float32")
    y_cls = rng.integers(0, 3, size=(16,))
    y_oh = np.eye(3, dtype="float32")[y_cls]

    configs = [
        ("list_losses_list_metrics", dict(), dict(
            loss=["mse", "sparse_categorical_crossentropy"], metrics=[["mae"], ["accuracy"]]),
         "list"),
        ("list_one_metric_per_output", dict(), dict(
            loss=["mse", "sparse_categorical_crossentropy"], metrics=["mae", "accuracy"]),
         "list"),
        ("single_loss_two_outputs", dict(), dict(loss="mse"), "onehot"),
        ("one_output_without_loss", dict(), dict(
            loss=[None, "sparse_categorical_crossentropy"], metrics=[None, ["accuracy"]]),
         "list"),
        ("dict_outputs_renamed", dict(dict_outputs=True, keys=("first", "second")), dict(
            loss={"first": "mse", "second": "sparse_categorical_crossentropy"},
            metrics={"second": "accuracy", "first": ["mae", "mse"]}), "dict_renamed"),
        ("duplicate_and_weighted", dict(), dict(
            loss=["mse", "sparse_categorical_crossentropy"],
            metrics=[["mae", "mae"], ["accuracy"]],
            weighted_metrics=[["mae"], None]), "list"),
        ("dict_loss_reversed_order", dict(dict_outputs=True), dict(
            loss={"cls": "sparse_categorical_crossentropy", "reg": "mse"}), "dict"),
    ]
    out = []
    for name, model_kwargs, compile_kwargs, ykind in configs:
        model = functional_two_outputs(keras, **model_kwargs)
        model.compile(optimizer="sgd", **compile_kwargs)
        y = {"list": [y_reg, y_cls], "onehot": [y_reg, y_oh],
             "dict_renamed": {"first": y_reg, "second": y_cls},
             "dict": {"reg": y_reg, "cls": y_cls}}[ykind]
        hist = model.fit([xa, xb], y, epochs=1, verbose=0, validation_data=([xa, xb], y))
        logs = model.evaluate([xa, xb], y, verbose=0, return_dict=True)
        # evaluate()'s list order: Keras's own ordering applied to distinct stand-ins.
        keys = list(logs)
        ordered = model._flatten_metrics_in_order({k: i for i, k in enumerate(keys)})
        ordered = ordered if isinstance(ordered, list) else [ordered]
        order = [keys[i] for i in ordered]
        assert model.evaluate([xa, xb], y, verbose=0) == [logs[k] for k in order]
        out.append({"name": name, "model": model_kwargs, "compile": compile_kwargs,
                    "y": ykind, "history_keys": list(hist.history),
                    "evaluate_keys": list(logs), "evaluate_order": order,
                    "metrics_names": model.metrics_names})
    return out


def mask_case(rng):
    """Embedding(mask_zero=True) and Masking through merge layers into pooling and LSTM."""
    model = functional_masked(keras)
    weights = [rng.normal(0, 0.5, size=w.shape).astype("float32") for w in model.weights]
    model.set_weights(weights)
    xa = np.array([[3, 5, 0, 0], [1, 0, 0, 0], [0, 0, 0, 0]], dtype="int32")
    xb = np.array([[0, 0, 0, 2], [4, 4, 0, 0], [0, 7, 7, 0]], dtype="int32")
    xx = rng.normal(size=(3, 3, 2)).astype("float32")
    xx[:, 1] = 0.0
    outs = model.predict([xa, xb, xx], verbose=0)
    return {"weights": [arr(f"mask_w{i}", w) for i, w in enumerate(weights)],
            "weight_paths": [w.path for w in model.weights],
            "inputs": [arr("mask_xa", xa), arr("mask_xb", xb), arr("mask_xx", xx)],
            "outputs": [arr(f"mask_out{i}", o) for i, o in enumerate(outs)]}


def main():
    rng = np.random.default_rng(7)
    keras.utils.set_random_seed(0)
    data = {"merge": merge_cases(rng), "model": model_case(rng), "train": train_case(rng),
            "names": names_cases(rng), "masked": mask_case(rng)}
    os.makedirs(HERE, exist_ok=True)
    np.savez_compressed(os.path.join(HERE, "functional.npz"), **ARRAYS)
    with open(os.path.join(HERE, "functional.json"), "w") as f:
        json.dump(data, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"wrote {len(data['merge'])} merge cases, {len(ARRAYS)} arrays to {HERE}")


if __name__ == "__main__":
    main()
