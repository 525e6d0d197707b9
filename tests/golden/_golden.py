"""What the tests share with the golden generators (the ``make_*.py`` scripts here).

One module, imported by name from both sides: the tests find it through
``pythonpath = ["tests/golden"]`` in pyproject.toml (which every xdist worker reads), the
generators because Python puts a script's own directory on ``sys.path``. It holds

- the loaders: ``load(name)`` gives a golden's JSON and arrays, ``load_json``,
  ``load_arrays`` and ``load_text`` one file each; ``path`` resolves a file;
- the models both sides build (each builder takes the ``keras`` module to build with,
  real Keras in a generator, torcheras in a test);
- the dataset digests the dataset goldens store.

Names are relative to this directory, without the extension: ``"metrics"`` is short for
``"metrics/metrics"``; ``load("norm/train")`` reads ``norm/train.json`` and ``norm/train.npz``.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
from pathlib import Path
from types import ModuleType
from typing import Any, NamedTuple

import numpy as np

GOLDEN_DIR = Path(__file__).resolve().parent


class Golden(NamedTuple):
    """A golden's JSON document and its arrays (by key)."""

    meta: Any
    arrays: dict[str, np.ndarray]


def path(name: str, suffix: str = "") -> Path:
    """The file of golden ``name`` (``"metrics"`` means ``metrics/metrics``) plus ``suffix``."""
    if "/" not in name:
        name = f"{name}/{name}"
    return GOLDEN_DIR / f"{name}{suffix}"


def load_json(name: str) -> Any:
    """The parsed ``<name>.json``."""
    with open(path(name, ".json"), encoding="utf-8") as f:
        return json.load(f)


@functools.cache
def _arrays(name: str) -> dict[str, np.ndarray]:
    with np.load(path(name, ".npz")) as data:
        return {k: data[k] for k in data.files}


def load_arrays(name: str) -> dict[str, np.ndarray]:
    """The arrays of ``<name>.npz`` (read once per process; the dict is a fresh copy)."""
    return dict(_arrays(name))


def load_text(name: str) -> str:
    """The text of ``<name>.txt``, newlines kept as written."""
    with open(path(name, ".txt"), encoding="utf-8", newline="") as f:
        return f.read()


def load(name: str) -> Golden:
    """``<name>.json`` and ``<name>.npz`` together."""
    return Golden(load_json(name), load_arrays(name))


# --------------------------------------------------------------- conv models (make_conv.py)
def seed_cnn(keras: ModuleType):
    """Seed 004's CNN (the issue's acceptance model)."""
    layers = keras.layers
    model = keras.Sequential()
    model.add(layers.Conv2D(filters=32, kernel_size=(3, 3), activation="relu", padding="same",
                            input_shape=(28, 28, 1)))
    model.add(layers.MaxPooling2D(pool_size=(2, 2)))
    model.add(layers.Conv2D(filters=64, kernel_size=(3, 3), activation="relu", padding="same"))
    model.add(layers.MaxPooling2D(pool_size=(2, 2)))
    model.add(layers.Conv2D(filters=64, kernel_size=(3, 3), activation="relu", padding="same"))
    model.add(layers.Flatten())
    model.add(layers.Dense(64, activation="relu"))
    model.add(layers.Dense(10, activation="softmax"))
    return model


def mixed_vision(keras: ModuleType):
    """Every layer family in one functional model, channels_first."""
    layers = keras.layers
    fmt = {"data_format": "channels_first"}
    inputs = keras.Input(shape=(3, 17, 16))
    x = layers.ZeroPadding2D(((1, 0), (2, 1)), **fmt)(inputs)
    x = layers.Conv2D(8, 3, strides=2, padding="same", **fmt)(x)
    x = layers.DepthwiseConv2D(3, depth_multiplier=2, **fmt)(x)
    x = layers.SeparableConv2D(12, 3, padding="same", **fmt)(x)
    x = layers.AveragePooling2D(3, strides=2, padding="same", **fmt)(x)
    x = layers.Conv2DTranspose(6, 3, strides=2, **fmt)(x)
    x = layers.UpSampling2D(2, **fmt)(x)
    x = layers.Cropping2D(((1, 2), (0, 3)), **fmt)(x)
    x = layers.MaxPooling2D(**fmt)(x)
    y = layers.GlobalAveragePooling2D(**fmt)(x)
    z = layers.GlobalMaxPooling2D(keepdims=True, **fmt)(x)
    z = layers.Flatten()(z)
    out = layers.Concatenate()([y, z])
    return keras.Model(inputs, out)


