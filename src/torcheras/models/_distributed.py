"""The training loop's data-parallel hooks: every function is a no-op in one process.

``fit``/``evaluate``/``predict`` call :func:`join` once per call; only when the program
runs under ``torchrun`` with several processes does it return a runtime, and only then do
the other hooks do anything:

- :func:`shard` gives each process its part of the data. In-memory arrays: each global
  batch of ``batch_size`` samples (Keras's global batch) is split into contiguous slices,
  one per rank, so ``batch_size`` must be divisible by the number of processes (Keras's
  rule). A ``DataLoader`` (or a torch ``Dataset``) is re-made over the same dataset with a
  ``DistributedSampler`` and ``batch_size // world_size`` per process. ``PyDataset``s and
  generators yield per-process batches: rank ``r`` takes batches ``r, r + N, r + 2N...``
  (the global batch is ``N`` times theirs); in ``fit`` a final group of fewer than ``N``
  batches is left out so that every process runs the same number of steps.
- :func:`rank_zero_only` keeps the progress bar and the file-writing callbacks
  (``ModelCheckpoint``, ``CSVLogger``, ``TensorBoard``, ``BackupAndRestore``) on rank 0.
- :func:`start_fit` makes the weights, the optimizer state and the starting epoch (a
  backup restored by rank 0) equal everywhere; :func:`reduce_gradients` averages the
  gradients of each step; :func:`global_metrics` sums the metric states for the logs;
  :func:`gather_predictions` puts every process's predictions together in order.
"""

from __future__ import annotations

import contextlib

import numpy as np
import torch
import torch.distributed as dist

from torcheras.backend import _device
from torcheras.callbacks._backup_and_restore import BackupAndRestore
from torcheras.callbacks._csv_logger import CSVLogger
from torcheras.callbacks._model_checkpoint import ModelCheckpoint
from torcheras.callbacks._progbar_logger import ProgbarLogger
from torcheras.callbacks._tensorboard import TensorBoard
from torcheras.distribution import _distribution, _torchrun
from torcheras.distribution._data_parallel import DataParallelRuntime
from torcheras.distribution._model_parallel import ModelParallelRuntime
from torcheras.layers._keras_tensor import flatten, map_structure, pack_like
from torcheras.models import _data
from torcheras.models._data import Method
from torcheras.utils._py_dataset import PyDataset

_CHIEF_ONLY = (ProgbarLogger, ModelCheckpoint, CSVLogger, TensorBoard, BackupAndRestore)

ACTIVE: DataParallelRuntime | None = None  # set while a data-parallel fit runs
_runtime: DataParallelRuntime | None = None


def join() -> DataParallelRuntime | None:
    """The data-parallel runtime when this process is one of several, else ``None``.

    The first call under ``torchrun`` joins the process group (lazily: importing
    torcheras or building a model never does).
    """
    global _runtime
    full_weights()  # evaluate/predict from a callback during a ModelParallel fit
    if _runtime is not None and dist.is_initialized():
        return _runtime
    if not _torchrun.ensure_process_group():
        return None
    world = dist.get_world_size()
    setting = _distribution.distribution()
    if isinstance(setting, _distribution.ModelParallel):
        _runtime = _model_parallel_runtime(setting, world)
        return _runtime
    if setting is not None and setting.num_model_replicas != world:
        raise ValueError(
            f"The distribution {setting} has {setting.num_model_replicas} model replicas, "
            f"but the job has {world} processes: on PyTorch each replica is one process "
            f"(start the program with `torchrun --nproc_per_node=...` matching the mesh)."
        )
    _runtime = DataParallelRuntime(dist.get_rank(), world, _device.get_device())
    return _runtime


def _model_parallel_runtime(setting, world: int) -> DataParallelRuntime:
    """The runtime of a ``ModelParallel`` job: its mesh must be the job's processes."""
    size = int(setting.device_mesh.devices.size)
    if size != world:
        raise ValueError(
            f"The ModelParallel mesh {setting.device_mesh} has {size} devices, but the job "
            f"has {world} processes: on PyTorch each device of the mesh is one process "
            f"(start the program with `torchrun --nproc_per_node={size}`)."
        )
    if setting.num_model_replicas == world:  # model axes of one device: data parallel
        return DataParallelRuntime(dist.get_rank(), world, _device.get_device())
    return ModelParallelRuntime(dist.get_rank(), world, _device.get_device(), setting)


def rank_zero_only(dp: DataParallelRuntime | None, verbose, level: int, callbacks):
    """``(verbose, level, callbacks)`` for this process: unchanged on rank 0; silent and
    without the progress bar or file-writing callbacks elsewhere."""
    if isinstance(dp, ModelParallelRuntime):
        _check_epoch_checkpoints(callbacks)
    if dp is None or dp.is_chief:
        return verbose, level, callbacks
    kept = [c for c in (callbacks or []) if not isinstance(c, _CHIEF_ONLY)]
    return 0, 0, kept


