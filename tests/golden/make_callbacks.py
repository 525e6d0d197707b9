"""Write the golden behaviour of real Keras 3's callbacks.

Run with the Keras reference environment (never in CI):

    KERAS_BACKEND=torch /root/refenv/bin/python tests/golden/make_callbacks.py

Every scenario of ``tests/golden/_callback_scenarios.py`` (EarlyStopping,
ReduceLROnPlateau, LearningRateScheduler, CSVLogger, ModelCheckpoint) is replayed on
Keras's own callback and the record is stored in ``tests/golden/callbacks/callbacks.json``,
with every callback's constructor signature (argument names and defaults).
"""

import inspect
import json
import os
import tempfile
import warnings

import _callback_scenarios as sc
import keras
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def signature(cls):
    """[name, repr(default) or None] of each constructor argument."""
    params = inspect.signature(cls.__init__).parameters.values()
    return [[p.name, None if p.default is p.empty else repr(p.default)]
            for p in params if p.name != "self" and p.kind is not p.VAR_KEYWORD]


def keras_backup():
    """A BackupAndRestore folder written by Keras: fit interrupted at the start of epoch 2."""
    folder = os.path.join(HERE, "callbacks", "keras_backup")
    os.makedirs(folder, exist_ok=True)
    x, y = sc.backup_data()
    keras.utils.set_random_seed(0)
    model = sc.backup_model(keras)
    model.compile(keras.optimizers.Adam(0.01), "sparse_categorical_crossentropy")

    class Interrupt(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            if epoch == 2:
                raise RuntimeError("Interrupting!")

    cb = keras.callbacks.BackupAndRestore(folder)
    try:
        model.fit(x, y, epochs=4, batch_size=16, verbose=0, shuffle=False,
                  callbacks=[cb, Interrupt()])
    except RuntimeError:
        pass
    np.savez(os.path.join(HERE, "callbacks", "keras_backup.npz"),
             *model.get_weights(),
             *[np.asarray(v) for v in model.optimizer.variables])


def main():
    warnings.simplefilter("ignore")
    out = {"keras_version": keras.__version__, "early_stopping": {}, "reduce_lr": {},
           "scheduler": {}, "csv": {}, "checkpoint": {}, "checkpoint_batches": {}}
    for name, (kwargs, logs) in sc.EARLY_STOPPING.items():
        out["early_stopping"][name] = sc.run_early_stopping(keras, kwargs, logs)
    for name, (kwargs, logs) in sc.REDUCE_LR.items():
        out["reduce_lr"][name] = sc.run_reduce_lr(keras, kwargs, logs)
    for name, (schedule, epochs) in sc.SCHEDULER.items():
        out["scheduler"][name] = sc.run_scheduler(keras, schedule, epochs)
    for name, (kwargs, logs) in sc.CSV.items():
        with tempfile.TemporaryDirectory() as d:
            out["csv"][name] = sc.run_csv(keras, kwargs, logs, d)
    for name, (kwargs, logs) in sc.CHECKPOINT.items():
        with tempfile.TemporaryDirectory() as d:
            out["checkpoint"][name] = sc.run_checkpoint(keras, kwargs, logs, d)
    for name, (kwargs, steps, epochs) in sc.CHECKPOINT_BATCHES.items():
        with tempfile.TemporaryDirectory() as d:
            out["checkpoint_batches"][name] = sc.run_checkpoint_batches(
                keras, kwargs, steps, epochs, d)
    keras_backup()
    out["signatures"] = {name: signature(getattr(keras.callbacks, name))
                         for name in sorted(dir(keras.callbacks)) if name[0].isupper()}
    os.makedirs(os.path.join(HERE, "callbacks"), exist_ok=True)
    with open(os.path.join(HERE, "callbacks", "callbacks.json"), "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")
    print(json.dumps(out, indent=1, sort_keys=True)[:3000])


if __name__ == "__main__":
    main()
