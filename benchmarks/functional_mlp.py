"""Functional vs Sequential overhead: the seed MLP written both ways, trained alike.

The model is the seed MLP (784-512-10, relu/softmax), RMSprop, batch 128, on real MNIST
(TORCHERAS_DATA_DIR, e.g. /work/shared/data). Both models start from the same weights and
train for the same epochs; epochs alternate (Sequential, Functional, Functional, Sequential,
...) so that load from other processes on a shared machine hits both alike. The first
epoch of each model is dropped (one-time set-up), and the per-epoch medians are compared.

Run by hand:  TORCHERAS_DATA_DIR=/work/shared/data .venv/bin/python benchmarks/functional_mlp.py
              [--epochs 6] [--samples 60000] [--threads 1]
Prints both medians (wall-clock and CPU time) and the ratio functional / sequential
(target: <= 1.03). On a machine shared with other jobs, `--threads 1` keeps torch's
thread pool from spin-waiting on busy cores, which otherwise swamps the comparison.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import torch

import torcheras as keras

BATCH = 128


def load():
    (x, y), _ = keras.datasets.mnist.load_data()
    x = x.reshape(-1, 784).astype("float32") / 255
    return x, keras.utils.to_categorical(y, 10)


def sequential_model():
    return keras.Sequential([
        keras.Input(shape=(784,)),
        keras.layers.Dense(512, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])


def functional_model():
    inputs = keras.Input(shape=(784,))
    h = keras.layers.Dense(512, activation="relu")(inputs)
    outputs = keras.layers.Dense(10, activation="softmax")(h)
    return keras.Model(inputs, outputs)


class EpochTimer(keras.callbacks.Callback):
    """Wall-clock and CPU time of each epoch (CPU time of this process is what other
    processes on a shared machine disturb least)."""

    def __init__(self):
        super().__init__()
        self.times, self.cpu = [], []

    def on_epoch_begin(self, epoch, logs=None):
        self._t, self._c = time.perf_counter(), time.process_time()

    def on_epoch_end(self, epoch, logs=None):
        self.times.append(time.perf_counter() - self._t)
        self.cpu.append(time.process_time() - self._c)


def compiled(make, init):
    keras.utils.set_random_seed(0)
    model = make()
    model.set_weights(init)
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    return model


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=6, help="epochs per model")
    parser.add_argument("--samples", type=int, default=60000,
                        help="training samples (60000 = all of MNIST)")
    parser.add_argument("--threads", type=int, default=None, help="torch threads")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    x, y = load()
    x, y = x[:args.samples], y[:args.samples]
    keras.utils.set_random_seed(0)
    init = sequential_model().get_weights()
    models = {"sequential": compiled(sequential_model, init),
              "functional": compiled(functional_model, init)}
    timers = {name: EpochTimer() for name in models}
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, {args.epochs} epochs "
          f"each on {len(x)} samples, batch {BATCH}, epochs interleaved")
    acc = {}
    for epoch in range(args.epochs + 1):  # epoch 0 is warm-up, not counted
        # One epoch of each model in turn, the order swapped every round, so that load
        # from other processes hits both models alike.
        names = list(models) if epoch % 2 == 0 else list(models)[::-1]
        for name in names:
            hist = models[name].fit(x, y, batch_size=BATCH, epochs=epoch + 1,
                                    initial_epoch=epoch, verbose=0, callbacks=[timers[name]])
            acc[name] = hist.history["accuracy"][-1]
    for kind in ("times", "cpu"):
        seq = getattr(timers["sequential"], kind)[1:]
        func = getattr(timers["functional"], kind)[1:]
        label = "wall" if kind == "times" else "cpu"
        for name, times in (("sequential", seq), ("functional", func)):
            print(f"{label:4s} {name:10s} epochs {' '.join(f'{t:.3f}' for t in times)}  "
                  f"median {statistics.median(times):.3f}s  final acc {acc[name]:.4f}")
        pairs = [f / s for s, f in zip(seq, func)]
        print(f"{label:4s} ratio functional / sequential (medians): "
              f"{statistics.median(func) / statistics.median(seq):.3f}; "
              f"median of per-round ratios {statistics.median(pairs):.3f}")


if __name__ == "__main__":
    sys.exit(main())
