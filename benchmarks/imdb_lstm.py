"""IMDB LSTM benchmark: torcheras `fit` vs a hand-written PyTorch nn.LSTM loop vs Keras 3.

The model is examples/imdb_lstm.py's (Embedding 20000x128, LSTM 128 with input dropout
0.2, Dense 1 sigmoid, adam, binary crossentropy, maxlen 80, batch 32). By default the LSTM
has no recurrent dropout, so torcheras runs PyTorch's fused LSTM kernel and the
hand-written model (nn.Embedding + nn.LSTM + nn.Linear, the same initial weights, the same
per-sequence input dropout mask, torch.optim.Adam, a permutation per epoch, loss and
accuracy accumulated on the device) is the same computation. ``--recurrent-dropout 0.2``
measures Keras 2's example as written (a step loop: nn.LSTM has no recurrent dropout, so the
hand-written model then has none and is only a lower bound).

Keras 3 runs in separate virtual environments: on torch (KERAS_PYTHON, default
/work/kerasenv/bin/python) and on TensorFlow (TF_PYTHON, default /work/tfenv/bin/python).

Run by hand:  TORCHERAS_DATA_DIR=/work/shared/data .venv/bin/python benchmarks/imdb_lstm.py
    [--epochs 2] [--repeats 1] [--recurrent-dropout 0.0] [--backends torch,tensorflow]
Prints the per-epoch medians (first epoch of each run left out when there are several) of
wall-clock and process CPU time, and their ratios: on a machine shared with other work the
CPU times compare the single-threaded runs more fairly. Set OMP_NUM_THREADS (and
TF_NUM_INTRAOP_THREADS / TF_NUM_INTEROP_THREADS for TensorFlow) alike for all runs.
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

MAX_FEATURES, MAXLEN, BATCH, UNITS = 20000, 80, 32, 128


def load():
    (x, y), _ = keras.datasets.imdb.load_data(num_words=MAX_FEATURES)
    return keras.utils.pad_sequences(x, maxlen=MAXLEN), y.astype("float32")


def make_model(recurrent_dropout):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.Input(shape=(MAXLEN,), dtype="int32"),
        keras.layers.Embedding(MAX_FEATURES, 128),
        keras.layers.LSTM(UNITS, dropout=0.2, recurrent_dropout=recurrent_dropout),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model


def _clock():
    return time.perf_counter(), time.process_time()


def _since(start):
    wall, cpu = _clock()
    return wall - start[0], cpu - start[1]


class EpochTimer(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.times = []

    def on_epoch_begin(self, epoch, logs=None):
        self._t = _clock()

    def on_epoch_end(self, epoch, logs=None):
        self.times.append(_since(self._t))


def run_torcheras(x, y, epochs, recurrent_dropout):
    model = make_model(recurrent_dropout)
    timer = EpochTimer()
    h = model.fit(x, y, batch_size=BATCH, epochs=epochs, verbose=0, callbacks=[timer])
    return timer.times, h.history["accuracy"][-1]


class HandLSTM(torch.nn.Module):
    def __init__(self, weights):
        super().__init__()
        table, kernel, rec, bias, dense_k, dense_b = (torch.tensor(w) for w in weights)
        self.emb = torch.nn.Embedding(MAX_FEATURES, 128)
        self.lstm = torch.nn.LSTM(128, UNITS, batch_first=True)
        self.out = torch.nn.Linear(UNITS, 1)
        with torch.no_grad():
            self.emb.weight.copy_(table)
            self.lstm.weight_ih_l0.copy_(kernel.T)  # same gate order i, f, g, o
            self.lstm.weight_hh_l0.copy_(rec.T)
            self.lstm.bias_ih_l0.copy_(bias)
            self.lstm.bias_hh_l0.zero_()
            self.out.weight.copy_(dense_k.T)
            self.out.bias.copy_(dense_b)

    def forward(self, ids):
        e = self.emb(ids)
        if self.training:  # one dropout mask per sequence, as Keras's LSTM(dropout=...)
            keep = torch.empty(e.shape[0], 1, e.shape[2]).bernoulli_(0.8) / 0.8
            e = e * keep
        _, (h, _) = self.lstm(e)
        return self.out(h[0]).squeeze(-1)


def run_torch(x, y, epochs, init):
    model = HandLSTM(init)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    xt, yt = torch.from_numpy(x).long(), torch.from_numpy(y)
    n = xt.shape[0]
    times, acc = [], 0.0
    for _ in range(epochs):
        t0 = _clock()
        perm = torch.randperm(n)
        correct = torch.zeros((), dtype=torch.long)
        loss_sum = torch.zeros(())
        for i in range(0, n, BATCH):
            idx = perm[i:i + BATCH]
            xb, yb = xt.index_select(0, idx), yt.index_select(0, idx)
            logits = model(xb)
            loss = F.binary_cross_entropy_with_logits(logits, yb)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            with torch.no_grad():
                loss_sum += loss.detach() * xb.shape[0]
                correct += ((logits > 0).float() == yb).sum()
        acc = float(correct) / n
        times.append(_since(t0))
    return times, acc


KERAS_SCRIPT = r"""
import json, sys, time
import numpy as np
import keras
d = np.load(sys.argv[1]); x, y = d["x"], d["y"]; epochs = int(sys.argv[2])
rd = float(sys.argv[3])
keras.utils.set_random_seed(0)
m = keras.Sequential([keras.Input((80,), dtype="int32"), keras.layers.Embedding(20000, 128),
                      keras.layers.LSTM(128, dropout=0.2, recurrent_dropout=rd),
                      keras.layers.Dense(1, activation="sigmoid")])
