"""Golden table for keras.applications, made from real Keras 3.

Run with the reference environment (never imported by the project or CI):

    KERAS_BACKEND=jax /root/refenv/bin/python tests/golden/make_applications.py [table|fixtures]

``table`` writes ``applications/table.json``: per architecture (built with ``weights=None``
at Keras's default input size, ``include_top=True``) the total and trainable parameter counts,
the number of layers, a sha256 of the newline-joined layer names and the output shape; plus a
few argument variants (``include_top=False`` with pooling, ``alpha``, ``minimalistic``...).

``fixtures`` writes small interop fixtures: weights of randomly initialised models (moving
statistics randomised too, so batch normalization is exercised) saved by Keras as ``.h5``, with
one input batch and Keras's prediction for it.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys

import numpy as np

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "applications")
A = keras.applications

ARCHS = [
    "VGG16", "VGG19", "ResNet50", "ResNet101", "ResNet152", "ResNet50V2", "ResNet101V2",
    "ResNet152V2", "InceptionV3", "InceptionResNetV2", "Xception", "MobileNet",
    "MobileNetV2", "MobileNetV3Small", "MobileNetV3Large", "DenseNet121", "DenseNet169",
    "DenseNet201", "NASNetMobile", "NASNetLarge", "EfficientNetB0", "EfficientNetB1",
    "EfficientNetB2", "EfficientNetB3", "EfficientNetB4", "EfficientNetB5", "EfficientNetB6",
    "EfficientNetB7", "EfficientNetV2B0", "EfficientNetV2B1", "EfficientNetV2B2",
    "EfficientNetV2B3", "EfficientNetV2S", "EfficientNetV2M", "EfficientNetV2L",
    "ConvNeXtTiny", "ConvNeXtSmall", "ConvNeXtBase", "ConvNeXtLarge", "ConvNeXtXLarge",
]

# (key, constructor, kwargs): argument variants beyond the defaults.
VARIANTS = [
    ("VGG16/notop_avg", "VGG16", dict(include_top=False, pooling="avg", input_shape=(64, 64, 3))),
    ("ResNet50/notop_max", "ResNet50", dict(include_top=False, pooling="max",
                                            input_shape=(64, 64, 3))),
    ("ResNet50V2/notop", "ResNet50V2", dict(include_top=False, input_shape=(64, 64, 3))),
    ("MobileNet/alpha0.5", "MobileNet", dict(alpha=0.5, depth_multiplier=1, classes=10,
                                             input_shape=(128, 128, 3))),
    ("MobileNetV2/alpha0.35", "MobileNetV2", dict(alpha=0.35, include_top=False,
                                                   input_shape=(96, 96, 3))),
    ("MobileNetV3Small/minimalistic", "MobileNetV3Small", dict(
        minimalistic=True, input_shape=(64, 64, 3), classes=10)),
    ("MobileNetV3Large/alpha0.75_noprep", "MobileNetV3Large", dict(
        alpha=0.75, include_preprocessing=False, include_top=False, pooling="avg",
        input_shape=(96, 96, 3))),
    ("EfficientNetB0/notop_avg", "EfficientNetB0", dict(include_top=False, pooling="avg",
                                                        input_shape=(64, 64, 3))),
    ("EfficientNetV2B0/noprep", "EfficientNetV2B0", dict(
        include_preprocessing=False, include_top=False, input_shape=(64, 64, 3))),
    ("DenseNet121/notop", "DenseNet121", dict(include_top=False, input_shape=(64, 64, 3))),
    ("ConvNeXtTiny/noprep_notop", "ConvNeXtTiny", dict(
        include_preprocessing=False, include_top=False, pooling="avg", input_shape=(64, 64, 3))),
    ("Xception/notop", "Xception", dict(include_top=False, input_shape=(71, 71, 3))),
    ("InceptionV3/notop", "InceptionV3", dict(include_top=False, input_shape=(75, 75, 3))),
    ("NASNetMobile/notop", "NASNetMobile", dict(include_top=False, input_shape=(64, 64, 3))),
]


def describe(model) -> dict:
    names = [layer.name for layer in model.layers]
    trainable = sum(int(np.prod(w.shape)) for w in model.trainable_weights)
    return {
        "total_params": int(model.count_params()),
        "trainable_params": trainable,
        "num_layers": len(names),
        "names_sha256": hashlib.sha256("\n".join(names).encode()).hexdigest(),
        "output_shape": list(model.output.shape),
    }


def make_table(only=None) -> None:
    path = os.environ.get("APP_TABLE_PATH") or os.path.join(HERE, "table.json")
    table = {}
    if os.path.exists(path):
        with open(path) as f:
            table = json.load(f)
    names_dir = os.environ.get("APP_NAMES_DIR")
    jobs = [(a, a, dict(weights=None)) for a in ARCHS]
    jobs += [(k, c, dict(weights=None, **kw)) for k, c, kw in VARIANTS]
    for key, ctor, kwargs in jobs:
        if only and not any(o in key for o in only):
            continue
        keras.backend.clear_session()
        model = getattr(A, ctor)(**kwargs)
        table[key] = describe(model)
        if names_dir:
            os.makedirs(names_dir, exist_ok=True)
            with open(os.path.join(names_dir, key.replace("/", "__") + ".json"), "w") as f:
                json.dump([[la.name, la.__class__.__name__, la.count_params()
                            if la.built else 0] for la in model.layers], f)
        print(key, table[key]["total_params"], flush=True)
        with open(path, "w") as f:
            json.dump(table, f, indent=1, sort_keys=True)


def randomize_statistics(model, seed: int) -> None:
    """Moving means/variances away from 0/1, so loading them is checked."""
    rng = np.random.default_rng(seed)
    for layer in model.layers:
        if isinstance(layer, keras.layers.BatchNormalization):
            n = layer.moving_mean.shape
            layer.moving_mean.assign(rng.normal(0.0, 0.1, n).astype("float32"))
            layer.moving_variance.assign(rng.uniform(0.5, 1.5, n).astype("float32"))
            if layer.gamma is not None:
                layer.gamma.assign(rng.uniform(0.8, 1.2, n).astype("float32"))
            if layer.beta is not None:
                layer.beta.assign(rng.normal(0.0, 0.1, n).astype("float32"))


FIXTURES = [
    ("mobilenet_v3_small_minimalistic", "MobileNetV3Small",
     dict(minimalistic=True, input_shape=(32, 32, 3), classes=10, weights=None)),
    ("efficientnet_b0_notop", "EfficientNetB0",
     dict(include_top=False, pooling="avg", input_shape=(32, 32, 3), weights=None)),
    ("resnet50_notop", "ResNet50",
     dict(include_top=False, pooling="avg", input_shape=(32, 32, 3), weights=None)),
]


def make_fixtures() -> None:
    keras.utils.set_random_seed(0)
    for i, (name, ctor, kwargs) in enumerate(FIXTURES):
        keras.backend.clear_session()
        model = getattr(A, ctor)(**kwargs)
        randomize_statistics(model, i)
        # Half-precision-exact values: the .h5 compresses to a fraction of its size and the
        # check stays a float32 check.
        for w in model.weights:
            w.assign(np.asarray(w.numpy(), dtype="float16").astype("float32"))
        x = np.random.default_rng(100 + i).uniform(0, 255, (2, *kwargs["input_shape"]))
        x = x.astype("float32")
        y = np.asarray(model.predict(x, verbose=0))
        weights_path = os.path.join(HERE, name + ".weights.h5")
        model.save_weights(weights_path)
        np.savez_compressed(os.path.join(HERE, name + ".npz"), x=x, y=y)
        print(name, model.count_params(), os.path.getsize(weights_path), flush=True)


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "table"
    if what == "table":
        make_table(sys.argv[2:] or None)
    else:
        make_fixtures()
