"""Write golden outputs of Keras 3's normalization layers and image preprocessing layers.

Run with the Keras reference environment (never in CI):

    KERAS_BACKEND=torch /work/kerasenv/bin/python tests/golden/make_norm.py

Writes into tests/golden/norm/:

* norm.npz / norm.json: layer cases. Each builds a layer from its class name and config,
  sets the stored weights, then makes a sequence of calls (input, ``training``, mask) and
  records every output and the weights after the last call (so BatchNormalization's moving
  statistics after several training calls are checked too).
* train.npz / train.json: tiny models holding a BatchNormalization, trained 3 steps with
  SGD; the weights after training (moving statistics included).
* preprocessing.npz / preprocessing.json: image layers (Rescaling, Resizing, CenterCrop)
  and the random layers applied with a recorded transformation (``transform_images``).
"""

import json
import os

import numpy as np
from _golden import NORM_TRAIN_SHAPES, norm_train_model

os.environ.setdefault("KERAS_BACKEND", "torch")
import keras  # noqa: E402

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "norm")


def f32(a):
    return np.asarray(a, dtype="float32")


def make_arrays():
    rng = np.random.default_rng(7)
    a = {
        "x2": rng.normal(0.5, 2.0, size=(8, 6)),
        "x2b": rng.normal(-1.0, 1.0, size=(8, 6)),
        "x2c": rng.normal(2.0, 3.0, size=(8, 6)),
        "x3": rng.normal(1.0, 1.5, size=(3, 4, 6)),
        "x4": rng.normal(0.0, 1.0, size=(2, 3, 4, 6)),
        "x4b": rng.normal(3.0, 2.0, size=(2, 3, 4, 6)),
        "x4c": rng.normal(-2.0, 0.5, size=(2, 3, 4, 6)),
        "x4cf": rng.normal(0.0, 1.0, size=(2, 6, 3, 4)),
        "x5": rng.normal(0.0, 1.0, size=(2, 2, 3, 2, 4)),
        "x3u": np.concatenate([rng.normal(size=(2, 1, 6)), np.zeros((2, 1, 6))], axis=1),
        "mask_3_4": rng.uniform(size=(3, 4)) > 0.35,
        "w6a": rng.normal(1.0, 0.3, size=(6,)),
        "w6b": rng.normal(0.0, 0.3, size=(6,)),
        "w6mean": rng.normal(0.0, 0.5, size=(6,)),
        "w6var": rng.uniform(0.5, 2.0, size=(6,)),
        "w4a": rng.normal(1.0, 0.3, size=(4,)),
        "w4b": rng.normal(0.0, 0.3, size=(4,)),
        "w4mean": rng.normal(0.0, 0.5, size=(4,)),
        "w4var": rng.uniform(0.5, 2.0, size=(4,)),
        "w3a": rng.normal(1.0, 0.3, size=(3,)),
        "w3b": rng.normal(0.0, 0.3, size=(3,)),
        "w46a": rng.normal(1.0, 0.3, size=(4, 6)),
        "w46b": rng.normal(0.0, 0.3, size=(4, 6)),
        "w346a": rng.normal(1.0, 0.3, size=(3, 4, 6)),
        "w346b": rng.normal(0.0, 0.3, size=(3, 4, 6)),
    }
    return {k: (f32(v) if v.dtype.kind == "f" else v) for k, v in a.items()}


def case(layer, config, calls, weights=None):
    """``calls``: list of (input key, training, mask key or None)."""
    return {"layer": layer, "config": config, "weights": weights or [],
            "calls": [{"input": x, "training": t, "mask": m} for x, t, m in calls]}


