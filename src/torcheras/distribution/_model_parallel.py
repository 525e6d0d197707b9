"""Model parallelism under ``torchrun``: weights split across processes, ZeRO-3 style.

``keras.distribution.ModelParallel`` maps variable paths to ``TensorLayout``s; a variable
whose layout splits a dimension along a mesh axis of more than one device is *sharded*:
during ``fit`` each process keeps only its slice of that dimension, and the optimizer
state of the variable (its slots: momentum, velocity...) is sliced the same way, so the
optimizer updates only the local slice. Each training step:

1. all-gathers the slices into the full weights (one collective per dtype) for the
   forward and backward pass;
2. frees the full weights again and reduce-scatters the sharded variables' gradients
   (each process receives the average of its slice only; the other gradients are
   all-reduced as in data parallelism), averages weighted by samples;
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

import math
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
    def _index(self, shard: _Shard, coords=None) -> tuple[int, int]:
        """(slice number, number of slices) along ``shard``'s split axis of the process
        at mesh ``coords`` (default: this one)."""
        layout = self.distribution.get_variable_layout(shard.variable)
        axis = layout.axes[shard.dim]
        i = self.axis_names.index(axis)
        coords = self.coords if coords is None else coords
        return int(coords[i]), self.mesh_shape[i]

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

    def reduce_gradients_sharded(self, variables: list, grads: list,
                                 local_samples: int) -> list:
        """After the backward pass: the sharded variables go back to their slices; their
        gradients are reduce-scattered (each process receives the average of its slice
        only), the others are averaged whole as in data parallelism. Averages are
        weighted by the samples each process computed its gradients on."""
        sharded = {id(s.variable): s for s in self.shards}
        self.to_shards()
        plain = [None if id(v) in sharded else g for v, g in zip(variables, grads)]
        out = self.reduce_gradients(plain, local_samples)
        mine = [(i, sharded[id(v)], g) for i, (v, g) in enumerate(zip(variables, grads))
                if id(v) in sharded and g is not None]
        if not mine:
            return out
        for i, piece in zip([i for i, _, _ in mine], self._reduce_scatter(
                [(shard, g) for _, shard, g in mine], local_samples)):
            out[i] = piece
        return out

    def _reduce_scatter(self, items: list, local_samples: int) -> list:
        """This process's slice of each ``(shard, full gradient)``, summed over the
        processes with weights ``local_samples`` and divided by their sum."""
        scale = float(local_samples)
        chunks = []
        for rank in range(self.world_size):
            coords = np.unravel_index(rank, self.mesh_shape)
            parts = []
            for shard, g in items:
                index, count = self._index(shard, coords)
                length = shard.full_shape[shard.dim] // count
                parts.append(g.narrow(shard.dim, index * length, length).reshape(-1))
            # The sum of the weights travels with the data (one collective per step).
            parts.append(torch.ones(1, dtype=items[0][1].dtype, device=items[0][1].device))
            chunks.append(torch.cat(parts))
        flat = torch.cat(chunks).mul_(scale)
        received = torch.empty_like(chunks[0])
        self._run("averaging the sharded gradients", dist.reduce_scatter_tensor, received,
                  flat)
        received = received[:-1] / received[-1]
        out, offset = [], 0
        for shard, _ in items:
            shape = tuple(shard.variable.shape)  # the local slice's shape
            n = math.prod(shape)
            out.append(received[offset:offset + n].view(shape))
            offset += n
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
