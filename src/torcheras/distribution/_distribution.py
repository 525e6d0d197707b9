"""Keras's ``Distribution`` classes and the global distribution setting.

On PyTorch a data-parallel job is one process per device started by ``torchrun``; a
``DataParallel`` distribution describes that job (its mesh has one device per process) and
``fit``/``evaluate``/``predict`` run data-parallel whenever the job has more than one
process (see ``_data_parallel``). Under ``ModelParallel`` ``fit`` also splits the weights
its layout map names across the processes (see ``_model_parallel``); ``distribute_tensor``
gives a ``torch.distributed`` DTensor.
"""

from __future__ import annotations

import contextlib
import warnings

import numpy as np
import torch

from torcheras.backend import _device
from torcheras.backend._keras_tensor import KerasTensor
from torcheras.distribution import _torchrun
from torcheras.distribution._devices import list_devices, num_processes, process_id
from torcheras.distribution._layout import DeviceMesh, LayoutMap, TensorLayout

DEFAULT_BATCH_DIM_NAME = "batch"

_current: Distribution | None = None


class Distribution:
    """The base of ``DataParallel`` and ``ModelParallel``.

    Args:
        device_mesh: The ``DeviceMesh`` the job runs on.
        batch_dim_name: The mesh axis the batch dimension of the data is split along.
        auto_shard_dataset: Whether each process reads its own shard of the data (set
            ``False`` when the data given to each process is already its shard).
    """

    def __init__(self, device_mesh: DeviceMesh, batch_dim_name: str | None = None,
                 auto_shard_dataset: bool = True):
        self._device_mesh = device_mesh
        self._batch_dim_name = batch_dim_name
        self._auto_shard_dataset = auto_shard_dataset
        self._num_processes = num_processes()
        self._process_id = process_id()
        self._is_multi_process = self._num_processes > 1

    @property
    def num_processes(self) -> int:
        """The job's number of processes."""
        return self._num_processes

    @property
    def num_model_replicas(self) -> int:
        """The number of model replicas the batch is split across."""
        raise NotImplementedError

    @property
    def data_shard_id(self) -> int:
        """The shard of the data this process reads."""
        replicas = self.num_model_replicas
        if replicas >= self.num_processes:
            return self._process_id
        return self._process_id // (self.num_processes // replicas)

    def get_data_layout(self, data_shape) -> TensorLayout:
        """The layout of an input batch of ``data_shape``: split along the batch axis."""
        spec = [None] * len(data_shape)
        spec[0] = self.batch_dim_name
        return TensorLayout(spec, self.device_mesh)

    def get_variable_layout(self, variable) -> TensorLayout:
        """The layout of ``variable`` (its own ``_layout`` first)."""
        raise NotImplementedError

    def get_tensor_layout(self, path: str):
        """The layout of the intermediate tensor at ``path`` (``None``: unchanged)."""
        raise NotImplementedError

    @contextlib.contextmanager
    def scope(self):
        """Make this distribution the current one inside a ``with`` block."""
        previous = distribution()
        set_distribution(self)
        try:
            yield
        finally:
            set_distribution(previous)

    @property
    def device_mesh(self) -> DeviceMesh:
        """The mesh of the job."""
        return self._device_mesh

    @property
    def batch_dim_name(self) -> str | None:
        """The mesh axis the batch is split along."""
        return self._batch_dim_name

    @property
    def auto_shard_dataset(self) -> bool:
        """Whether each process reads its own shard of the data."""
        return self._auto_shard_dataset

    @auto_shard_dataset.setter
    def auto_shard_dataset(self, value: bool) -> None:
        self._auto_shard_dataset = value

    def distribute_dataset(self, dataset):
        """``dataset``, sharded for this process: ``fit``/``evaluate``/``predict`` shard
        the data they are given themselves, so the dataset is returned as is."""
        return dataset

    def __repr__(self) -> str:
        return f"<{type(self).__name__} device_mesh={self.device_mesh}>"


