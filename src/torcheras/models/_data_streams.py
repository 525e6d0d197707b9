"""The adapters for data that arrives batch by batch: generators, ``PyDataset``, torch
``DataLoader``. Each turns its source into one epoch of ``(x, y, sample_weight)`` batches of
tensors; a background :class:`Prefetcher` reads and converts them one or two batches ahead
of the training loop and moves them to the model's device.

Keras 2's ``fit_generator(workers=, use_multiprocessing=, max_queue_size=)`` reach these
adapters through :class:`QueueOptions` (see :func:`with_queue_options`).
"""

from __future__ import annotations

import contextlib
import warnings
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

import torch

from torcheras.backend import _device
from torcheras.models._data_convert import (
    batch_to_tensor,
    class_weights_to_sample_weights,
    pack_x_y_sample_weight,
    unpack_x_y_sample_weight,
)
from torcheras.models._prefetch import Prefetcher
from torcheras.utils._py_dataset import PyDataset
from torcheras.utils._py_dataset_adapter import PyDatasetAdapter

# Batches read ahead by the background thread (Keras's tf.data pipelines prefetch too).
PREFETCH_DEPTH = 2


@dataclass(frozen=True)
class QueueOptions:
    """Keras 2's ``fit_generator``/``evaluate_generator``/``predict_generator`` arguments.

    Args:
        workers: Threads (or processes) computing batches; 0 reads the source in the
            training loop's own thread.
        use_multiprocessing: Compute a ``Sequence``'s batches in worker processes.
        max_queue_size: Batches computed ahead at most.
    """

    workers: int = 1
    use_multiprocessing: bool = False
    max_queue_size: int = 10


@dataclass(frozen=True)
class QueuedSource:
    """A generator or ``Sequence`` with the queue options Keras 2's ``*_generator``
    methods were given: what :func:`make_batches` reads them from."""

    source: object
    options: QueueOptions


def with_queue_options(source, steps: int | None = None, workers: int = 1,
                       use_multiprocessing: bool = False, max_queue_size: int = 10,
                       method: str = "fit_generator") -> QueuedSource:
    """``source`` tagged with ``fit_generator``'s ``workers``/``use_multiprocessing``/
    ``max_queue_size``, for ``fit``/``evaluate``/``predict`` to honour.

    Args:
        source: The generator or ``keras.utils.Sequence``.
        steps: The ``steps_per_epoch``/``steps`` the method was given (a plain generator
            needs them, as in Keras 2).
        workers: See :class:`QueueOptions`.
        use_multiprocessing: See :class:`QueueOptions`.
        max_queue_size: See :class:`QueueOptions`.
        method: The Keras 2 method's name (in messages).
    """
    if steps is None and not isinstance(source, PyDataset) and not isinstance(
            source, torch.utils.data.DataLoader):
        argument = "steps_per_epoch" if method == "fit_generator" else "steps"
        raise ValueError(
            f"`{argument}=None` is only valid for a generator based on the "
            f"`keras.utils.Sequence` class. Please specify `{argument}` or use the "
            "`keras.utils.Sequence` class."
        )
    for name, value, low in (("workers", workers, 0), ("max_queue_size", max_queue_size, 1)):
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise ValueError(
                f"Argument `{name}` must be an integer >= {low}. Received: {name}={value!r}"
            )
    if use_multiprocessing and workers > 1 and not isinstance(source, PyDataset):
        warnings.warn(
            "Using a generator with `use_multiprocessing=True` and multiple workers may "
            "duplicate your data. Please consider using the `keras.utils.Sequence` class.",
            UserWarning, stacklevel=3,
        )
    return QueuedSource(source, QueueOptions(workers, bool(use_multiprocessing),
                                             max_queue_size))


class IterableBatches:
    """Batches read from a source that yields them: the base of the adapters below.

    Args:
        source: The generator, ``PyDataset`` or torch ``DataLoader``.
        steps: How many batches make an epoch (``None``: until the source ends).
        depth: Batches the background thread reads ahead (0: no thread).
    """

    class_weight = None  # set by `make_batches`: folded into each batch's sample weights

    def __init__(self, source, steps: int | None = None, depth: int = PREFETCH_DEPTH):
        self.source = source
        self.num_batches = steps
        self.depth = depth
        if steps is None and hasattr(source, "__len__"):
            try:
                self.num_batches = len(source)
            except TypeError:
                self.num_batches = None

    def __len__(self):
        return self.num_batches or 0

    def _iterate(self) -> Iterator:
        yield from iter(self.source)

    def _epoch_finished(self) -> None:
        """Called when an epoch ends (the generator adapter forgets an exhausted source)."""

    def _read_ahead_left(self, batches: list) -> None:
        """Batches the thread read but the loop did not use (kept by generators)."""

    def _converted(self, device: torch.device | None) -> Iterator:
        """The epoch's batches as tensors; stops before pulling a batch past the step count
        (a generator's next batch belongs to the next epoch)."""
        count = 0
        with contextlib.closing(self._iterate()) as batches:
            while self.num_batches is None or count < self.num_batches:
                try:
                    batch = next(batches)
                except StopIteration:
                    return
                yield _standardize(batch, count, device, self.class_weight)
                count += 1

    def epoch(self) -> Iterator:
        device = _device.get_device()
        if self.depth <= 0:
            yield from self._converted(device)
            self._epoch_finished()
            return
        # The thread converts on the host; the prefetcher moves to the device.
        prefetcher = Prefetcher(self._converted(None), device, depth=self.depth)
        try:
            yield from prefetcher
        finally:
            self._read_ahead_left(prefetcher.close())
        self._epoch_finished()


