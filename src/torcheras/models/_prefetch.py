"""A background thread that reads batches one or two ahead of the training loop.

While the model computes on batch ``i``, the thread already pulls batch ``i + 1`` from the
source (a generator, a ``PyDataset``, a ``DataLoader``), converts it to tensors and, on
CUDA, copies it from pinned memory on a side stream with ``non_blocking=True``. The loop
waits on that copy through a CUDA event (a device-side wait: no host synchronisation per
step). On CPU the thread only overlaps the host work of reading and converting.

Errors raised by the source reach the loop at the batch where they happened, and leaving
the loop early (``stop_training``, an exception, ``KeyboardInterrupt``) stops the thread
before the next epoch starts; batches it had read ahead are handed back to the caller.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from typing import Any

import torch

from torcheras.tree import flatten, map_structure

_DONE = object()
_POLL_SECONDS = 0.1


class _Failure:
    def __init__(self, error: BaseException) -> None:
        self.error = error


class _CudaCopier:
    """Pinned host memory and asynchronous copies on a side stream; the consumer's stream
    waits for each batch's copy event before using it."""

    def __init__(self, device: torch.device) -> None:
        self.device = device
        self.stream = torch.cuda.Stream(device)

    def to_device(self, batch: Any) -> tuple:
        def move(t):
            if not isinstance(t, torch.Tensor) or t.device == self.device:
                return t
            if t.device.type == "cpu" and not t.is_pinned():
                t = t.pin_memory()
            return t.to(self.device, non_blocking=True)

        with torch.cuda.stream(self.stream):
            moved = map_structure(move, batch)
            event = torch.cuda.Event()
            event.record(self.stream)
        return moved, event

    @staticmethod
    def ready(batch: Any, event: Any) -> Any:
        current = torch.cuda.current_stream()
        current.wait_event(event)
        for t in flatten(batch):
            if isinstance(t, torch.Tensor) and t.is_cuda:
                # The caching allocator must not reuse the memory while the compute stream
                # still reads it.
                t.record_stream(current)
        return batch


def _to_device_plain(device: torch.device) -> Callable:
    def move(batch):
        return map_structure(lambda t: t.to(device) if isinstance(t, torch.Tensor)
                             and t.device != device else t, batch), None
    return move


class Prefetcher:
    """Iterates ``source`` in a daemon thread, ``depth`` batches ahead.

    Args:
        source: An iterator of batches (structures of tensors).
        device: Where the batches go (``None``: left where they are).
        depth: How many batches may wait ready (1 or 2 keeps memory low).

    Use as an iterator; call :meth:`close` (or let the ``for`` loop finish) to stop it.
    """

    def __init__(self, source: Iterator, device: torch.device | None = None,
                 depth: int = 2) -> None:
        self._source = source
        self._queue: queue.Queue = queue.Queue(maxsize=max(1, depth))
        self._stop = threading.Event()
        self._orphan: list = []
        self._left: list = []
        self._cuda = device is not None and device.type == "cuda"
        if self._cuda:
            copier = _CudaCopier(device)
            self._move, self._ready = copier.to_device, copier.ready
        elif device is not None and device.type != "cpu":
            self._move, self._ready = _to_device_plain(device), None
        else:
            self._move, self._ready = (lambda b: (b, None)), None
        self._thread = threading.Thread(target=self._run, name="torcheras-prefetch",
                                        daemon=True)
        self._thread.start()

    def _put(self, item: Any) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=_POLL_SECONDS)
                return True
            except queue.Full:
                continue
        return False

    def _run(self) -> None:
        iterator = iter(self._source)
        try:
            while not self._stop.is_set():
                try:
                    batch = next(iterator)
                except StopIteration:
                    self._put(_DONE)
                    return
                moved = self._move(batch)
                if not self._put(moved):
                    self._orphan.append(moved)
                    return
        except BaseException as e:  # noqa: BLE001 (re-raised in the consumer's thread)
            self._put(_Failure(e))

    def __iter__(self) -> Iterator:
        try:
            while True:
                item = self._queue.get()
                if item is _DONE:
                    return
                if isinstance(item, _Failure):
                    raise item.error
                batch, event = item
                yield self._ready(batch, event) if self._ready is not None else batch
        finally:
            self._shutdown()

    def _shutdown(self) -> None:
        """Stop the thread and keep the batches it had read ahead for :meth:`close`."""
        self._stop.set()
        self._thread.join()
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            if item is not _DONE and not isinstance(item, _Failure):
                self._left.append(item)
        # The batch the thread held when it stopped came after every queued one.
        self._left += self._orphan
        self._orphan = []

    def close(self) -> list:
        """Stop the thread; returns the batches it had read ahead (not yet consumed), in
        order."""
        self._shutdown()
        left = [self._ready(batch, event) if self._ready is not None else batch
                for batch, event in self._left]
        self._left = []
        return left
