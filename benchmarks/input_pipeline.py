"""Input pipeline benchmark: the seed CNN trained from disk vs from in-memory arrays.

MNIST is first written to a temporary folder as one ``.npy`` pair per batch (uint8 images,
uint8 labels: what a dataset too large for memory looks like on disk). The same model
(benchmarks/seed_cnn.py's: seed 004's CNN, RMSprop, batch 200) then trains from:

* in-memory arrays (``fit(x, y)``), the reference;
* a ``keras.utils.PyDataset`` whose ``__getitem__`` reads batch ``i`` from disk, scales it
  and one-hot encodes the labels (``workers=2``: a thread pool reads ahead, in order);
* a torch ``DataLoader`` over a map-style dataset of the same shards, 2 worker processes,
  ``batch_size=None`` (each item already is a batch), shuffled;

printing seconds per epoch side by side and each one's ratio to in-memory (the issue's
target: within 1.10x). The first epoch includes one-time set-up; the table reports the
median of the later epochs.

Run by hand (never in CI), on as quiet a machine as you can get:
    TORCHERAS_DATA_DIR=/work/shared/data .venv/bin/python benchmarks/input_pipeline.py \
        [--epochs 3] [--samples 60000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile

import torcheras as keras  # first: it may set thread settings torch reads at import

import numpy as np
import torch
from seed_cnn import BATCH, EpochTimer, make_model


def write_shards(folder: str, samples: int) -> int:
    """``x_<i>.npy``/``y_<i>.npy`` of ``BATCH`` raw MNIST images each; the shard count."""
    (x, y), _ = keras.datasets.mnist.load_data()
    x, y = x[:samples], y[:samples]
    shards = (len(x) + BATCH - 1) // BATCH
    for i in range(shards):
        np.save(os.path.join(folder, f"x_{i}.npy"), x[i * BATCH:(i + 1) * BATCH])
        np.save(os.path.join(folder, f"y_{i}.npy"), y[i * BATCH:(i + 1) * BATCH])
    return shards


def read_shard(folder: str, i: int) -> tuple:
    """Batch ``i`` as the model wants it: float images in [0, 1], one-hot labels."""
    x = np.load(os.path.join(folder, f"x_{i}.npy"))
    y = np.load(os.path.join(folder, f"y_{i}.npy"))
    images = (x.reshape(-1, 28, 28, 1).astype("float32") / 255)
    return images, np.eye(10, dtype="float32")[y]


class ShardPyDataset(keras.utils.PyDataset):
    def __init__(self, folder: str, shards: int, **kwargs):
        super().__init__(**kwargs)
        self.folder, self.shards = folder, shards

    def __len__(self):
        return self.shards

    def __getitem__(self, i):
        return read_shard(self.folder, i)


class ShardTorchDataset(torch.utils.data.Dataset):
    def __init__(self, folder: str, shards: int):
        self.folder, self.shards = folder, shards

    def __len__(self):
        return self.shards

    def __getitem__(self, i):
        x, y = read_shard(self.folder, i)
        return torch.from_numpy(x), torch.from_numpy(y)


def timed_fit(data, epochs: int, **fit_kwargs) -> tuple:
    model = make_model()
    timer = EpochTimer()
    history = model.fit(data, epochs=epochs, verbose=0, callbacks=[timer], **fit_kwargs)
    return timer.times, history.history["accuracy"][-1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--samples", type=int, default=60000)
    args = parser.parse_args()
    print("load average before:", " ".join(f"{v:.2f}" for v in os.getloadavg()))
    with tempfile.TemporaryDirectory() as folder:
        shards = write_shards(folder, args.samples)
        x = np.concatenate([read_shard(folder, i)[0] for i in range(shards)])
        y = np.concatenate([read_shard(folder, i)[1] for i in range(shards)])
        contenders = {
            "in-memory arrays": lambda: timed_fit(x, args.epochs, y=y, batch_size=BATCH),
            "PyDataset (disk, workers=2)": lambda: timed_fit(
                ShardPyDataset(folder, shards, workers=2), args.epochs),
            "DataLoader (disk, 2 workers)": lambda: timed_fit(
                torch.utils.data.DataLoader(ShardTorchDataset(folder, shards),
                                            batch_size=None, shuffle=True, num_workers=2,
                                            persistent_workers=True), args.epochs),
        }
        results = {}
        for name, run in contenders.items():
            times, accuracy = run()
            later = times[1:] or times
            results[name] = (statistics.median(later), times, accuracy)
    base = results["in-memory arrays"][0]
    print(f"\nseed CNN, {args.samples} MNIST samples, batch {BATCH}, {args.epochs} epochs "
          f"(median of epochs 2..{args.epochs})")
    print(f"{'input':32s} {'s/epoch':>8s} {'ratio':>6s} {'accuracy':>9s}  all epochs")
    for name, (median, times, accuracy) in results.items():
        print(f"{name:32s} {median:8.2f} {median / base:6.2f} {accuracy:9.4f}  "
              + " ".join(f"{t:.2f}" for t in times))
    print("load average after:", " ".join(f"{v:.2f}" for v in os.getloadavg()))


if __name__ == "__main__":
    main()
