"""The shuffle-and-split Keras applies to its small regression datasets."""

from __future__ import annotations

import numbers

import numpy as np

from torcheras._validation import check_int
from torcheras.datasets import _npz
from torcheras.utils._file import validate_file


def check_test_split(test_split, seed=None) -> None:
    """Refuse a ``test_split`` outside [0, 1) and a ``seed`` NumPy cannot use (before any
    file is read)."""
    check_int(seed, "seed", minimum=0, allow_none=True, type_error=ValueError)
    if isinstance(test_split, bool) or not isinstance(test_split, numbers.Real) or not (
            0 <= test_split < 1):
        raise ValueError(
            f"Invalid `test_split` argument: {test_split!r}. "
            "It must be between 0 and 1 (exclusive of 1)."
        )


def read_checked(path: str, spec: _npz.ArraySpec, file_hash: str) -> tuple:
    """``(x, y)`` of a file whose arrays match ``spec`` (or that is Keras's own file)."""
    arrays = _npz.load_npz(path)
    try:
        spec.check(arrays)
    except ValueError:
        if not validate_file(path, file_hash):
            raise
    return arrays["x"], arrays["y"]


def shuffle_split(x: np.ndarray, y: np.ndarray, test_split: float, seed):
    """Shuffle with ``RandomState(seed)``, then the last ``test_split`` is the test set."""
    rng = np.random.RandomState(seed)
    indices = np.arange(len(x))
    rng.shuffle(indices)
    x, y = x[indices], y[indices]
    cut = int(len(x) * (1 - test_split))
    # Copies, as Keras returns: in-place scaling of x_train must not touch x_test's buffer.
    return (np.array(x[:cut]), np.array(y[:cut])), (np.array(x[cut:]), np.array(y[cut:]))
