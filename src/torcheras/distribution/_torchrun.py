"""Joining a ``torchrun`` job: the process group, made lazily at the first ``fit``.

``torchrun`` (``python -m torch.distributed.run``) starts one process per device and sets
``RANK``, ``WORLD_SIZE``, ``LOCAL_RANK``, ``MASTER_ADDR`` and ``MASTER_PORT``. Importing
torcheras changes nothing; the first ``fit``/``evaluate``/``predict`` of a process that
finds those variables (with ``WORLD_SIZE > 1``) joins the process group: NCCL when the
device is CUDA, gloo otherwise.

A collective waits at most ``TORCHERAS_DISTRIBUTED_TIMEOUT`` seconds (default 600) for the
other processes, so a job whose peer died fails with a clear error instead of hanging.
"""

from __future__ import annotations

import atexit
import datetime
import os

import torch
import torch.distributed as dist

from torcheras.backend import _device
from torcheras.distribution._devices import _env_int

_TORCHRUN_VARS = ("RANK", "WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT")
DEFAULT_TIMEOUT_SECONDS = 600.0


def in_torchrun() -> bool:
    """Whether the environment describes a multi-process job (``WORLD_SIZE > 1``)."""
    return all(v in os.environ for v in _TORCHRUN_VARS) and _env_int("WORLD_SIZE", 1) > 1


def timeout() -> datetime.timedelta:
    """How long a collective waits for the other processes."""
    raw = os.environ.get("TORCHERAS_DISTRIBUTED_TIMEOUT")
    seconds = DEFAULT_TIMEOUT_SECONDS
    if raw:
        try:
            seconds = float(raw)
        except ValueError:
            raise ValueError(
                "The environment variable TORCHERAS_DISTRIBUTED_TIMEOUT must be a number of "
                f"seconds. Received: {raw!r}"
            ) from None
    return datetime.timedelta(seconds=seconds)


def backend_for(device: torch.device) -> str:
    """NCCL for CUDA devices, gloo for the others."""
    return "nccl" if device.type == "cuda" else "gloo"


def ensure_process_group() -> bool:
    """Join the job's process group if the environment describes one; whether joined.

    Called by ``fit``/``evaluate``/``predict``; a group the program made itself (e.g. with
    ``torch.distributed.init_process_group``) is used as it is.
    """
    if dist.is_available() and dist.is_initialized():
        return dist.get_world_size() > 1
    if not in_torchrun():
        return False
    if not dist.is_available():
        raise RuntimeError(
            "This program runs under torchrun (WORLD_SIZE > 1) but this PyTorch build has "
            "no torch.distributed support."
        )
    device = _device.get_device()
    kwargs = {}
    if device.type == "cuda":
        torch.cuda.set_device(device)
        kwargs["device_id"] = device
    dist.init_process_group(backend=backend_for(device), timeout=timeout(),
                            **_attempt_store(), **kwargs)
    # The group is ours: leave it cleanly at exit, or a process that ends while a peer's
    # gloo threads still talk to it can abort (SIGABRT) instead of exiting with 0.
    atexit.register(_leave)
    return True


def _attempt_store() -> dict:
    """Under a torchrun agent, the agent's store with a prefix per restart attempt.

    The processes of a restarted attempt (``--max-restarts``) otherwise could read the
    addresses the previous attempt's processes published under the same keys, and gloo's
    connection to a dead process is refused. Outside an agent: torch's own ``env://``.
    """
    attempt = os.environ.get("TORCHELASTIC_RESTART_COUNT")
    if attempt is None or os.environ.get("TORCHELASTIC_USE_AGENT_STORE") != "True":
        return {}
    store = dist.TCPStore(os.environ["MASTER_ADDR"], _env_int("MASTER_PORT", 0),
                          _env_int("WORLD_SIZE", 1), is_master=False, timeout=timeout())
    return {"store": dist.PrefixStore(f"torcheras/attempt_{attempt}", store),
            "rank": _env_int("RANK", 0), "world_size": _env_int("WORLD_SIZE", 1)}


_broken = {"group": False}  # a collective failed: a peer is gone


def _leave() -> None:
    # After a failed collective, tearing the group down waits on the dead peer: skip it.
    if dist.is_available() and dist.is_initialized() and not _broken["group"]:
        dist.destroy_process_group()


def initialize(job_addresses: str | None, num_processes: int | None,
               process_id: int | None) -> None:
    """``keras.distribution.initialize``: join a job described by arguments or the
    ``KERAS_DISTRIBUTION_*`` variables, else by ``torchrun``'s."""
    if job_addresses is None:
        job_addresses = os.environ.get("KERAS_DISTRIBUTION_JOB_ADDRESSES")
    if num_processes is None and "KERAS_DISTRIBUTION_NUM_PROCESSES" in os.environ:
        num_processes = _env_int("KERAS_DISTRIBUTION_NUM_PROCESSES", 1)
    if process_id is None and "KERAS_DISTRIBUTION_PROCESS_ID" in os.environ:
        process_id = _env_int("KERAS_DISTRIBUTION_PROCESS_ID", 0)
    if job_addresses is None and num_processes is None and process_id is None:
        ensure_process_group()
        return
    if not job_addresses or num_processes is None or process_id is None:
        raise ValueError(
            "`initialize` needs `job_addresses`, `num_processes` and `process_id` together "
            f"(or none of them, under torchrun). Received: job_addresses={job_addresses!r}, "
            f"num_processes={num_processes!r}, process_id={process_id!r}"
        )
    if not isinstance(num_processes, int) or num_processes < 1:
        raise ValueError(
            "Argument `num_processes` must be a positive integer. "
            f"Received: num_processes={num_processes!r}"
        )
    if not isinstance(process_id, int) or not 0 <= process_id < num_processes:
        raise ValueError(
            f"Argument `process_id` must be an integer in [0, {num_processes}). "
            f"Received: process_id={process_id!r}"
        )
    coordinator = str(job_addresses).split(",")[0].strip()
    if ":" not in coordinator:
        raise ValueError(
            "Argument `job_addresses` must list `host:port` addresses, the first being the "
            f"coordinator. Received: job_addresses={job_addresses!r}"
        )
    if dist.is_initialized():
        return
    device = _device.get_device()
    dist.init_process_group(backend=backend_for(device), init_method=f"tcp://{coordinator}",
                            world_size=num_processes, rank=process_id, timeout=timeout())


class PeerFailure(RuntimeError):
    """A collective with the other processes of the job failed (a peer died or hung)."""


def peer_failure(error: BaseException, what: str) -> PeerFailure:
    """The clear error raised when a collective fails: which rank, what it was doing."""
    _broken["group"] = True
    rank = dist.get_rank() if dist.is_initialized() else 0
    world = dist.get_world_size() if dist.is_initialized() else 1
    return PeerFailure(
        f"Data-parallel training failed on rank {rank} of {world} while {what}: another "
        "process of the job stopped answering (it died, was killed, or is stuck for longer "
        "than TORCHERAS_DISTRIBUTED_TIMEOUT="
        f"{timeout().total_seconds():g} s). With `torchrun --max-restarts=N` and a "
        "`keras.callbacks.BackupAndRestore` callback, a restarted job resumes from the last "
        f"backup. Cause: {type(error).__name__}: {error}"
    )