def sequence_model(keras: ModuleType):
    """1D layers, channels_last."""
    layers = keras.layers
    return keras.Sequential([
        keras.Input(shape=(40, 5)),
        layers.Conv1D(16, 5, padding="causal", dilation_rate=2, activation="relu"),
        layers.SeparableConv1D(8, 3, depth_multiplier=2),
        layers.DepthwiseConv1D(3),
        layers.MaxPooling1D(3, strides=2, padding="same"),
        layers.Conv1DTranspose(4, 3, strides=2, padding="same"),
        layers.UpSampling1D(2),
        layers.Cropping1D((2, 3)),
        layers.ZeroPadding1D(1),
        layers.AveragePooling1D(2),
        layers.GlobalMaxPooling1D(),
    ])


def volume_model(keras: ModuleType):
    """3D layers, channels_last."""
    layers = keras.layers
    return keras.Sequential([
        keras.Input(shape=(8, 9, 10, 2)),
        layers.Conv3D(4, 3, padding="same", strides=2),
        layers.Conv3DTranspose(3, 2, strides=2),
        layers.MaxPooling3D(),
        layers.AveragePooling3D(pool_size=(1, 2, 2)),
        layers.ZeroPadding3D(1),
        layers.Cropping3D(((1, 0), (0, 1), (1, 1))),
        layers.UpSampling3D((1, 2, 1)),
        layers.GlobalAveragePooling3D(),
    ])


# The models whose summary() text is in conv/summary_<name>.txt.
CONV_SUMMARIES = {"seed_cnn": seed_cnn, "mixed_vision": mixed_vision,
                  "sequence_model": sequence_model, "volume_model": volume_model}


def conv_training_model(keras: ModuleType):
    """Every conv layer family in one compiled CNN; conv/training.npz holds five of its steps."""
    layers = keras.layers
    model = keras.Sequential([
        keras.Input(shape=(12, 12, 2)),
        layers.Conv2D(8, 3, activation="relu", padding="same"),
        layers.MaxPooling2D(),
        layers.SeparableConv2D(8, 3, padding="same", activation="relu"),
        layers.Conv2DTranspose(4, 3, strides=2, padding="same"),
        layers.DepthwiseConv2D(3, strides=2, padding="same", activation="tanh"),
        layers.AveragePooling2D(2, strides=1, padding="same"),
        layers.ZeroPadding2D(1),
        layers.Cropping2D(((0, 1), (1, 0))),
        layers.UpSampling2D(2),
        layers.Conv2D(6, 3, strides=2, activation="relu"),
        layers.GlobalMaxPooling2D(),
        layers.Dense(5, activation="softmax"),
    ])
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    return model


# ---------------------------------------------------- functional models (make_functional.py)
def functional_small(keras: ModuleType):
    """Two inputs through Concatenate, Add and a normalized Dot; two outputs."""
    layers = keras.layers
    a = keras.Input((6,), name="a")
    b = keras.Input((4,), name="b")
    ha = layers.Dense(5, activation="tanh", name="da")(a)
    hb = layers.Dense(5, activation="relu", name="db")(b)
    cat = layers.Concatenate(name="cat")([ha, hb])
    s = layers.Add(name="sum")([ha, hb])
    d = layers.Dot(axes=1, normalize=True, name="cos")([ha, hb])
    mix = layers.Concatenate(name="mix")([cat, s, d])
    out = layers.Dense(3, name="out")(mix)
    return keras.Model([a, b], [out, d], name="small")


def functional_two_head(keras: ModuleType):
    """Dict inputs ``a``, ``b`` and dict outputs ``reg`` (regression), ``cls`` (3 classes)."""
    layers = keras.layers
    a = keras.Input((4,), name="a")
    b = keras.Input((3,), name="b")
    h = layers.Concatenate(name="join")([a, b])
    h = layers.Dense(8, activation="relu", name="hidden")(h)
    reg = layers.Dense(1, name="reg")(h)
    cls = layers.Dense(3, activation="softmax", name="cls")(h)
    return keras.Model({"a": a, "b": b}, {"reg": reg, "cls": cls}, name="two_head")


def functional_two_outputs(keras: ModuleType, dict_outputs: bool = False,
                           keys: tuple = ("reg", "cls")):
    """Outputs ``reg`` and ``cls`` as a list, or as a dict under ``keys``."""
    layers = keras.layers
    a = keras.Input((4,), name="a")
    b = keras.Input((3,), name="b")
    h = layers.Dense(8, activation="relu")(layers.Concatenate()([a, b]))
    o1 = layers.Dense(1, name="reg")(h)
    o2 = layers.Dense(3, activation="softmax", name="cls")(h)
    outputs = dict(zip(keys, (o1, o2), strict=True)) if dict_outputs else [o1, o2]
    return keras.Model([a, b], outputs)


