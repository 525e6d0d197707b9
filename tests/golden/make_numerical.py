"""Golden outputs of keras.utils.to_categorical / normalize (Keras 3, torch backend).

    KERAS_BACKEND=torch /work/kerasenv/bin/python tests/golden/make_numerical.py

Writes tests/golden/numerical/numerical.npz.
"""

import os

import keras
import numpy as np
import torch

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "numerical")


def main():
    rng = np.random.RandomState(0)
    out = {}
    labels = {
        "vec": rng.randint(0, 7, size=(11,)),
        "col": rng.randint(0, 7, size=(9, 1)),
        "grid": rng.randint(0, 4, size=(3, 5)),
    }
    for name, y in labels.items():
        out[f"cat_{name}_in"] = y
        out[f"cat_{name}_out"] = keras.utils.to_categorical(y)
        out[f"cat_{name}_out10"] = keras.utils.to_categorical(y, num_classes=10)
    x = rng.randn(6, 5)
    x[2] = 0.0
    out["norm_in"] = x
    out["norm_in3"] = rng.randn(2, 3, 4)
    for order in (1, 2, np.inf):
        tag = "inf" if order == np.inf else str(order)
        out[f"norm_last_{tag}"] = keras.utils.normalize(x, axis=-1, order=order)
        out[f"norm_axis1_{tag}"] = keras.utils.normalize(x, axis=1, order=order)
        out[f"norm3_axis1_{tag}"] = keras.utils.normalize(out["norm_in3"], axis=1, order=order)
    for order in (1, 2, 3):
        t = torch.tensor(x, dtype=torch.float32)
        out[f"norm_tensor_{order}"] = keras.utils.normalize(t, order=order).cpu().numpy()
    np.savez(os.path.join(HERE, "numerical.npz"), **out)
    print(sorted(out), keras.__version__)


if __name__ == "__main__":
    main()