def _standardize(batch, index: int, device: torch.device | None, class_weight=None):
    if isinstance(batch, list):
        # As Keras: a list is read as a tuple (a DataLoader collates `(x, y)` samples
        # into `[x, y]`).
        batch = tuple(batch)
    if not isinstance(batch, tuple):
        batch = (batch,)
    try:
        x, y, sw = unpack_x_y_sample_weight(batch)
    except ValueError as e:
        raise ValueError(f"{e} (batch {index} of the data)") from None
    x = batch_to_tensor(x, "x", device)
    y = batch_to_tensor(y, "y", device)
    sw = batch_to_tensor(sw, "sample_weight", device)
    if class_weight is not None and y is not None:
        if sw is not None:
            raise ValueError(
                "You cannot specify `class_weight` and `sample_weight` at the same time."
            )
        if not isinstance(y, torch.Tensor):
            raise ValueError(
                "Argument `class_weight` needs a single target array per batch. "
                f"Received: y of type {type(y).__name__} in batch {index}"
            )
        sw = class_weights_to_sample_weights(y, class_weight)
    return pack_x_y_sample_weight(x, y, sw)


class LoaderBatches(IterableBatches):
    """Batches from a torch ``DataLoader`` (any sampler, its own workers): a fresh pass
    each epoch; tensors stay tensors."""

    def _iterate(self) -> Iterator:
        iterator = iter(self.source)
        try:
            yield from iterator
        finally:
            # Shut the loader's worker processes down now, not at garbage collection
            # (unless the loader keeps them for its next pass: `persistent_workers`).
            shutdown = getattr(iterator, "_shutdown_workers", None)
            if shutdown is not None and not getattr(self.source, "persistent_workers", False):
                shutdown()


class GeneratorBatches(IterableBatches):
    """Batches from a Python generator or iterator, consumed across epochs as in Keras.

    Args:
        source: The generator or iterator.
        steps: Batches per epoch (``None``: until it is exhausted).
        options: Keras 2's queue options (``workers=0``: read in the loop's thread;
            otherwise a background thread reads up to ``max_queue_size`` batches ahead).
    """

    def __init__(self, source, steps: int | None = None,
                 options: QueueOptions | None = None):
        depth = PREFETCH_DEPTH
        if options is not None:
            depth = options.max_queue_size if options.workers > 0 else 0
        super().__init__(source, steps, depth=depth)
        self._iterator = None
        self._carry: deque = deque()

    def _iterate(self) -> Iterator:
        # `next` rather than `yield from`: leaving an epoch early must not close the user's
        # generator.
        if self._iterator is None:
            self._iterator = iter(self.source)
        while True:
            if self._carry:
                yield self._carry.popleft()
                continue
            try:
                batch = next(self._iterator)
            except StopIteration:
                return
            yield batch

    def _read_ahead_left(self, batches: list) -> None:
        self._carry.extendleft(reversed(batches))

    def _epoch_finished(self) -> None:
        if self.num_batches is None:
            self._iterator = None


class PyDatasetBatches(IterableBatches):
    """Batches from a ``keras.utils.PyDataset``, with its workers/prefetch settings (or
    Keras 2's queue options), its epoch hooks, and (in ``fit``) the batch order shuffled
    each epoch as Keras does."""

    def __init__(self, source: PyDataset, steps: int | None = None, shuffle: bool = False,
                 options: QueueOptions | None = None):
        super().__init__(source, steps)
        kwargs = {} if options is None else {
            "workers": options.workers, "use_multiprocessing": options.use_multiprocessing,
            "max_queue_size": options.max_queue_size}
        self._adapter = PyDatasetAdapter(source, shuffle=bool(shuffle), **kwargs)
        self.num_batches = steps if steps is not None else self._adapter.num_batches

    def _iterate(self) -> Iterator:
        adapter = self._adapter
        adapter.on_epoch_begin()
        try:
            yield from adapter.get_iterator()
        finally:
            adapter.on_epoch_end()
