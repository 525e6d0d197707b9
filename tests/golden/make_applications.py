"""Golden table for keras.applications, made from real Keras 3.

Run with the reference environment (never imported by the project or CI):

    KERAS_BACKEND=jax /root/refenv/bin/python tests/golden/make_applications.py [table|fixtures]

``table`` writes ``applications/table.json``: per architecture (built with ``weights=None``
at Keras's default input size, ``include_top=True``) the total and trainable parameter counts,
the number of layers, a sha256 of the newline-joined layer names and the output shape; plus a
few argument variants (``include_top=False`` with pooling, ``alpha``, ``minimalistic``...).

``custom_layers`` writes a tiny ``.keras`` model holding Keras's own application layers.

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
from _applications_cases import ARCHS, FIXTURES, VARIANTS  # noqa: E402

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "applications")
A = keras.applications



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




def quantize(model) -> None:
    """Weights on a coarse power-of-two grid (about one step per two standard deviations): the
    values stay exact float32 numbers and the gzip-repacked file stays small."""
    for w in model.weights:
        v = np.asarray(w.numpy(), dtype="float64")
        if v.size < 64 or not np.any(v):
            continue
        step = 2.0 ** np.round(np.log2(2.0 * v.std() or 1.0))
        w.assign((np.round(v / step) * step).astype("float32"))


def repack(path: str) -> None:
    """Rewrite Keras's ``.weights.h5`` with gzip+shuffle filters (same groups, datasets and
    attributes; h5py reads the filters transparently)."""
    import h5py

    tmp = path + ".tmp"
    with h5py.File(path, "r") as src, h5py.File(tmp, "w", libver="latest") as dst:
        def copy(s, d):
            for k, v in s.attrs.items():
                d.attrs[k] = v
            for name, item in s.items():
                if isinstance(item, h5py.Group):
                    copy(item, d.create_group(name))
                else:
                    # Small arrays stay contiguous: a chunk index costs more than it saves.
                    kw = dict(compression="gzip", compression_opts=9, shuffle=True) \
                        if item.nbytes > 16384 else {}
                    ds = d.create_dataset(name, data=item[()], **kw)
                    for k, v in item.attrs.items():
                        ds.attrs[k] = v
        copy(src, dst)
    os.replace(tmp, path)


def make_fixtures() -> None:
    keras.utils.set_random_seed(0)
    for i, (name, ctor, kwargs) in enumerate(FIXTURES):
        keras.backend.clear_session()
        model = getattr(A, ctor)(**kwargs)
        randomize_statistics(model, i)
        for layer in model.layers:
            if isinstance(layer, keras.layers.Normalization):
                layer.adapt_mean.assign(np.array([0.4, 0.5, 0.6], dtype="float32"))
                layer.adapt_variance.assign(np.array([0.05, 0.06, 0.07], dtype="float32"))
                layer.finalize_state()
        quantize(model)
        x = np.random.default_rng(100 + i).uniform(0, 255, (2, *kwargs["input_shape"]))
        x = x.astype("float32")
        y = np.asarray(model.predict(x, verbose=0))
        weights_path = os.path.join(HERE, name + ".weights.h5")
        model.save_weights(weights_path)
        repack(weights_path)
        np.savez_compressed(os.path.join(HERE, name + ".npz"), x=x, y=y)
        print(name, model.count_params(), os.path.getsize(weights_path), float(np.abs(y).max()),
              flush=True)


def make_custom_layers() -> None:
    """A tiny model with Keras's own application layers (ConvNeXt's LayerScale,
    InceptionResNetV2's CustomScaleLayer), saved as ``.keras`` by Keras, plus its output:
    Keras writes them with ``module="keras.src.applications.<family>"``."""
    from keras.src.applications.convnext import LayerScale
    from keras.src.applications.inception_resnet_v2 import CustomScaleLayer

    inputs = keras.Input((3, 3, 4))
    branch = keras.layers.Conv2D(4, 1, name="branch")(inputs)
    x = CustomScaleLayer(scale=0.17, name="scaled")([inputs, branch])
    outputs = LayerScale(init_values=0.5, projection_dim=4, name="layer_scale")(x)
    model = keras.Model(inputs, outputs)
    model.get_layer("layer_scale").gamma.assign(np.array([0.5, -1.0, 2.0, 0.25], "float32"))
    x = np.random.default_rng(3).normal(size=(2, 3, 3, 4)).astype("float32")
    model.save(os.path.join(HERE, "custom_layers.keras"))
    np.savez(os.path.join(HERE, "custom_layers.npz"), x=x, y=np.asarray(model.predict(x)))


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "table"
    if what == "table":
        make_table(sys.argv[2:] or None)
    elif what == "custom_layers":
        make_custom_layers()
    elif what == "repack":
        for _name, _, _ in FIXTURES:
            repack(os.path.join(HERE, _name + ".weights.h5"))
    else:
        make_fixtures()
