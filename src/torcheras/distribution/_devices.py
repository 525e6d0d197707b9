"""The devices a program may run on, and the processes ``torchrun`` started.

Everything here only reads the environment (``torchrun``'s ``RANK``/``WORLD_SIZE``/
``LOCAL_RANK``, ``CUDA_VISIBLE_DEVICES`` through torch): nothing changes process state.
"""

from __future__ import annotations

import os

import torch

_DEVICE_TYPES = ("cpu", "gpu", "cuda", "mps")


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ValueError(
            f"The environment variable {name} must be an integer. Received: {name}={value!r}"
        ) from None


def num_processes() -> int:
    """The number of processes of the job (``WORLD_SIZE`` under ``torchrun``, else 1)."""
    return _env_int("WORLD_SIZE", 1)


def process_id() -> int:
    """This process's rank in the job (``RANK`` under ``torchrun``, else 0)."""
    return _env_int("RANK", 0)


def _local_type(device_type: str | None) -> str:
    if device_type is None:
        if torch.cuda.is_available():
            return "cuda"
        mps = getattr(torch.backends, "mps", None)
        return "mps" if mps is not None and mps.is_available() else "cpu"
    if not isinstance(device_type, str) or device_type.lower() not in _DEVICE_TYPES:
        raise ValueError(
            "Argument `device_type` must be one of 'cpu', 'gpu', 'cuda' or 'mps' (or None "
            f"for the best available). Received: device_type={device_type!r}"
        )
    kind = device_type.lower()
    return "cuda" if kind == "gpu" else kind


def list_devices(device_type: str | None = None) -> list[str]:
    """All the devices of the job, as ``"type:index"`` strings (``"gpu:0"``, ``"cpu:0"``).

    In one process: the visible GPUs (``CUDA_VISIBLE_DEVICES`` applies), else ``mps:0``,
    else ``cpu:0``. Under ``torchrun``, where each process drives one device, the job's
    devices: one per process, indexed by rank (``cpu:0`` ... ``cpu:N-1`` on CPUs).

    Args:
        device_type: ``"cpu"``, ``"gpu"`` (CUDA), ``"cuda"`` or ``"mps"``; default: GPUs
            when there are any, else the CPU.

    Returns:
        A list of device strings, as Keras's ``list_devices`` returns them.

    Example:

    >>> list_devices("cpu")[:1]
    ['cpu:0']
    """
    kind = _local_type(device_type)
    name = "gpu" if kind == "cuda" else kind
    world = num_processes()
    if world > 1:
        return [f"{name}:{i}" for i in range(world)]
    if kind == "cuda":
        return [f"gpu:{i}" for i in range(torch.cuda.device_count())]
    if kind == "mps":
        mps = getattr(torch.backends, "mps", None)
        return ["mps:0"] if mps is not None and mps.is_available() else []
    return ["cpu:0"]


def get_device_count(device_type: str | None = None) -> int:
    """The number of devices :func:`list_devices` lists.

    Args:
        device_type: As in :func:`list_devices`.

    Example:

    >>> get_device_count("cpu") >= 1
    True
    """
    return len(list_devices(device_type))
