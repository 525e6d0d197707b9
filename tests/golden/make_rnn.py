"""Write golden outputs of Keras 3's sequence layers: Embedding, Masking, SimpleRNN, LSTM,
GRU, RNN over cells, Bidirectional, TimeDistributed and the attention layers.

Run with the Keras reference environment (never in CI):

    KERAS_BACKEND=torch /work/kerasenv/bin/python tests/golden/make_rnn.py

Each case names how to build the layer (``build``), the stored inputs and call arguments,
random weights (set with ``set_weights`` in Keras's order, so the test also checks that the
weight layout is Keras's) and the outputs. Masks given as ``input_masks`` are attached to
the inputs as ``_keras_mask``, the way a masking layer upstream would. Writes
tests/golden/rnn/rnn.npz and rnn.json.
"""

import json
import os

import numpy as np

os.environ.setdefault("KERAS_BACKEND", "torch")
import keras  # noqa: E402
import torch  # noqa: E402

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "rnn")


def make_arrays():
    rng = np.random.default_rng(5)
    a = {
        "x": rng.normal(0.0, 1.0, size=(3, 6, 5)),
        "x4": rng.normal(0.0, 1.0, size=(2, 3, 4, 6)),
        "q": rng.normal(0.0, 1.0, size=(2, 4, 6)),
        "v": rng.normal(0.0, 1.0, size=(2, 5, 6)),
        "k": rng.normal(0.0, 1.0, size=(2, 5, 3)),
        "h0": rng.normal(0.0, 0.5, size=(3, 4)),
        "c0": rng.normal(0.0, 0.5, size=(3, 4)),
        "ids": np.array([[3, 1, 4, 1, 0, 0], [0, 0, 5, 9, 2, 6], [0, 0, 0, 0, 0, 0]], "int32"),
        # Right padding, a gap pattern, and a sequence with no step at all.
        "m_mixed": np.array([[1, 1, 1, 1, 0, 0], [1, 0, 1, 1, 0, 1], [0, 0, 0, 0, 0, 0]], bool),
        "m_left": np.array([[0, 0, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1], [0, 1, 1, 1, 1, 1]], bool),
        "m_right": np.array([[1, 1, 1, 0, 0, 0], [1, 1, 1, 1, 1, 1], [1, 0, 0, 0, 0, 0]], bool),
        "qm": np.array([[1, 1, 1, 0], [1, 1, 1, 1]], bool),
        "vm": np.array([[1, 1, 0, 1, 0], [1, 1, 1, 1, 1]], bool),
        "vm_empty": np.array([[0, 0, 0, 0, 0], [1, 1, 1, 0, 0]], bool),
        "att_mask": rng.uniform(size=(2, 4, 5)) > 0.4,
    }
    a["att_mask"][0, 1, :] = False  # a query that may attend to nothing
    a["x_masking"] = a["x"].copy()
    a["x_masking"][0, 2] = 0.0
    a["x_masking"][1, 4:] = 0.0
    conv = np.random.default_rng(6)  # a generator of its own keeps the arrays above as they were
    a["x_cl2"] = conv.normal(0.0, 1.0, size=(2, 3, 5, 5, 2))
    a["x_cl2_first"] = np.ascontiguousarray(a["x_cl2"].transpose(0, 1, 4, 2, 3))
    a["x_cl1"] = conv.normal(0.0, 1.0, size=(2, 4, 7, 3))
    a["m_cl"] = np.array([[1, 1, 0, 1], [0, 1, 1, 1]], bool)
    return {k: (v.astype("float32") if v.dtype.kind == "f" else v) for k, v in a.items()}


def rnn(layer, config=None, inputs=("x",), call=None, input_masks=None, repeat=1):
    return {"build": {"layer": layer, "config": config or {}}, "inputs": list(inputs),
            "call": call or {}, "input_masks": input_masks or {}, "repeat": repeat}


def wrapped(wrapper, wconfig, layer, config, **kw):
    case = rnn(layer, config, **kw)
    case["build"] = {"wrapper": wrapper, "wrapper_config": wconfig, "layer": layer,
                     "config": config}
    return case


