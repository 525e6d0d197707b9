"""Seed MLP in float32 vs mixed_bfloat16 (and mixed_float16) on this machine: accuracy
and seconds per epoch.

Run by hand:  .venv/bin/python benchmarks/mixed_precision.py [--epochs 2] [--policies ...]
Prints, per policy, the test accuracy after training and the median seconds per epoch.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import torcheras as keras


class EpochTimer(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.times = []

    def on_epoch_begin(self, epoch, logs=None):
        self._t = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.times.append(time.perf_counter() - self._t)


def run(policy: str, epochs: int, data) -> tuple[float, float]:
    (x, y), (xt, yt) = data
    keras.mixed_precision.set_global_policy(policy)
    try:
        keras.utils.set_random_seed(0)
        model = keras.Sequential([
            keras.Input(shape=(784,)),
            keras.layers.Dense(512, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ])
        model.compile(optimizer="rmsprop", loss="categorical_crossentropy",
                      metrics=["accuracy"])
        timer = EpochTimer()
        model.fit(x, y, batch_size=128, epochs=epochs, verbose=0, callbacks=[timer])
        acc = model.evaluate(xt, yt, batch_size=512, verbose=0)[1]
    finally:
        keras.mixed_precision.set_global_policy("float32")
    return acc, statistics.median(timer.times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--policies", default="float32,mixed_bfloat16")
    args = parser.parse_args()
    (x, y), (xt, yt) = keras.datasets.mnist.load_data()
    data = ((x.reshape(-1, 784).astype("float32") / 255, keras.utils.to_categorical(y, 10)),
            (xt.reshape(-1, 784).astype("float32") / 255, keras.utils.to_categorical(yt, 10)))
    for policy in args.policies.split(","):
        acc, sec = run(policy, args.epochs, data)
        print(f"{policy:15s} test accuracy {acc:.4f}  median {sec:.2f} s/epoch")
    return 0


if __name__ == "__main__":
    sys.exit(main())
