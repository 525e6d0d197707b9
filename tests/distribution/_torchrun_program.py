"""The program the torchrun tests launch: the seed MLP, trained by an unchanged Keras
program (nothing in it knows about processes, except where it names its output files by
rank, so that the test can see which processes wrote files).

Usage: python _torchrun_program.py OUT_DIR [--epochs N] [--shuffle 0|1] [--kill-at EPOCH]
       [--backup DIR]
Writes OUT_DIR/result_<rank>.json (history, evaluate, predictions' digest) and
OUT_DIR/weights_<rank>.npz.
"""

from __future__ import annotations

import argparse
import json
import os
import signal

import numpy as np

import torcheras as keras

SAMPLES = 1000


def load_data():
    """A subset of MNIST when $TORCHERAS_DATA_DIR has it, else separable synthetic digits."""
    path = os.path.join(os.environ.get("TORCHERAS_DATA_DIR", ""), "mnist.npz")
    if os.path.exists(path):
        with np.load(path) as f:
            x, y = f["x_train"][:SAMPLES], f["y_train"][:SAMPLES]
        x = x.reshape(-1, 784).astype("float32") / 255
    else:
        rng = np.random.default_rng(0)
        y = rng.integers(0, 10, SAMPLES)
        centers = rng.random((10, 784), dtype=np.float32)
        x = centers[y] + 0.3 * rng.random((SAMPLES, 784), dtype=np.float32)
    return x, keras.utils.to_categorical(y, 10)


class KillOnce(keras.callbacks.Callback):
    """SIGKILLs rank 1 at the start of an epoch, in the first attempt only."""

    def __init__(self, epoch: int):
        super().__init__()
        self.epoch = epoch

    def on_epoch_begin(self, epoch, logs=None):
        first_attempt = os.environ.get("TORCHELASTIC_RESTART_COUNT", "0") == "0"
        if epoch == self.epoch and os.environ.get("RANK") == "1" and first_attempt:
            os.kill(os.getpid(), signal.SIGKILL)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--shuffle", type=int, default=1)
    parser.add_argument("--kill-at", type=int, default=-1)
    parser.add_argument("--backup", default="")
    args = parser.parse_args()
    rank = os.environ.get("RANK", "0")
    x, y = load_data()
    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.Input(shape=(784,)),
        keras.layers.Dense(512, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    callbacks = [
        keras.callbacks.ModelCheckpoint(os.path.join(args.out, f"ckpt_{rank}.weights.h5"),
                                        save_weights_only=True),
        keras.callbacks.CSVLogger(os.path.join(args.out, f"log_{rank}.csv")),
    ]
    if args.backup:
        callbacks.append(keras.callbacks.BackupAndRestore(args.backup))
    if args.kill_at >= 0:
        callbacks.append(KillOnce(args.kill_at))
    history = model.fit(x, y, batch_size=128, epochs=args.epochs, validation_split=0.2,
                        shuffle=bool(args.shuffle), callbacks=callbacks, verbose=2)
    evaluation = model.evaluate(x, y, batch_size=128, verbose=0, return_dict=True)
    predictions = model.predict(x[:300], batch_size=64, verbose=0)
    np.savez(os.path.join(args.out, f"weights_{rank}.npz"), *model.get_weights())
    with open(os.path.join(args.out, f"result_{rank}.json"), "w") as f:
        json.dump({"history": history.history, "evaluate": evaluation,
                   "predictions": predictions.tolist()}, f)


if __name__ == "__main__":
    main()
