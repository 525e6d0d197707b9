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
