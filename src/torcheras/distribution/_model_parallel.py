"""Model parallelism under ``torchrun``: weights split across processes, ZeRO-3 style.

``keras.distribution.ModelParallel`` maps variable paths to ``TensorLayout``s; a variable
whose layout splits a dimension along a mesh axis of more than one device is *sharded*:
during ``fit`` each process keeps only its slice of that dimension, and the optimizer
state of the variable (its slots: momentum, velocity...) is sliced the same way, so the
optimizer updates only the local slice. Each training step:

1. all-gathers the slices into the full weights (one collective per dtype) for the
   forward and backward pass;
2. averages the full gradients over the processes (the existing data-parallel
   all-reduce, weighted by samples), keeps the local slice of each sharded gradient and
   frees the full weights again;
3. applies the optimizer to the slices.

At the end of each epoch (before validation and the epoch-end callbacks, which may save
the model) and at the end of ``fit`` the weights and optimizer state are gathered again,
so outside a training step ``get_weights``, saving, ``evaluate`` and ``predict`` see the
full, unsharded values.

PyTorch's FSDP2 (``fully_shard``) replaces a module's parameters by new DTensor
parameters; Keras variables are the objects layers, optimizers and saved files refer to,
so the slicing here is done on the variables themselves (their ``.data``).

The mesh is the job's processes (rank ``r`` at ``np.unravel_index(r, mesh.shape)``).
Processes along the batch axis read different shards of each global batch, as with
``DataParallel`` (a batch axis of one device: every process reads the whole batch); the
gradient average over all processes weighs each data shard equally, since every shard is
read by the same number of processes. A mesh whose model axes have one device trains as
``DataParallel``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import torch
import torch.distributed as dist

from torcheras.distribution._data_parallel import DataParallelRuntime


@dataclass
class _Shard:
    """A variable split along ``dim`` and the optimizer slots split with it."""

    variable: torch.Tensor
    dim: int
    full_shape: tuple
    slots: list


class ModelParallelRuntime(DataParallelRuntime):
    """A data-parallel runtime that also shards the variables a ``ModelParallel``'s
    layout map splits.

    Args:
        rank: This process's rank.
        world_size: The number of processes (the mesh's size).
        device: The device this process computes on.
        distribution: The ``ModelParallel`` distribution.
    """

    def __init__(self, rank: int, world_size: int, device: torch.device, distribution):
        super().__init__(rank, world_size, device)
        self.distribution = distribution
        mesh = distribution.device_mesh
        self.mesh_shape = tuple(int(s) for s in mesh.shape)
        self.axis_names = list(mesh.axis_names)
        self.coords = np.unravel_index(rank, self.mesh_shape)
        self.shards: list[_Shard] = []
        self.full = True
        batch = self.axis_names.index(distribution.batch_dim_name)
        replicas = self.mesh_shape[batch]
        # The processes along the batch axis read different data; those along the model
        # axes read the same. One process per data shard is its "reader".
        self.data_view = None if replicas == 1 else DataAxisView(self, batch)

    def axis_size(self, axis: str) -> int:
        """The number of devices along the mesh axis named ``axis``."""
        return self.mesh_shape[self.axis_names.index(axis)]

    # -------------------------------------------------------------- set-up
    def plan(self, model) -> None:
        """Find the variables to shard (checking that their layouts divide them)."""
        self.shards = []
        seen = set()
        for variable in model.weights:
            if id(variable) in seen:
                continue
            seen.add(id(variable))
            dim = self._split_dim(variable)
            if dim is not None:
                self.shards.append(_Shard(variable, dim, tuple(variable.shape), []))
        self._check_layout_keys(model)
        optimizer = getattr(model, "optimizer", None)
        if optimizer is not None:
            self._attach_slots(optimizer)

    def _split_dim(self, variable) -> int | None:
        layout = self.distribution.get_variable_layout(variable)
        if len(layout.axes) != len(variable.shape):
            raise ValueError(
                f"The layout {layout.axes} for the variable '{variable.path}' has "
                f"{len(layout.axes)} axes but the variable has shape "
                f"{tuple(variable.shape)} (rank {len(variable.shape)})."
            )
        split = [(d, a) for d, a in enumerate(layout.axes)
                 if a is not None and self.axis_size(a) > 1]
        if not split:
            return None
        if len(split) > 1:
            raise ValueError(
                f"The layout {layout.axes} splits the variable '{variable.path}' along "
                f"several mesh axes; torcheras splits a variable along one axis of "
                f"more than one device. Mesh: shape={self.mesh_shape}, "
                f"axis_names={self.axis_names}."
            )
        dim, axis = split[0]
        size = self.axis_size(axis)
        if variable.shape[dim] % size:
            raise ValueError(
                f"Cannot shard the variable '{variable.path}' of shape "
                f"{tuple(variable.shape)}: its layout {layout.axes} splits dimension {dim} "
                f"(size {variable.shape[dim]}) over the mesh axis '{axis}' of {size} "
                f"devices, which does not divide it. Mesh: shape={self.mesh_shape}, "
                f"axis_names={self.axis_names}."
            )
        return dim

    def _check_layout_keys(self, model) -> None:
        paths = [v.path for v in model.weights]
        layout_map = self.distribution._layout_map
        for key in layout_map:
            if key in paths or any(_fullmatch(key, p) for p in paths):
                continue
            raise ValueError(
                f"The LayoutMap key {key!r} names no weight of the model "
                f"'{model.name}'. Its weights' paths are: {paths}"
            )

    def _attach_slots(self, optimizer) -> None:
        if not self.shards:
            return
        for owner in (optimizer, getattr(optimizer, "inner_optimizer", None)):
            for arg in ("clipnorm", "global_clipnorm"):
                if getattr(owner, arg, None) is not None:
                    # The norm would be of this process's slices, not of the gradients.
                    raise ValueError(
                        f"`{arg}` cannot be used with weights sharded by ModelParallel "
                        f"(sharded: {self.sharded_paths}). Received: {arg}="
                        f"{getattr(owner, arg)!r}; `clipvalue` works."
                    )
        for shard in self.shards:
            # Slots are named `<optimizer>/<variable path with '_' for '/'>_<slot>`
            # (an optimizer wrapping another keeps the inner one's name).
            ref = shard.variable.path.replace("/", "_").replace(":", "_") + "_"
            for slot in optimizer.variables:
                path = getattr(slot, "path", "")
                if not path.split("/", 1)[-1].startswith(ref):
                    continue
                if tuple(slot.shape) != shard.full_shape:
                    raise ValueError(
                        f"The optimizer {type(optimizer).__name__} keeps the state "
                        f"'{path}' of shape {tuple(slot.shape)} for the sharded variable "
                        f"'{shard.variable.path}' of shape {shard.full_shape}; only "
                        "optimizer state shaped like its variable can be sharded."
                    )
                shard.slots.append(slot)

    # -------------------------------------------------------------- sharding
    def _index(self, shard: _Shard) -> tuple[int, int]:
        """(this process's slice number, number of slices) of ``shard``'s split axis."""
        layout = self.distribution.get_variable_layout(shard.variable)
        axis = layout.axes[shard.dim]
        i = self.axis_names.index(axis)
        return int(self.coords[i]), self.mesh_shape[i]

    def _tensors(self, shard: _Shard) -> list:
        return [shard.variable, *shard.slots]

    def to_shards(self) -> None:
        """Keep only this process's slice of every sharded variable and its slots."""
        if not self.full:
            return
        for shard in self.shards:
            index, count = self._index(shard)
            length = shard.full_shape[shard.dim] // count
            for t in self._tensors(shard):
                t.data = t.data.narrow(shard.dim, index * length, length).clone()
        self.full = False

    def to_full(self, what: str = "gathering the sharded weights") -> None:
        """All-gather the slices into the full variables and slots (one collective per
        dtype)."""
        if self.full:
            return
        groups: dict = {}
        for shard in self.shards:
            for t in self._tensors(shard):
                groups.setdefault(t.dtype, []).append((shard, t))
        for members in groups.values():
            local = torch.cat([t.detach().reshape(-1) for _, t in members])
            parts = [torch.empty_like(local) for _ in range(self.world_size)]
            self._run(what, dist.all_gather, parts, local)
            offset = 0
            for shard, t in members:
                n = t.numel()
                pieces = self._pieces(shard, parts, offset, n, tuple(t.shape))
                t.data = torch.cat(pieces, dim=shard.dim)
                offset += n
        self.full = True

    def _pieces(self, shard: _Shard, parts: list, offset: int, n: int, shape: tuple):
        """The slices of ``shard`` in the order of its split axis, from every rank's
        gathered buffer."""
        layout = self.distribution.get_variable_layout(shard.variable)
        axis_index = self.axis_names.index(layout.axes[shard.dim])
        pieces = []
        for index in range(self.mesh_shape[axis_index]):
            coords = list(self.coords)
            coords[axis_index] = index
            rank = int(np.ravel_multi_index(coords, self.mesh_shape))
            pieces.append(parts[rank][offset:offset + n].view(shape))
        return pieces

    def local_gradients(self, variables: list, grads: list) -> list:
        """Back to shards after the backward pass: the variables keep their slices
        again and each sharded variable's gradient is cut to this process's slice."""
        cut = {}
        for shard in self.shards:
            index, count = self._index(shard)
            cut[id(shard.variable)] = (shard.dim, index, shard.full_shape[shard.dim] // count)
        self.to_shards()
        out = []
        for v, g in zip(variables, grads):
            if g is None or id(v) not in cut:
                out.append(g)
                continue
            dim, index, length = cut[id(v)]
            out.append(g.narrow(dim, index * length, length))
        return out

    @property
    def sharded_paths(self) -> list[str]:
        """The paths of the sharded variables."""
        return [s.variable.path for s in self.shards]


def _fullmatch(pattern: str, path: str) -> bool:
    try:
        return re.fullmatch(pattern, path) is not None
    except re.error:
        return False



class DataAxisView(DataParallelRuntime):
    """The data-parallel side of a ``ModelParallel`` job, for sharding its data.

    ``rank`` and ``world_size`` are this process's data shard and the number of shards
    (the batch axis's size); the processes of one shard compute the same things, so
    gathered results keep one copy per shard and summed metric states are divided by the
    number of copies.

    Args:
        parent: The job's ``ModelParallelRuntime``.
        batch_axis: The index of the batch axis in the mesh.
    """

    def __init__(self, parent: ModelParallelRuntime, batch_axis: int):
        super().__init__(int(parent.coords[batch_axis]), parent.mesh_shape[batch_axis],
                         parent.device)
        self.parent = parent
        self.copies = parent.world_size // self.world_size
        # One reader per data shard: the process whose other mesh coordinates are 0.
        self.readers = []
        for shard in range(self.world_size):
            coords = [0] * len(parent.mesh_shape)
            coords[batch_axis] = shard
            self.readers.append(int(np.ravel_multi_index(coords, parent.mesh_shape)))

    @property
    def is_chief(self) -> bool:
        return self.parent.is_chief

    def all_gather_object(self, obj, what: str) -> list:
        everyone = self.parent.all_gather_object(obj, what)
        return [everyone[r] for r in self.readers]

    def sum_tensors(self, tensors: list[torch.Tensor], what: str) -> list[torch.Tensor]:
        summed = self.parent.sum_tensors(tensors, what)
        return [(s.to(torch.float64) / self.copies).to(s.dtype) for s in summed]
