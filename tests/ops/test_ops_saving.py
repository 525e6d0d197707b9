"""Functional models with keras.ops nodes: saved by real Keras and loaded here, and saved
and reloaded by torcheras."""

import os

import numpy as np

import torcheras as keras
from torcheras import ops

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "golden", "ops_numpy")


def test_keras_saved_model_with_ops_loads_and_matches():
    model = keras.models.load_model(os.path.join(GOLDEN, "keras_ops_model.keras"))
    with np.load(os.path.join(GOLDEN, "keras_ops_model_io.npz")) as io:
        x, y = io["x"], io["y"]
    np.testing.assert_allclose(model(x).detach().numpy(), y, rtol=1e-5, atol=1e-6)
    names = [type(op).__name__ for op in model._operations]
    for cls in ("Square", "Sum", "Take", "Where", "Tile", "Reshape", "Stack", "Mean"):
        assert cls in names, names


def test_torcheras_round_trip_with_ops(tmp_path):
    inp = keras.Input((4,))
    h = ops.sqrt(ops.sum(ops.square(inp), axis=-1, keepdims=True))
    out = keras.layers.Dense(2)(ops.concatenate([h, ops.take(inp, np.array([0]), axis=1)],
                                                axis=-1))
    model = keras.Model(inp, out)
    path = str(tmp_path / "ops.keras")
    model.save(path)
    clone = keras.models.load_model(path)
    x = np.random.RandomState(0).rand(3, 4).astype("float32")
    np.testing.assert_allclose(clone(x).detach().numpy(), model(x).detach().numpy(),
                               rtol=1e-6)


def _ops_model():
    # The model tests/golden/make_ops_model.py builds in real Keras.
    inp = keras.Input((4,))
    h = ops.sum(ops.square(inp), axis=-1, keepdims=True)
    h = ops.take(ops.concatenate([h, ops.sqrt(h)], axis=-1), np.array([1]), axis=1)
    h = ops.where(h > 1.0, ops.log1p(h), ops.clip(h, 0.0, 5.0))
    h = ops.reshape(ops.tile(h, (1, 3)), (-1, 3))
    out = keras.layers.Dense(2)(ops.mean(ops.stack([h, -h], axis=1), axis=1) + h)
    return keras.Model(inp, out)


def _layer_entries(path):
    import json
    import zipfile

    with zipfile.ZipFile(path) as z:
        layers = json.loads(z.read("config.json"))["config"]["layers"]
    entries = []
    for layer in layers:
        if layer["class_name"] in ("InputLayer", "Dense"):
            continue
        config = {k: v for k, v in layer["config"].items() if k != "name"}
        node = layer["inbound_nodes"][0]
        entries.append((layer["class_name"], layer["module"], config, len(node["args"]),
                        sorted(node["kwargs"])))
    return entries


def test_saved_op_nodes_use_keras_layout(tmp_path):
    """Op nodes are written as Keras writes them (module, constructor arguments in the
    config, tensors in the call), so real Keras loads torcheras files: checked against the
    file real Keras saved for the same model."""
    path = str(tmp_path / "ops.keras")
    _ops_model().save(path)
    ours = _layer_entries(path)
    theirs = _layer_entries(os.path.join(GOLDEN, "keras_ops_model.keras"))
    assert ours == theirs