class DataParallel(Distribution):
    """Data parallelism: every device holds the whole model and a slice of each batch.

    On PyTorch each device is one process started by ``torchrun``; a program needs no
    ``DataParallel`` to train data-parallel under ``torchrun``, but may state it (and
    ``auto_shard_dataset=False`` when its data is already sharded per process).

    Args:
        device_mesh: A 1D ``DeviceMesh`` (with more axes, the first is the batch axis).
        devices: A list of devices for a 1D mesh (instead of ``device_mesh``).
        auto_shard_dataset: Whether each process reads its own shard of the data.

    Example:

    >>> DataParallel(devices=["cpu:0"]).batch_dim_name
    'batch'
    """

    def __init__(self, device_mesh: DeviceMesh | None = None, devices=None,
                 auto_shard_dataset: bool = True):
        if device_mesh:
            if not isinstance(device_mesh, DeviceMesh):
                raise ValueError(
                    "Expect `mesh` to be an instance of `DeviceMesh`. "
                    f"Received: mesh={device_mesh} (of type {type(device_mesh)})"
                )
            super().__init__(device_mesh, device_mesh.axis_names[0], auto_shard_dataset)
            if device_mesh.devices.ndim != 1:
                warnings.warn(
                    "Expect the input mesh to be 1D, but received mesh.devices.ndim="
                    f"{device_mesh.devices.ndim}. The first axis will be used for "
                    "data-parallel sharding.", stacklevel=2)
            return
        devices = np.array(devices if devices else list_devices())
        mesh = DeviceMesh(shape=devices.shape, axis_names=[DEFAULT_BATCH_DIM_NAME],
                          devices=devices)
        super().__init__(mesh, DEFAULT_BATCH_DIM_NAME, auto_shard_dataset)

    @property
    def num_model_replicas(self) -> int:
        return int(self.device_mesh.devices.size)

    def get_variable_layout(self, variable) -> TensorLayout:
        layout = getattr(variable, "_layout", None)
        if layout is not None:
            return layout
        return TensorLayout([None] * len(variable.shape), self.device_mesh)

    def get_tensor_layout(self, path: str):
        return None


class ModelParallel(Distribution):
    """Model parallelism: weights named in a ``LayoutMap`` are split across devices.

    On PyTorch each device of the mesh is one process of a ``torchrun`` job. During
    ``fit`` each process keeps only its slice of every weight whose layout splits a
    dimension along a mesh axis of several devices, and of that weight's optimizer state;
    the slices are all-gathered for each forward pass and the gradients reduce-scattered
    (see ``_model_parallel``). The batch is split along ``batch_dim_name`` as with
    ``DataParallel``. Outside a training step the weights are whole. In a single
    process nothing is split.

    Args:
        layout_map: The ``LayoutMap`` from variable paths to ``TensorLayout``s.
        batch_dim_name: The mesh axis the data is split along (default: the first).
        auto_shard_dataset: Whether each process reads its own shard of the data.
        **kwargs: ``device_mesh`` is accepted and ignored (the layout map's is used).
    """

    def __init__(self, *, layout_map: LayoutMap | None = None,
                 batch_dim_name: str | None = None, auto_shard_dataset: bool = True,
                 **kwargs):
        kwargs.pop("device_mesh", None)
        if kwargs:
            raise TypeError(f"ModelParallel got unexpected keyword arguments: {sorted(kwargs)}")
        if layout_map is None:
            raise ValueError("You must specify a layout_map argument.")
        if not isinstance(layout_map, LayoutMap):
            raise ValueError(
                "Argument `layout_map` must be a `LayoutMap` instance. "
                f"Received: layout_map={layout_map}"
            )
        mesh = layout_map.device_mesh
        super().__init__(mesh, batch_dim_name or mesh.axis_names[0], auto_shard_dataset)
        self._layout_map = layout_map
        if (self._is_multi_process and self.num_processes > self.num_model_replicas
                and self.num_processes % self.num_model_replicas != 0):
            raise ValueError(
                "If `num_processes` is greater than `num_model_replicas`, `num_processes` "
                "must be divisible by `num_model_replicas`. Got "
                f"num_processes={self.num_processes}, "
                f"num_model_replicas={self.num_model_replicas}."
            )

    @property
    def num_model_replicas(self) -> int:
        index = list(self.device_mesh.axis_names).index(self.batch_dim_name)
        return int(self.device_mesh.shape[index])

    def get_variable_layout(self, variable) -> TensorLayout:
        layout = getattr(variable, "_layout", None)
        if layout is not None:
            return layout
        layout = self._layout_map[variable.path]
        if layout is not None:
            return layout
        return TensorLayout([None] * len(variable.shape), self.device_mesh)

    def get_tensor_layout(self, path: str):
        return self._layout_map[path]


