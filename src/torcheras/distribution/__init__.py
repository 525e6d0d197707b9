"""``keras.distribution``: devices, meshes, layouts and data-parallel training.

On PyTorch a multi-device job is one process per device, started by ``torchrun``; under it
``fit``, ``evaluate`` and ``predict`` run data-parallel with no code change. These names
describe such a job as Keras's distribution API does.
"""

from torcheras.distribution._devices import get_device_count, list_devices
from torcheras.distribution._distribution import (
    DataParallel,
    ModelParallel,
    distribute_tensor,
    distribution,
    initialize,
    set_distribution,
)
from torcheras.distribution._layout import DeviceMesh, LayoutMap, TensorLayout

__all__ = [
    "DataParallel",
    "DeviceMesh",
    "LayoutMap",
    "ModelParallel",
    "TensorLayout",
    "distribute_tensor",
    "distribution",
    "get_device_count",
    "initialize",
    "list_devices",
    "set_distribution",
]