def bn_cases():
    w6 = ["w6a", "w6b", "w6mean", "w6var"]
    three = [("x2", True, None), ("x2b", True, None), ("x2c", True, None), ("x2", False, None)]
    three4 = [("x4", True, None), ("x4b", True, None), ("x4c", True, None), ("x4", False, None)]
    return [
        case("BatchNormalization", {}, [("x2", False, None)], w6),
        case("BatchNormalization", {}, [("x3", False, None)], w6),
        case("BatchNormalization", {}, [("x4", False, None)], w6),
        case("BatchNormalization", {"axis": 1}, [("x4cf", False, None)], w6),
        case("BatchNormalization", {"axis": 2}, [("x4", False, None)], ["w4a", "w4b", "w4mean",
                                                                        "w4var"]),
        case("BatchNormalization", {"center": False}, [("x2", False, None)],
             ["w6a", "w6mean", "w6var"]),
        case("BatchNormalization", {"scale": False, "epsilon": 0.1}, [("x2", False, None)],
             ["w6b", "w6mean", "w6var"]),
        case("BatchNormalization", {}, three, w6),
        case("BatchNormalization", {"momentum": 0.5, "epsilon": 1e-5}, three, w6),
        case("BatchNormalization", {}, three4, w6),
        case("BatchNormalization", {"momentum": 0.9}, three4, w6),
        case("BatchNormalization", {"axis": 1, "momentum": 0.8},
             [("x4cf", True, None), ("x4cf", True, None), ("x4cf", False, None)], w6),
        case("BatchNormalization", {"axis": 2, "momentum": 0.7},
             [("x4", True, None), ("x4b", True, None), ("x4", False, None)],
             ["w4a", "w4b", "w4mean", "w4var"]),
        case("BatchNormalization", {"axis": -1, "momentum": 0.6},
             [("x5", True, None), ("x5", False, None)],
             ["w4a", "w4b", "w4mean", "w4var"]),
        case("BatchNormalization", {"center": False, "scale": False, "momentum": 0.5},
             [("x3", True, None), ("x3", False, None)], ["w6mean", "w6var"]),
        case("BatchNormalization", {"momentum": 0.5},
             [("x3", True, "mask_3_4"), ("x3", True, "mask_3_4"), ("x3", False, None)], w6),
        case("BatchNormalization", {"renorm": True, "momentum": 0.5, "renorm_momentum": 0.8},
             [("x2", True, None), ("x2b", True, None), ("x2c", True, None),
              ("x2", False, None)], None),
        case("BatchNormalization", {"renorm": True, "momentum": 0.9,
                                    "renorm_clipping": {"rmax": 1.5, "rmin": 0.8, "dmax": 0.3}},
             [("x2", True, None), ("x2c", True, None), ("x2", False, None)], None),
    ]


def other_norm_cases():
    return [
        case("LayerNormalization", {}, [("x2", None, None)], ["w6a", "w6b"]),
        case("LayerNormalization", {}, [("x4", None, None)], ["w6a", "w6b"]),
        case("LayerNormalization", {"epsilon": 1e-5}, [("x3", None, None)], ["w6a", "w6b"]),
        case("LayerNormalization", {"axis": [1, 2]}, [("x3", None, None)], ["w46a", "w46b"]),
        case("LayerNormalization", {"axis": [-3, -2, -1]}, [("x4", None, None)],
             ["w346a", "w346b"]),
        case("LayerNormalization", {"center": False}, [("x3", None, None)], ["w6a"]),
        case("LayerNormalization", {"scale": False, "center": False}, [("x3", None, None)]),
        case("LayerNormalization", {"rms_scaling": True}, [("x3", None, None)], ["w6a"]),
        case("RMSNormalization", {}, [("x3", None, None)], ["w6a"]),
        case("RMSNormalization", {"axis": [1, 2], "epsilon": 1e-3}, [("x3", None, None)],
             ["w46a"]),
        case("GroupNormalization", {"groups": 2}, [("x4", None, None)], ["w6a", "w6b"]),
        case("GroupNormalization", {"groups": 3}, [("x3", None, None)], ["w6a", "w6b"]),
        case("GroupNormalization", {"groups": 1, "epsilon": 1e-5}, [("x4", None, None)],
             ["w6a", "w6b"]),
        case("GroupNormalization", {"groups": -1}, [("x4", None, None)], ["w6a", "w6b"]),
        case("GroupNormalization", {"groups": 3, "axis": 1}, [("x4cf", None, None)],
             ["w6a", "w6b"]),
        case("GroupNormalization", {"groups": 2, "axis": 2}, [("x4", None, None)],
             ["w4a", "w4b"]),
        case("GroupNormalization", {"groups": 2, "center": False, "scale": False},
             [("x5", None, None)]),
        case("GroupNormalization", {"groups": 2}, [("x2", None, None)], ["w6a", "w6b"]),
        case("UnitNormalization", {}, [("x3u", None, None)]),
        case("UnitNormalization", {"axis": [1, 2]}, [("x3", None, None)]),
        case("UnitNormalization", {"axis": 1}, [("x4", None, None)]),
    ]