m.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
class T(keras.callbacks.Callback):
    def on_train_begin(self, logs=None): self.t = []
    def on_epoch_begin(self, e, logs=None): self.s = (time.perf_counter(), time.process_time())
    def on_epoch_end(self, e, logs=None):
        self.t.append((time.perf_counter() - self.s[0], time.process_time() - self.s[1]))
t = T(); h = m.fit(x, y, batch_size=32, epochs=epochs, verbose=0, callbacks=[t])
print(json.dumps({"times": t.t, "acc": h.history["accuracy"][-1]}))
"""

PYTHONS = {"torch": ("KERAS_PYTHON", "/work/kerasenv/bin/python"),
           "tensorflow": ("TF_PYTHON", "/work/tfenv/bin/python")}


def run_keras(x, y, epochs, backend, recurrent_dropout):
    var, default = PYTHONS.get(backend, ("KERAS_PYTHON", "/work/kerasenv/bin/python"))
    py = os.environ.get(var, default)
    if not os.path.exists(py):
        return None
    path = "/tmp/_imdb_lstm_bench.npz"
    np.savez(path, x=x, y=y)
    env = dict(os.environ, KERAS_BACKEND=backend)
    proc = subprocess.run([py, "-c", KERAS_SCRIPT, path, str(epochs), str(recurrent_dropout)],
                          env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        print(proc.stderr[-2000:], file=sys.stderr)
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _median(times):
    """Median (wall, cpu) seconds per epoch, the first epoch left out when there are more."""
    times = times[1:] if len(times) > 1 else times
    return (statistics.median(t[0] for t in times), statistics.median(t[1] for t in times))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--recurrent-dropout", type=float, default=0.0)
    parser.add_argument("--backends", default="torch,tensorflow")
    args = parser.parse_args()
    x, y = load()
    rd = args.recurrent_dropout
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, {args.epochs} epochs "
          f"x {args.repeats} repeats, batch {BATCH}, recurrent_dropout {rd}")
    init = make_model(rd).get_weights()
    ours, hand = [], []
    for _ in range(args.repeats):  # interleaved, so drift hits both alike
        t, acc_tk = run_torcheras(x, y, args.epochs, rd)
        ours.append(_median(t))
        t, acc_pt = run_torch(x, y, args.epochs, init)
        hand.append(_median(t))
    med_ours = tuple(statistics.median(t[i] for t in ours) for i in (0, 1))
    med_hand = tuple(statistics.median(t[i] for t in hand) for i in (0, 1))
    print(f"torcheras        per-epoch wall {med_ours[0]:.2f}s cpu {med_ours[1]:.2f}s  "
          f"(train acc {acc_tk:.4f})")
    print(f"hand-written     per-epoch wall {med_hand[0]:.2f}s cpu {med_hand[1]:.2f}s  "
          f"(train acc {acc_pt:.4f})")
    print(f"ratio torcheras / hand-written PyTorch: wall {med_ours[0] / med_hand[0]:.3f}, "
          f"cpu {med_ours[1] / med_hand[1]:.3f}")
    for backend in args.backends.split(","):
        res = run_keras(x, y, args.epochs, backend, rd)
        if res is None:
            print(f"keras 3 ({backend}): not available")
            continue
        med_k = _median(res["times"])
        print(f"keras 3 ({backend:10s}) per-epoch wall {med_k[0]:.2f}s cpu {med_k[1]:.2f}s  "
              f"(train acc {res['acc']:.4f}); torcheras / keras: wall "
              f"{med_ours[0] / med_k[0]:.3f}, cpu {med_ours[1] / med_k[1]:.3f}")


if __name__ == "__main__":
    sys.exit(main())
