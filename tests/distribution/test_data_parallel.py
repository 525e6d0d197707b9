"""The data-parallel pieces that need no other process: sharding arithmetic, the
order predictions are put back in, batch-size rules, and laziness at import."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import numpy as np
import pytest
import torch

from torcheras import callbacks
from torcheras.distribution._data_parallel import DataParallelRuntime
from torcheras.models import _data, _distributed
from torcheras.models._data import Method


@pytest.mark.parametrize("size, world, expected", [
    (128, 2, [(0, 64), (64, 128)]),
    (104, 2, [(0, 52), (52, 104)]),
    (10, 3, [(0, 4), (4, 7), (7, 10)]),
    (1, 2, [(0, 1), (1, 1)]),
])
def test_local_ranges_cover_the_batch_in_order(size, world, expected):
    assert [_distributed._local_range(size, r, world) for r in range(world)] == expected


def test_interleaved_samples_are_put_back_in_order():
    # 5 samples over 2 ranks: rank 0 had samples 0, 2, 4; rank 1 had 1, 3.
    parts = [{"a": np.array([[0.0], [2.0], [4.0]])}, {"a": np.array([[1.0], [3.0]])}]
    out = _distributed._interleave_samples(parts, 5)
    np.testing.assert_array_equal(out["a"][:, 0], [0, 1, 2, 3, 4])


def test_strided_sampler():
    assert list(_distributed._StridedSampler(7, 1, 3)) == [1, 4]
    assert len(_distributed._StridedSampler(7, 0, 3)) == 3


def _runtime(rank=0, world=2):
    return DataParallelRuntime(rank, world, torch.device("cpu"))


def test_global_batch_must_divide_by_the_processes():
    x = np.zeros((10, 2), "float32")
    batches = _data.make_batches(x, x, batch_size=5)
    with pytest.raises(ValueError, match=re.escape(
            "Global batch size must be divisible by the number of processes. "
            "`global_batch_size`=5 and `num_processes`=2")):
        _distributed.shard(_runtime(), batches, Method.FIT)
    # evaluate/predict may split unevenly: no step waits for the others there.
    assert _distributed.shard(_runtime(), batches, Method.EVALUATE).num_batches == 2


def test_loader_batch_must_divide_by_the_processes():
    ds = torch.utils.data.TensorDataset(torch.zeros(9, 2))
    batches = _data.make_batches(torch.utils.data.DataLoader(ds, batch_size=3))
    with pytest.raises(ValueError, match="`global_batch_size`=3 and `num_processes`=2"):
        _distributed.shard(_runtime(), batches, Method.FIT)


def test_evaluate_shards_arrays_without_collectives():
    """Rank 1's slices of each unshuffled global batch (evaluate needs no peer)."""
    x = np.arange(10, dtype="float32").reshape(10, 1)
    batches = _distributed.shard(_runtime(1, 2), _data.make_batches(x, x, batch_size=4),
                                 Method.EVALUATE)
    seen = [b[0][:, 0].tolist() for b in batches.epoch()]
    assert seen == [[2.0, 3.0], [6.0, 7.0], [9.0]]


def test_one_process_hooks_do_nothing():
    assert _distributed.join() is None
    assert _distributed.shard(None, "batches", Method.FIT) == "batches"
    grads = [torch.ones(2)]
    assert _distributed.reduce_gradients(grads, torch.zeros(3, 1)) is grads
    assert _distributed.rank_zero_only(None, 1, 1, ["cb"]) == (1, 1, ["cb"])


def test_rank_zero_only_keeps_files_and_printing_on_rank_zero(tmp_path):
    cbs = [callbacks.ModelCheckpoint(str(tmp_path / "m.keras")),
           callbacks.CSVLogger(str(tmp_path / "log.csv")), callbacks.EarlyStopping(),
           callbacks.BackupAndRestore(str(tmp_path / "b")), callbacks.ProgbarLogger()]
    assert _distributed.rank_zero_only(_runtime(0), 1, 1, cbs) == (1, 1, cbs)
    verbose, level, kept = _distributed.rank_zero_only(_runtime(1), 1, 1, cbs)
    assert (verbose, level) == (0, 0)
    assert [type(c).__name__ for c in kept] == ["EarlyStopping"]


def test_import_and_build_do_not_join_a_job():
    """Under torchrun's variables, importing torcheras and building a model change no
    process state: the process group is made by the first fit only."""
    code = ("import torch.distributed as d, torcheras as k\n"
            "m = k.Sequential([k.Input((2,)), k.layers.Dense(1)])\n"
            "m.compile('sgd', 'mse')\n"
            "print(d.is_initialized())\n")
    env = dict(os.environ, RANK="0", WORLD_SIZE="2", LOCAL_RANK="0",
               MASTER_ADDR="127.0.0.1", MASTER_PORT="1", OMP_NUM_THREADS="1")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