def cells(cell_specs, config, **kw):
    case = rnn("RNN", config, **kw)
    case["build"]["cells"] = cell_specs
    return case


def recurrent_cases():
    cases = []
    for layer in ("SimpleRNN", "LSTM", "GRU"):
        state = ["h0", "c0"] if layer == "LSTM" else ["h0"]
        cases += [
            rnn(layer, {"units": 4}),
            rnn(layer, {"units": 4, "return_sequences": True}),
            rnn(layer, {"units": 4, "return_sequences": True, "go_backwards": True}),
            rnn(layer, {"units": 4, "go_backwards": True}),
            rnn(layer, {"units": 4, "return_sequences": True, "return_state": True},
                call={"mask": "m_mixed"}),
            rnn(layer, {"units": 4, "return_state": True}, call={"mask": "m_mixed"}),
            rnn(layer, {"units": 4, "return_sequences": True, "go_backwards": True},
                call={"mask": "m_mixed"}),
            rnn(layer, {"units": 4, "go_backwards": True, "return_state": True},
                call={"mask": "m_left"}),
            rnn(layer, {"units": 4, "return_sequences": True}, call={"mask": "m_left"}),
            rnn(layer, {"units": 4, "return_sequences": True}, call={"mask": "m_right"}),
            rnn(layer, {"units": 4, "return_state": True}, call={"initial_state": state}),
            rnn(layer, {"units": 4, "stateful": True, "return_sequences": True}, repeat=2),
            rnn(layer, {"units": 4, "unroll": True, "return_sequences": True}),
            rnn(layer, {"units": 4, "use_bias": False, "return_sequences": True}),
            rnn(layer, {"units": 4, "activation": "relu", "return_sequences": True},
                call={"mask": "m_mixed"}),
            rnn(layer, {"units": 4, "recurrent_dropout": 0.3, "dropout": 0.2,
                        "return_sequences": True}, call={"mask": "m_left"}),
            rnn(layer, {"units": 4, "return_sequences": True}, input_masks={"0": "m_mixed"}),
        ]
    cases += [
        rnn("LSTM", {"units": 4, "recurrent_activation": "hard_sigmoid",
                     "return_sequences": True}),
        rnn("LSTM", {"units": 4, "unit_forget_bias": False, "return_state": True}),
        rnn("GRU", {"units": 4, "reset_after": False, "return_sequences": True}),
        rnn("GRU", {"units": 4, "reset_after": False, "return_sequences": True},
            call={"mask": "m_mixed"}),
        rnn("GRU", {"units": 4, "reset_after": False, "use_bias": False}),
        rnn("SimpleRNN", {"units": 4, "activation": "sigmoid", "return_sequences": True}),
        cells([{"layer": "LSTMCell", "config": {"units": 4}},
               {"layer": "GRUCell", "config": {"units": 3}}],
              {"return_sequences": True, "return_state": True}, call={"mask": "m_mixed"}),
        cells([{"layer": "SimpleRNNCell", "config": {"units": 3}}],
              {"go_backwards": True}),
        cells([{"layer": "LSTMCell", "config": {"units": 4}}],
              {"return_sequences": True, "zero_output_for_mask": True},
              call={"mask": "m_mixed"}),
        cells([{"layer": "GRUCell", "config": {"units": 4, "reset_after": False}}],
              {"return_state": True}),
    ]
    return cases


def wrapper_cases():
    cases = []
    for mode in ("concat", "sum", "mul", "ave", None):
        cases.append(wrapped("Bidirectional", {"merge_mode": mode}, "LSTM",
                             {"units": 4, "return_sequences": True}))
    cases += [
        wrapped("Bidirectional", {}, "LSTM", {"units": 4}),
        wrapped("Bidirectional", {}, "GRU", {"units": 4, "return_sequences": True},
                call={"mask": "m_mixed"}),
        wrapped("Bidirectional", {}, "LSTM", {"units": 4}, call={"mask": "m_left"}),
        wrapped("Bidirectional", {"merge_mode": "sum"}, "SimpleRNN",
                {"units": 4, "return_state": True}),
        wrapped("Bidirectional", {"merge_mode": None}, "GRU",
                {"units": 4, "return_state": True, "return_sequences": True}),
        wrapped("TimeDistributed", {}, "Dense", {"units": 3, "activation": "tanh"}),
    ]
    return cases