def run_case(arrays, c, dtype):
    """Outputs of every call and the final weights, with the layer computing in ``dtype``."""
    keras.backend.clear_session()
    # Keras 3.15's result_type("float64", "float32") is float32, so these layers always
    # compute in float32; for the exact values the same code is let to keep float64.
    from keras.src import backend as keras_backend

    promote = keras_backend.result_type
    keras.config.set_floatx(dtype)
    if dtype == "float64":
        keras_backend.result_type = lambda *dtypes: "float64"
    try:
        return _run_case(arrays, c, dtype)
    finally:
        keras.config.set_floatx("float32")
        keras_backend.result_type = promote


def _run_case(arrays, c, dtype):
    layer = getattr(keras.layers, c["layer"])(**c["config"], dtype=dtype)
    layer.build(arrays[c["calls"][0]["input"]].shape)
    if c["weights"]:
        layer.set_weights([arrays[w].astype(dtype) for w in c["weights"]])
    outputs = []
    for call in c["calls"]:
        kwargs = {}
        if call["training"] is not None:
            kwargs["training"] = call["training"]
        if call["mask"] is not None:
            kwargs["mask"] = keras.ops.convert_to_tensor(arrays[call["mask"]])
        x = arrays[call["input"]].astype(dtype)
        outputs.append(keras.ops.convert_to_numpy(layer(x, **kwargs)))
    weights = [keras.ops.convert_to_numpy(w) for w in layer.weights]
    return outputs, weights, [w.name for w in layer.weights]


def run_layer_cases(arrays, cases):
    """Keras computes each case in float32 (the golden numbers) and in float64 (the exact
    values, to tell Keras's own float32 rounding, e.g. its E[x^2] - E[x]^2 variance, apart
    from a real difference)."""
    for i, c in enumerate(cases):
        outs, weights, names = run_case(arrays, c, "float32")
        outs64, weights64, _ = run_case(arrays, c, "float64")
        c["outputs"], c["outputs_f64"] = [], []
        for j, (o, o64) in enumerate(zip(outs, outs64)):
            arrays[f"out_{i}_{j}"], arrays[f"out64_{i}_{j}"] = o, f32(o64)
            c["outputs"].append(f"out_{i}_{j}")
            c["outputs_f64"].append(f"out64_{i}_{j}")
        c["final_weights"], c["final_weights_f64"] = [], []
        for j, (w, w64) in enumerate(zip(weights, weights64)):
            arrays[f"final_{i}_{j}"], arrays[f"final64_{i}_{j}"] = w, f32(w64)
            c["final_weights"].append(f"final_{i}_{j}")
            c["final_weights_f64"].append(f"final64_{i}_{j}")
        c["weight_names"] = names


