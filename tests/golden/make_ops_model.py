"""A Keras 3 functional model built with keras.ops nodes, saved by real Keras, for
tests/ops/test_ops_saving.py (loading it in torcheras must give Keras's outputs).

    KERAS_BACKEND=torch /root/refenv/bin/python tests/golden/make_ops_model.py
"""

import os

import numpy as np

os.environ.setdefault("KERAS_BACKEND", "torch")
import keras  # noqa: E402
from keras import ops  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ops_numpy")


def main():
    keras.utils.set_random_seed(0)
    inp = keras.Input((4,))
    h = ops.sum(ops.square(inp), axis=-1, keepdims=True)
    h = ops.take(ops.concatenate([h, ops.sqrt(h)], axis=-1), np.array([1]), axis=1)
    h = ops.where(h > 1.0, ops.log1p(h), ops.clip(h, 0.0, 5.0))
    h = ops.reshape(ops.tile(h, (1, 3)), (-1, 3))
    out = keras.layers.Dense(2)(ops.mean(ops.stack([h, -h], axis=1), axis=1) + h)
    model = keras.Model(inp, out)
    model.save(os.path.join(OUT, "keras_ops_model.keras"))
    x = (np.arange(12, dtype="float32").reshape(3, 4) - 4.0) / 3.0
    y = ops.convert_to_numpy(model(x))
    np.savez(os.path.join(OUT, "keras_ops_model_io.npz"), x=x, y=y)
    print("saved", y.shape)


if __name__ == "__main__":
    main()
