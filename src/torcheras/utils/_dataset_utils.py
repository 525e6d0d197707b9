"""``keras.utils.split_dataset``, ``pack_x_y_sample_weight``, ``unpack_x_y_sample_weight``.

``split_dataset`` answers as Keras 3 does on its torch backend: two
``torch.utils.data.Dataset`` objects (``TensorDataset`` subsets for arrays), which ``fit``
batches with a ``DataLoader``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import torch
from torch.utils.data import Dataset, Subset, TensorDataset


def pack_x_y_sample_weight(x: Any, y: Any = None, sample_weight: Any = None) -> Any:
    """Packs user-provided data into a tuple.

    This is a convenience utility for packing data into the tuple formats that
    `Model.fit()` uses.

    Args:
        x: Features to pass to `Model`.
        y: Ground-truth targets to pass to `Model`.
        sample_weight: Sample weight for each element (ignored when `y` is `None`, as in
            Keras).

    Returns:
        Tuple in the format used in `Model.fit()`: `x` alone (or `(x,)` when `x` is a
        tuple or list), `(x, y)` or `(x, y, sample_weight)`.

    Example:

    >>> import numpy as np
    >>> x, y = np.ones((4, 2)), np.zeros((4,))
    >>> len(pack_x_y_sample_weight(x, y))
    2
    >>> pack_x_y_sample_weight(x) is x
    True
    """
    if y is None:
        # A single input needs no tuple; a tuple/list of inputs does, to keep it apart
        # from `(x, y)`.
        return (x,) if isinstance(x, (tuple, list)) else x
    if sample_weight is None:
        return (x, y)
    return (x, y, sample_weight)


def unpack_x_y_sample_weight(data: Any) -> tuple:
    """Unpacks user-provided data tuple.

    This is a convenience utility to be used when overriding `Model.train_step`,
    `Model.test_step`, or `Model.predict_step`.

    Args:
        data: A tuple of the form `(x,)`, `(x, y)`, or `(x, y, sample_weight)` (a list
            is read as a tuple; anything else is `x`).

    Returns:
        The unpacked tuple, with `None`s for `y` and `sample_weight` if they are not
        provided.

    Example:

    >>> x, y, sample_weight = unpack_x_y_sample_weight(("features", "labels"))
    >>> (x, y, sample_weight)
    ('features', 'labels', None)
    """
    if isinstance(data, list):
        data = tuple(data)
    if not isinstance(data, tuple):
        return (data, None, None)
    if len(data) == 1:
        return (data[0], None, None)
    if len(data) == 2:
        return (data[0], data[1], None)
    if len(data) == 3:
        return (data[0], data[1], data[2])
    raise ValueError(
        "Data is expected to be in format `x`, `(x,)`, `(x, y)`, "
        f"or `(x, y, sample_weight)`, found: {data}"
    )


class _DictDataset(Dataset):
    """Samples of a dict of equally long tensors, as dicts."""

    def __init__(self, tensors: dict) -> None:
        self.tensors = tensors
        self._length = len(next(iter(tensors.values())))

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index: int) -> dict:
        return {k: v[index] for k, v in self.tensors.items()}


def _as_tensor(array: Any, where: str) -> torch.Tensor:
    if isinstance(array, torch.Tensor):
        return array
    if not isinstance(array, np.ndarray):
        raise ValueError(f"Expected a list of `numpy.ndarray` objects,Received: {type(array)} "
                         f"at index {where}.")
    return torch.from_numpy(np.ascontiguousarray(array))


def _check_lengths(arrays: list, kind: str) -> None:
    if not arrays:
        raise ValueError(
            f"Received an empty {kind} dataset. Please provide a non-empty {kind} of arrays."
        )
    first = tuple(arrays[0].shape)
    for i, a in enumerate(arrays):
        if a.shape[0] != first[0]:
            raise ValueError(
                f"Received a {kind} of NumPy arrays with different lengths.Mismatch found at "
                f"index {i}, Expected shape={first} Received shape={tuple(a.shape)}.Please "
                f"provide a {kind} of NumPy arrays of the same length."
            )


def _to_dataset(dataset: Any) -> Dataset:
    if isinstance(dataset, Dataset):
        return dataset
    if isinstance(dataset, (np.ndarray, torch.Tensor)):
        return TensorDataset(_as_tensor(dataset, "0"))
    if isinstance(dataset, (list, tuple)):
        kind = "list" if isinstance(dataset, list) else "tuple"
        tensors = [_as_tensor(a, str(i)) for i, a in enumerate(dataset)]
        _check_lengths(tensors, kind)
        return TensorDataset(*tensors)
    if isinstance(dataset, Mapping):
        tensors = {k: _as_tensor(a, repr(k)) for k, a in dataset.items()}
        _check_lengths(list(tensors.values()), "dict")
        return _DictDataset(tensors)
    raise TypeError(
        "The `dataset` argument must be a `torch.utils.data.Dataset` object, or a "
        f"list/tuple of arrays. Received: dataset={dataset} of type {type(dataset)}"
    )


def _check_size(value: Any, name: str, total: int) -> None:
    if value is None:
        return
    if type(value) not in (int, float):
        raise TypeError(
            f"Invalid `{name}` Type. Expected: int or float or None, "
            f"Received: type({name})={type(value)}."
        )
    if (type(value) is int and not 0 < value < total) or (
            type(value) is float and not 0 < value < 1):
        raise ValueError(
            f"`{name}` should be either a positive integer smaller than {total}, or a "
            f"float within the range `[0, 1]`. Received: {name}={value}"
        )


def _split_sizes(left_size: Any, right_size: Any, total: int) -> tuple:
    """Keras's rescaling of the two sizes to sample counts."""
    if left_size == 0 and right_size == 0:
        raise ValueError("Both `left_size` and `right_size` are zero. At least one of the "
                         "split sizes must be non-zero.")
    _check_size(left_size, "left_size", total)
    _check_size(right_size, "right_size", total)
    if type(left_size) is float and type(right_size) is float and left_size + right_size > 1:
        raise ValueError("The sum of `left_size` and `right_size` is greater than 1. It must "
                         "be less than or equal to 1.")
    left = round(left_size * total) if type(left_size) is float else left_size
    right = round(right_size * total) if type(right_size) is float else right_size
    left = total - right if left is None else left
    right = total - left if right is None else right
    if left + right > total:
        raise ValueError(
            f"The sum of `left_size` and `right_size` should be smaller than the {total}. "
            f"Received: left_size + right_size = {left + right}and total_length = {total}"
        )
    for split, side in ((left, "left"), (right, "right")):
        if split == 0:
            raise ValueError(
                f"With `dataset` of length={total}, `left_size`={left} and "
                f"`right_size`={right}.Resulting {side} side dataset split will be empty. "
                "Adjust any of the aforementioned parameters"
            )
    return int(left), int(right)


