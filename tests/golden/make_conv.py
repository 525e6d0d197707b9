"""Write golden outputs of Keras 3's convolution, pooling and padding/cropping/upsampling
layers.

Run with the Keras reference environment (never in CI):

    KERAS_BACKEND=torch /work/kerasenv/bin/python tests/golden/make_conv.py
    KERAS_BACKEND=tensorflow /work/tfenv/bin/python tests/golden/make_conv.py   # optional

Each case builds a layer from its class name and config, lets Keras initialize it on a
stored input, stores Keras's weights, and records the output and Keras's
``compute_output_shape``. Every layer runs in both data formats, with padding "valid"
and "same" and strides 1 and 2, on odd and even sizes (so TensorFlow's asymmetric
"same" padding is exercised). Writes tests/golden/conv/conv_<backend>.npz and .json.
The torch-backend files are the reference; the TensorFlow ones (channels_last only: on
the CPU, TensorFlow 2.21 adds bias[0] to every channel of channels_first convolutions),
when present, let the tests show where Keras's torch backend and TensorFlow disagree.
"""

import json
import os

import numpy as np
from _golden import CONV_SUMMARIES, conv_training_model

os.environ.setdefault("KERAS_BACKEND", "torch")
import keras  # noqa: E402

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "conv")
FORMATS = ("channels_last", "channels_first")

# Spatial sizes: 8 and 7 give asymmetric and symmetric "same" padding at stride 2.
SPATIAL = {1: (9,), 2: (8, 7), 3: (5, 6, 4)}


def input_name(rank, fmt, channels=3):
    return f"x{rank}d_{fmt}_{channels}"


def make_arrays():
    rng = np.random.default_rng(404)
    arrays = {}
    for rank, spatial in SPATIAL.items():
        for channels in (3, 4):
            base = rng.normal(0.0, 1.0, size=(2,) + spatial + (channels,)).astype("float32")
            arrays[input_name(rank, "channels_last", channels)] = base
            arrays[input_name(rank, "channels_first", channels)] = np.ascontiguousarray(
                np.moveaxis(base, -1, 1))
    mask = rng.uniform(size=(2, 9)) > 0.3
    mask[:, 0] = True
    arrays["mask_2_9"] = mask
    return arrays


def case(layer, config, rank, fmt=None, channels=3, call=None):
    config = dict(config)
    if fmt is not None:
        config["data_format"] = fmt
    return {"layer": layer, "config": config,
            "input": input_name(rank, fmt or "channels_last", channels), "call": call or {}}


