"""How the training loop reads a :class:`PyDataset`: per-epoch batch iterators with prefetching.

The loop drives it like Keras's data adapters::

    adapter = PyDatasetAdapter(dataset, shuffle=True)
    for epoch in range(epochs):
        adapter.on_epoch_begin()
        for batch in adapter.get_iterator():   # (x,), (x, y), (x, y, sw) or a dict
            ...                                # may stop early (steps_per_epoch)
        adapter.on_epoch_end()

With ``workers > 1`` (or ``use_multiprocessing=True``) up to ``max_queue_size`` batches are
computed ahead by a thread or process pool, always delivered in index order.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any

import numpy as np
import torch

from torcheras.utils._py_dataset import PyDataset

_WORKER_DATASET: list = []


def _init_worker(dataset: PyDataset) -> None:
    # Each worker process receives the dataset once, not once per batch.
    _WORKER_DATASET[:] = [dataset]


def _worker_get(index: int) -> Any:
    return _WORKER_DATASET[0][index]


def _name_the_batch(error: BaseException, index: int) -> None:
    """Say which batch failed (the traceback of a worker's error does not show it)."""
    error.add_note(f"(raised by PyDataset.__getitem__ for batch index {index})")


def _get(dataset: PyDataset, index: int) -> Any:
    try:
        return dataset[index]
    except Exception as e:
        _name_the_batch(e, index)
        raise


def standardize_batch(batch: Any) -> tuple | dict:
    """Return ``(x,)``, ``(x, y)``, ``(x, y, sample_weight)`` or a dict, as Keras does."""
    if isinstance(batch, dict):
        return batch
    if isinstance(batch, (np.ndarray, torch.Tensor)):
        return (batch,)
    if isinstance(batch, list):
        batch = tuple(batch)
    if not isinstance(batch, tuple) or len(batch) not in (1, 2, 3):
        raise ValueError(
            "PyDataset.__getitem__() must return a tuple or a dict. If a tuple, it must be "
            "ordered either (input,) or (inputs, targets) or (inputs, targets, "
            f"sample_weights). Received: {str(batch)[:100]}... of type {type(batch)}"
        )
    return batch


class _Prefetcher:
    """Keeps up to ``depth`` batches in flight in a pool and yields them in order."""

    def __init__(self, dataset: PyDataset, indices: Iterable[int], workers: int,
                 use_multiprocessing: bool, depth: int) -> None:
        workers = max(1, workers)
        self._executor: Executor
        if use_multiprocessing:
            self._executor = ProcessPoolExecutor(workers, initializer=_init_worker,
                                                 initargs=(dataset,))
            self._fetch = _worker_get
        else:
            self._executor = ThreadPoolExecutor(workers, thread_name_prefix="pydataset")
            self._fetch = dataset.__getitem__
        self._indices = iter(indices)
        self._pending: deque = deque()
        self.stopped = False
        for _ in range(depth):
            if not self._submit():
                break

    def _submit(self) -> bool:
        index = next(self._indices, None)
        if index is None:
            return False
        self._pending.append((index, self._executor.submit(self._fetch, index)))
        return True

    def __iter__(self) -> Iterator[Any]:
        while self._pending:
            index, future = self._pending.popleft()
            self._submit()
            try:
                batch = future.result()
            except Exception as e:
                _name_the_batch(e, index)
                raise
            yield batch

    def close(self, keep: deque | None = None) -> None:
        """Stop the pool; with ``keep``, batches already requested are saved into it."""
        self.stopped = True
        try:
            while keep is not None and self._pending:
                _, future = self._pending.popleft()
                if future.exception() is not None:
                    break  # keep only the batches before a failure; never mask an error
                keep.append(future.result())
        finally:
            for _, future in self._pending:
                future.cancel()
            self._pending.clear()
            self._executor.shutdown(wait=True, cancel_futures=True)


class PyDatasetAdapter:
    """Feeds a :class:`PyDataset` to the training loop, one epoch at a time.

    Args:
        py_dataset: The dataset.
        shuffle: Visit the batches of a finite dataset in a new random order each epoch
            (Python's ``random``, so ``set_random_seed`` makes the order repeatable).
        workers, use_multiprocessing, max_queue_size: Override the dataset's own settings
            (Keras 2's ``fit_generator`` arguments); ``None`` keeps the dataset's.
    """

    def __init__(self, py_dataset: PyDataset, shuffle: bool = False,
                 workers: int | None = None, use_multiprocessing: bool | None = None,
                 max_queue_size: int | None = None) -> None:
        if not isinstance(py_dataset, PyDataset):
            raise ValueError(
                "Argument `py_dataset` must be a `keras.utils.PyDataset`. "
                f"Received: py_dataset of type {type(py_dataset)}"
            )
        self.py_dataset = py_dataset
        self.shuffle = shuffle
        workers = py_dataset.workers if workers is None else workers
        if use_multiprocessing is None:
            use_multiprocessing = py_dataset.use_multiprocessing
        self._use_multiprocessing = bool(use_multiprocessing)
        self._workers = workers
        self._parallel = workers > 1 or (workers > 0 and self._use_multiprocessing)
        self._depth = max(1, py_dataset.max_queue_size if max_queue_size is None
                          else max_queue_size)
        self._within_epoch = False
        # An infinite dataset resumes where the previous epoch stopped, including the
        # batches that were prefetched but not consumed.
        self._next_index = 0
        self._carry: deque = deque()
        self._active: _Prefetcher | None = None

    @property
    def num_batches(self) -> int | None:
        return self.py_dataset.num_batches

    @property
    def batch_size(self) -> None:
        return None

    def on_epoch_begin(self) -> None:
        if self._within_epoch:
            raise ValueError(
                "`on_epoch_begin` was called twice without `on_epoch_end` having been called."
            )
        self._within_epoch = True
        self.py_dataset.on_epoch_begin()

    def on_epoch_end(self) -> None:
        self._stop()
        self.py_dataset.on_epoch_end()
        self._within_epoch = False

    def _stop(self) -> None:
        if self._active is not None:
            (prefetcher, keep), self._active = self._active, None
            prefetcher.close(keep=keep)

    def _counter(self) -> Iterator[int]:
        while True:
            index = self._next_index
            self._next_index += 1
            yield index

    def _indices(self) -> Iterable[int]:
        num_batches = self.num_batches
        if num_batches is None:
            return self._counter()
        indices = list(range(num_batches))
        if self.shuffle:
            random.shuffle(indices)
        return indices

    def get_iterator(self) -> Iterator[tuple | dict]:
        """One pass over the dataset (endless for an infinite dataset)."""
        self._stop()
        indices = self._indices()
        if not self._parallel:
            return (standardize_batch(_get(self.py_dataset, i)) for i in indices)
        return self._parallel_iterator(indices)

    def _parallel_iterator(self, indices: Iterable[int]) -> Iterator[tuple | dict]:
        indices = iter(indices)
        # Batches computed ahead but not yet consumed survive `on_epoch_end`: an infinite
        # dataset hands them to the next iterator, a finite one to this iterator if the
        # loop keeps using it (Keras's `steps_per_epoch` < len(dataset) case).
        keep = self._carry if self.num_batches is None else deque()
        while True:
            while keep:
                yield standardize_batch(keep.popleft())
            prefetcher = _Prefetcher(self.py_dataset, indices, self._workers,
                                     self._use_multiprocessing, self._depth)
            self._active = (prefetcher, keep)
            try:
                for batch in prefetcher:
                    yield standardize_batch(batch)
                # True only when `on_epoch_end` stopped the pool while we were suspended.
                interrupted = prefetcher.stopped
            finally:
                if self._active is not None and self._active[0] is prefetcher:
                    self._stop()
            if not interrupted:
                return


def iter_batches(py_dataset: PyDataset, shuffle: bool = False) -> Iterator[tuple | dict]:
    """One epoch over ``py_dataset`` with its prefetch settings (a convenience for loops
    that do not need to keep the adapter between epochs)."""
    adapter = PyDatasetAdapter(py_dataset, shuffle=shuffle)
    adapter.on_epoch_begin()
    try:
        yield from adapter.get_iterator()
    finally:
        adapter.on_epoch_end()