def _check_epoch_checkpoints(callbacks) -> None:
    """Sharded weights are whole only at epoch ends: checkpoints must be written there."""
    for c in callbacks or []:
        freq = getattr(c, "save_freq", "epoch")
        if isinstance(c, (ModelCheckpoint, BackupAndRestore)) and freq not in ("epoch", False):
            raise ValueError(
                f"{type(c).__name__}(save_freq={freq!r}) would save in the middle of an "
                "epoch, when the weights a ModelParallel layout map shards are split "
                "across the processes; use save_freq='epoch'."
            )


@contextlib.contextmanager
def training(dp: DataParallelRuntime | None):
    """Make ``dp`` the runtime the train step reduces gradients with, during ``fit``."""
    global ACTIVE
    previous, ACTIVE = ACTIVE, dp
    try:
        yield
    finally:
        ACTIVE = previous


def start_fit(model, initial_epoch: int) -> int:
    """Rank 0's weights, optimizer state and starting epoch on every process."""
    dp = ACTIVE
    if dp is None:
        return initial_epoch
    seen, tensors = set(), []
    for v in list(model.weights) + list(getattr(model.optimizer, "variables", [])):
        if id(v) not in seen:
            seen.add(id(v))
            tensors.append(v)
    dp.broadcast_tensors([t for t in tensors if isinstance(t, torch.Tensor)],
                         "making the initial weights equal")
    # Host-side state (the optimizer's step counter and learning rate) travels as values.
    host = [t for t in tensors if not isinstance(t, torch.Tensor)]
    values = dp.broadcast_object([np.asarray(t.numpy()) for t in host],
                                 "making the optimizer state equal")
    for t, value in zip(host, values):
        t.assign(value)
    if isinstance(dp, ModelParallelRuntime):
        dp.plan(model)
        dp.to_shards()
    return int(dp.broadcast_object(initial_epoch, "agreeing on the initial epoch"))


def end_epoch(model) -> None:
    """Stop every process when a callback on any of them asked to stop."""
    dp = ACTIVE
    if dp is not None:
        model.stop_training = dp.any(bool(model.stop_training), "ending the epoch")


def reduce_gradients(grads: list, x, variables=None) -> list:
    """The gradients averaged over the processes (weighted by the samples of the batch
    ``x`` each computed them on), during ``fit``. Under ``ModelParallel`` the sharded
    ``variables`` go back to their slices and their gradients are cut to match."""
    dp = ACTIVE
    if dp is None:
        return grads
    samples = int(flatten(x)[0].shape[0])
    if isinstance(dp, ModelParallelRuntime) and variables is not None:
        return dp.reduce_gradients_sharded(list(variables), list(grads), samples)
    return dp.reduce_gradients(grads, samples)


def full_weights() -> None:
    """Under ``ModelParallel`` during ``fit``: gather the sharded weights (and their
    optimizer state) into full ones, for a forward pass or the end of an epoch."""
    if isinstance(ACTIVE, ModelParallelRuntime):
        ACTIVE.to_full()


@contextlib.contextmanager
def global_metrics(model, data):
    """Inside: the model's metric states hold their sums over the processes (when
    ``data`` was sharded), so results computed inside describe all the data."""
    dp = getattr(data, "runtime", None)
    if dp is None:
        yield
        return
    states = [v for m in model.metrics for v in m.variables]
    local = [v.detach().clone() for v in states]
    summed = dp.sum_tensors(local, "summing the metrics over the processes")
    with torch.no_grad():
        for v, s in zip(states, summed):
            v.copy_(s)
    try:
        yield
    finally:
        with torch.no_grad():
            for v, saved in zip(states, local):
                v.copy_(saved)


def _batch_size_error(global_batch: int, world: int) -> ValueError:
    return ValueError(
        "Global batch size must be divisible by the number of processes. "
        f"`global_batch_size`={global_batch} and `num_processes`={world}"
    )


def shard(dp: DataParallelRuntime | None, batches, method: Method):
    """This process's part of ``batches`` (any adapter of ``_data``)."""
    if isinstance(dp, ModelParallelRuntime):
        dp = dp.data_view  # None: every process reads the whole global batch
    if dp is None or batches is None:
        return batches
    setting = _distribution.distribution()
    if setting is not None and not setting.auto_shard_dataset:
        return batches
    if isinstance(batches, _data.ArrayBatches):
        return ShardedArrayBatches(batches, dp, method)
    if isinstance(batches, _data.PyDatasetBatches):
        return _sharded_py_dataset(batches, dp, method)
    if isinstance(batches, _data.LoaderBatches):
        sharded = _sharded_loader(batches, dp, method)
        if sharded is not None:
            return sharded
    return RankStridedBatches(batches, dp, method)


