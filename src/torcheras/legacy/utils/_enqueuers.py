"""Keras 2's ``OrderedEnqueuer`` and ``GeneratorEnqueuer``: read batches ahead in threads.

Keras 2 could also use processes (``use_multiprocessing=True``); here the workers are
always threads, which give the same batches in the same order (an ``OrderedEnqueuer``) and
share the model's process, so the flag is accepted and changes nothing else.
"""

from __future__ import annotations

import queue
import random
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

_POLL = 0.05  # seconds between checks of the stop flag while a queue is full or empty


def _check_workers(workers, max_queue_size) -> None:
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ValueError(f"`workers` must be a positive integer. Received: workers={workers!r}")
    if (isinstance(max_queue_size, bool) or not isinstance(max_queue_size, int)
            or max_queue_size < 1):
        raise ValueError("`max_queue_size` must be a positive integer. "
                         f"Received: max_queue_size={max_queue_size!r}")


class SequenceEnqueuer:
    """Base of the enqueuers: ``start`` workers, iterate ``get()``, then ``stop``.

    Args:
        use_multiprocessing: Accepted for Keras 2 (workers are threads).
    """

    def __init__(self, use_multiprocessing: bool = False):
        self.use_multiprocessing = use_multiprocessing
        self.queue: queue.Queue | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        self._workers = 1

    def is_running(self) -> bool:
        """Whether the workers are running."""
        return self._thread is not None and not self._stop.is_set()

    def start(self, workers: int = 1, max_queue_size: int = 10) -> None:
        """Start reading ahead.

        Args:
            workers: Number of worker threads.
            max_queue_size: Most batches read ahead.
        """
        _check_workers(workers, max_queue_size)
        self.queue = queue.Queue(max_queue_size)
        self._workers = workers
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, args=(workers,), daemon=True)
        self._thread.start()

    def _put(self, item: Any) -> bool:
        while not self._stop.is_set():
            try:
                self.queue.put(item, timeout=_POLL)
                return True
            except queue.Full:
                continue
        return False

    def _run(self, workers: int) -> None:
        raise NotImplementedError

    def stop(self, timeout: float | None = None) -> None:
        """Stop the workers and drop what they read ahead.

        Args:
            timeout: Seconds to wait for the reading thread.
        """
        self._stop.set()
        if self.queue is not None:
            while not self.queue.empty():
                self.queue.get_nowait()
        if self._thread is not None:
            self._thread.join(timeout)
        self._thread = None

    def get(self) -> Iterator:
        """Yield the batches as the workers produce them."""
        raise NotImplementedError


class OrderedEnqueuer(SequenceEnqueuer):
    """Reads a ``keras.utils.Sequence`` ahead, batch by batch in order, epoch after epoch
    (calling its ``on_epoch_end`` between epochs).

    Args:
        sequence: A ``keras.utils.Sequence`` (``__len__`` and ``__getitem__``).
        use_multiprocessing: Accepted for Keras 2 (workers are threads).
        shuffle: Read the batches of each epoch in a random order.
    """

    def __init__(self, sequence: Any, use_multiprocessing: bool = False, shuffle: bool = False):
        super().__init__(use_multiprocessing)
        self.sequence = sequence
        self.shuffle = shuffle

    def _run(self, workers: int) -> None:
        with ThreadPoolExecutor(workers) as pool:
            while not self._stop.is_set():
                order = list(range(len(self.sequence)))
                if self.shuffle:
                    random.shuffle(order)
                for i in order:
                    if not self._put(pool.submit(self.sequence.__getitem__, i)):
                        return
                if hasattr(self.sequence, "on_epoch_end"):
                    self.sequence.on_epoch_end()

    def get(self) -> Iterator:
        """Yield the sequence's batches in order, repeating epochs until ``stop``."""
        while self.is_running():
            try:
                future = self.queue.get(timeout=_POLL)
            except queue.Empty:
                continue
            yield future.result()


class GeneratorEnqueuer(SequenceEnqueuer):
    """Reads a Python generator ahead with worker threads (one ``next`` at a time).

    Args:
        generator: A generator (or iterator) of batches.
        use_multiprocessing: Accepted for Keras 2 (workers are threads).
        wait_time: Accepted for Keras 2 (unused).
        random_seed: Seed of Python's ``random`` in the reading thread.
    """

    _DONE = object()

    def __init__(self, generator: Any, use_multiprocessing: bool = False, wait_time=None,
                 random_seed=None):
        super().__init__(use_multiprocessing)
        self.generator = generator
        self.wait_time = wait_time
        self.random_seed = random_seed
        self._lock = threading.Lock()

    def _worker(self) -> None:
        while not self._stop.is_set():
            try:
                with self._lock:
                    item = next(self.generator)
            except StopIteration:
                self._put(self._DONE)
                return
            except BaseException as e:  # forwarded to the consumer by get()
                self._error = e
                self._put(self._DONE)
                return
            if not self._put(item):
                return

    def _run(self, workers: int) -> None:
        if self.random_seed is not None:
            random.seed(self.random_seed)
        threads = [threading.Thread(target=self._worker, daemon=True) for _ in range(workers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    def get(self) -> Iterator:
        """Yield the generator's items until it ends (or ``stop``); its errors re-raise."""
        finished = 0
        while self.is_running():
            try:
                item = self.queue.get(timeout=_POLL)
            except queue.Empty:
                continue
            if item is self._DONE:
                if self._error is not None:
                    raise self._error
                # Each worker says once that the generator ended; the others may still hold
                # an item they read before.
                finished += 1
                if finished == self._workers:
                    return
                continue
            yield item