def split_dataset(dataset: Any, left_size: Any = None, right_size: Any = None,
                  shuffle: bool = False, seed: int | None = None,
                  preferred_backend: str | None = None) -> tuple:
    """Splits a dataset into a left half and a right half (e.g. train / test).

    Args:
        dataset: A `torch.utils.data.Dataset` object, a NumPy array, a list/tuple of
            arrays with the same length, or a dict of them (samples are then dicts).
        left_size: If float (in the range `[0, 1]`), it signifies the fraction of the
            data to pack in the left dataset. If integer, it signifies the number of
            samples to pack in the left dataset. If `None`, defaults to the complement
            to `right_size`.
        right_size: If float (in the range `[0, 1]`), it signifies the fraction of the
            data to pack in the right dataset. If integer, it signifies the number of
            samples to pack in the right dataset. If `None`, defaults to the complement
            to `left_size`.
        shuffle: Boolean, whether to shuffle the data before splitting it (with
            `torch.utils.data.random_split`, as Keras's torch backend).
        seed: A random seed for shuffling.
        preferred_backend: `None` or `"torch"` (the only backend here).

    Returns:
        A tuple of two `torch.utils.data.Dataset` objects: the left and right splits.
        Without `shuffle`, the left split is the first samples, the right one the last.

    Example:

    >>> import numpy as np
    >>> data = np.random.random(size=(1000, 4))
    >>> left_ds, right_ds = split_dataset(data, left_size=0.8)
    >>> len(left_ds), len(right_ds)
    (800, 200)
    """
    if preferred_backend not in (None, "torch"):
        raise ValueError(
            "Argument `preferred_backend` must be None or 'torch' (torcheras has only the "
            f"torch backend). Received: preferred_backend={preferred_backend!r}"
        )
    if right_size is None and left_size is None:
        raise ValueError(
            "At least one of the `left_size` or `right_size` must be specified. "
            "Received: left_size=None and right_size=None"
        )
    dataset = _to_dataset(dataset)
    total = len(dataset)
    left, right = _split_sizes(left_size, right_size, total)
    if shuffle:
        generator = torch.Generator()
        if seed is None:
            generator.seed()
        else:
            generator.manual_seed(seed)
        # `random_split`'s permutation (the same indices when the sizes cover the data).
        order = torch.randperm(total, generator=generator).tolist()
        return Subset(dataset, order[:left]), Subset(dataset, order[left:left + right])
    # Keras's TF path keeps the order without `shuffle` (its torch path shuffles anyway).
    return Subset(dataset, range(left)), Subset(dataset, range(total - right, total))
