"""The program the ModelParallel tests launch: a small MLP whose Dense kernels a
``LayoutMap`` splits along their output axis over a ``(B, N / B)`` ("batch", "model")
mesh of the N processes. ``ModelCheckpoint`` saves the model (on rank 0) at each epoch end.

Run as one ordinary process it sets no distribution (the unsharded run).

Usage: python _model_parallel_program.py OUT_DIR [--key REGEX] [--units N] [--replicas B]
Writes OUT_DIR/result_<rank>.json (history, evaluate, an evaluate in mid-epoch, the local
shapes seen between steps, every 7th predicted value), OUT_DIR/weights_<rank>.npz and
OUT_DIR/shards_<rank>.npz (the slices each process held after its last step).
"""

from __future__ import annotations

import argparse
import json
import os

import numpy as np

import torcheras as keras


class WatchShards(keras.callbacks.Callback):
    """Records, between training steps, the shapes of the kernels and of their Adam
    slots, and the kernels' values after the last step."""

    def __init__(self):
        super().__init__()
        self.kernel_shapes, self.slot_shapes, self.last = set(), set(), {}

    def on_train_batch_end(self, batch, logs=None):
        for v in self.model.weights:
            if v.path.endswith("kernel"):
                self.kernel_shapes.add((v.path, tuple(v.shape)))
                self.last[v.path] = v.numpy()
        for v in self.model.optimizer.variables:
            if "kernel" in v.path:
                self.slot_shapes.add((v.path, tuple(v.shape)))


class EvaluateMidEpoch(keras.callbacks.Callback):
    """Evaluates in the middle of the first epoch (the weights are sharded then)."""

    def __init__(self, x, y):
        super().__init__()
        self.x, self.y, self.result = x, y, None

    def on_train_batch_end(self, batch, logs=None):
        if self.result is None and batch == 2:
            self.result = self.model.evaluate(self.x, self.y, verbose=0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--key", default="sequential/dense.*/kernel")
    parser.add_argument("--units", type=int, default=16)
    parser.add_argument("--replicas", type=int, default=1, help="the batch axis's size")
    args = parser.parse_args()
    rank = int(os.environ.get("RANK", "0"))
    world = int(os.environ.get("WORLD_SIZE", "1"))
    if world > 1:
        shape = (args.replicas, world // args.replicas)
        mesh = keras.distribution.DeviceMesh(shape, ["batch", "model"])
        layout_map = keras.distribution.LayoutMap(mesh)
        layout_map[args.key] = (None, "model")
        keras.distribution.set_distribution(
            keras.distribution.ModelParallel(layout_map=layout_map, batch_dim_name="batch"))

    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(256, 12)).astype("float32")
    y = keras.utils.to_categorical((x[:, 0] + x[:, 1] > 0).astype(int) + 2 * (x[:, 2] > 0), 4)
    model = keras.Sequential([
        keras.Input((12,)),
        keras.layers.Dense(args.units, activation="relu"),
        keras.layers.Dense(8, activation="relu"),
        keras.layers.Dense(4, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="categorical_crossentropy",
                  metrics=["accuracy"])
    watch = WatchShards()
    mid = EvaluateMidEpoch(x[:64], y[:64])
    try:
        history = model.fit(x, y, batch_size=32, epochs=3, validation_split=0.25, verbose=0,
                            callbacks=[watch, mid, keras.callbacks.ModelCheckpoint(
                                os.path.join(args.out, "checkpoint.keras"))])
    except ValueError as error:
        with open(os.path.join(args.out, f"error_{rank}.txt"), "w") as f:
            f.write(str(error))
        raise SystemExit(3) from None
    evaluation = model.evaluate(x, y, verbose=0)
    predictions = model.predict(x[:50], verbose=0)
    out = args.out
    np.savez(os.path.join(out, f"weights_{rank}.npz"), *model.get_weights())
    np.savez(os.path.join(out, f"shards_{rank}.npz"), **{
        k.replace("/", "__"): v for k, v in watch.last.items()})
    with open(os.path.join(out, f"result_{rank}.json"), "w") as f:
        json.dump({
            "history": history.history,
            "evaluate": evaluation,
            "mid_epoch_evaluate": mid.result,
            "predictions_digest": predictions.ravel()[::7].tolist(),
            "kernel_shapes": sorted(watch.kernel_shapes),
            "slot_shapes": sorted(watch.slot_shapes),
        }, f)


if __name__ == "__main__":
    main()
