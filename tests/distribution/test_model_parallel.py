"""``keras.distribution.ModelParallel`` under torchrun: weights split across processes.

The acceptance test launches CPU processes (gloo) running ``_model_parallel_program.py``
with the Dense kernels split along their output axis: 2 processes on a (1, 2) mesh (the
model axis only) and 4 on a (2, 2) mesh (data x model), and compares them with the same
program run as one unsharded process. The other tests check the sharding plan in-process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

import torcheras as keras
from torcheras.distribution._model_parallel import ModelParallelRuntime
from torcheras.models import _distributed

PROGRAM = Path(__file__).with_name("_model_parallel_program.py")
LAUNCH_TIMEOUT = 120  # seconds: a bound, never reached by a passing run


def _env() -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("RANK", "WORLD_SIZE", "LOCAL_RANK", "MASTER_ADDR", "MASTER_PORT")}
    env.update(OMP_NUM_THREADS="1", TORCHERAS_DISTRIBUTED_TIMEOUT="60", PYTHONUNBUFFERED="1")
    return env


def _run(cmd, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, env=_env(), capture_output=True, text=True,
                          timeout=LAUNCH_TIMEOUT, cwd=cwd)


def _load(out: Path, rank: int):
    result = json.loads((out / f"result_{rank}.json").read_text())
    with np.load(out / f"weights_{rank}.npz") as f:
        weights = [f[k] for k in f.files]
    with np.load(out / f"shards_{rank}.npz") as f:
        shards = {k.replace("__", "/"): f[k] for k in f.files}
    return result, weights, shards


KERNELS = ["sequential/dense/kernel", "sequential/dense_1/kernel", "sequential/dense_2/kernel"]


@pytest.fixture(scope="module")
def single(tmp_path_factory) -> Path:
    """The program run as one ordinary, unsharded process."""
    out = tmp_path_factory.mktemp("single")
    proc = _run([sys.executable, str(PROGRAM), str(out)], out)
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.mark.parametrize("processes, replicas", [(2, 1), (4, 2)],
                         ids=["mesh_1x2", "mesh_2x2"])
def test_sharded_training_equals_unsharded_run(single, tmp_path, processes, replicas):
    proc = _run([sys.executable, "-m", "torch.distributed.run",
                 f"--nproc_per_node={processes}", "--standalone", str(PROGRAM), str(tmp_path),
                 "--replicas", str(replicas)], tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    ref, ref_weights, _ = _load(single, 0)
    assert ref["kernel_shapes"] == [[KERNELS[0], [12, 16]], [KERNELS[1], [16, 8]],
                                    [KERNELS[2], [8, 4]]]
    model_axis = processes // replicas
    for rank in range(processes):
        res, weights, shards = _load(tmp_path, rank)
        # Between steps each process holds half of every kernel and of its Adam slots.
        assert res["kernel_shapes"] == [[KERNELS[0], [12, 8]], [KERNELS[1], [16, 4]],
                                        [KERNELS[2], [8, 2]]]
        assert sorted({tuple(s) for _, s in res["slot_shapes"]}) == [(8, 2), (12, 8),
                                                                     (16, 4)]
        assert len(res["slot_shapes"]) == 6
        # get_weights gives the gathered full weights, equal to the unsharded run's.
        assert [w.shape for w in weights] == [w.shape for w in ref_weights]
        diff = max(float(np.abs(a - b).max()) for a, b in zip(weights, ref_weights))
        assert diff <= 1e-5, diff
        # The slice held after the last step is this rank's columns of the final kernel.
        full = dict(zip(KERNELS, weights[0::2]))
        index = rank % model_axis
        for path, shard in shards.items():
            width = full[path].shape[1] // model_axis
            np.testing.assert_array_equal(shard, full[path][:, index * width:(index + 1) * width])
        assert res["history"].keys() == ref["history"].keys()
        for key, values in ref["history"].items():
            np.testing.assert_allclose(res["history"][key], values, atol=1e-6, rtol=0)
        np.testing.assert_allclose(res["evaluate"], ref["evaluate"], atol=1e-6, rtol=0)
        np.testing.assert_allclose(res["mid_epoch_evaluate"], ref["mid_epoch_evaluate"],
                                   atol=1e-6, rtol=0)
        np.testing.assert_allclose(res["predictions_digest"], ref["predictions_digest"],
                                   atol=1e-5, rtol=0)
    # The checkpoint written at the last epoch's end (by rank 0) holds whole weights and
    # whole optimizer state, as the unsharded run's.
    saved = keras.saving.load_model(tmp_path / "checkpoint.keras")
    ref_saved = keras.saving.load_model(single / "checkpoint.keras")
    for a, b in zip(saved.weights + saved.optimizer.variables,
                    ref_saved.weights + ref_saved.optimizer.variables):
        assert tuple(a.shape) == tuple(b.shape)
        np.testing.assert_allclose(a.numpy(), b.numpy(), atol=1e-5, rtol=0)


def test_fit_refuses_a_layout_that_does_not_divide_its_dimension(tmp_path):
    proc = _run([sys.executable, "-m", "torch.distributed.run", "--nproc_per_node=2",
                 "--standalone", str(PROGRAM), str(tmp_path), "--units", "15"], tmp_path)
    assert proc.returncode != 0
    for rank in (0, 1):
        assert (tmp_path / f"error_{rank}.txt").read_text() == (
            "Cannot shard the variable 'sequential/dense/kernel' of shape (12, 15): its "
            "layout (None, 'model') splits dimension 1 (size 15) over the mesh axis 'model' "
            "of 2 devices, which does not divide it. Mesh: shape=(1, 2), "
            "axis_names=['batch', 'model'].")


# ------------------------------------------------------------------ in-process checks
def _setting(key="sequential/dense.*/kernel", axes=(None, "model"), shape=(1, 2),
             names=("batch", "model")):
    devices = [f"cpu:{i}" for i in range(int(np.prod(shape)))]
    mesh = keras.distribution.DeviceMesh(shape, list(names), devices=devices)
    layout_map = keras.distribution.LayoutMap(mesh)
    layout_map[key] = axes
    return keras.distribution.ModelParallel(layout_map=layout_map, batch_dim_name="batch")


def _model(units=16):
    keras.backend.clear_session()  # layer names (and so paths) start over
    keras.utils.set_random_seed(1)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(units),
                              keras.layers.Dense(2)])
    model.compile(optimizer="adam", loss="mse")
    model.optimizer.build(model.trainable_variables)
    return model


def test_rank_keeps_its_slice_of_weights_and_slots():
    model = _model()
    runtime = ModelParallelRuntime(1, 2, torch.device("cpu"), _setting())
    runtime.plan(model)
    assert runtime.sharded_paths == ["sequential/dense/kernel", "sequential/dense_1/kernel"]
    kernel = model.layers[0].kernel
    full = kernel.numpy()
    runtime.to_shards()
    assert tuple(kernel.shape) == (3, 8)
    np.testing.assert_array_equal(kernel.numpy(), full[:, 8:])
    momentum = [v for v in model.optimizer.variables
                if v.path == "adam/sequential_dense_kernel_momentum"][0]
    assert tuple(momentum.shape) == (3, 8)
    assert tuple(model.layers[0].bias.shape) == (16,)  # no layout: whole everywhere


def test_single_process_model_parallel_trains_unsharded():
    x = np.random.default_rng(0).normal(size=(32, 3)).astype("float32")
    y = x[:, :2] * 2
    plain = _model()
    plain.fit(x, y, batch_size=8, epochs=2, verbose=0)
    with _setting().scope():
        model = _model()
        model.fit(x, y, batch_size=8, epochs=2, verbose=0)
    for a, b in zip(model.get_weights(), plain.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert tuple(model.layers[0].kernel.shape) == (3, 16)


@pytest.mark.parametrize("setting, units, message", [
    (dict(), 15, "Cannot shard the variable 'sequential/dense/kernel' of shape (3, 15): its "
                 "layout (None, 'model') splits dimension 1 (size 15) over the mesh axis "
                 "'model' of 2 devices, which does not divide it. Mesh: shape=(1, 2), "
                 "axis_names=['batch', 'model']."),
    (dict(key="nothing.*"), 16, "The LayoutMap key 'nothing.*' names no weight of the "
                                "model 'sequential'. Its weights' paths are: "
                                "['sequential/dense/kernel', 'sequential/dense/bias', "
                                "'sequential/dense_1/kernel', 'sequential/dense_1/bias']"),
    (dict(key=".*dense/kernel", axes=("model",)), 16,
     "The layout ('model',) for the variable 'sequential/dense/kernel' has 1 axes but "
     "the variable has shape (3, 16) (rank 2)."),
])
def test_bad_layouts(setting, units, message):
    runtime = ModelParallelRuntime(0, 2, torch.device("cpu"), _setting(**setting))
    with pytest.raises(ValueError) as info:
        runtime.plan(_model(units))
    assert str(info.value) == message


def test_clipping_by_norm_is_refused():
    runtime = ModelParallelRuntime(0, 2, torch.device("cpu"), _setting())
    model = _model()
    model.compile(optimizer=keras.optimizers.Adam(global_clipnorm=1.0), loss="mse")
    model.optimizer.build(model.trainable_variables)
    with pytest.raises(ValueError) as info:
        runtime.plan(model)
    assert str(info.value) == (
        "`global_clipnorm` cannot be used with weights sharded by ModelParallel (sharded: "
        "['sequential/dense/kernel', 'sequential/dense_1/kernel']). Received: "
        "global_clipnorm=1.0; `clipvalue` works.")


def test_loss_scale_optimizer_slots_are_sharded():
    runtime = ModelParallelRuntime(0, 2, torch.device("cpu"), _setting())
    model = _model()
    model.compile(optimizer=keras.optimizers.LossScaleOptimizer(keras.optimizers.Adam()),
                  loss="mse")
    model.optimizer.build(model.trainable_variables)
    runtime.plan(model)
    runtime.to_shards()
    # The inner Adam's slots (named after it, not after the wrapper) follow the kernels.
    shapes = {v.path.split("/", 1)[1]: tuple(v.shape) for v in model.optimizer.variables}
    assert shapes["sequential_dense_kernel_momentum"] == (3, 8)
    assert shapes["sequential_dense_1_kernel_velocity"] == (16, 1)
    assert shapes["sequential_dense_bias_momentum"] == (16,)


@pytest.mark.parametrize("callback", [
    keras.callbacks.ModelCheckpoint("m.keras", save_freq=5),
    keras.callbacks.BackupAndRestore("backup", save_freq=5),
])
def test_checkpoints_within_an_epoch_are_refused(callback):
    with pytest.raises(ValueError) as info:
        _distributed._check_epoch_checkpoints([keras.callbacks.History(), callback])
    assert str(info.value) == (
        f"{type(callback).__name__}(save_freq=5) would save in the middle of an epoch, "
        "when the weights a ModelParallel layout map shards are split across the "
        "processes; use save_freq='epoch'.")
    _distributed._check_epoch_checkpoints([keras.callbacks.ModelCheckpoint("m.keras")])


def test_mesh_must_match_the_job():
    with pytest.raises(ValueError, match=r"has 2 devices, but the job has 4 processes"):
        _distributed._model_parallel_runtime(_setting(), 4)
