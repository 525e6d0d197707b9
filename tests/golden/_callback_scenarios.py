"""Callback scenarios replayed on real Keras (make_callbacks.py) and on torcheras (tests).

Each scenario drives one callback by hand with a fixed sequence of logs on a stand-in
model that records what the callback does to it (stop_training, the learning rate, the
weights it restores, the files it asks to save), so the record depends only on the
callback's own logic.
"""

from __future__ import annotations

import math
import os

import numpy as np

NAN = float("nan")


class FakeModel:
    """Just enough of a model: an optimizer, weights that say which epoch they are from,
    and save/save_weights that only record the call."""

    def __init__(self, optimizer=None):
        self.optimizer = optimizer
        self.stop_training = False
        self.epoch_weights = 0.0
        self.saved: list = []

    def get_weights(self):
        return [np.array([self.epoch_weights], dtype="float32")]

    def set_weights(self, weights):
        self.epoch_weights = float(weights[0][0])

    def save(self, filepath, overwrite=True):
        self.saved.append(["save", filepath])

    def save_weights(self, filepath, overwrite=True):
        self.saved.append(["save_weights", filepath])


def step_decay(epoch, lr):
    return lr * 0.5 if epoch and epoch % 2 == 0 else lr


def exp_after_two(epoch, lr):
    return lr if epoch < 2 else lr * math.exp(-0.1)


def keras2_schedule(epoch):
    return 0.1 / (1 + epoch)


SCHEDULES = {"step_decay": step_decay, "exp_after_two": exp_after_two,
             "keras2_schedule": keras2_schedule}

LOSSES = [1.0, 0.9, 0.95, 0.96, 0.97, 0.8, 0.85, 0.86, 0.87, 0.88, 0.89, 0.9]

EARLY_STOPPING = {
    "patience0": ({"monitor": "loss"}, [{"loss": v} for v in LOSSES]),
    "patience2": ({"monitor": "loss", "patience": 2}, [{"loss": v} for v in LOSSES]),
    "patience3_restore": ({"monitor": "val_loss", "patience": 3, "restore_best_weights": True},
                          [{"val_loss": v} for v in LOSSES]),
    "min_delta": ({"monitor": "loss", "patience": 1, "min_delta": 0.06},
                  [{"loss": v} for v in [1.0, 0.95, 0.9, 0.8, 0.78, 0.77, 0.5]]),
    "baseline_never_beaten": ({"monitor": "loss", "patience": 3, "baseline": 0.5,
                               "restore_best_weights": True},
                              [{"loss": v} for v in [1.0, 0.9, 0.95, 0.7, 0.8, 0.9, 0.6]]),
    "baseline_beaten": ({"monitor": "loss", "patience": 2, "baseline": 0.92},
                        [{"loss": v} for v in LOSSES]),
    "start_from_epoch": ({"monitor": "loss", "patience": 1, "start_from_epoch": 3},
                         [{"loss": v} for v in [1.0, 2.0, 3.0, 0.9, 0.95, 0.96, 0.5]]),
    "mode_max": ({"monitor": "val_accuracy", "mode": "max", "patience": 2,
                  "restore_best_weights": True},
                 [{"val_accuracy": v} for v in [0.5, 0.6, 0.6, 0.7, 0.65, 0.69, 0.8]]),
    "nan_loss": ({"monitor": "loss", "patience": 2},
                 [{"loss": v} for v in [1.0, NAN, 0.9, NAN, NAN, 0.95]]),
}

REDUCE_LR = {
    "patience2": ({"monitor": "loss", "factor": 0.5, "patience": 2},
                  [{"loss": v} for v in LOSSES]),
    "patience0_min_lr": ({"monitor": "loss", "factor": 0.2, "patience": 0, "min_lr": 0.002},
                         [{"loss": v} for v in [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]]),
    "cooldown": ({"monitor": "val_loss", "factor": 0.1, "patience": 1, "cooldown": 2},
                 [{"val_loss": v} for v in LOSSES]),
    "min_delta": ({"monitor": "loss", "factor": 0.5, "patience": 1, "min_delta": 0.05},
                  [{"loss": v} for v in [1.0, 0.97, 0.9, 0.88, 0.8, 0.79, 0.6]]),
    "mode_max": ({"monitor": "accuracy", "mode": "max", "factor": 0.5, "patience": 1},
                 [{"accuracy": v} for v in [0.5, 0.5, 0.6, 0.6, 0.6, 0.7, 0.7]]),
}

SCHEDULER = {
    "step_decay": ("step_decay", 7),
    "exp_after_two": ("exp_after_two", 5),
    "keras2_schedule": ("keras2_schedule", 4),
}

CSV = {
    "train_only": ({}, [{"loss": 0.5, "accuracy": 0.25}, {"loss": 0.25, "accuracy": 0.75}]),
    "with_val": ({}, [{"loss": 0.5, "val_loss": 0.6}, {"loss": 0.4, "val_loss": 0.55}]),
    "separator": ({"separator": ";"}, [{"loss": 0.5, "vec": [1, 2]}, {"loss": 0.4, "vec": [3]}]),
}

