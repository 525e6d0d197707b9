"""``keras.utils.timeseries_dataset_from_array``: sliding windows over an in-memory series,
cut lazily batch by batch (the windows are never all materialised)."""

from __future__ import annotations

from typing import Any

import numpy as np
import torch

from torcheras.utils._batch_dataset import BatchDataset


def _as_array(x: Any) -> np.ndarray:
    if isinstance(x, torch.Tensor):
        return x.detach().cpu().numpy()
    return np.asarray(x)


class TimeseriesDataset(BatchDataset):
    """Batches of windows ``data[p], data[p + r], ..., data[p + (L - 1) r]`` (with
    ``targets[p]`` when there are targets), ``p`` counted from ``start_index``.

    Args:
        data: The series (time on axis 0), already cut to ``[start_index, end_index)``.
        targets: The targets, cut from ``start_index`` (or ``None``).
        starts: The window start positions, in sample order.
        sequence_length: Timesteps per window.
        sampling_rate: Period between the timesteps of a window.
        batch_size: Windows per batch (``None``: single windows).
        shuffle: New order each pass after the first (the first is ``starts``'s).
        seed: Seed of the orders.
    """

    def __init__(self, data: np.ndarray, targets: np.ndarray | None, starts: np.ndarray,
                 sequence_length: int, sampling_rate: int, batch_size: int | None,
                 shuffle: bool, seed: int | None) -> None:
        super().__init__(len(starts), batch_size, shuffle=shuffle, seed=seed, workers=1)
        self.data = torch.from_numpy(np.ascontiguousarray(data))
        self.targets = None if targets is None else torch.from_numpy(
            np.ascontiguousarray(targets))
        self.starts = torch.from_numpy(np.asarray(starts, dtype=np.int64))
        self.offsets = torch.arange(sequence_length, dtype=torch.int64) * sampling_rate

    def sample(self, index: int) -> Any:
        start = self.starts[index]
        window = self.data[start + self.offsets]
        return window if self.targets is None else (window, self.targets[start])

    def __getitem__(self, index: int) -> Any:
        if self.batch_size is None:
            return super().__getitem__(index)
        if not 0 <= index < len(self):
            raise IndexError(f"Batch index {index} is out of range for a dataset of "
                             f"{len(self)} batches.")
        # One gather for the whole batch rather than one per window.
        chosen = torch.from_numpy(
            self._order[index * self.batch_size:(index + 1) * self.batch_size])
        starts = self.starts[chosen]
        windows = self.data[starts[:, None] + self.offsets[None, :]]
        return windows if self.targets is None else (windows, self.targets[starts])


def _check_indices(n: int, start_index: Any, end_index: Any, sampling_rate: int,
                   sequence_stride: int) -> None:
    if start_index:
        if start_index < 0:
            raise ValueError(f"`start_index` must be 0 or greater. Received: "
                             f"start_index={start_index}")
        if start_index >= n:
            raise ValueError("`start_index` must be lower than the length of the data. "
                             f"Received: start_index={start_index}, for data of length {n}")
    if end_index:
        if start_index and end_index <= start_index:
            raise ValueError("`end_index` must be higher than `start_index`. Received: "
                             f"start_index={start_index}, and end_index={end_index} ")
        if end_index >= n:
            raise ValueError("`end_index` must be lower than the length of the data. "
                             f"Received: end_index={end_index}, for data of length {n}")
        if end_index <= 0:
            raise ValueError(f"`end_index` must be higher than 0. Received: "
                             f"end_index={end_index}")
    for name, value in (("sampling_rate", sampling_rate), ("sequence_stride", sequence_stride)):
        if value <= 0:
            raise ValueError(f"`{name}` must be higher than 0. Received: {name}={value}")
        if value >= n:
            raise ValueError(f"`{name}` must be lower than the length of the data. "
                             f"Received: {name}={value}, for data of length {n}")


def timeseries_dataset_from_array(
    data: Any, targets: Any, sequence_length: int, sequence_stride: int = 1,
    sampling_rate: int = 1, batch_size: int | None = 128, shuffle: bool = False,
    seed: int | None = None, start_index: int | None = None, end_index: int | None = None,
) -> TimeseriesDataset:
    """Creates a dataset of sliding windows over a timeseries provided as array.

    This function takes in a sequence of data-points gathered at equal intervals, along
    with time series parameters such as length of the sequences/windows, spacing between
    two sequence/windows, etc., to produce batches of timeseries inputs and targets.

    The dataset is lazy: each batch of windows is gathered from `data` when it is read.
    It yields tensors (the dtype of `data`), has `len()` (the number of batches) and
    `map`/`take`/`prefetch`.

    Args:
        data: NumPy array or tensor containing consecutive data points (timesteps).
            Axis 0 is expected to be the time dimension.
        targets: Targets corresponding to timesteps in `data`. `targets[i]` should be
            the target corresponding to the window that starts at index `i`. Pass
            `None` if you don't have target data (the dataset then yields only the
            input data).
        sequence_length: Length of the output sequences (in number of timesteps).
        sequence_stride: Period between successive output sequences. For stride `s`,
            output samples would start at index `data[i]`, `data[i + s]`,
            `data[i + 2 * s]`, etc.
        sampling_rate: Period between successive individual timesteps within
            sequences. For rate `r`, timesteps `data[i], data[i + r], ...
            data[i + sequence_length]` are used for creating a sample sequence.
        batch_size: Number of timeseries samples in each batch (except maybe the last
            one). If `None`, the data will not be batched.
        shuffle: Whether to shuffle output samples, or instead draw them in
            chronological order. The first pass uses Keras's seeded order of the window
            starts (`np.random.RandomState(seed)`); later passes draw new orders.
        seed: Optional int; random seed for shuffling.
        start_index: Optional int; data points earlier (exclusive) than `start_index`
            will not be used in the output sequences.
        end_index: Optional int; data points later (exclusive) than `end_index` will
            not be used in the output sequences.

    Returns:
        A `TimeseriesDataset` yielding `(batch_of_sequences, batch_of_targets)`, or only
        `batch_of_sequences` when `targets` is `None`.

    Example:

    >>> import numpy as np
    >>> ds = timeseries_dataset_from_array(np.arange(10), None, sequence_length=3,
    ...                                    sequence_stride=3, batch_size=2)
    >>> [b.tolist() for b in ds]
    [[[0, 1, 2], [3, 4, 5]], [[6, 7, 8]]]
    """
    data = _as_array(data)
    _check_indices(len(data), start_index, end_index, sampling_rate, sequence_stride)
    start = start_index or 0
    end = len(data) if end_index is None else end_index
    num_seqs = end - start - (sequence_length - 1) * sampling_rate
    target_array = None
    if targets is not None:
        target_array = _as_array(targets)
        num_seqs = min(num_seqs, len(target_array))
        target_array = target_array[start:]
    starts = np.arange(0, max(num_seqs, 0), sequence_stride, dtype=np.int64)
    if shuffle:
        if seed is None:
            seed = np.random.randint(1e6)
        np.random.RandomState(seed).shuffle(starts)
    return TimeseriesDataset(data[start:end], target_array, starts, sequence_length,
                             sampling_rate, batch_size, shuffle, seed)
