"""The lazy dataset object that ``image_dataset_from_directory`` & co. return.

A :class:`BatchDataset` knows how to produce sample ``i`` (decode an image, read a text or
WAV file, cut a window) and nothing is read until it is iterated. It is both a
``keras.utils.PyDataset`` (so ``fit``/``evaluate``/``predict`` read it with a pool of
``workers`` threads, batches in order, computed ahead) and a ``torch.utils.data.Dataset``
whose item ``i`` is batch ``i`` (so ``DataLoader(ds, batch_size=None)`` works too).

Iterating it by hand yields batches as Keras's ``tf.data`` datasets do: ``(x, y)`` tuples
of tensors (``x`` alone when there are no labels), or single samples when
``batch_size=None``. Each pass visits the samples in a new order when ``shuffle=True``.
"""

from __future__ import annotations

import math
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import torch

from torcheras.utils._py_dataset import PyDataset

DEFAULT_WORKERS = max(1, min(4, os.cpu_count() or 1))


def iterate(dataset: PyDataset) -> Iterator:
    """One pass over ``dataset``'s batches as they are (no ``(x,)`` wrapping), computed
    ahead by ``dataset.workers`` threads and delivered in order; ``on_epoch_end`` after."""
    indices = iter(range(len(dataset)))
    try:
        with ThreadPoolExecutor(max(1, dataset.workers),
                                thread_name_prefix="torcheras-dataset") as pool:
            pending: deque = deque(pool.submit(dataset.__getitem__, i)
                                   for _, i in zip(range(dataset.max_queue_size), indices))
            try:
                while pending:
                    future = pending.popleft()
                    following = next(indices, None)
                    if following is not None:
                        pending.append(pool.submit(dataset.__getitem__, following))
                    yield future.result()
            finally:
                for future in pending:
                    future.cancel()
    finally:
        dataset.on_epoch_end()


def stack(samples: list) -> Any:
    """Stack samples (tensors, arrays, or tuples of them) along a new first axis."""
    first = samples[0]
    if isinstance(first, tuple):
        return tuple(stack([s[k] for s in samples]) for k in range(len(first)))
    if isinstance(first, torch.Tensor):
        return torch.stack(samples)
    return np.stack(samples)


class BatchDataset(PyDataset, torch.utils.data.Dataset):
    """Batches of samples produced on demand.

    Args:
        num_samples: How many samples there are.
        batch_size: Samples per batch, or ``None`` for single samples.
        shuffle: Visit the samples in a new (seeded) order each pass.
        seed: Seed of those orders.
        workers: Threads that produce batches during ``fit`` and iteration.
    """

    def __init__(self, num_samples: int, batch_size: int | None, shuffle: bool = False,
                 seed: int | None = None, workers: int = DEFAULT_WORKERS) -> None:
        super().__init__(workers=workers, use_multiprocessing=False, max_queue_size=8)
        self.num_samples = int(num_samples)
        self.batch_size = batch_size
        self.shuffle = bool(shuffle)
        self._rng = np.random.RandomState(seed)
        self._order = np.arange(self.num_samples)
        self.class_names: list | None = None

    # -- what a subclass provides ------------------------------------------------------
    def sample(self, index: int) -> Any:
        """Sample ``index``: a tensor, or a tuple ``(x, y)`` of them."""
        raise NotImplementedError

    def collate(self, samples: list) -> Any:
        """One batch from its samples (stacked by default)."""
        return stack(samples)

    # -- the PyDataset / torch Dataset protocol ---------------------------------------
    def __len__(self) -> int:
        if self.batch_size is None:
            return self.num_samples
        return math.ceil(self.num_samples / self.batch_size)

    def __getitem__(self, index: int) -> Any:
        if not 0 <= index < len(self):
            raise IndexError(f"Batch index {index} is out of range for a dataset of "
                             f"{len(self)} batches.")
        if self.batch_size is None:
            return self.sample(int(self._order[index]))
        chosen = self._order[index * self.batch_size:(index + 1) * self.batch_size]
        return self.collate([self.sample(int(i)) for i in chosen])

    def on_epoch_end(self) -> None:
        if self.shuffle:
            self._order = self._rng.permutation(self.num_samples)

    def __iter__(self) -> Iterator:
        # The worker threads decode ahead; `on_epoch_end` draws the next pass's order.
        return iterate(self)

    def cardinality(self) -> int:
        """The number of batches (``tf.data.Dataset.cardinality``)."""
        return len(self)

    # -- tf.data-style conveniences ----------------------------------------------------
    def map(self, function: Callable) -> MappedDataset:
        """A dataset whose batches are ``function(*batch)`` (``function(batch)`` when the
        batch is not a tuple), computed lazily like the rest.

        Args:
            function: The function, e.g. ``lambda x, y: (normalize(x), y)``.
        """
        return MappedDataset(self, function)

    def take(self, count: int) -> MappedDataset:
        """A dataset of the first ``count`` batches (all of them when ``count < 0``).

        Args:
            count: How many batches.
        """
        return MappedDataset(self, None, limit=None if count < 0 else int(count))

    def prefetch(self, buffer_size: int) -> BatchDataset:
        """Compute up to ``buffer_size`` batches ahead (``-1``, tf's ``AUTOTUNE``: 8).

        Args:
            buffer_size: Batches kept ready.
        """
        self.max_queue_size = 8 if buffer_size is None or buffer_size < 1 else int(buffer_size)
        return self


class MappedDataset(PyDataset, torch.utils.data.Dataset):
    """Another dataset's batches through a function, or only its first batches.

    Args:
        parent: The dataset.
        function: Applied to each batch (``None``: unchanged).
        limit: Keep only this many batches (``None``: all).
    """

    def __init__(self, parent: PyDataset, function: Callable | None,
                 limit: int | None = None) -> None:
        super().__init__(workers=parent.workers, use_multiprocessing=False,
                         max_queue_size=parent.max_queue_size)
        self.parent = parent
        self.function = function
        self.limit = limit
        self.class_names = getattr(parent, "class_names", None)
        self.file_paths = getattr(parent, "file_paths", None)

    def __len__(self) -> int:
        n = len(self.parent)
        return n if self.limit is None else min(n, self.limit)

    def __getitem__(self, index: int) -> Any:
        if not 0 <= index < len(self):
            raise IndexError(f"Batch index {index} is out of range for a dataset of "
                             f"{len(self)} batches.")
        batch = self.parent[index]
        if self.function is None:
            return batch
        return self.function(*batch) if isinstance(batch, tuple) else self.function(batch)

    def on_epoch_end(self) -> None:
        self.parent.on_epoch_end()

    def __iter__(self) -> Iterator:
        return iterate(self)

    def cardinality(self) -> int:
        """The number of batches."""
        return len(self)

    map = BatchDataset.map
    take = BatchDataset.take
    prefetch = BatchDataset.prefetch
