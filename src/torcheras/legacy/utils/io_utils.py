"""Keras 2's ``keras.utils.io_utils``: ``HDF5Matrix`` and ``ask_to_proceed_with_overwrite``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

try:
    import h5py
except ImportError:  # h5py is an optional dependency
    h5py = None


def ask_to_proceed_with_overwrite(filepath: str) -> bool:
    """Ask on the terminal whether to overwrite ``filepath``; True for yes.

    Args:
        filepath: The file that would be overwritten.
    """
    answer = input(f"[WARNING] {filepath} already exists - overwrite? [y/n]").strip().lower()
    while answer not in ("y", "n"):
        answer = input('Enter "y" (overwrite) or "n" (cancel).').strip().lower()
    if answer == "n":
        return False
    print("[TIP] Next time specify overwrite=True!")
    return True


class HDF5Matrix:
    """A dataset of an HDF5 file used as a NumPy array (Keras 2), read on demand.

    Rows ``start`` to ``end`` of ``datapath[dataset]``; ``normalizer`` is applied to every
    read. Indexing takes an int, a slice or a list/array of indices; ``np.asarray`` reads
    all rows.

    Args:
        datapath: Path of the HDF5 file.
        dataset: Name of the dataset in the file.
        start: First row.
        end: One past the last row (default: the dataset's end).
        normalizer: Function applied to the rows read.

    Raises:
        ImportError: h5py is not installed.
    """

    refs: dict = {}

    def __init__(self, datapath: str, dataset: str, start: int = 0, end: int | None = None,
                 normalizer: Callable | None = None):
        if h5py is None:
            raise ImportError("HDF5Matrix needs h5py, which is not installed: `pip install "
                              "h5py`.")
        if datapath not in HDF5Matrix.refs:
            HDF5Matrix.refs[datapath] = h5py.File(datapath, "r")
        self.data = HDF5Matrix.refs[datapath][dataset]
        self.start = start
        self.end = self.data.shape[0] if end is None else end
        self.normalizer = normalizer

    def __len__(self) -> int:
        return self.end - self.start

    def _read(self, key) -> np.ndarray:
        out = self.data[key]
        return self.normalizer(out) if self.normalizer is not None else out

    def __getitem__(self, key) -> Any:
        n = len(self)
        if isinstance(key, slice):
            begin, stop, step = key.indices(n)
            if step != 1:
                return self._read(np.arange(begin, stop, step) + self.start)
            return self._read(slice(begin + self.start, stop + self.start))
        if isinstance(key, (int, np.integer)):
            if not -n <= key < n:
                raise IndexError(f"Index {key} out of range for HDF5Matrix of length {n}")
            return self._read(int(key) % n + self.start)
        indices = np.asarray(key)
        if indices.dtype == bool:
            indices = np.nonzero(indices)[0]
        if indices.size and (indices.max() >= n or indices.min() < -n):
            raise IndexError(f"Indices out of range for HDF5Matrix of length {n}")
        indices = indices % n + self.start
        # h5py needs increasing indices: read sorted, then restore the order asked for.
        order = np.argsort(indices, kind="stable")
        unique, inverse = np.unique(indices[order], return_inverse=True)
        rows = self._read(unique)[inverse]
        out = np.empty_like(rows)
        out[order] = rows
        return out

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        out = np.asarray(self[:])
        return out if dtype is None else out.astype(dtype)

    @property
    def shape(self) -> tuple:
        """``(len(self), *row_shape)``."""
        return (len(self),) + tuple(self.data.shape[1:])

    @property
    def dtype(self):
        """The dataset's dtype."""
        return self.data.dtype

    @property
    def ndim(self) -> int:
        """The number of dimensions."""
        return self.data.ndim

    @property
    def size(self) -> int:
        """The number of elements."""
        return int(np.prod(self.shape))


__all__ = ["HDF5Matrix", "ask_to_proceed_with_overwrite"]
