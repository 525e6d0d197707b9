"""Write golden outputs of Keras 3's adaptive pooling, EinsumDense, GroupQueryAttention,
ReversibleEmbedding, SpectralNormalization, STFTSpectrogram, MelSpectrogram and
HashedCrossing layers, and weight files real Keras saved for EinsumDense and GQA.

Run with the Keras reference environment (never in CI), on the JAX backend so that the
goldens come from an implementation other than torch's:

    KERAS_BACKEND=jax /root/refenv/bin/python tests/golden/make_layers_extra.py

Writes into tests/golden/layers_extra/:

* layers_extra.npz / layers_extra.json: cases. Each builds a layer from its class name and
  config, builds it, sets the stored weights (in ``layer.weights`` order), makes one call
  (positional inputs, keyword arrays, keyword literals) and records every output, and the
  weights after the call when ``weights_after`` is set (SpectralNormalization's training
  step).
* einsum.weights.h5, einsum.keras, gqa.weights.h5, gqa.keras: small functional models
  (see ``_golden.einsum_model`` / ``_golden.gqa_model``) saved by Keras, with their
  predictions on ``model_x`` in the npz.
"""

import json
import os

import numpy as np

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402
from _golden import einsum_model, gqa_model  # noqa: E402

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "layers_extra")
RNG = np.random.default_rng(1515)
ARRAYS: dict = {}


def arr(name, value):
    value = np.asarray(value)
    if value.dtype.kind == "f":
        value = value.astype("float32")
    ARRAYS[name] = value
    return name


def normal(name, shape, scale=1.0):
    return arr(name, RNG.normal(0.0, scale, size=shape))


# ------------------------------------------------------------------------------- inputs
normal("x1d", (2, 7, 3))
normal("x1d_cf", (2, 3, 7))
normal("x2d", (2, 7, 5, 3))
normal("x2d_cf", (2, 3, 7, 5))
normal("x3d", (1, 5, 6, 7, 2))
normal("x2", (3, 6))
normal("x3", (2, 5, 6))
normal("x4", (2, 3, 4, 5))
normal("q", (2, 5, 8))
normal("kv", (2, 6, 8))
normal("kv_key", (2, 6, 8))
arr("attn_mask", RNG.uniform(size=(2, 5, 6)) > 0.3)
ARRAYS["attn_mask"][:, :, 0] = True  # no fully masked row
arr("q_mask", np.array([[1, 1, 1, 1, 0], [1, 1, 1, 0, 0]], bool))
arr("v_mask", np.array([[1, 1, 1, 1, 1, 0], [1, 1, 0, 1, 1, 1]], bool))
arr("ids", np.array([[1, 0, 4, 2], [3, 3, 0, 1]], "int32"))
normal("hidden", (2, 4, 3))
normal("signal", (2, 64, 2))
normal("signal_cf", (2, 2, 64))
normal("audio", (2, 400))
normal("audio1", (300,))
normal("model_x", (3, 5, 8))


# -------------------------------------------------------------------------------- cases
CASES = []


def case(layer, config, inputs, weights=(), kwargs=None, literal=None, weights_after=False,
         build=None):
    """``build``: ``"call"`` builds by the call itself; default builds on the inputs."""
    CASES.append({"layer": layer, "config": config, "inputs": list(inputs),
                  "weights": list(weights), "kwargs": kwargs or {}, "literal": literal or {},
                  "weights_after": weights_after, "build": build})


def adaptive_cases():
    for kind in ("AdaptiveAveragePooling", "AdaptiveMaxPooling"):
        case(f"{kind}1D", {"output_size": 3}, ["x1d"])
        case(f"{kind}1D", {"output_size": 5}, ["x1d"])
        case(f"{kind}1D", {"output_size": 4, "data_format": "channels_first"}, ["x1d_cf"])
        case(f"{kind}2D", {"output_size": [3, 2]}, ["x2d"])
        case(f"{kind}2D", {"output_size": 4}, ["x2d"])
        case(f"{kind}2D", {"output_size": [5, 3], "data_format": "channels_first"},
             ["x2d_cf"])
        case(f"{kind}3D", {"output_size": [2, 4, 3]}, ["x3d"])


def weighted(prefix, layer, build_shapes):
    """Random weights for ``layer`` built on ``build_shapes``; returns their keys."""
    layer.build(*build_shapes)
    return [normal(f"{prefix}_w{i}", w.shape, 0.4) for i, w in enumerate(layer.weights)]


