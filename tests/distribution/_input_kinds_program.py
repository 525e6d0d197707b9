"""Launched by test_torchrun.py: the seed MLP trained from a torch DataLoader, a
PyDataset and a generator (each in its own model), unshuffled, global batch 128.

Usage: python _input_kinds_program.py OUT_DIR
Writes OUT_DIR/<kind>_<rank>.npz (final weights, evaluate, predictions) per input kind.
Under torchrun with N processes the PyDataset and the generator yield per-process batches
of 128 // N samples (each global batch is N of them), the DataLoader global batches of 128.
"""

from __future__ import annotations

import os
import sys

import numpy as np
import torch

import torcheras as keras

SAMPLES, BATCH = 768, 128


def data():
    rng = np.random.default_rng(1)
    y = rng.integers(0, 10, SAMPLES)
    centers = rng.random((10, 784), dtype=np.float32)
    x = centers[y] + 0.3 * rng.random((SAMPLES, 784), dtype=np.float32)
    return x, keras.utils.to_categorical(y, 10).astype("float32")


class Batches(keras.utils.PyDataset):
    def __init__(self, x, y, batch_size):
        super().__init__()
        self.x, self.y, self.batch_size = x, y, batch_size

    def __len__(self):
        return -(-len(self.x) // self.batch_size)

    def __getitem__(self, i):
        s = slice(i * self.batch_size, (i + 1) * self.batch_size)
        return self.x[s], self.y[s]


def cycle(x, y, batch_size):
    while True:
        for i in range(0, len(x), batch_size):
            yield x[i:i + batch_size], y[i:i + batch_size]


def once(x, batch_size):
    for i in range(0, len(x), batch_size):
        yield (x[i:i + batch_size],)


def model():
    keras.utils.set_random_seed(0)
    m = keras.Sequential([keras.Input(shape=(784,)),
                          keras.layers.Dense(64, activation="relu"),
                          keras.layers.Dense(10, activation="softmax")])
    m.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    return m


def main() -> None:
    out = sys.argv[1]
    rank = os.environ.get("RANK", "0")
    world = int(os.environ.get("WORLD_SIZE", "1"))
    per_process = BATCH // world
    x, y = data()
    xp = x[:300]
    runs = {}
    m = model()
    ds = torch.utils.data.TensorDataset(torch.from_numpy(x), torch.from_numpy(y))
    m.fit(torch.utils.data.DataLoader(ds, batch_size=BATCH), epochs=2, verbose=0)
    runs["loader"] = (m, m.evaluate(torch.utils.data.DataLoader(ds, batch_size=BATCH),
                                    verbose=0),
                      m.predict(torch.utils.data.DataLoader(
                          torch.utils.data.TensorDataset(torch.from_numpy(xp)),
                          batch_size=BATCH), verbose=0))
    m = model()
    m.fit(Batches(x, y, per_process), epochs=2, shuffle=False, verbose=0)
    runs["pydataset"] = (m, m.evaluate(Batches(x, y, per_process), verbose=0),
                         m.predict(Batches(xp, xp, per_process), verbose=0))
    m = model()
    m.fit(cycle(x, y, per_process), steps_per_epoch=SAMPLES // BATCH, epochs=2, verbose=0)
    runs["generator"] = (m, m.evaluate(cycle(x, y, per_process), steps=SAMPLES // BATCH,
                                       verbose=0),
                         m.predict(once(xp, per_process), verbose=0))
    m = model()
    m.fit(x, y, batch_size=BATCH, epochs=2, shuffle=False, verbose=0)
    runs["arrays"] = (m, m.evaluate(x, y, batch_size=BATCH, verbose=0),
                      m.predict(xp, batch_size=BATCH, verbose=0))
    for kind, (m, ev, pred) in runs.items():
        np.savez(os.path.join(out, f"{kind}_{rank}.npz"), *m.get_weights(),
                 evaluate=np.asarray(ev), predictions=pred)


if __name__ == "__main__":
    main()
