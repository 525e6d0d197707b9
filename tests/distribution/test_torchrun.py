"""Acceptance: an unchanged Keras program trains data-parallel under torchrun (gloo, CPU).

Each test launches real processes (``python -m torch.distributed.run``) running
``_torchrun_program.py`` and compares them with the same program run as one process.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

PROGRAM = Path(__file__).with_name("_torchrun_program.py")
LAUNCH_TIMEOUT = 120  # seconds: a bound, never reached by a passing run


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("RANK", "WORLD_SIZE", "LOCAL_RANK", "MASTER_ADDR", "MASTER_PORT")}
    env.update(OMP_NUM_THREADS="1", TORCHERAS_DISTRIBUTED_TIMEOUT="60", PYTHONUNBUFFERED="1")
    env.update(extra)
    return env


def _torchrun(*args) -> list[str]:
    return [sys.executable, "-m", "torch.distributed.run", *args]


def _run(cmd, tmp: Path, **env) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, env=_env(**env), capture_output=True, text=True,
                          timeout=LAUNCH_TIMEOUT, cwd=tmp)


def _result(out: Path, rank: int) -> tuple[dict, list[np.ndarray]]:
    res = json.loads((out / f"result_{rank}.json").read_text())
    with np.load(out / f"weights_{rank}.npz") as f:
        weights = [f[k] for k in f.files]
    return res, weights


@pytest.fixture(scope="module")
def single(tmp_path_factory) -> Path:
    """The program run as one ordinary process."""
    out = tmp_path_factory.mktemp("single")
    proc = _run([sys.executable, str(PROGRAM), str(out)], out)
    assert proc.returncode == 0, proc.stderr
    return out


def _assert_same_as_single(out: Path, single: Path, ranks=(0, 1)) -> None:
    ref, ref_w = _result(single, 0)
    for rank in ranks:
        res, weights = _result(out, rank)
        diff = max(float(np.abs(a - b).max()) for a, b in zip(weights, ref_w))
        assert diff <= 1e-5, f"rank {rank}: max weight difference {diff}"
        assert res["history"].keys() == ref["history"].keys()
        for key, values in ref["history"].items():
            np.testing.assert_allclose(res["history"][key], values, rtol=1e-5, err_msg=key)
        for key, value in ref["evaluate"].items():
            np.testing.assert_allclose(res["evaluate"][key], value, rtol=1e-5, err_msg=key)
        np.testing.assert_allclose(res["predictions"], ref["predictions"], atol=1e-5)


def test_two_processes_train_as_one(single, tmp_path):
    logs = tmp_path / "logs"
    proc = _run(_torchrun("--nproc_per_node=2", "--standalone", "--log-dir", str(logs),
                          "--redirects", "3", str(PROGRAM), str(tmp_path)), tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    _assert_same_as_single(tmp_path, single)
    # The history's accuracy moved: the comparison is not between two untrained models.
    hist = json.loads((tmp_path / "result_0.json").read_text())["history"]
    assert hist["loss"][1] < hist["loss"][0]
    # Only rank 0 writes the checkpoint and the CSV log, and prints.
    assert (tmp_path / "ckpt_0.weights.h5").exists()
    assert (tmp_path / "log_0.csv").exists()
    assert not (tmp_path / "ckpt_1.weights.h5").exists()
    assert not (tmp_path / "log_1.csv").exists()
    stdout = {p.parent.name: p.read_text() for p in logs.rglob("stdout.log")}
    assert "Epoch 2/2" in stdout["0"] and "val_accuracy" in stdout["0"]
    assert stdout["1"] == ""


def test_two_machines_on_one_host(single, tmp_path):
    port = _free_port()
    common = ["--nnodes=2", "--nproc_per_node=1", "--rdzv_backend=c10d",
              f"--rdzv_endpoint=127.0.0.1:{port}", "--rdzv_id=torcheras-test",
              "--rdzv_conf=timeout=60"]
    procs = [subprocess.Popen(_torchrun(*common, f"--node_rank={node}", str(PROGRAM),
                                        str(tmp_path)),
                              env=_env(), cwd=tmp_path, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
             for node in (0, 1)]
    try:
        outs = [p.communicate(timeout=LAUNCH_TIMEOUT) for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
    for p, (_, err) in zip(procs, outs):
        assert p.returncode == 0, err[-3000:]
    _assert_same_as_single(tmp_path, single)


def test_killed_peer_fails_the_other_rank_clearly(tmp_path):
    """Two processes started with torchrun's variables (no agent to clean up): rank 1 is
    SIGKILLed at the start of epoch 1; rank 0 raises the clear error, in bounded time."""
    port = _free_port()
    base = dict(MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port), WORLD_SIZE="2",
                TORCHERAS_DISTRIBUTED_TIMEOUT="5")
    procs = [subprocess.Popen([sys.executable, str(PROGRAM), str(tmp_path), "--epochs", "3",
                               "--kill-at", "1"],
                              env=_env(**base, RANK=str(r), LOCAL_RANK=str(r)), cwd=tmp_path,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for r in (0, 1)]
    start = time.monotonic()
    try:
        outs = [p.communicate(timeout=LAUNCH_TIMEOUT) for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
    elapsed = time.monotonic() - start
    assert procs[1].returncode == -signal.SIGKILL
    assert procs[0].returncode != 0
    assert "Data-parallel training failed on rank 0 of 2" in outs[0][1]
    assert "another process of the job stopped answering" in outs[0][1]
    assert elapsed < LAUNCH_TIMEOUT


def test_restarted_job_resumes_from_backup(tmp_path):
    """torchrun --max-restarts: rank 1 dies in epoch 2 of the first attempt; the next
    attempt restores rank 0's backup (epoch 2) and ends with the uninterrupted run's
    weights (no shuffling, so the resumed epochs see the same batches)."""
    ref_dir, run_dir = tmp_path / "ref", tmp_path / "run"
    ref_dir.mkdir()
    run_dir.mkdir()
    args = ["--epochs", "3", "--shuffle", "0"]
    ref = _run([sys.executable, str(PROGRAM), str(ref_dir), *args], ref_dir)
    assert ref.returncode == 0, ref.stderr[-3000:]
    # Two restarts allowed: gloo's full-mesh connect of a restarted attempt is sometimes
    # refused on a loaded host (before any training); the next attempt then resumes alike.
    proc = _run(_torchrun("--nproc_per_node=2", "--standalone", "--max-restarts=2",
                          str(PROGRAM), str(run_dir), *args, "--kill-at", "2",
                          "--backup", str(tmp_path / "backup")), run_dir)
    assert proc.returncode == 0, proc.stderr[-3000:]
    res, weights = _result(run_dir, 0)
    ref_res, ref_weights = _result(ref_dir, 0)
    assert len(res["history"]["loss"]) == 1  # only epoch 2 ran in the second attempt
    np.testing.assert_allclose(res["history"]["loss"], ref_res["history"]["loss"][2:],
                               rtol=1e-5)
    diff = max(float(np.abs(a - b).max()) for a, b in zip(weights, ref_weights))
    assert diff <= 1e-5


def test_every_input_kind_is_sharded(tmp_path):
    """DataLoader (DistributedSampler), PyDataset and generator (rank-strided batches) under
    two processes train, evaluate and predict as arrays in one process."""
    kinds = Path(__file__).with_name("_input_kinds_program.py")
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    proc = _run([sys.executable, str(kinds), str(one)], one)
    assert proc.returncode == 0, proc.stderr[-3000:]
    proc = _run(_torchrun("--nproc_per_node=2", "--standalone", str(kinds), str(two)), two)
    assert proc.returncode == 0, proc.stderr[-3000:]
    with np.load(one / "arrays_0.npz") as f:
        ref = {k: f[k] for k in f.files}
    for kind in ("arrays", "loader", "pydataset", "generator"):
        for out, ranks in ((one, (0,)), (two, (0, 1))):
            for rank in ranks:
                with np.load(out / f"{kind}_{rank}.npz") as f:
                    for key, value in ref.items():
                        np.testing.assert_allclose(f[key], value, atol=1e-5,
                                                   err_msg=f"{kind} rank {rank} {key}")