def einsum_cases():
    specs = [
        ("ab,bc->ac", 4, "c", "x2", None),
        ("ab,bc->ac", 4, None, "x2", "relu"),
        ("abc,cd->abd", [None, 4], "d", "x3", None),
        ("...b,bc->...c", 4, "c", "x3", None),
        ("abc,cde->abde", [None, 3, 4], "de", "x3", None),
        ("abc,cde->abde", [None, 3, 4], "e", "x3", "tanh"),
        ("ab...,bc->ac...", [4], "c", "x3", None),
        ("abcd,cde->abe", [None, 6], "e", "x4", None),
        ("abcd,cde->abe", [3, 6], "be", "x4", None),
    ]
    for i, (eq, out, bias, x, act) in enumerate(specs):
        config = {"equation": eq, "output_shape": out, "bias_axes": bias, "activation": act}
        layer = keras.layers.EinsumDense(**config)
        ws = weighted(f"einsum{i}", layer, [ARRAYS[x].shape])
        case("EinsumDense", config, [x], ws)


def gqa_cases():
    base = {"head_dim": 4, "num_query_heads": 4, "num_key_value_heads": 2}
    specs = [
        (base, ["q", "q"], {}, {}),
        (base, ["q", "kv"], {}, {"return_attention_scores": True}),
        (base, ["q", "kv", "kv_key"], {}, {}),
        (base, ["q", "kv"], {"attention_mask": "attn_mask"}, {}),
        (base, ["q", "kv"], {"attention_mask": "attn_mask"}, {"return_attention_scores": True}),
        (base, ["q", "q"], {}, {"use_causal_mask": True}),
        (base, ["q", "q"], {}, {"use_causal_mask": True, "return_attention_scores": True}),
        (base, ["q", "kv"], {"query_mask": "q_mask", "value_mask": "v_mask"}, {}),
        ({**base, "num_key_value_heads": 1}, ["q", "kv"], {}, {}),
        ({**base, "num_key_value_heads": 4}, ["q", "kv"], {}, {}),
        ({**base, "use_bias": False}, ["q", "kv"], {}, {}),
        ({**base, "use_gate": True}, ["q", "kv"], {}, {}),
        ({**base, "sliding_window": 2}, ["q", "q"], {}, {}),
        ({**base, "sliding_window": 2}, ["q", "q"], {}, {"use_causal_mask": True}),
    ]
    for i, (config, inputs, kwargs, literal) in enumerate(specs):
        layer = keras.layers.GroupQueryAttention(**config)
        shapes = [ARRAYS[k].shape for k in inputs]
        ws = weighted(f"gqa{i}", layer, shapes)
        case("GroupQueryAttention", config, inputs, ws, kwargs, literal)


def reversible_cases():
    for i, config in enumerate([
        {"input_dim": 5, "output_dim": 3},
        {"input_dim": 5, "output_dim": 3, "tie_weights": False},
        {"input_dim": 5, "output_dim": 3, "logit_soft_cap": 0.5},
        {"input_dim": 5, "output_dim": 3, "tie_weights": False, "logit_soft_cap": 2.0,
         "mask_zero": True},
    ]):
        layer = keras.layers.ReversibleEmbedding(**config)
        ws = weighted(f"rev{i}", layer, [(2, 4)])
        case("ReversibleEmbedding", config, ["ids"], ws)
        case("ReversibleEmbedding", config, ["hidden"], ws, literal={"reverse": True})


def spectral_cases():
    for i, (inner, iters, x) in enumerate([
        (["Dense", {"units": 4}], 1, "x2"),
        (["Dense", {"units": 4}], 3, "x2"),
        (["Conv2D", {"filters": 3, "kernel_size": 2}], 1, "x4"),
    ]):
        # The wrapped layer as [class name, config]; both sides build it by name.
        config = {"layer": inner, "power_iterations": iters}
        layer = keras.layers.SpectralNormalization(
            getattr(keras.layers, inner[0])(**inner[1]), power_iterations=iters)
        ws = weighted(f"sn{i}", layer, [ARRAYS[x].shape])
        case("SpectralNormalization", config, [x], ws, literal={"training": True},
             weights_after=True)
        case("SpectralNormalization", config, [x], ws, literal={"training": False})


def stft_cases():
    small = {"frame_length": 16, "frame_step": 8, "fft_length": 16}
    for mode in ("log", "magnitude", "psd", "real", "imag", "angle", "stft"):
        case("STFTSpectrogram", {"mode": mode, **small}, ["signal"], build="call")
    for extra in (
        {"padding": "same"},
        {"expand_dims": True},
        {"padding": "same", "expand_dims": True, "mode": "stft"},
        {"window": "hamming", "periodic": True},
        {"scaling": "spectrum"},
        {"scaling": None, "window": None},
        {"frame_length": 12, "frame_step": 5, "fft_length": 32, "mode": "magnitude"},
        {"frame_length": 10, "frame_step": 3, "padding": "same", "mode": "real"},
    ):
        case("STFTSpectrogram", {**small, **extra}, ["signal"], build="call")
    case("STFTSpectrogram", {**small, "data_format": "channels_first"}, ["signal_cf"],
         build="call")
    case("STFTSpectrogram", {**small, "data_format": "channels_first", "expand_dims": True},
         ["signal_cf"], build="call")


