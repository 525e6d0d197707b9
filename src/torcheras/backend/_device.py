"""Device and dtype choices, and the conversions between NumPy, Python and torch.

Every tensor torcheras creates goes through here, so a program moves between CPU and
GPU by changing one setting (``TORCHERAS_DEVICE`` or :func:`set_device`).
"""

from __future__ import annotations

import os

import numpy as np
import torch

from torcheras.backend import _config

_DTYPES = {
    "float16": torch.float16,
    "bfloat16": torch.bfloat16,
    "float32": torch.float32,
    "float64": torch.float64,
    "uint8": torch.uint8,
    "int8": torch.int8,
    "int16": torch.int16,
    "int32": torch.int32,
    "int64": torch.int64,
    "bool": torch.bool,
    "complex64": torch.complex64,
    "complex128": torch.complex128,
}
_NAMES = {v: k for k, v in _DTYPES.items()}

_device: torch.device | None = None


def _pick_device() -> torch.device:
    """As Keras's torch backend: an explicit request (``TORCHERAS_DEVICE``, or Keras's own
    ``KERAS_TORCH_DEVICE``), else CUDA, else Apple's MPS, else the CPU.

    Under ``torchrun`` each process on a machine takes the GPU of its ``LOCAL_RANK`` (the
    environment is read, nothing is changed), so ``CUDA_VISIBLE_DEVICES`` and the launcher
    decide which GPUs a program uses, without code changes.
    """
    requested = os.environ.get("TORCHERAS_DEVICE") or os.environ.get("KERAS_TORCH_DEVICE")
    if requested:
        return torch.device(requested)
    if torch.cuda.is_available():
        local_rank = os.environ.get("LOCAL_RANK")
        if local_rank is not None and "WORLD_SIZE" in os.environ:
            return torch.device("cuda", int(local_rank) % torch.cuda.device_count())
        return torch.device("cuda")
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


def get_device() -> torch.device:
    """The device new weights and batches are placed on."""
    global _device
    if _device is None:
        _device = _pick_device()
    return _device


def set_device(device: str | torch.device) -> None:
    """Choose the device for weights and data created from now on."""
    global _device
    _device = torch.device(device)


def to_torch_dtype(dtype) -> torch.dtype:
    """Map a Keras dtype spelling (``"float32"``, ``np.float32``, torch dtype) to torch."""
    if dtype is None:
        return _DTYPES[_config.floatx()]
    if isinstance(dtype, torch.dtype):
        return dtype
    name = standardize_dtype(dtype)
    try:
        return _DTYPES[name]
    except KeyError:
        raise ValueError(
            f"Unsupported dtype: {dtype!r}. Expected one of {sorted(_DTYPES)}."
        ) from None


def standardize_dtype(dtype) -> str:
    """Return the Keras name of a dtype (``"float32"`` ...)."""
    if dtype is None:
        return _config.floatx()
    if isinstance(dtype, torch.dtype):
        return _NAMES.get(dtype, str(dtype).replace("torch.", ""))
    if dtype in ("float", float):
        return "float32"
    if dtype in ("int", int):
        return "int64"
    if dtype in ("bool", bool):
        return "bool"
    if isinstance(dtype, str) and dtype in _DTYPES:
        return dtype
    try:
        return np.dtype(dtype).name
    except TypeError:
        raise ValueError(f"Unsupported dtype: {dtype!r}.") from None


def is_float_dtype(dtype) -> bool:
    return standardize_dtype(dtype).startswith(("float", "bfloat"))


def convert_to_tensor(x, dtype=None, device=None) -> torch.Tensor:
    """Turn arrays, lists, scalars and tensors into a torch tensor on our device.

    NumPy arrays are shared, not copied, when they already live on the target device.
    The dtype is kept unless ``dtype`` asks for another one.
    """
    target = get_device() if device is None else device
    tdtype = None if dtype is None else to_torch_dtype(dtype)
    if isinstance(x, torch.Tensor):
        if x.device != target or (tdtype is not None and x.dtype != tdtype):
            return x.to(device=target, dtype=tdtype)
        return x
    if isinstance(x, np.ndarray):
        if x.dtype == object:
            raise TypeError(
                "Cannot convert a NumPy array of dtype object to a tensor; "
                "pad ragged sequences first (see `keras.utils.pad_sequences`)."
            )
        if not x.flags.writeable or x.dtype.byteorder not in ("=", "|", "<"):
            x = np.array(x)
        t = torch.from_numpy(x)
    elif hasattr(x, "numpy") and not isinstance(x, (list, tuple)):
        t = torch.as_tensor(np.asarray(x.numpy()))
    else:
        t = torch.as_tensor(np.asarray(x))
    return t.to(device=target, dtype=tdtype)


def convert_to_numpy(x) -> np.ndarray:
    """Return ``x`` as a NumPy array (detached, on the CPU)."""
    if isinstance(x, torch.Tensor):
        x = x.detach()
        if x.dtype == torch.bfloat16:
            x = x.float()
        return x.cpu().numpy()
    return np.asarray(x)