def conv_cases():
    cases = []
    for fmt in FORMATS:
        for padding in ("valid", "same"):
            for strides in (1, 2):
                geo = {"padding": padding, "strides": strides}
                cases += [
                    case("Conv1D", {"filters": 4, "kernel_size": 3, **geo}, 1, fmt),
                    case("Conv2D", {"filters": 4, "kernel_size": 3, **geo}, 2, fmt),
                    case("Conv2D", {"filters": 2, "kernel_size": (2, 3), **geo}, 2, fmt),
                    case("Conv3D", {"filters": 2, "kernel_size": 3, **geo}, 3, fmt),
                    case("Conv1DTranspose", {"filters": 2, "kernel_size": 3, **geo}, 1, fmt),
                    case("Conv2DTranspose", {"filters": 2, "kernel_size": 3, **geo}, 2, fmt),
                    case("Conv2DTranspose", {"filters": 2, "kernel_size": (2, 4), **geo}, 2,
                         fmt),
                    case("Conv3DTranspose", {"filters": 2, "kernel_size": 2, **geo}, 3, fmt),
                    case("DepthwiseConv1D", {"kernel_size": 3, "depth_multiplier": 2, **geo},
                         1, fmt),
                    case("DepthwiseConv2D", {"kernel_size": 3, "depth_multiplier": 2, **geo},
                         2, fmt),
                    case("SeparableConv1D", {"filters": 4, "kernel_size": 3, **geo}, 1, fmt),
                    case("SeparableConv2D", {"filters": 4, "kernel_size": 3,
                                             "depth_multiplier": 2, **geo}, 2, fmt),
                ]
        cases += [
            case("Conv1D", {"filters": 3, "kernel_size": 3, "padding": "causal"}, 1, fmt),
            case("Conv1D", {"filters": 3, "kernel_size": 2, "padding": "causal",
                            "dilation_rate": 2}, 1, fmt),
            case("Conv1D", {"filters": 4, "kernel_size": 3, "groups": 2, "padding": "same"},
                 1, fmt, channels=4),
            case("Conv2D", {"filters": 4, "kernel_size": 3, "dilation_rate": 2,
                            "padding": "same", "activation": "relu"}, 2, fmt),
            case("Conv2D", {"filters": 6, "kernel_size": 3, "groups": 2, "use_bias": False},
                 2, fmt, channels=4),
            case("Conv2D", {"filters": 4, "kernel_size": 1, "strides": 3}, 2, fmt),
            case("Conv3D", {"filters": 2, "kernel_size": (1, 2, 3), "strides": (1, 2, 1),
                            "padding": "same", "activation": "tanh"}, 3, fmt),
            case("Conv2DTranspose", {"filters": 3, "kernel_size": 3, "strides": 2,
                                     "padding": "same", "output_padding": 1}, 2, fmt),
            case("Conv2DTranspose", {"filters": 3, "kernel_size": 3, "strides": 2,
                                     "padding": "valid", "output_padding": 1}, 2, fmt),
            case("Conv2DTranspose", {"filters": 3, "kernel_size": 2, "strides": 3}, 2, fmt),
            case("Conv2DTranspose", {"filters": 2, "kernel_size": 3, "dilation_rate": 2,
                                     "padding": "same"}, 2, fmt),
            case("Conv1DTranspose", {"filters": 2, "kernel_size": 4, "strides": 2,
                                     "padding": "same", "output_padding": 0}, 1, fmt),
            case("DepthwiseConv2D", {"kernel_size": 3, "dilation_rate": 2,
                                     "padding": "same"}, 2, fmt),
            case("SeparableConv2D", {"filters": 2, "kernel_size": 2, "dilation_rate": 2,
                                     "use_bias": False}, 2, fmt),
        ]
    return cases


def pooling_cases():
    cases = []
    for fmt in FORMATS:
        for kind in ("Max", "Average"):
            for rank in (1, 2, 3):
                layer = f"{kind}Pooling{rank}D"
                for padding in ("valid", "same"):
                    cases += [
                        case(layer, {"pool_size": 2, "padding": padding}, rank, fmt),
                        case(layer, {"pool_size": 2, "strides": 1, "padding": padding}, rank,
                             fmt),
                        case(layer, {"pool_size": 3, "strides": 2, "padding": padding}, rank,
                             fmt),
                    ]
            for rank in (1, 2, 3):
                for keepdims in (False, True):
                    cases.append(case(f"Global{kind}Pooling{rank}D", {"keepdims": keepdims},
                                      rank, fmt))
    cases.append(case("GlobalAveragePooling1D", {}, 1, "channels_last",
                      call={"mask": "mask_2_9"}))
    cases.append(case("GlobalAveragePooling1D", {}, 1, "channels_first",
                      call={"mask": "mask_2_9"}))
    return cases


def reshaping_cases():
    cases = [
        case("Cropping1D", {"cropping": (1, 2)}, 1),
        case("Cropping1D", {"cropping": 3}, 1),
        case("UpSampling1D", {"size": 3}, 1),
    ]
    for fmt in FORMATS:
        cases += [
            case("ZeroPadding1D", {"padding": (1, 2)}, 1, fmt),
            case("ZeroPadding2D", {"padding": ((1, 0), (2, 3))}, 2, fmt),
            case("ZeroPadding2D", {"padding": 1}, 2, fmt),
            case("ZeroPadding3D", {"padding": (1, 0, 2)}, 3, fmt),
            case("Cropping2D", {"cropping": ((1, 2), (0, 3))}, 2, fmt),
            case("Cropping3D", {"cropping": ((1, 0), (2, 1), (0, 1))}, 3, fmt),
            case("UpSampling2D", {"size": (2, 3)}, 2, fmt),
            case("UpSampling2D", {"size": 2, "interpolation": "bilinear"}, 2, fmt),
            case("UpSampling2D", {"size": (3, 2), "interpolation": "bilinear"}, 2, fmt),
            case("UpSampling3D", {"size": (2, 1, 3)}, 3, fmt),
        ]
    return cases