def mel_cases():
    small = {"fft_length": 64, "sequence_stride": 32, "num_mel_bins": 10,
             "sampling_rate": 8000}
    for extra in ({}, {"power_to_db": False}, {"mag_exp": 1.0}, {"window": "hamming"},
                  {"sequence_length": 48}, {"min_freq": 100.0, "max_freq": 3000.0},
                  {"top_db": 20.0, "ref_power": 2.0}, {"window": None},
                  {"sequence_stride": 25}):
        case("MelSpectrogram", {**small, **extra}, ["audio"], build="call")
    case("MelSpectrogram", small, ["audio1"], build="call")


HASH_INPUTS = {
    "hc_s1": np.array(["A", "B", "A", "B", "A"]),
    "hc_i1": np.array([101, 101, 101, 102, 102], "int64"),
    "hc_s2": np.array([["cat"], ["dog"], ["émoji ✓"], [""], ["a longer string, >16 bytes"]]),
    "hc_i2": np.array([[-3], [0], [7], [2**40], [-(2**62)]], "int64"),
    "hc_i3": np.array([1, 2, 3, 4, 5], "int32"),
    "hc_s0": np.array("x"),
    "hc_i0": np.array(9, "int64"),
}


def hashed_cases():
    for k, v in HASH_INPUTS.items():
        ARRAYS[k] = v
    for bins in (1, 5, 1000):
        case("HashedCrossing", {"num_bins": bins}, [["hc_s1", "hc_i1"]], build="call")
    case("HashedCrossing", {"num_bins": 7}, [["hc_s2", "hc_i2"]], build="call")
    case("HashedCrossing", {"num_bins": 11}, [["hc_i1", "hc_s1", "hc_i3"]], build="call")
    case("HashedCrossing", {"num_bins": 13}, [["hc_i2", "hc_i2"]], build="call")
    case("HashedCrossing", {"num_bins": 5, "output_mode": "one_hot"}, [["hc_s1", "hc_i1"]],
         build="call")
    case("HashedCrossing", {"num_bins": 5, "output_mode": "one_hot"}, [["hc_s2", "hc_i2"]],
         build="call")
    case("HashedCrossing", {"num_bins": 17}, [["hc_s0", "hc_i0"]], build="call")


def run_case(i, c):
    cls = getattr(keras.layers, c["layer"])
    config = dict(c["config"])
    if c["layer"] == "SpectralNormalization":
        name, inner = config["layer"]
        config["layer"] = getattr(keras.layers, name)(**inner)
    layer = cls(**config)
    inputs = [ARRAYS[k] if isinstance(k, str) else [ARRAYS[j] for j in k]
              for k in c["inputs"]]
    kwargs = {k: ARRAYS[v] for k, v in c["kwargs"].items()}
    if c["build"] is None:
        layer.build(*[np.shape(x) for x in inputs])
    if c["weights"]:
        layer.set_weights([ARRAYS[w] for w in c["weights"]])
    out = layer(*inputs, **kwargs, **c["literal"])
    outs = out if isinstance(out, (tuple, list)) else [out]
    c["outputs"] = [arr(f"out{i}_{j}", keras.ops.convert_to_numpy(o))
                    for j, o in enumerate(outs)]
    if c["weights_after"]:
        c["after"] = [arr(f"after{i}_{j}", keras.ops.convert_to_numpy(w))
                      for j, w in enumerate(layer.weights)]


def saved_models():
    for name, build in (("einsum", einsum_model), ("gqa", gqa_model)):
        keras.utils.set_random_seed(3)
        model = build(keras)
        model.save_weights(os.path.join(HERE, f"{name}.weights.h5"))
        model.save(os.path.join(HERE, f"{name}.keras"))
        arr(f"{name}_pred", model.predict(ARRAYS["model_x"], verbose=0))


def main():
    adaptive_cases()
    einsum_cases()
    gqa_cases()
    reversible_cases()
    spectral_cases()
    stft_cases()
    mel_cases()
    hashed_cases()
    for i, c in enumerate(CASES):
        run_case(i, c)
    saved_models()
    np.savez_compressed(os.path.join(HERE, "layers_extra.npz"), **ARRAYS)
    with open(os.path.join(HERE, "layers_extra.json"), "w", encoding="utf-8") as f:
        json.dump({"keras": keras.__version__, "backend": keras.backend.backend(),
                   "cases": CASES}, f, indent=1)
    print(f"{len(CASES)} cases")


if __name__ == "__main__":
    main()
