"""CUDA checks, ready for a GPU machine (skipped without one): the device torcheras picks,
where weights, optimizer state and batches live, mixed precision on the GPU, and NCCL data
parallelism across the visible GPUs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

import torcheras as keras
from torcheras.backend import _device

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")


def _model():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((16,)), keras.layers.Dense(32, activation="relu"),
                              keras.layers.Dense(4, activation="softmax")])
    model.compile("adam", "categorical_crossentropy", metrics=["accuracy"])
    return model


def _data():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 4, 512)
    return (np.eye(4, 16)[y] * 2 + rng.normal(0, 0.5, (512, 16))).astype("float32"), \
        keras.utils.to_categorical(y, 4)


def test_cuda_is_the_default_device_and_holds_everything():
    assert _device._pick_device().type == "cuda"
    model = _model()
    x, y = _data()
    model.fit(x, y, batch_size=64, epochs=1, verbose=0)
    assert all(w.device.type == "cuda" for w in model.weights)
    assert all(v.device.type == "cuda" for v in model.optimizer.variables
               if isinstance(v, torch.Tensor))
    out = model.predict(x[:8], verbose=0)
    assert isinstance(out, np.ndarray) and out.shape == (8, 4)


def test_device_scope_puts_weights_on_the_cpu():
    with keras.device("cpu"):
        layer = keras.layers.Dense(2)
        layer.build((None, 3))
    assert layer.kernel.device.type == "cpu"


@pytest.mark.parametrize("policy", ["mixed_float16", "mixed_bfloat16"])
def test_mixed_precision_on_the_gpu(policy):
    keras.mixed_precision.set_global_policy(policy)
    try:
        model = _model()
        x, y = _data()
        h = model.fit(x, y, batch_size=64, epochs=5, verbose=0)
        assert model.layers[0].kernel.dtype == torch.float32
        assert h.history["loss"][-1] < h.history["loss"][0]
    finally:
        keras.mixed_precision.set_global_policy("float32")


@pytest.mark.skipif(torch.cuda.device_count() < 2, reason="needs 2 GPUs")
def test_nccl_data_parallel_on_two_gpus(tmp_path):
    program = Path(__file__).with_name("_torchrun_program.py")
    proc = subprocess.run([sys.executable, "-m", "torch.distributed.run", "--nproc_per_node=2",
                           "--standalone", str(program), str(tmp_path)],
                          capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    with np.load(tmp_path / "weights_0.npz") as a, np.load(tmp_path / "weights_1.npz") as b:
        for key in a.files:
            np.testing.assert_array_equal(a[key], b[key])
