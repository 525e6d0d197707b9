"""Write golden outputs of Keras 3's deterministic initializers (STFT, Identity, Constant).

Run with the Keras environment (not part of CI):

    KERAS_BACKEND=torch /work/kerasenv/bin/python tests/golden/make_initializers.py

The Keras environment has no SciPy, so named windows are given to Keras as arrays
computed here with NumPy; the test passes the names to torcheras.
"""

import json
import os

import numpy as np

os.environ.setdefault("KERAS_BACKEND", "torch")
import keras  # noqa: E402

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "initializers")


def hann(n, periodic):
    m = n if periodic else n - 1
    return 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(n) / m)


def hamming(n, periodic):
    m = n if periodic else n - 1
    return 0.54 - 0.46 * np.cos(2 * np.pi * np.arange(n) / m)


WINDOWS = {"hann": hann, "hamming": hamming}


def main():
    os.makedirs(HERE, exist_ok=True)
    arrays, cases = {}, []

    def add(spec, value):
        key = f"case_{len(cases)}"
        arrays[key] = keras.ops.convert_to_numpy(value)
        cases.append({"key": key, **spec})

    shape = (16, 1, 9)
    for side in ("real", "imag"):
        for window in (None, "hann", "hamming"):
            for scaling in ("density", "spectrum", None):
                for periodic in (False, True):
                    if window is None and periodic:
                        continue
                    win = None if window is None else WINDOWS[window](shape[0], periodic)
                    init = keras.initializers.STFT(side=side, window=win, scaling=scaling,
                                                   periodic=periodic)
                    add({"class": "STFT", "shape": list(shape),
                         "config": {"side": side, "window": window, "scaling": scaling,
                                    "periodic": periodic}}, init(shape))
    add({"class": "Identity", "shape": [3, 5], "config": {"gain": 2.5}},
        keras.initializers.Identity(gain=2.5)((3, 5)))
    add({"class": "Identity", "shape": [4, 2], "config": {}},
        keras.initializers.Identity()((4, 2)))
    add({"class": "Constant", "shape": [2, 3], "config": {"value": 0.3}},
        keras.initializers.Constant(0.3)((2, 3)))
    np.savez_compressed(os.path.join(HERE, "initializers.npz"), **arrays)
    with open(os.path.join(HERE, "initializers.json"), "w") as f:
        json.dump({"keras_version": keras.__version__, "cases": cases}, f, indent=1)
    print(f"wrote {len(cases)} cases")


if __name__ == "__main__":
    main()
