"""Seed CNN benchmark: torcheras `fit` vs hand-written PyTorch vs Keras 3 and tf-keras.

The model is seed 004's MNIST CNN (Conv2D 32 3x3 relu same, MaxPool 2, Conv2D 64 3x3 relu
same, MaxPool 2, Conv2D 64 3x3 relu same, Flatten, Dense 64 relu, Dense 10 softmax),
RMSprop, batch 200, on real MNIST. Contenders, all timed per epoch in one run:

* torcheras ``model.fit``;
* two hand-written PyTorch loops with the same initial weights and the same optimizer math
  (Keras's RMSprop: v = rho*v + (1-rho)*g^2; w -= lr*g/sqrt(v+eps), torch._foreach ops),
  shuffling with a permutation per epoch and accumulating loss/accuracy on the device as a
  careful PyTorch programmer would: "NCHW" keeps everything in torch's usual layout (the
  data converted once, kernels stored (out, in, kh, kw)); "channels_last" feeds NHWC
  batches to torch as permuted views (torch's channels_last memory format). Both run in
  torcheras's process after its fit returned, so without the malloc tuning torcheras
  applies only while fit runs (keras.config.enable_performance_tuning, see
  torcheras/backend/_tuning.py); "NCHW, own process" runs the NCHW loop in a fresh
  process, as a plain PyTorch program would;
* Keras 3 on torch (KERAS_PYTHON, default /work/kerasenv/bin/python), and Keras 3 on
  TensorFlow and tf-keras 2 (TF_PYTHON, default /work/tfenv/bin/python), when installed.

Measured on 2 cores (torch 2.13 CPU, load average about 1.5 from other jobs), seconds
per epoch: torcheras 15.8-16.2, hand-written channels_last 16.2-17.8, hand-written NCHW
19.7-20.3 (28.1 in a process without the malloc tuning), Keras 3 on torch 34-40,
Keras 3 on TensorFlow 15.4-20.1, tf-keras 14.7-15.4; torcheras / tf-keras 1.05 (median of
three interleaved rounds). Under heavy load, OMP_WAIT_POLICY=PASSIVE (set before torch
is imported) keeps torch's OpenMP threads from spinning: up to 3x faster there.

Run by hand:  .venv/bin/python benchmarks/seed_cnn.py [--epochs 2] [--samples 60000]
The first epoch of every contender includes one-time set-up; the table reports the
median of the later epochs (one epoch with --epochs 2) and the ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import torcheras as keras  # first: it may set thread settings torch reads at import

import numpy as np
import torch
import torch.nn.functional as F

BATCH = 200


def load(samples: int):
    (x, y), _ = keras.datasets.mnist.load_data()
    x = x[:samples].reshape(-1, 28, 28, 1).astype("float32") / 255
    return x, keras.utils.to_categorical(y[:samples], 10)


def make_model():
    keras.utils.set_random_seed(0)
    layers = keras.layers
    model = keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(32, (3, 3), activation="relu", padding="same"),
        layers.MaxPooling2D((2, 2)),
        layers.Conv2D(64, (3, 3), activation="relu", padding="same"),
        layers.MaxPooling2D((2, 2)),
        layers.Conv2D(64, (3, 3), activation="relu", padding="same"),
        layers.Flatten(),
        layers.Dense(64, activation="relu"),
        layers.Dense(10, activation="softmax"),
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


def _rmsprop_step(params, vel, lr=1e-3, rho=0.9, eps=1e-7):
    grads = [p.grad for p in params]
    torch._foreach_mul_(vel, rho)
    torch._foreach_addcmul_(vel, grads, grads, value=1 - rho)
    denom = torch._foreach_add(vel, eps)
    torch._foreach_sqrt_(denom)
    torch._foreach_addcdiv_(params, grads, denom, value=-lr)
    for p in params:
        p.grad = None


def _forward_nchw(params, xb):
    w1, b1, w2, b2, w3, b3, d1, c1, d2, c2 = params
    h = F.max_pool2d(F.relu(F.conv2d(xb, w1, b1, padding=1)), 2)
    h = F.max_pool2d(F.relu(F.conv2d(h, w2, b2, padding=1)), 2)
    h = F.relu(F.conv2d(h, w3, b3, padding=1)).flatten(1)
    return F.linear(F.relu(F.linear(h, d1, c1)), d2, c2)


def _forward_channels_last(params, xb):
    k1, b1, k2, b2, k3, b3, d1, c1, d2, c2 = params

    def conv(h, k, b):  # NHWC tensor viewed as channels_last NCHW; kernel (kh, kw, in, out)
        return F.relu(F.conv2d(h, k.permute(3, 2, 0, 1), b, padding=1))

    h = F.max_pool2d(conv(xb.permute(0, 3, 1, 2), k1, b1), 2)
    h = F.max_pool2d(conv(h, k2, b2), 2)
    h = conv(h, k3, b3).permute(0, 2, 3, 1).flatten(1)
    return torch.addmm(c2, F.relu(torch.addmm(c1, h, d1)), d2)


def run_torch(x, y, epochs, init_weights, layout):
    w = [torch.tensor(a) for a in init_weights]
    if layout == "nchw":
        k1, b1, k2, b2, k3, b3, d1, c1, d2, c2 = w
        # Dense rows follow Keras's (h, w, c) flatten order; NCHW flattens (c, h, w).
        d1 = d1.reshape(7, 7, 64, 64).permute(2, 0, 1, 3).reshape(3136, 64)
        w = [k1.permute(3, 2, 0, 1), b1, k2.permute(3, 2, 0, 1), b2, k3.permute(3, 2, 0, 1),
             b3, d1.T, c1, d2.T, c2]
        xt = torch.from_numpy(x).permute(0, 3, 1, 2).contiguous()
        forward = _forward_nchw
    else:
        xt = torch.from_numpy(x)
        forward = _forward_channels_last
    params = [torch.nn.Parameter(p.contiguous().clone()) for p in w]
    vel = [torch.zeros_like(p) for p in params]
    yt = torch.from_numpy(y)
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
            logits = forward(params, xb)
            loss = F.cross_entropy(logits, yb)
            loss.backward()
            with torch.no_grad():
                _rmsprop_step(params, vel)
                loss_sum += loss.detach() * xb.shape[0]
                correct += (logits.argmax(1) == yb.argmax(1)).sum()
        acc = float(correct) / n
        times.append(time.perf_counter() - t0)
    torch.set_flush_denormal(False)
    return times, acc


KERAS_SCRIPT = r"""
import json, os, sys, time
import numpy as np
if sys.argv[3] == "tf_keras":
    import tf_keras as keras