def _local_range(size: int, rank: int, world: int) -> tuple[int, int]:
    base, extra = divmod(size, world)
    lo = rank * base + min(rank, extra)
    return lo, lo + base + (1 if rank < extra else 0)


class ShardedArrayBatches:
    """Each global batch of in-memory data, cut into one contiguous slice per process.

    The shuffling permutation is drawn by every process from rank 0's random state, so
    the global batches are the ones a single process with the same seed would draw.
    """

    def __init__(self, inner: _data.ArrayBatches, runtime: DataParallelRuntime,
                 method: Method):
        if method is Method.FIT and inner.batch_size % runtime.world_size:
            raise _batch_size_error(inner.batch_size, runtime.world_size)
        self.inner, self.runtime, self.method = inner, runtime, method
        self.x, self.y, self.sample_weight = inner.x, inner.y, inner.sample_weight
        self.n, self.batch_size = inner.n, inner.batch_size
        self.num_batches = inner.num_batches

    def __len__(self) -> int:
        return self.num_batches

    def epoch(self):
        dp = self.runtime
        if self.inner.shuffle:
            state = dp.broadcast_object(torch.get_rng_state() if dp.is_chief else None,
                                        "agreeing on the shuffling order")
            torch.set_rng_state(state)
        for batch in self.inner.epoch():
            size = int(flatten(batch)[0].shape[0])
            if self.method is Method.FIT and size < dp.world_size:
                continue  # too few samples for every process to step on
            lo, hi = _local_range(size, dp.rank, dp.world_size)
            if hi == lo:
                continue  # evaluate/predict: nothing of this batch is ours
            yield map_structure(lambda t, lo=lo, hi=hi: t[lo:hi] if t is not None else None,
                                batch)


class RankStridedBatches:
    """Batches ``r, r + N, r + 2N...`` of a generator (or any other source) for rank ``r``.

    In ``fit`` every process must run the same number of steps: a source of known length
    gives ``len // N`` steps; one of unknown length asks the others before each step
    whether they still have a batch.
    """

    def __init__(self, inner, runtime: DataParallelRuntime, method: Method):
        self.inner, self.runtime, self.method = inner, runtime, method
        world = runtime.world_size
        self._known = inner.num_batches is not None
        if self._known and isinstance(inner, _data.GeneratorBatches):
            inner.num_batches *= world  # `steps` counts global steps
        total = inner.num_batches
        if not self._known:
            self.num_batches = None
        elif method is Method.FIT:
            self.num_batches = total // world
        else:
            self.num_batches = len(range(runtime.rank, total, world))

    def __len__(self) -> int:
        return self.num_batches or 0

    def epoch(self):
        dp = self.runtime
        source = self.inner.epoch()
        steps = 0
        while self.num_batches is None or steps < self.num_batches:
            mine, exhausted = None, False
            for j in range(dp.world_size):
                batch = next(source, None)
                if batch is None:
                    exhausted = True
                    break
                if j == dp.rank:
                    mine = batch
            if self.method is Method.FIT and not self._known:
                if not dp.all(mine is not None, "checking that every process has a batch"):
                    break
            if mine is None:
                break
            steps += 1
            yield mine
            if exhausted:
                break


class _RankView(PyDataset):
    """The batches ``r, r + N, ...`` of a ``PyDataset``, read by index (no other rank's
    batches are loaded), with the original's workers and epoch hooks."""

    def __init__(self, source: PyDataset, rank: int, world: int, fit: bool):
        super().__init__(workers=source.workers, use_multiprocessing=source.use_multiprocessing,
                         max_queue_size=source.max_queue_size)
        self.source, self.rank, self.world, self.fit = source, rank, world, fit

    @property
    def num_batches(self):
        total = self.source.num_batches
        if total is None:
            return None
        return total // self.world if self.fit else len(range(self.rank, total, self.world))

    def __len__(self):
        return self.num_batches

    def __getitem__(self, index):
        return self.source[index * self.world + self.rank]

    def on_epoch_begin(self):
        self.source.on_epoch_begin()

    def on_epoch_end(self):
        self.source.on_epoch_end()


def _sharded_py_dataset(batches, dp, method: Method):
    source = batches.source
    view = _RankView(source, dp.rank, dp.world_size, method is Method.FIT)
    total = source.num_batches
    steps = None
    if batches.num_batches is not None and (total is None or batches.num_batches < total):
        steps = batches.num_batches  # global steps: one batch per process each
        if view.num_batches is not None:
            steps = min(steps, view.num_batches)
    out = _data.PyDatasetBatches(view, steps, shuffle=batches._adapter.shuffle)
    out.runtime = dp
    if method is Method.FIT and total is None:
        return _AgreeingBatches(out, dp)
    return out