def write_training():
    """Five RMSprop steps of a small CNN (every layer family, channels_last): Keras's
    weights and losses afterwards, from stored initial weights and data."""
    rng = np.random.default_rng(7)
    x = rng.uniform(size=(40, 12, 12, 2)).astype("float32")
    y = np.eye(5, dtype="float32")[rng.integers(0, 5, size=40)]
    keras.backend.clear_session()
    keras.utils.set_random_seed(7)
    model = conv_training_model(keras)
    arrays = {"x": x, "y": y}
    arrays.update({f"init_{i}": w for i, w in enumerate(model.get_weights())})
    history = model.fit(x, y, batch_size=8, epochs=1, shuffle=False, verbose=0)
    arrays.update({f"final_{i}": w for i, w in enumerate(model.get_weights())})
    arrays["loss"] = np.asarray(history.history["loss"], "float32")
    arrays["predict"] = keras.ops.convert_to_numpy(model.predict(x[:4], verbose=0))
    np.savez_compressed(os.path.join(HERE, "training.npz"), **arrays)


def write_summaries():
    """``model.summary()`` text as Keras hands it to ``print_fn`` (100 columns)."""
    os.environ["COLUMNS"] = "100"
    for name, build in CONV_SUMMARIES.items():
        keras.backend.clear_session()
        captured = []
        build(keras).summary(print_fn=lambda text, _out=captured, **_: _out.append(text))
        with open(os.path.join(HERE, f"summary_{name}.txt"), "w", encoding="utf-8",
                  newline="") as f:
            f.write("".join(captured))


def main():
    backend = keras.backend.backend()
    arrays = make_arrays()
    cases = conv_cases() + pooling_cases() + reshaping_cases()
    kept = []
    for i, c in enumerate(cases):
        if backend == "tensorflow" and c["config"].get("data_format") == "channels_first":
            # TensorFlow 2.21's CPU kernels add bias[0] to every channel of a
            # channels_first convolution; its channels_last results are the useful ones.
            continue
        keras.backend.clear_session()
        keras.utils.set_random_seed(i)
        layer = getattr(keras.layers, c["layer"])(**c["config"])
        x = arrays[c["input"]]
        call = {k: arrays[v] for k, v in c["call"].items()}
        try:
            out = keras.ops.convert_to_numpy(layer(x, **call))
        except Exception as error:  # TensorFlow's CPU kernels lack some channels_first ops
            print(f"skipped case {i} ({c['layer']} {c['config']}): {type(error).__name__}")
            continue
        kept.append(c)
        c["weights"] = []
        for j, w in enumerate(layer.get_weights()):
            # Non-zero biases, so a bias in the wrong place shows.
            if w.ndim == 1:
                w = np.linspace(-0.5, 0.5, w.shape[0]).astype("float32")
            name = f"w_{i}_{j}"
            arrays[name] = w
            c["weights"].append(name)
        if c["weights"]:
            layer.set_weights([arrays[n] for n in c["weights"]])
            out = keras.ops.convert_to_numpy(layer(x, **call))
        c["output"] = f"out_{i}"
        arrays[c["output"]] = out
        shape = (None,) + tuple(x.shape[1:])
        c["output_shape"] = list(layer.compute_output_shape(shape))
        c["param_count"] = int(layer.count_params())
        c["weight_names"] = [w.path.split("/")[-1] for w in layer.weights]
    cases = kept
    os.makedirs(HERE, exist_ok=True)
    np.savez_compressed(os.path.join(HERE, f"conv_{backend}.npz"), **arrays)
    with open(os.path.join(HERE, f"conv_{backend}.json"), "w") as f:
        json.dump({"keras_version": keras.__version__, "backend": backend, "cases": cases},
                  f, indent=1)
    if backend == "torch":
        write_summaries()
        write_training()
    print(f"{len(cases)} cases, keras {keras.__version__} on {backend}")


if __name__ == "__main__":
    main()