def functional_masked(keras: ModuleType):
    """Embedding(mask_zero=True) and Masking through merges into pooling and an LSTM."""
    layers = keras.layers
    a = keras.Input((4,), dtype="int32", name="a")
    b = keras.Input((4,), dtype="int32", name="b")
    emb = layers.Embedding(10, 3, mask_zero=True, name="emb")
    ea, eb = emb(a), emb(b)
    pooled = layers.GlobalAveragePooling1D(name="pool")(layers.Concatenate(axis=1)([ea, eb]))
    lstm = layers.LSTM(2, name="lstm")(layers.Add()([ea, eb]))
    x = keras.Input((3, 2), name="x")
    masked = layers.Masking(0.0)(x)
    prod = layers.GlobalAveragePooling1D(name="pool_prod")(layers.Multiply()([masked, masked]))
    return keras.Model([a, b, x], [pooled, lstm, prod], name="masked")


# ------------------------------------------------ BatchNormalization training (make_norm.py)
NORM_TRAIN_SHAPES = {"dense_bn": (5,), "bn_4d": (3, 4, 5), "bn_cf": (5, 3, 4)}


def norm_train_model(keras: ModuleType, name: str):
    """The model ``name`` (a key of NORM_TRAIN_SHAPES) that norm/train.npz trains."""
    layers = keras.layers
    body = {
        "dense_bn": lambda: [layers.Dense(4), layers.BatchNormalization(), layers.Dense(2)],
        "bn_4d": lambda: [layers.BatchNormalization(momentum=0.9), layers.Flatten(),
                          layers.Dense(2)],
        "bn_cf": lambda: [layers.BatchNormalization(axis=1, epsilon=1e-4), layers.Flatten(),
                          layers.Dense(2)],
    }[name]()
    return keras.Sequential([keras.Input(NORM_TRAIN_SHAPES[name])] + body)


# ------------------------------------------------------- dataset digests (make_datasets.py)
def synthetic_california() -> dict:
    """A stand-in with the layout of Keras's california_housing.npz (values made up)."""
    rng = np.random.RandomState(20640)
    return {"x": rng.uniform(0, 10, (20640, 8)).astype("float32"),
            "y": rng.uniform(1.5e4, 5e5, 20640).astype("float32")}


def _object_digest(h, arr: np.ndarray) -> None:
    items = arr.reshape(-1).tolist()
    kinds = sorted({type(i).__name__ for i in items})
    h.update(f"items:{kinds}\n".encode())
    if kinds == ["list"]:
        inner = sorted({type(w).__name__ for w in itertools.chain.from_iterable(items)})
        h.update(f"inner:{inner}\n".encode())
        lengths = np.array([len(i) for i in items], dtype="<i8")
        h.update(lengths.tobytes())
        values = np.fromiter(itertools.chain.from_iterable(items), dtype="<i8",
                             count=int(lengths.sum()))
    else:
        values = np.array(items, dtype="<i8")
    h.update(values.tobytes())


def output_digest(result) -> str:
    """sha256 of ``(x_train, y_train), (x_test, y_test)``: dtypes, shapes, element types,
    values."""
    h = hashlib.sha256()
    for arr in (result[0][0], result[0][1], result[1][0], result[1][1]):
        h.update(f"{type(arr).__name__}|{arr.dtype.str}|{arr.shape}\n".encode())
        if arr.dtype == object:
            _object_digest(h, arr)
        else:
            h.update(np.ascontiguousarray(arr).tobytes())
    return h.hexdigest()


def dataset_cases(dataset: str) -> list[dict]:
    """The cases of ``datasets/keras_outputs.json`` recorded for ``dataset``."""
    return [c for c in load_json("datasets/keras_outputs")["cases"] if c["dataset"] == dataset]


# ---------------------------------------------- EinsumDense / GQA files (make_layers_extra.py)
def einsum_model(keras: ModuleType):
    """``(5, 8)`` -> EinsumDense ``abc,cde->abde`` -> EinsumDense ``abde,def->abf``."""
    layers = keras.layers
    inputs = keras.Input((5, 8))
    x = layers.EinsumDense("abc,cde->abde", output_shape=(None, 3, 4), bias_axes="de",
                           activation="tanh", name="heads")(inputs)
    x = layers.EinsumDense("abde,def->abf", output_shape=(None, 6), bias_axes="f",
                           name="merge")(x)
    return keras.Model(inputs, x)


def gqa_model(keras: ModuleType):
    """``(5, 8)`` -> GroupQueryAttention (4 query heads, 2 key/value heads, gated) -> Dense."""
    layers = keras.layers
    inputs = keras.Input((5, 8))
    x = layers.GroupQueryAttention(head_dim=4, num_query_heads=4, num_key_value_heads=2,
                                   use_gate=True, name="gqa")(inputs, inputs,
                                                              use_causal_mask=True)
    x = layers.Dense(3, name="head")(x)
    return keras.Model(inputs, x)