def distribution() -> Distribution | None:
    """The current distribution (``None`` unless one was set)."""
    return _current


def set_distribution(value: Distribution | None) -> None:
    """Make ``value`` the current distribution (``None`` clears it).

    Args:
        value: A ``Distribution`` instance, or ``None``.
    """
    global _current
    if value is not None and not isinstance(value, Distribution):
        raise ValueError(
            "Argument `value` must be a `keras.distribution.Distribution` instance "
            f"(DataParallel or ModelParallel) or None. Received: value={value!r}"
        )
    _current = value


def distribute_tensor(tensor, layout: TensorLayout):
    """``tensor`` laid out as ``layout`` says.

    A replicated layout, or a mesh of one device, gives the tensor itself (on the current
    device). A split layout over the processes of a ``torchrun`` job gives a
    ``torch.distributed`` DTensor holding this process's shard.

    Args:
        tensor: A tensor or array (a symbolic ``KerasTensor`` is returned unchanged).
        layout: The ``TensorLayout``, with its ``device_mesh`` set.
    """
    if isinstance(tensor, KerasTensor):
        return tensor
    if not isinstance(layout, TensorLayout):
        raise ValueError(
            "Argument `layout` must be a `keras.distribution.TensorLayout`. "
            f"Received: layout={layout!r}"
        )
    value = _device.convert_to_tensor(tensor)
    mesh = layout.device_mesh
    if layout.is_replicated or mesh is None or mesh.devices.size == 1:
        return value
    if len(layout.axes) != value.ndim:
        raise ValueError(
            f"The layout {layout} has {len(layout.axes)} axes but the tensor has rank "
            f"{value.ndim} (shape {tuple(value.shape)})."
        )
    world = num_processes()
    if mesh.devices.size != world:
        raise ValueError(
            f"Cannot split a tensor over a mesh of {mesh.devices.size} devices in a job of "
            f"{world} process(es): on PyTorch each device of a mesh is one process; start "
            f"the program with `torchrun --nproc_per_node={mesh.devices.size}`."
        )
    _torchrun.ensure_process_group()
    return _to_dtensor(value, layout)


def _to_dtensor(value: torch.Tensor, layout: TensorLayout):
    from torch.distributed import tensor as dtensor  # noqa: PLC0415  (optional subsystem)
    from torch.distributed.device_mesh import DeviceMesh as TorchMesh  # noqa: PLC0415

    mesh = layout.device_mesh
    ranks = np.arange(mesh.devices.size).reshape(mesh.shape)
    torch_mesh = TorchMesh(_device.get_device().type, torch.as_tensor(ranks),
                           mesh_dim_names=tuple(mesh.axis_names))
    placements = []
    for axis in mesh.axis_names:
        dims = [d for d, a in enumerate(layout.axes) if a == axis]
        placements.append(dtensor.Shard(dims[0]) if dims else dtensor.Replicate())
    return dtensor.distribute_tensor(value, torch_mesh, placements)


def initialize(job_addresses: str | None = None, num_processes: int | None = None,
               process_id: int | None = None) -> None:
    """Join the job's processes (``torch.distributed``'s process group).

    Under ``torchrun`` nothing is needed (``fit`` joins at its first call); this is for
    jobs started otherwise. Unset arguments come from Keras's ``KERAS_DISTRIBUTION_*``
    environment variables, then from ``torchrun``'s.

    Args:
        job_addresses: Comma-separated ``host:port`` of the processes; the first is the
            coordinator (rank 0) the others connect to.
        num_processes: The number of processes of the job.
        process_id: This process's rank, in ``[0, num_processes)``.
    """
    _torchrun.initialize(job_addresses, num_processes, process_id)