class _AgreeingBatches:
    """A per-process source of unknown length in ``fit``: before each step the processes
    agree that all of them still have a batch."""

    def __init__(self, inner, runtime: DataParallelRuntime):
        self.inner, self.runtime, self.num_batches = inner, runtime, None

    def __len__(self) -> int:
        return 0

    def epoch(self):
        source = self.inner.epoch()
        while True:
            batch = next(source, None)
            if not self.runtime.all(batch is not None, "checking that every process has a batch"):
                return
            yield batch


class _StridedSampler(torch.utils.data.Sampler):
    """Samples ``r, r + N, ...`` in order (evaluate/predict: no padding, no duplicates)."""

    def __init__(self, length: int, rank: int, world: int):
        self.length, self.rank, self.world = length, rank, world

    def __iter__(self):
        return iter(range(self.rank, self.length, self.world))

    def __len__(self) -> int:
        return len(range(self.rank, self.length, self.world))


class _DistributedLoaderBatches(_data.LoaderBatches):
    """A loader over a ``DistributedSampler``, told each epoch's number."""

    def __init__(self, loader, steps, runtime: DataParallelRuntime, sampler, samples: int):
        super().__init__(loader, steps)
        self.runtime, self._sampler, self._epoch = runtime, sampler, 0
        self.samples = samples

    def epoch(self):
        if hasattr(self._sampler, "set_epoch"):
            self._sampler.set_epoch(self._epoch)
        self._epoch += 1
        yield from super().epoch()


def _sharded_loader(batches, dp: DataParallelRuntime, method: Method):
    loader = batches.source
    dataset = loader.dataset
    if (isinstance(dataset, torch.utils.data.IterableDataset) or loader.batch_size is None
            or not hasattr(dataset, "__len__")):
        return None  # no indices to split: rank-strided batches instead
    if loader.batch_size % dp.world_size:
        raise _batch_size_error(loader.batch_size, dp.world_size)
    n = len(dataset)
    if method is Method.FIT:
        shuffle = isinstance(loader.sampler, torch.utils.data.RandomSampler)
        seed = dp.broadcast_object(
            int(torch.randint(0, 2**31 - 1, ()).item()) if dp.is_chief else None,
            "agreeing on the sampler's seed")
        sampler = torch.utils.data.DistributedSampler(
            dataset, num_replicas=dp.world_size, rank=dp.rank, shuffle=shuffle, seed=seed)
    else:
        sampler = _StridedSampler(n, dp.rank, dp.world_size)
    workers = loader.num_workers
    rebuilt = torch.utils.data.DataLoader(
        dataset, batch_size=loader.batch_size // dp.world_size, sampler=sampler,
        num_workers=workers, collate_fn=loader.collate_fn, pin_memory=loader.pin_memory,
        drop_last=loader.drop_last, timeout=loader.timeout,
        worker_init_fn=loader.worker_init_fn, generator=loader.generator,
        prefetch_factor=loader.prefetch_factor if workers > 0 else None,
        persistent_workers=loader.persistent_workers if workers > 0 else False)
    steps = None
    if batches.num_batches is not None and batches.num_batches < len(loader):
        steps = batches.num_batches
    return _DistributedLoaderBatches(rebuilt, steps, dp, sampler, n)


def gather_predictions(data, chunks: list):
    """Every process's predictions, in the order of the data (``None``: not sharded)."""
    dp = getattr(data, "runtime", None)
    if dp is None:
        return None
    local = [map_structure(_device.convert_to_numpy, c) for c in chunks]
    if isinstance(data, _DistributedLoaderBatches):
        mine = _data.concat_outputs(local) if local else None
        parts = dp.all_gather_object(mine, "gathering the predictions")
        return _interleave_samples(parts, data.samples)
    per_rank = dp.all_gather_object(local, "gathering the predictions")
    ordered = [lst[i] for i in range(max(len(p) for p in per_rank))
               for lst in per_rank if i < len(lst)]
    return _data.concat_outputs(ordered) if ordered else None


def _interleave_samples(parts: list, samples: int):
    """Rank ``r``'s rows are samples ``r, r + N, ...``: put them back in order."""
    present = [p for p in parts if p is not None]
    if not present:
        return None
    template = present[0]
    flat_parts = [flatten(p) if p is not None else None for p in parts]
    joined = []
    for leaf in range(len(flatten(template))):
        first = flatten(template)[leaf]
        out = np.empty((samples,) + first.shape[1:], dtype=first.dtype)
        for r, fp in enumerate(flat_parts):
            if fp is not None:
                out[r::len(parts)] = fp[leaf]
        joined.append(out)
    return pack_like(template, joined)
