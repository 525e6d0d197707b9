"""Write golden outputs of the layers Keras 3 removed, computed by tf-keras 2.21.

Run with the reference environment (not part of CI):

    /root/refenv/bin/python tests/golden/make_legacy_layers.py

Writes tests/golden/legacy_layers/legacy_layers.npz: for each case, the input, the weights
(Keras's layout) and tf-keras's output, plus legacy_layers.json (the cases' configs); and
model.h5, a small tf-keras model using these layers, with its input and output in
legacy_layers.npz (``model/x``, ``model/y``).
"""

import json
import os

import numpy as np
import tf_keras as keras

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "legacy_layers")

CASES = [
    ("lc1d_last", "LocallyConnected1D", {"filters": 3, "kernel_size": 2, "strides": 2},
     (2, 7, 4)),
    ("lc1d_first", "LocallyConnected1D",
     {"filters": 2, "kernel_size": 3, "data_format": "channels_first", "activation": "tanh"},
     (2, 3, 6)),
    ("lc2d_last", "LocallyConnected2D", {"filters": 3, "kernel_size": (2, 3),
                                         "strides": (2, 1)}, (2, 5, 6, 2)),
    ("lc2d_first", "LocallyConnected2D",
     {"filters": 2, "kernel_size": 2, "data_format": "channels_first", "strides": (1, 2)},
     (2, 3, 4, 5)),
    ("lc2d_nobias", "LocallyConnected2D", {"filters": 2, "kernel_size": 2, "use_bias": False},
     (1, 3, 3, 2)),
    ("thresholded_relu", "ThresholdedReLU", {"theta": 0.5}, (3, 4)),
]
# Implementation 2 (one masked dense kernel), drawn after the cases above so that their
# arrays stay the same.
CASES_2 = [
    ("lc1d_impl2_same", "LocallyConnected1D",
     {"filters": 2, "kernel_size": 2, "strides": 2, "padding": "same", "implementation": 2},
     (2, 7, 3)),
    ("lc1d_impl2_first", "LocallyConnected1D",
     {"filters": 2, "kernel_size": 3, "data_format": "channels_first", "implementation": 2},
     (2, 3, 6)),
    ("lc2d_impl2_same", "LocallyConnected2D",
     {"filters": 3, "kernel_size": (2, 3), "padding": "same", "implementation": 2},
     (2, 4, 5, 2)),
    ("lc2d_impl2_first", "LocallyConnected2D",
     {"filters": 2, "kernel_size": 2, "strides": (2, 1), "data_format": "channels_first",
      "implementation": 2}, (2, 3, 5, 4)),
]


def main():
    os.makedirs(HERE, exist_ok=True)
    rng = np.random.default_rng(2024)
    arrays = {}
    meta = []

    def run(cases):
        for key, cls_name, config, shape in cases:
            layer = getattr(keras.layers, cls_name)(**config)
            x = rng.normal(size=shape).astype("float32")
            layer.build(shape)
            weights = [rng.normal(size=w.shape).astype("float32") for w in layer.get_weights()]
            layer.set_weights(weights)
            arrays[f"{key}/x"] = x
            for i, w in enumerate(weights):
                arrays[f"{key}/w{i}"] = w
            arrays[f"{key}/y"] = np.asarray(layer(x))
            meta.append({"key": key, "class": cls_name, "config": config,
                         "weights": len(weights)})

    run(CASES)
    model = keras.Sequential([
        keras.Input((6, 6, 2)), keras.layers.LocallyConnected2D(3, 2, strides=2),
        keras.layers.ThresholdedReLU(0.2), keras.layers.Reshape((9, 3)),
        keras.layers.LocallyConnected1D(2, 3, activation="tanh"), keras.layers.Flatten(),
        keras.layers.Dense(1)])
    model.set_weights([rng.normal(size=w.shape).astype("float32")
                       for w in model.get_weights()])
    x = rng.normal(size=(3, 6, 6, 2)).astype("float32")
    arrays["model/x"] = x
    arrays["model/y"] = model.predict(x, verbose=0)
    model.save(os.path.join(HERE, "model.h5"))
    run(CASES_2)
    np.savez(os.path.join(HERE, "legacy_layers.npz"), **arrays)
    with open(os.path.join(HERE, "legacy_layers.json"), "w") as f:
        json.dump(meta, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
