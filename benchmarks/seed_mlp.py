"""Seed MLP benchmark: torcheras `fit` vs a hand-written PyTorch loop vs real Keras 3.

The model is the seed MLP (784-512-10, relu/softmax), RMSprop, batch 128, 5 epochs on real
MNIST. The hand-written loop uses the same initial weights, the same optimizer math (Keras's
RMSprop: v = rho*v + (1-rho)*g^2; w -= lr*g/sqrt(v+eps), written with torch._foreach ops),
shuffles with a permutation per epoch, and accumulates loss and accuracy on the device as a
careful PyTorch programmer would. Keras 3 runs in a separate virtual environment (set
KERAS_PYTHON, default /work/kerasenv/bin/python) on each backend that is installed there.

Run by hand:  .venv/bin/python benchmarks/seed_mlp.py [--epochs 5] [--repeats 2]
Prints the per-epoch medians and the ratios.

Measured 2026-12-02 on 2 shared cores (torch 2.13): torcheras 4.10 s vs hand-written 4.12 s
per epoch (ratio 0.995, 3 repeats; 0.939 with 2); torcheras / Keras 3.15: torch backend 0.43,
jax 0.64, TensorFlow 0.53.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

import torcheras as keras

BATCH = 128


def load():
    (x, y), (xt, yt) = keras.datasets.mnist.load_data()
    x = x.reshape(-1, 784).astype("float32") / 255
    return x, keras.utils.to_categorical(y, 10)


def make_model():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.Input(shape=(784,)),
        keras.layers.Dense(512, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    return model


class EpochTimer(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.times = []

    def on_epoch_begin(self, epoch, logs=None):
        self._t = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.times.append(time.perf_counter() - self._t)


def run_torcheras(x, y, epochs):
    model = make_model()
    timer = EpochTimer()
    h = model.fit(x, y, batch_size=BATCH, epochs=epochs, verbose=0, callbacks=[timer])
    return timer.times, h.history["accuracy"][-1]


def run_torch(x, y, epochs, init_weights):
    k1, b1, k2, b2 = (torch.tensor(w) for w in init_weights)
    params = [torch.nn.Parameter(p.clone()) for p in (k1.T.contiguous(), b1, k2.T.contiguous(), b2)]
    w1, c1, w2, c2 = params
    vel = [torch.zeros_like(p) for p in params]
    lr, rho, eps = 1e-3, 0.9, 1e-7
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    n = xt.shape[0]
    torch.set_flush_denormal(True)  # as torcheras (and TensorFlow) do while training
    times = []
    for _ in range(epochs):
        t0 = time.perf_counter()
        perm = torch.randperm(n)
        loss_sum = torch.zeros(())
        correct = torch.zeros((), dtype=torch.long)
        for i in range(0, n, BATCH):
            idx = perm[i:i + BATCH]
            xb, yb = xt.index_select(0, idx), yt.index_select(0, idx)
            logits = F.linear(F.relu(F.linear(xb, w1, c1)), w2, c2)
            loss = F.cross_entropy(logits, yb)
            loss.backward()
            with torch.no_grad():
                grads = [p.grad for p in params]
                torch._foreach_mul_(vel, rho)
                torch._foreach_addcmul_(vel, grads, grads, value=1 - rho)
                denom = torch._foreach_add(vel, eps)
                torch._foreach_sqrt_(denom)
                torch._foreach_addcdiv_(params, grads, denom, value=-lr)
                for p in params:
                    p.grad = None
                loss_sum += loss.detach() * xb.shape[0]
                correct += (logits.argmax(1) == yb.argmax(1)).sum()
        acc = float(correct) / n
        times.append(time.perf_counter() - t0)
    torch.set_flush_denormal(False)
    return times, acc


KERAS_SCRIPT = r"""
import json, os, sys, time
import numpy as np
import keras
d = np.load(sys.argv[1]); x, y = d["x"], d["y"]; epochs = int(sys.argv[2])
keras.utils.set_random_seed(0)
m = keras.Sequential([keras.Input((784,)), keras.layers.Dense(512, activation="relu"),
                      keras.layers.Dense(10, activation="softmax")])
m.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
class T(keras.callbacks.Callback):
    def on_train_begin(self, logs=None): self.t = []
    def on_epoch_begin(self, e, logs=None): self.s = time.perf_counter()
    def on_epoch_end(self, e, logs=None): self.t.append(time.perf_counter() - self.s)
t = T(); h = m.fit(x, y, batch_size=128, epochs=epochs, verbose=0, callbacks=[t])
print(json.dumps({"times": t.t, "acc": h.history["accuracy"][-1]}))
"""


def run_keras(x, y, epochs, backend):
    py = os.environ.get("KERAS_PYTHON", "/work/kerasenv/bin/python")
    if not os.path.exists(py):
        return None
    path = "/tmp/_seed_mlp_data.npz"
    np.savez(path, x=x, y=y)
    env = dict(os.environ, KERAS_BACKEND=backend)
    proc = subprocess.run([py, "-c", KERAS_SCRIPT, path, str(epochs)], env=env,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--backends", default="torch,tensorflow,jax")
    args = parser.parse_args()
    x, y = load()
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, "
          f"{args.epochs} epochs x {args.repeats} repeats, batch {BATCH}")
    init = make_model().get_weights()
    ours, hand = [], []
    for _ in range(args.repeats):  # interleaved, so drift hits both alike
        t, acc_tk = run_torcheras(x, y, args.epochs)
        ours += t[1:]  # the first epoch includes one-time set-up
        t, acc_pt = run_torch(x, y, args.epochs, init)
        hand += t[1:]
    med_ours, med_hand = statistics.median(ours), statistics.median(hand)
    print(f"torcheras        per-epoch median {med_ours:.3f}s  (train acc {acc_tk:.4f})")
    print(f"hand-written     per-epoch median {med_hand:.3f}s  (train acc {acc_pt:.4f})")
    print(f"ratio torcheras / hand-written PyTorch: {med_ours / med_hand:.3f}")
    for backend in args.backends.split(","):
        res = run_keras(x, y, args.epochs, backend)
        if res is None:
            print(f"keras 3 ({backend}): not available")
            continue
        med_k = statistics.median(res["times"][1:])
        print(f"keras 3 ({backend:10s}) per-epoch median {med_k:.3f}s  (train acc "
              f"{res['acc']:.4f}); torcheras / keras = {med_ours / med_k:.3f}")


if __name__ == "__main__":
    sys.exit(main())
