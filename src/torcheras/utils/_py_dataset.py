"""``keras.utils.PyDataset`` (alias ``keras.utils.Sequence``): batches produced by Python code."""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Iterator
from typing import Any

from torcheras._validation import RANGE_MESSAGE, check_int

_DEFAULTS = {"_workers": 1, "_use_multiprocessing": False, "_max_queue_size": 10}


class PyDataset:
    """Base class for defining a parallel dataset using Python code.

    Every `PyDataset` must implement the `__getitem__()` and the `__len__()` methods. If
    you want to modify your dataset between epochs, you may additionally implement
    `on_epoch_end()`, or `on_epoch_begin()` to be called at the start of each epoch. The
    `__getitem__()` method should return a complete batch (not a single sample), and the
    `__len__` method should return the number of batches in the dataset (rather than the
    number of samples).

    Args:
        workers: Number of workers to use in multithreading or multiprocessing.
        use_multiprocessing: Whether to use Python multiprocessing for parallelism. This
            is necessary to gain compute-level (rather than I/O level) benefits from
            parallelism. It can only be set to `True` if your dataset can be pickled.
        max_queue_size: Maximum number of batches to keep in the queue when iterating
            over the dataset in a multithreaded or multiprocessed setting. Defaults to 10.

    Notes:

    - `PyDataset` guarantees that `fit()` sees each batch once per epoch, which is not
      the case with Python generators.
    - `workers`, `use_multiprocessing` and `max_queue_size` configure how `fit()`
      iterates over the dataset. Iterating over a `PyDataset` by hand uses no parallelism.

    Example:

    ```python
    import math
    import numpy as np

    class ArrayPyDataset(PyDataset):
        def __init__(self, x, y, batch_size, **kwargs):
            super().__init__(**kwargs)
            self.x, self.y, self.batch_size = x, y, batch_size

        def __len__(self):
            return math.ceil(len(self.x) / self.batch_size)

        def __getitem__(self, idx):
            low = idx * self.batch_size
            high = min(low + self.batch_size, len(self.x))
            return self.x[low:high], self.y[low:high]
    ```
    """

    def __init__(self, workers: int = 1, use_multiprocessing: bool = False,
                 max_queue_size: int = 10) -> None:
        check_int(workers, "workers", minimum=0, message=RANGE_MESSAGE)
        check_int(max_queue_size, "max_queue_size", minimum=1, message=RANGE_MESSAGE)
        self._workers = workers
        self._use_multiprocessing = bool(use_multiprocessing)
        self._max_queue_size = max_queue_size

    def _warn_if_super_not_called(self) -> None:
        missing = [name for name in _DEFAULTS if not hasattr(self, name)]
        for name in missing:
            setattr(self, name, _DEFAULTS[name])
        if missing:
            warnings.warn(
                "Your `PyDataset` class should call `super().__init__(**kwargs)` in its "
                "constructor. `**kwargs` can include `workers`, `use_multiprocessing`, "
                "`max_queue_size`. Do not pass these arguments to `fit()`, as they will "
                "be ignored.",
                stacklevel=3,
            )

    @property
    def workers(self) -> int:
        self._warn_if_super_not_called()
        return self._workers

    @workers.setter
    def workers(self, value: int) -> None:
        self._workers = value

    @property
    def use_multiprocessing(self) -> bool:
        self._warn_if_super_not_called()
        return self._use_multiprocessing

    @use_multiprocessing.setter
    def use_multiprocessing(self, value: bool) -> None:
        self._use_multiprocessing = value

    @property
    def max_queue_size(self) -> int:
        self._warn_if_super_not_called()
        return self._max_queue_size

    @max_queue_size.setter
    def max_queue_size(self, value: int) -> None:
        self._max_queue_size = value

    def __getitem__(self, index: int) -> Any:
        """Gets batch at position `index`.

        Args:
            index: position of the batch in the PyDataset.

        Returns:
            A batch.
        """
        del index
        raise NotImplementedError

    def __iter__(self) -> Iterator[Any]:
        try:
            num_batches = self.num_batches
        except NotImplementedError:
            num_batches = None
        indices = itertools.count() if num_batches is None else range(num_batches)
        for index in indices:
            yield self[index]

    @property
    def num_batches(self) -> int | None:
        """Number of batches in the PyDataset, or `None` if the dataset is infinite."""
        # Subclasses written for Keras 2's `Sequence` only define `__len__`.
        if hasattr(self, "__len__"):
            return len(self)
        raise NotImplementedError(
            "You need to implement the `num_batches` property:\n\n"
            "@property\ndef num_batches(self):\n  return ..."
        )

    def on_epoch_begin(self) -> None:
        """Method called at the beginning of every epoch."""

    def on_epoch_end(self) -> None:
        """Method called at the end of every epoch."""


# Keras 2 name, still exported by Keras 3.
Sequence = PyDataset