def other_cases():
    mha = "MultiHeadAttention"
    return [
        rnn("Embedding", {"input_dim": 10, "output_dim": 4}, inputs=("ids",)),
        rnn("Embedding", {"input_dim": 10, "output_dim": 4, "mask_zero": True},
            inputs=("ids",)),
        rnn("Masking", {}, inputs=("x_masking",)),
        rnn("Masking", {"mask_value": 0.5}, inputs=("x",)),
        rnn(mha, {"num_heads": 2, "key_dim": 3}, inputs=("q", "q")),
        rnn(mha, {"num_heads": 2, "key_dim": 3}, inputs=("q", "v"),
            call={"return_attention_scores": True}),
        rnn(mha, {"num_heads": 2, "key_dim": 3}, inputs=("q", "v"),
            call={"attention_mask": "att_mask"}),
        rnn(mha, {"num_heads": 2, "key_dim": 3}, inputs=("q", "v"),
            call={"attention_mask": "att_mask", "return_attention_scores": True}),
        rnn(mha, {"num_heads": 2, "key_dim": 3}, inputs=("q", "v"),
            input_masks={"0": "qm", "1": "vm"}),
        rnn(mha, {"num_heads": 2, "key_dim": 3}, inputs=("q", "v"),
            input_masks={"0": "qm", "1": "vm_empty"}, call={"return_attention_scores": True}),
        rnn(mha, {"num_heads": 3, "key_dim": 2}, inputs=("q", "q"),
            call={"use_causal_mask": True}),
        rnn(mha, {"num_heads": 3, "key_dim": 2}, inputs=("q", "q"),
            call={"use_causal_mask": True, "return_attention_scores": True},
            input_masks={"0": "qm", "1": "qm"}),
        rnn(mha, {"num_heads": 2, "key_dim": 3, "value_dim": 4, "output_shape": 7,
                  "use_bias": False}, inputs=("q", "v", "k")),
        rnn(mha, {"num_heads": 2, "key_dim": 3, "dropout": 0.3}, inputs=("q", "v"),
            call={"attention_mask": "att_mask"}),
        rnn(mha, {"num_heads": 2, "key_dim": 3, "attention_axes": [2]}, inputs=("x4", "x4"),
            call={"return_attention_scores": True}),
        rnn(mha, {"num_heads": 2, "key_dim": 3, "attention_axes": [1, 2]},
            inputs=("x4", "x4")),
        rnn("Attention", {}, inputs=("q", "v")),
        rnn("Attention", {"use_scale": True}, inputs=("q", "v", "v"),
            call={"return_attention_scores": True}, input_masks={"0": "qm", "1": "vm"}),
        rnn("Attention", {"score_mode": "concat"}, inputs=("q", "v")),
        rnn("Attention", {}, inputs=("q", "q"), call={"use_causal_mask": True}),
        rnn("AdditiveAttention", {}, inputs=("q", "v"), input_masks={"1": "vm"}),
        rnn("AdditiveAttention", {"use_scale": False}, inputs=("q", "v"),
            call={"return_attention_scores": True}),
    ]


def conv_lstm_cases():
    return [
        rnn("ConvLSTM2D", {"filters": 3, "kernel_size": 3, "return_sequences": True},
            inputs=("x_cl2",)),
        rnn("ConvLSTM2D", {"filters": 3, "kernel_size": 3, "strides": 2, "padding": "same",
                           "return_state": True}, inputs=("x_cl2",)),
        rnn("ConvLSTM2D", {"filters": 2, "kernel_size": [2, 3], "padding": "same",
                           "go_backwards": True, "return_sequences": True},
            inputs=("x_cl2",)),
        rnn("ConvLSTM2D", {"filters": 2, "kernel_size": 2, "dilation_rate": 2,
                           "data_format": "channels_first"}, inputs=("x_cl2_first",)),
        rnn("ConvLSTM2D", {"filters": 2, "kernel_size": 3, "padding": "same",
                           "recurrent_dropout": 0.4, "dropout": 0.2, "use_bias": False},
            inputs=("x_cl2",)),
        rnn("ConvLSTM1D", {"filters": 2, "kernel_size": 2, "padding": "same",
                           "return_sequences": True}, inputs=("x_cl1",),
            call={"mask": "m_cl"}),
        rnn("ConvLSTM1D", {"filters": 4, "kernel_size": 3, "unit_forget_bias": False},
            inputs=("x_cl1",)),
    ]


