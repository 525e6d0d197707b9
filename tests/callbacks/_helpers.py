"""Small models, data and scripted logs shared by the callback tests."""

import numpy as np

import torcheras as keras
from torcheras import layers


def data(n=64, d=4, classes=3, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, d)).astype("float32")
    y = rng.integers(0, classes, n)
    return x, y


def model(d=4, classes=3, seed=0):
    keras.utils.set_random_seed(seed)
    m = keras.Sequential([keras.Input((d,)), layers.Dense(8, activation="relu"),
                          layers.Dense(classes, activation="softmax")])
    return m


class Script(keras.callbacks.Callback):
    """Overwrites logged values with a scripted sequence and records the weights at each
    epoch end (put it before the callback under test)."""

    def __init__(self, **sequences):
        super().__init__()
        self.sequences = sequences
        self.weights = []

    def on_epoch_end(self, epoch, logs=None):
        for key, values in self.sequences.items():
            logs[key] = values[epoch]
        self.weights.append([np.array(w, copy=True) for w in self.model.get_weights()])
