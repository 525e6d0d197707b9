"""GPU benchmark, ready for a CUDA machine: one command, one table.

    TORCHERAS_DATA_DIR=... python benchmarks/gpu.py [--epochs 3]

For the seed MLP, the seed CNN (MNIST, batch 128) and the IMDB LSTM (examples/imdb_lstm.py's
model, batch 32) it times torcheras eager, torcheras ``jit_compile=True``, torcheras
``mixed_bfloat16`` and a hand-written PyTorch loop (same layer sizes, torch.optim.RMSprop /
Adam, loss and accuracy accumulated on the device, ``torch.cuda.synchronize()`` before each
clock read), and prints seconds per epoch (median after the first) and the ratios to the
hand-written loop. Without CUDA it says so and exits with status 2 (nothing is measured on
the CPU here: benchmarks/seed_mlp.py, seed_cnn.py, imdb_lstm.py, compile.py and
mixed_precision.py do that).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

import torcheras as keras


class EpochTimer(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.times = []

    def on_epoch_begin(self, epoch, logs=None):
        torch.cuda.synchronize()
        self._t = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        torch.cuda.synchronize()
        self.times.append(time.perf_counter() - self._t)


def _median(times):
    return statistics.median(times[1:] if len(times) > 1 else times)


def mlp():
    return keras.Sequential([keras.Input((784,)), keras.layers.Dense(512, activation="relu"),
                             keras.layers.Dense(10, activation="softmax")])


def cnn():
    return keras.Sequential([keras.Input((28, 28, 1)),
                             keras.layers.Conv2D(32, 3, activation="relu"),
                             keras.layers.MaxPooling2D(),
                             keras.layers.Conv2D(64, 3, activation="relu"),
                             keras.layers.MaxPooling2D(), keras.layers.Flatten(),
                             keras.layers.Dense(10, activation="softmax")])


def lstm():
    return keras.Sequential([keras.Input((80,), dtype="int64"),
                             keras.layers.Embedding(20000, 128),
                             keras.layers.LSTM(128, dropout=0.2),
                             keras.layers.Dense(1, activation="sigmoid")])


def torcheras_run(build, loss, optimizer, x, y, batch, epochs, policy="float32", jit=False):
    keras.mixed_precision.set_global_policy(policy)
    try:
        keras.utils.set_random_seed(0)
        model = build()
        model.compile(optimizer, loss, metrics=["accuracy"], jit_compile=jit)
        timer = EpochTimer()
        model.fit(x, y, batch_size=batch, epochs=epochs, verbose=0, callbacks=[timer])
    finally:
        keras.mixed_precision.set_global_policy("float32")
    return _median(timer.times)


class TorchLSTM(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = torch.nn.Embedding(20000, 128)
        self.lstm = torch.nn.LSTM(128, 128, batch_first=True)
        self.out = torch.nn.Linear(128, 1)

    def forward(self, x):
        h, _ = self.lstm(F.dropout(self.emb(x), 0.2, self.training))
        return self.out(h[:, -1])


def torch_run(kind, x, y, batch, epochs):
    device = torch.device("cuda")
    if kind == "mlp":
        net = torch.nn.Sequential(torch.nn.Linear(784, 512), torch.nn.ReLU(),
                                  torch.nn.Linear(512, 10))
    elif kind == "cnn":
        net = torch.nn.Sequential(torch.nn.Conv2d(1, 32, 3), torch.nn.ReLU(),
                                  torch.nn.MaxPool2d(2), torch.nn.Conv2d(32, 64, 3),
                                  torch.nn.ReLU(), torch.nn.MaxPool2d(2), torch.nn.Flatten(),
                                  torch.nn.Linear(1600, 10))
        x = np.transpose(x, (0, 3, 1, 2))
    else:
        net = TorchLSTM()
    net = net.to(device)
    opt = (torch.optim.Adam(net.parameters(), 1e-3) if kind == "lstm"
           else torch.optim.RMSprop(net.parameters(), 1e-3, alpha=0.9, eps=1e-7))
    xt, yt = torch.as_tensor(x).to(device), torch.as_tensor(y).to(device)
    times = []
    for _ in range(epochs):
        torch.cuda.synchronize()
        t0 = time.perf_counter()
        perm = torch.randperm(len(xt), device=device)
        correct = torch.zeros((), device=device)
        for i in range(0, len(xt), batch):
            idx = perm[i:i + batch]
            out = net(xt[idx])
            if kind == "lstm":
                target = yt[idx].float().reshape(-1, 1)
                loss = F.binary_cross_entropy_with_logits(out, target)
                correct += ((out > 0).float() == target).sum()
            else:
                loss = F.cross_entropy(out, yt[idx].argmax(1))
                correct += (out.argmax(1) == yt[idx].argmax(1)).sum()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
        torch.cuda.synchronize()
        times.append(time.perf_counter() - t0)
    return _median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=3)
    args = parser.parse_args()
    if not torch.cuda.is_available():
        print("benchmarks/gpu.py needs a CUDA GPU; none is visible (torch.cuda.is_available() "
              "is False). Nothing measured.")
        return 2
    print(f"torch {torch.__version__}, {torch.cuda.get_device_name()}, "
          f"{args.epochs} epochs (median after the first)")
    (x, y), _ = keras.datasets.mnist.load_data()
    x = x.astype("float32") / 255
    y = keras.utils.to_categorical(y, 10)
    (xi, yi), _ = keras.datasets.imdb.load_data(num_words=20000)
    xi = keras.utils.pad_sequences(xi, maxlen=80).astype("int64")
    yi = np.asarray(yi, "float32")
    cases = [("mlp", mlp, "categorical_crossentropy", "rmsprop", x.reshape(-1, 784), y, 128),
             ("cnn", cnn, "categorical_crossentropy", "rmsprop", x[..., None], y, 128),
             ("lstm", lstm, "binary_crossentropy", "adam", xi, yi, 32)]
    for name, build, loss, opt, xs, ys, batch in cases:
        hand = torch_run(name, xs, ys, batch, args.epochs)
        row = {
            "eager": torcheras_run(build, loss, opt, xs, ys, batch, args.epochs),
            "compiled": torcheras_run(build, loss, opt, xs, ys, batch, args.epochs, jit=True),
            "bf16": torcheras_run(build, loss, opt, xs, ys, batch, args.epochs,
                                  policy="mixed_bfloat16"),
        }
        cells = "  ".join(f"{k} {v:.2f}s ({v / hand:.2f}x)" for k, v in row.items())
        print(f"{name:5s} hand-written {hand:.2f}s/epoch | torcheras {cells}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