def train_cases(arrays):
    rng = np.random.default_rng(11)
    cases = []
    for name, shape in NORM_TRAIN_SHAPES.items():
        shape = list(shape)
        keras.backend.clear_session()
        model = norm_train_model(keras, name)
        init = []
        for j, w in enumerate(model.weights):
            value = f32(rng.normal(0.0, 0.2, size=tuple(w.shape)))
            if "variance" in w.name:
                value = np.abs(value) + 0.5
            key = f"{name}_init_{j}"
            arrays[key] = value
            init.append(key)
        model.set_weights([arrays[k] for k in init])
        x = f32(rng.normal(1.0, 2.0, size=[12] + shape))
        y = f32(rng.normal(size=(12, 2)))
        arrays[f"{name}_x"], arrays[f"{name}_y"] = x, y
        model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
        model.fit(x, y, batch_size=4, epochs=1, shuffle=False, verbose=0)
        final = []
        for j, w in enumerate(model.get_weights()):
            key = f"{name}_final_{j}"
            arrays[key] = w
            final.append(key)
        pred = f"{name}_pred"
        arrays[pred] = model.predict(x, verbose=0)
        cases.append({"model": name, "shape": shape, "init": init, "final": final,
                      "x": f"{name}_x", "y": f"{name}_y", "pred": pred,
                      "names": [w.name for w in model.weights]})
    return cases


def image_arrays():
    rng = np.random.default_rng(5)
    img = f32(rng.uniform(0, 255, size=(2, 7, 9, 3)))
    return {
        "img": img,
        "img_cf": np.ascontiguousarray(np.transpose(img, (0, 3, 1, 2))),
        "img_u8": rng.integers(0, 256, size=(2, 7, 9, 3)).astype("uint8"),
        "img1": img[0],
        "unit": f32(rng.uniform(0, 1, size=(2, 7, 9, 3))),
    }


# (layer, config, input key, transformation keys recorded from Keras, training)
def image_specs():
    specs = [
        ("Rescaling", {"scale": 1 / 255}, "img", None),
        ("Rescaling", {"scale": 1 / 255}, "img_u8", None),
        ("Rescaling", {"scale": 1 / 127.5, "offset": -1}, "img", None),
        ("Rescaling", {"scale": [0.5, 1.0, 2.0], "offset": [1.0, 0.0, -1.0]}, "img", None),
        ("Resizing", {"height": 4, "width": 6, "antialias": True}, "img", None),
        ("Resizing", {"height": 4, "width": 5, "pad_to_aspect_ratio": True,
                      "fill_value": 0.5}, "img", None),
        ("Resizing", {"height": 4, "width": 3, "pad_to_aspect_ratio": True}, "img", None),
        ("Resizing", {"height": 5, "width": 5, "crop_to_aspect_ratio": True}, "img", None),
        ("Resizing", {"height": 4, "width": 5}, "img_u8", None),
        ("Resizing", {"height": 10, "width": 12, "interpolation": "bicubic"}, "img_u8", None),
        ("Resizing", {"height": 4, "width": 5}, "img1", None),
        ("CenterCrop", {"height": 4, "width": 5}, "img", None),
        ("CenterCrop", {"height": 4, "width": 5, "data_format": "channels_first"}, "img_cf",
         None),
        ("CenterCrop", {"height": 10, "width": 6}, "img", None),
        ("CenterCrop", {"height": 3, "width": 3}, "img1", None),
        ("RandomContrast", {"factor": (0.3, 0.5), "seed": 1}, "img", ["contrast_factor"]),
        ("RandomContrast", {"factor": 0.5, "value_range": (0, 1), "seed": 2}, "unit",
         ["contrast_factor"]),
        ("RandomContrast", {"factor": 0.4, "seed": 3, "data_format": "channels_first"},
         "img_cf", ["contrast_factor"]),
    ]
    for size in [(4, 5), (12, 14)]:
        for interp in ("bilinear", "nearest", "bicubic"):
            specs.append(("Resizing", {"height": size[0], "width": size[1],
                                       "interpolation": interp}, "img", None))
    specs.append(("Resizing", {"height": 4, "width": 5, "data_format": "channels_first"},
                  "img_cf", None))
    for mode in ("horizontal", "vertical", "horizontal_and_vertical"):
        specs.append(("RandomFlip", {"mode": mode, "seed": 4}, "img", ["flips"]))
    specs.append(("RandomFlip", {"seed": 5, "data_format": "channels_first"}, "img_cf",
                  ["flips"]))
    for i, fill in enumerate(("reflect", "wrap", "constant", "nearest")):
        for interp in ("bilinear", "nearest"):
            extra = {"fill_value": 7.0} if fill == "constant" else {}
            specs.append(("RandomRotation", {"factor": 0.2, "fill_mode": fill,
                                             "interpolation": interp, "seed": 10 + i, **extra},
                          "img", ["angle", "rotation_matrix"]))
            specs.append(("RandomZoom", {"height_factor": 0.3, "width_factor": (-0.3, 0.4),
                                         "fill_mode": fill, "interpolation": interp,
                                         "seed": 20 + i, **extra},
                          "img", ["height_zoom", "width_zoom"]))
            specs.append(("RandomTranslation", {"height_factor": 0.3, "width_factor": 0.4,
                                                "fill_mode": fill, "interpolation": interp,
                                                "seed": 30 + i, **extra},
                          "img", ["translations"]))
    specs += [
        ("RandomRotation", {"factor": (-0.3, 0.1), "seed": 7,
                            "data_format": "channels_first"}, "img_cf",
         ["angle", "rotation_matrix"]),
        ("RandomZoom", {"height_factor": (-0.5, -0.2), "seed": 8,
                        "data_format": "channels_first"}, "img_cf",
         ["height_zoom", "width_zoom"]),
        ("RandomTranslation", {"height_factor": (-0.2, 0.0), "width_factor": 0.5, "seed": 9,
                               "fill_mode": "constant", "data_format": "channels_first"},
         "img_cf", ["translations"]),
        ("RandomRotation", {"factor": 0.25, "seed": 6}, "img1", ["angle", "rotation_matrix"]),
    ]
    return specs