else:
    import keras
d = np.load(sys.argv[1]); x, y = d["x"], d["y"]; epochs = int(sys.argv[2])
keras.utils.set_random_seed(0)
L = keras.layers
m = keras.Sequential([
    keras.Input((28, 28, 1)),
    L.Conv2D(32, (3, 3), activation="relu", padding="same"), L.MaxPooling2D((2, 2)),
    L.Conv2D(64, (3, 3), activation="relu", padding="same"), L.MaxPooling2D((2, 2)),
    L.Conv2D(64, (3, 3), activation="relu", padding="same"), L.Flatten(),
    L.Dense(64, activation="relu"), L.Dense(10, activation="softmax")])
m.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
class T(keras.callbacks.Callback):
    def on_train_begin(self, logs=None): self.t = []
    def on_epoch_begin(self, e, logs=None): self.s = time.perf_counter()
    def on_epoch_end(self, e, logs=None): self.t.append(time.perf_counter() - self.s)
t = T(); h = m.fit(x, y, batch_size=200, epochs=epochs, verbose=0, callbacks=[t])
print(json.dumps({"times": t.t, "acc": h.history["accuracy"][-1],
                  "version": keras.__version__}))
"""

# (label, python env var, default interpreter, KERAS_BACKEND, module)
KERAS_RUNS = [
    ("keras 3 (torch)", "KERAS_PYTHON", "/work/kerasenv/bin/python", "torch", "keras"),
    ("keras 3 (tensorflow)", "TF_PYTHON", "/work/tfenv/bin/python", "tensorflow", "keras"),
    ("tf-keras 2 (tensorflow)", "TF_PYTHON", "/work/tfenv/bin/python", "tensorflow",
     "tf_keras"),
]


def run_keras(x, y, epochs, env_var, default, backend, module):
    py = os.environ.get(env_var, default)
    if not os.path.exists(py):
        return None
    path = "/tmp/_seed_cnn_data.npz"
    np.savez(path, x=x, y=y)
    env = dict(os.environ, KERAS_BACKEND=backend, TF_CPP_MIN_LOG_LEVEL="3")
    proc = subprocess.run([py, "-c", KERAS_SCRIPT, path, str(epochs), module], env=env,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        print(proc.stderr.strip().splitlines()[-1:])
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


FRESH_SCRIPT = r"""
import json, sys
import numpy as np
sys.path.insert(0, sys.argv[1])
import seed_cnn
d = np.load(sys.argv[2])
init = [d[f"w{i}"] for i in range(10)]
times, acc = seed_cnn.run_torch(d["x"], d["y"], int(sys.argv[3]), init, "nchw")
print(json.dumps({"times": times, "acc": acc}))
"""


def run_torch_fresh(x, y, epochs, init):
    """The NCHW loop in a process that never built a torcheras layer (plain malloc)."""
    path = "/tmp/_seed_cnn_fresh.npz"
    np.savez(path, x=x, y=y, **{f"w{i}": w for i, w in enumerate(init)})
    here = os.path.dirname(os.path.abspath(__file__))
    proc = subprocess.run([sys.executable, "-c", FRESH_SCRIPT, here, path, str(epochs)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        print(proc.stderr.strip().splitlines()[-1:])
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _later(times):
    return statistics.median(times[1:] if len(times) > 1 else times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--samples", type=int, default=60000)
    parser.add_argument("--skip-keras", action="store_true")
    args = parser.parse_args()
    x, y = load(args.samples)
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, "
          f"OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY', '(unset)')}, "
          f"{args.samples} samples x {args.epochs} epochs, batch {BATCH}")
    init = make_model().get_weights()
    results = {}
    t, acc = run_torcheras(x, y, args.epochs)
    results["torcheras"] = (_later(t), acc, t)
    for layout in ("nchw", "channels_last"):
        t, acc = run_torch(x, y, args.epochs, init, layout)
        results[f"hand-written {layout}"] = (_later(t), acc, t)
    res = run_torch_fresh(x, y, args.epochs, init)
    if res is not None:
        results["hand-written nchw, own process"] = (_later(res["times"]), res["acc"],
                                                     res["times"])
    if not args.skip_keras:
        for label, env_var, default, backend, module in KERAS_RUNS:
            res = run_keras(x, y, args.epochs, env_var, default, backend, module)
            if res is None:
                print(f"{label}: not available")
                continue
            results[f"{label} {res['version']}"] = (_later(res["times"]), res["acc"],
                                                    res["times"])
    ours = results["torcheras"][0]
    for name, (sec, acc, times) in results.items():
        print(f"{name:32s} epoch {sec:7.2f}s  (all epochs {[round(s, 1) for s in times]}, "
              f"train acc {acc:.4f})  torcheras / this = {ours / sec:.3f}")
    hand = min(v[0] for k, v in results.items() if k.startswith("hand-written"))
    print(f"ratio torcheras / best hand-written PyTorch: {ours / hand:.3f}")
    tfk = [v for k, v in results.items() if k.startswith("tf-keras")]
    if tfk:
        print(f"ratio torcheras / tf-keras: {ours / tfk[0][0]:.3f}")


if __name__ == "__main__":
    sys.exit(main())
