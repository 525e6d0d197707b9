"""list_devices, get_device_count, initialize, and the device torcheras picks."""

from __future__ import annotations

import re

import pytest
import torch

from torcheras import distribution
from torcheras.backend import _device
from torcheras.distribution import _torchrun

TORCHRUN_VARS = ("RANK", "WORLD_SIZE", "LOCAL_RANK", "MASTER_ADDR", "MASTER_PORT")


@pytest.fixture(autouse=True)
def _one_process(monkeypatch):
    for name in TORCHRUN_VARS + ("TORCHERAS_DEVICE", "KERAS_TORCH_DEVICE"):
        monkeypatch.delenv(name, raising=False)


def test_list_devices_in_one_process():
    assert distribution.list_devices("cpu") == ["cpu:0"]
    assert distribution.list_devices() == (
        [f"gpu:{i}" for i in range(torch.cuda.device_count())] if torch.cuda.is_available()
        else distribution.list_devices("cpu"))
    assert distribution.get_device_count("cpu") == 1
    assert distribution.list_devices("CPU") == ["cpu:0"]


def test_list_devices_of_a_torchrun_job(monkeypatch):
    monkeypatch.setenv("WORLD_SIZE", "3")
    monkeypatch.setenv("RANK", "2")
    assert distribution.list_devices("cpu") == ["cpu:0", "cpu:1", "cpu:2"]
    assert distribution.get_device_count("cpu") == 3
    assert distribution.DataParallel(devices=["cpu:0"]).num_processes == 3


@pytest.mark.parametrize("device_type", ["tpu", 3, "gpu:0"])
def test_list_devices_bad_type(device_type):
    with pytest.raises(ValueError, match=re.escape(
            "Argument `device_type` must be one of 'cpu', 'gpu', 'cuda' or 'mps' (or None for "
            f"the best available). Received: device_type={device_type!r}")):
        distribution.list_devices(device_type)


def test_bad_world_size_variable(monkeypatch):
    monkeypatch.setenv("WORLD_SIZE", "two")
    with pytest.raises(ValueError, match=re.escape(
            "The environment variable WORLD_SIZE must be an integer. Received: "
            "WORLD_SIZE='two'")):
        distribution.list_devices("cpu")


def test_device_choice(monkeypatch):
    """Keras's torch backend's order: an explicit request, then CUDA, then MPS, then CPU."""
    monkeypatch.setenv("KERAS_TORCH_DEVICE", "meta")
    assert _device._pick_device() == torch.device("meta")
    monkeypatch.setenv("TORCHERAS_DEVICE", "cpu")
    assert _device._pick_device() == torch.device("cpu")  # ours wins over Keras's
    monkeypatch.delenv("TORCHERAS_DEVICE")
    monkeypatch.delenv("KERAS_TORCH_DEVICE")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: True)
    assert _device._pick_device() == torch.device("mps")
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: False)
    assert _device._pick_device() == torch.device("cpu")


def test_torchrun_gpu_follows_local_rank(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 2)
    assert _device._pick_device() == torch.device("cuda")
    monkeypatch.setenv("WORLD_SIZE", "4")
    monkeypatch.setenv("LOCAL_RANK", "3")
    assert _device._pick_device() == torch.device("cuda", 1)


def test_backend_and_timeout(monkeypatch):
    assert _torchrun.backend_for(torch.device("cuda", 0)) == "nccl"
    assert _torchrun.backend_for(torch.device("cpu")) == "gloo"
    assert _torchrun.timeout().total_seconds() == _torchrun.DEFAULT_TIMEOUT_SECONDS
    monkeypatch.setenv("TORCHERAS_DISTRIBUTED_TIMEOUT", "7.5")
    assert _torchrun.timeout().total_seconds() == 7.5
    monkeypatch.setenv("TORCHERAS_DISTRIBUTED_TIMEOUT", "soon")
    with pytest.raises(ValueError, match=re.escape(
            "TORCHERAS_DISTRIBUTED_TIMEOUT must be a number of seconds. Received: 'soon'")):
        _torchrun.timeout()


def test_one_process_joins_nothing():
    assert not _torchrun.in_torchrun()
    assert _torchrun.ensure_process_group() is False
    distribution.initialize()  # no job described: nothing to join
    assert not torch.distributed.is_initialized()


@pytest.mark.parametrize("kwargs, message", [
    ({"job_addresses": "10.0.0.1:1234"}, "`initialize` needs `job_addresses`, "
                                         "`num_processes` and `process_id` together"),
    ({"job_addresses": "h:1", "num_processes": 0, "process_id": 0},
     "Argument `num_processes` must be a positive integer. Received: num_processes=0"),
    ({"job_addresses": "h:1", "num_processes": 2, "process_id": 2},
     "Argument `process_id` must be an integer in [0, 2). Received: process_id=2"),
    ({"job_addresses": "host", "num_processes": 2, "process_id": 0},
     "Argument `job_addresses` must list `host:port` addresses"),
])
def test_initialize_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        distribution.initialize(**kwargs)