def _plain(value):
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (np.floating, np.integer)):
        return value.item()
    return value


def image_cases(arrays):
    arrays.update(image_arrays())
    cases = []
    for i, (name, config, key, recorded) in enumerate(image_specs()):
        keras.backend.clear_session()
        layer = getattr(keras.layers, name)(**config)
        x = keras.ops.convert_to_tensor(arrays[key])
        c = {"layer": name, "config": config, "input": key, "transformation": {}}
        if recorded is None:
            out = layer(x)
        else:
            batched = x if x.ndim == 4 else x[None]
            t = layer.get_random_transformation(batched, training=True)
            for k in recorded:
                arrays[f"t_{i}_{k}"] = keras.ops.convert_to_numpy(t[k])
                c["transformation"][k] = f"t_{i}_{k}"
            out = layer.transform_images(batched, t, training=True)
            if x.ndim == 3:
                out = out[0]
            arrays[f"infer_{i}"] = keras.ops.convert_to_numpy(layer(x, training=False))
            c["inference"] = f"infer_{i}"
        arrays[f"img_out_{i}"] = keras.ops.convert_to_numpy(out)
        c["output"] = f"img_out_{i}"
        keras_config = layer.get_config()
        c["keras_config"] = {k: _plain(v) for k, v in keras_config.items()
                             if k not in ("name", "dtype", "trainable")}
        cases.append(c)
    return cases


def save(name, arrays, cases):
    np.savez_compressed(os.path.join(HERE, f"{name}.npz"), **arrays)
    with open(os.path.join(HERE, f"{name}.json"), "w") as f:
        json.dump({"keras_version": keras.__version__, "cases": cases}, f, indent=1)
    print(f"{name}: {len(cases)} cases, keras {keras.__version__}")


def main():
    os.makedirs(HERE, exist_ok=True)
    arrays = make_arrays()
    cases = bn_cases() + other_norm_cases()
    run_layer_cases(arrays, cases)
    save("norm", arrays, cases)
    train_arrays = {}
    save("train", train_arrays, train_cases(train_arrays))
    image_arrays = {}
    save("preprocessing", image_arrays, image_cases(image_arrays))


if __name__ == "__main__":
    main()
