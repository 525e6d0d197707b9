"""Keras 2's ``keras.utils.multi_gpu_utils``: ``multi_gpu_model``."""

from __future__ import annotations

import warnings
from typing import Any

MESSAGE = (
    "multi_gpu_model() returns the model unchanged: a torcheras model runs on one device "
    "per process. For data parallelism over several GPUs, run the program under `torchrun` "
    "(see the README)."
)


def multi_gpu_model(model: Any, gpus: Any = None, cpu_merge: bool = True,
                    cpu_relocation: bool = False) -> Any:
    """Keras 2's data-parallel replication: here the model itself, with a ``UserWarning``.

    Keras 2 copied the model onto each GPU and split every batch between the copies; the
    training result is the same as one model seeing the whole batch, which is what the
    returned model does. Data parallelism over several devices is ``torchrun``.

    Args:
        model: The model to "replicate".
        gpus: Number or list of GPUs (accepted, unused).
        cpu_merge: Accepted, unused.
        cpu_relocation: Accepted, unused.

    Returns:
        ``model``, unchanged.
    """
    del gpus, cpu_merge, cpu_relocation
    warnings.warn(MESSAGE, UserWarning, stacklevel=2)
    return model


__all__ = ["multi_gpu_model"]
