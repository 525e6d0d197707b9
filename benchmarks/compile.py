"""Eager vs ``jit_compile=True`` (torch.compile) for the seed MLP and the seed CNN, side by
side in one run: seconds per epoch after the first, the first epoch's extra (compilation)
cost, and the final training accuracy.

Run by hand:  .venv/bin/python benchmarks/compile.py [--epochs 3] [--samples 60000]

Measured 2026-12-05 on this 2-core machine shared with other work (OMP_NUM_THREADS=1,
torch 2.13, inductor, --epochs 3 --samples 20000), forward+loss compiled and the update
eager: seed MLP eager 1.25 s/epoch vs compiled 1.45 (ratio 1.15, first-epoch compile cost
23.2 s); seed CNN eager 5.55 vs compiled 9.87 (ratio 1.78, compile cost 13.2 s).
With the whole step compiled (update included, no graph break, no recompilation), same
settings: seed MLP eager 1.09 s/epoch vs compiled 0.88 (ratio 0.81, compile cost 14.2 s
cold; accuracy 0.9632 both); a rerun under a different load gave 0.45 vs 0.39 (ratio 0.87,
3.3 s with inductor's on-disk cache warm). Seed CNN eager 2.73 vs compiled 6.99 (ratio
2.56, accuracy 0.9677 vs 0.9675); the CNN is as slow with a static batch size (1.8 vs
0.7 s/epoch on 5120 samples), so it is inductor's CPU convolutions, not the dynamic batch.
Compilation does not pay across models on this CPU, hence ``jit_compile="auto"`` stays
eager.
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


def mlp():
    return keras.Sequential([keras.Input(shape=(784,)),
                             keras.layers.Dense(512, activation="relu"),
                             keras.layers.Dense(10, activation="softmax")])


def cnn():
    return keras.Sequential([keras.Input(shape=(28, 28, 1)),
                             keras.layers.Conv2D(32, 3, activation="relu"),
                             keras.layers.MaxPooling2D(),
                             keras.layers.Conv2D(64, 3, activation="relu"),
                             keras.layers.MaxPooling2D(),
                             keras.layers.Flatten(),
                             keras.layers.Dense(10, activation="softmax")])


def run(build, x, y, epochs, jit):
    keras.utils.set_random_seed(0)
    model = build()
    model.compile("rmsprop", "categorical_crossentropy", metrics=["accuracy"], jit_compile=jit)
    timer = EpochTimer()
    h = model.fit(x, y, batch_size=128, epochs=epochs, verbose=0, callbacks=[timer])
    return timer.times, h.history["accuracy"][-1]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--samples", type=int, default=60000)
    parser.add_argument("--models", default="mlp,cnn")
    args = parser.parse_args()
    (x, y), _ = keras.datasets.mnist.load_data()
    x = x[:args.samples].astype("float32") / 255
    y = keras.utils.to_categorical(y[:args.samples], 10)
    inputs = {"mlp": (mlp, x.reshape(-1, 784)), "cnn": (cnn, x[..., None])}
    for name in args.models.split(","):
        build, xs = inputs[name]
        row = {}
        for jit in (False, True):
            times, acc = run(build, xs, y, args.epochs, jit)
            steady = statistics.median(times[1:]) if len(times) > 1 else times[0]
            row[jit] = (steady, times[0] - steady, acc)
        (e, _, ea), (c, first, ca) = row[False], row[True]
        print(f"{name}: eager {e:.2f} s/epoch (acc {ea:.4f}) | compiled {c:.2f} s/epoch "
              f"(acc {ca:.4f}), first-epoch compile cost {first:.1f} s | ratio {c / e:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
