"""A training run with BackupAndRestore, spawned by test_backup_and_restore.py.

    python _backup_run.py BACKUP_DIR OUT.npz [--kill-at EPOCH BATCH] [--save-freq N]

Trains a small model with shuffling, seed-less and seeded Dropout, Adam, for 5 epochs;
with --kill-at it SIGKILLs itself after that batch (0-based). On completion the final
weights and the optimizer variables go to OUT.npz.
"""

import argparse
import os
import signal

import numpy as np
import torch

import torcheras as keras


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("backup_dir")
    parser.add_argument("out")
    parser.add_argument("--kill-at", nargs=2, type=int)
    parser.add_argument("--save-freq", default="epoch")
    args = parser.parse_args()
    torch.set_num_threads(1)
    save_freq = args.save_freq if args.save_freq == "epoch" else int(args.save_freq)

    rng = np.random.default_rng(123)
    x = rng.normal(size=(96, 6)).astype("float32")
    y = (x[:, :3].sum(axis=1) > 0).astype("int64") + (x[:, 3] > 0.5)
    keras.utils.set_random_seed(7)
    model = keras.Sequential([
        keras.Input((6,)),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dropout(0.3),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dropout(0.2, seed=11),
        keras.layers.Dense(3, activation="softmax"),
    ])
    model.compile(keras.optimizers.Adam(1e-2), "sparse_categorical_crossentropy")

    class Kill(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            if args.kill_at and [self.epoch, batch] == args.kill_at:
                os.kill(os.getpid(), signal.SIGKILL)

        def on_epoch_begin(self, epoch, logs=None):
            self.epoch = epoch
            print(f"epoch {epoch}", flush=True)

    backup = keras.callbacks.BackupAndRestore(args.backup_dir, save_freq=save_freq)
    model.fit(x, y, epochs=5, batch_size=8, verbose=0, callbacks=[backup, Kill()])
    np.savez(args.out, *model.get_weights(),
             *[np.asarray(v.numpy()) for v in model.optimizer.variables])


if __name__ == "__main__":
    main()