def build(spec):
    L = keras.layers
    if "wrapper" in spec:
        inner = getattr(L, spec["layer"])(**spec["config"])
        return getattr(L, spec["wrapper"])(inner, **spec["wrapper_config"])
    if "cells" in spec:
        made = [getattr(L, c["layer"])(**c["config"]) for c in spec["cells"]]
        return L.RNN(made if len(made) > 1 else made[0], **spec["config"])
    config = dict(spec["config"])
    for key in ("attention_axes", "kernel_size"):
        if isinstance(config.get(key), list):
            config[key] = tuple(config[key])
    return getattr(L, spec["layer"])(**config)


def inputs_of(case, arrays):
    tensors = []
    for i, name in enumerate(case["inputs"]):
        t = torch.tensor(arrays[name])
        mask = case["input_masks"].get(str(i))
        if mask is not None:
            t._keras_mask = torch.tensor(arrays[mask])
        tensors.append(t)
    return tensors


def call_kwargs(case, arrays):
    out = {}
    for k, v in case["call"].items():
        if k == "initial_state":
            out[k] = [torch.tensor(arrays[s]) for s in v]
        elif isinstance(v, str):
            out[k] = torch.tensor(arrays[v])
        else:
            out[k] = v
    return out


def run(layer, case, arrays):
    x = inputs_of(case, arrays)
    kw = call_kwargs(case, arrays)
    if case["build"]["layer"] in ("Attention", "AdditiveAttention"):
        return layer(x, **kw)
    return layer(*x, **kw)


def flat(out):
    if isinstance(out, (list, tuple)):
        return [o for item in out for o in flat(item)]
    return [out]


def main():
    arrays = make_arrays()
    cases = recurrent_cases() + wrapper_cases() + other_cases() + conv_lstm_cases()
    rng = np.random.default_rng(11)
    for i, c in enumerate(cases):
        keras.backend.clear_session()
        keras.utils.set_random_seed(i)
        layer = build(c["build"])
        run(layer, c, arrays)
        weights = [rng.normal(0.0, 0.5, size=w.shape).astype("float32")
                   for w in layer.get_weights()]
        layer.set_weights(weights)
        if getattr(layer, "stateful", False):
            layer.reset_state()
        c["weights"] = []
        for j, w in enumerate(weights):
            arrays[f"w_{i}_{j}"] = w
            c["weights"].append(f"w_{i}_{j}")
        c["weight_paths"] = [w.path for w in layer.weights]
        c["outputs"], c["masks"] = [], []
        for r in range(c["repeat"]):
            out = run(layer, c, arrays)
            for j, o in enumerate(flat(out)):
                key = f"out_{i}_{r}_{j}"
                arrays[key] = keras.ops.convert_to_numpy(o)
                c["outputs"].append(key)
                m = getattr(o, "_keras_mask", None)
                if m is not None:
                    arrays[f"mask_{i}_{r}_{j}"] = keras.ops.convert_to_numpy(m)
                    c["masks"].append(f"mask_{i}_{r}_{j}")
                else:
                    c["masks"].append(None)
    os.makedirs(HERE, exist_ok=True)
    np.savez_compressed(os.path.join(HERE, "rnn.npz"), **arrays)
    with open(os.path.join(HERE, "rnn.json"), "w") as f:
        json.dump({"keras_version": keras.__version__, "cases": cases}, f, indent=1)
    print(f"{len(cases)} cases, keras {keras.__version__}")


if __name__ == "__main__":
    main()