CHECKPOINT = {
    "every_epoch_template": ({"filepath": "w.{epoch:02d}-{val_loss:.2f}.keras"},
                             [{"val_loss": v} for v in [0.912, 0.8, 0.85]]),
    "best_only_fixed_name": ({"filepath": "best.weights.h5", "save_best_only": True,
                              "save_weights_only": True},
                             [{"val_loss": v} for v in [0.9, 0.8, 0.85, 0.7, 0.7]]),
    "best_only_max": ({"filepath": "m-{epoch}.keras", "monitor": "val_accuracy",
                       "mode": "max", "save_best_only": True},
                      [{"val_accuracy": v} for v in [0.5, 0.6, 0.55, 0.65]]),
    "initial_threshold": ({"filepath": "t-{epoch}.keras", "monitor": "loss",
                           "save_best_only": True, "initial_value_threshold": 0.85},
                          [{"loss": v} for v in [0.9, 0.86, 0.84, 0.85, 0.8]]),
    "missing_monitor": ({"filepath": "x-{epoch}.keras", "save_best_only": True},
                        [{"loss": 0.5}, {"loss": 0.4}]),
}

# save_freq as a batch count: (kwargs, batches per epoch, epochs)
CHECKPOINT_BATCHES = {
    "every_3_batches": ({"filepath": "b-{epoch}-{batch}.weights.h5", "save_weights_only": True,
                         "save_freq": 3}, 4, 3),
}


def run_early_stopping(keras, kwargs, logs_seq) -> dict:
    model = FakeModel()
    cb = keras.callbacks.EarlyStopping(**kwargs)
    cb.set_model(model)
    cb.on_train_begin()
    waits, epochs_run = [], 0
    for epoch, logs in enumerate(logs_seq):
        model.epoch_weights = float(epoch)
        cb.on_epoch_end(epoch, dict(logs))
        waits.append(cb.wait)
        epochs_run += 1
        if model.stop_training:
            break
    cb.on_train_end()
    return {"epochs_run": epochs_run, "stopped_epoch": cb.stopped_epoch, "waits": waits,
            "best": _num(cb.best), "best_epoch": cb.best_epoch,
            "weights_epoch": model.epoch_weights}


def run_reduce_lr(keras, kwargs, logs_seq) -> dict:
    model = FakeModel(keras.optimizers.SGD(learning_rate=0.1))
    cb = keras.callbacks.ReduceLROnPlateau(**kwargs)
    cb.set_model(model)
    cb.on_train_begin()
    lrs, logged = [], []
    for epoch, logs in enumerate(logs_seq):
        logs = dict(logs)
        cb.on_epoch_end(epoch, logs)
        logged.append(logs["learning_rate"])
        lrs.append(float(np.asarray(model.optimizer.learning_rate)))
    return {"lrs": lrs, "logged": logged}


def run_scheduler(keras, schedule_name, epochs) -> dict:
    model = FakeModel(keras.optimizers.SGD(learning_rate=0.1))
    cb = keras.callbacks.LearningRateScheduler(SCHEDULES[schedule_name])
    cb.set_model(model)
    lrs = []
    for epoch in range(epochs):
        cb.on_epoch_begin(epoch)
        logs = {"loss": 1.0}
        cb.on_epoch_end(epoch, logs)
        lrs.append(logs["learning_rate"])
    return {"lrs": lrs}


def run_csv(keras, kwargs, logs_seq, folder) -> dict:
    path = os.path.join(folder, "log.csv")
    texts = {}
    for append in (False, True):
        cb = keras.callbacks.CSVLogger(path, append=append, **kwargs)
        cb.set_model(FakeModel())
        cb.on_train_begin()
        for epoch, logs in enumerate(logs_seq):
            cb.on_epoch_end(epoch, dict(logs))
        cb.on_train_end()
        with open(path, newline="") as f:
            texts["append" if append else "first"] = f.read()
    return texts


def run_checkpoint(keras, kwargs, logs_seq, folder) -> dict:
    model = FakeModel()
    kwargs = dict(kwargs, filepath=os.path.join(folder, kwargs["filepath"]))
    cb = keras.callbacks.ModelCheckpoint(**kwargs)
    cb.set_model(model)
    cb.on_train_begin()
    for epoch, logs in enumerate(logs_seq):
        cb.on_epoch_begin(epoch)
        cb.on_epoch_end(epoch, dict(logs))
    return {"saved": [[kind, os.path.relpath(p, folder)] for kind, p in model.saved],
            "best": _num(cb.best)}


def run_checkpoint_batches(keras, kwargs, steps, epochs, folder) -> dict:
    model = FakeModel()
    kwargs = dict(kwargs, filepath=os.path.join(folder, kwargs["filepath"]))
    cb = keras.callbacks.ModelCheckpoint(**kwargs)
    cb.set_model(model)
    cb.on_train_begin()
    for epoch in range(epochs):
        cb.on_epoch_begin(epoch)
        for batch in range(steps):
            cb.on_train_batch_begin(batch)
            cb.on_train_batch_end(batch, {"loss": 1.0 / (1 + batch)})
        cb.on_epoch_end(epoch, {"loss": 0.5})
    return {"saved": [[kind, os.path.relpath(p, folder)] for kind, p in model.saved]}


def _num(value):
    if value is None:
        return None
    value = float(value)
    return "nan" if math.isnan(value) else value


def backup_data():
    rng = np.random.default_rng(5)
    x = rng.normal(size=(48, 4)).astype("float32")
    return x, rng.integers(0, 3, 48)


def backup_model(keras):
    """Named layers: a Keras weights file finds each layer by name."""
    return keras.Sequential([keras.Input((4,)),
                             keras.layers.Dense(8, activation="relu", name="hidden"),
                             keras.layers.Dense(3, activation="softmax", name="out")],
                            name="net")
