"""What every data adapter shares: turning one user-given structure of arrays into tensors,
and Keras's ``(x, y, sample_weight)`` batch packing.

NumPy arrays, pandas DataFrames/Series and array-likes go through ``np.asarray`` once;
torch tensors stay tensors (no NumPy round trip), only floats are cast to ``floatx()``.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

import numpy as np
import torch

from torcheras.backend import _config, _device
from torcheras.tree import map_structure


class Method(enum.Enum):
    """The public method that the data was given to (named in error messages)."""

    FIT = "fit"
    EVALUATE = "evaluate"
    PREDICT = "predict"


def _is_array(x) -> bool:
    return isinstance(x, (np.ndarray, torch.Tensor)) or (
        hasattr(x, "__array__") and not isinstance(x, (str, bytes)))


def is_in_memory(x) -> bool:
    """Arrays, tensors, lists of numbers, and nested lists/tuples/dicts of arrays."""
    if x is None:
        return True
    if _is_array(x):
        return True
    if isinstance(x, Mapping):
        return all(is_in_memory(v) for v in x.values())
    if isinstance(x, (list, tuple)):
        return len(x) > 0 and (all(_is_array(v) or isinstance(v, (Mapping, list, tuple))
                                   for v in x) or _is_numeric_list(x))
    return False


def _is_numeric_list(x) -> bool:
    try:
        arr = np.asarray(x)
    except (ValueError, TypeError):
        return False
    return arr.dtype != object and arr.dtype.kind in "biuf"


def to_tensor(x, argument: str):
    """Convert one array-like to a tensor; floats become ``floatx()`` as in Keras."""
    if isinstance(x, torch.Tensor):
        t = x
    else:
        arr = np.asarray(x)
        if arr.dtype == object:
            raise ValueError(
                f"Argument `{argument}` holds Python objects (dtype=object), e.g. ragged "
                f"sequences of different lengths; pad them first with "
                f"`keras.utils.pad_sequences`. Received: {argument} of shape {arr.shape}"
            )
        if arr.dtype.kind in "US":
            raise ValueError(
                f"Argument `{argument}` holds strings (dtype={arr.dtype}); a model takes "
                "numbers. Convert them first, e.g. with a Tokenizer or StringLookup."
            )
        if arr.dtype.kind not in "biufc":
            raise ValueError(
                f"Unsupported dtype {arr.dtype} for argument `{argument}`. "
                "Expected a numeric array."
            )
        if arr.dtype == np.bool_:
            arr = arr.astype(np.float32)
        if not arr.flags.c_contiguous or not arr.flags.writeable:
            arr = np.ascontiguousarray(arr).copy() if not arr.flags.writeable else (
                np.ascontiguousarray(arr))
        t = torch.from_numpy(arr)
    if t.is_floating_point() and t.dtype != _device.to_torch_dtype(_config.floatx()):
        t = t.to(_device.to_torch_dtype(_config.floatx()))
    if t.dim() == 0:
        raise ValueError(
            f"Argument `{argument}` must be an array with a batch dimension. "
            f"Received a scalar: {argument}={x!r}"
        )
    return t


def _check_not_ragged_rows(x, argument: str) -> None:
    """A list of Python rows (lists/tuples of numbers) of different lengths is ragged data,
    not one array per model input: say so, rather than mistaking each row for an input."""
    if not x or not all(isinstance(row, (list, tuple)) for row in x):
        return
    if not all(isinstance(v, (int, float, np.number)) for row in x for v in row):
        return
    lengths = [len(row) for row in x]
    if len(set(lengths)) > 1:
        first = lengths[0]
        other = next(i for i, n in enumerate(lengths) if n != first)
        raise ValueError(
            f"Argument `{argument}` is a list of {len(x)} rows of different lengths (row 0 "
            f"has {first} values, row {other} has {lengths[other]}); a model takes "
            "rectangular arrays. Pad the rows to one length first, e.g. "
            f"`keras.utils.pad_sequences({argument}, padding='post', dtype='float32')`, "
            "or truncate them with its `maxlen` argument."
        )


def convert_structure(x, argument: str):
    """``x`` (an array, or a list/tuple/dict of them) as tensors of the same structure.

    Args:
        x: The data.
        argument: Its name in error messages.
    """
    if x is None:
        return None
    if isinstance(x, Mapping):
        return {k: to_tensor(v, f"{argument}[{k!r}]") for k, v in x.items()}
    if isinstance(x, list):
        _check_not_ragged_rows(x, argument)
    # Arrays are looked at before `_is_numeric_list`, which would copy tensors into NumPy.
    if isinstance(x, (list, tuple)) and (any(
            isinstance(v, (np.ndarray, torch.Tensor)) and v.ndim > 0 for v in x)
            or not _is_numeric_list(x)):
        # As Keras: a list of arrays is one array per model input, not one stacked array.
        return [convert_structure(v, f"{argument}[{i}]") for i, v in enumerate(x)]
    return to_tensor(x, argument)


def pack_x_y_sample_weight(x, y=None, sample_weight=None):
    """A batch as Keras hands it to ``train_step``: ``x`` (or ``(x,)`` when ``x`` is a
    tuple/list), ``(x, y)``, or ``(x, y, sample_weight)``."""
    if y is None and sample_weight is None:
        return (x,) if isinstance(x, (list, tuple)) else x
    if sample_weight is None:
        return (x, y)
    return (x, y, sample_weight)


def unpack_x_y_sample_weight(data):
    """Split a batch into ``(x, y, sample_weight)`` as Keras does."""
    if isinstance(data, (list, tuple)):
        if len(data) == 1:
            return data[0], None, None
        if len(data) == 2:
            return data[0], data[1], None
        if len(data) == 3:
            return data[0], data[1], data[2]
        raise ValueError(
            "Data is expected to be in format `x`, `(x,)`, `(x, y)`, or "
            f"`(x, y, sample_weight)`, found a tuple of length {len(data)}."
        )
    return data, None, None



def class_weights_to_sample_weights(y: torch.Tensor, class_weight: Mapping) -> torch.Tensor:
    if not isinstance(class_weight, Mapping):
        raise ValueError(
            "Argument `class_weight` must be a dict mapping class indices to weights. "
            f"Received: class_weight={class_weight!r}"
        )
    if y.dim() > 1 and y.shape[-1] > 1:
        labels = y.argmax(dim=-1)
    else:
        labels = y.reshape(y.shape[0], -1)[:, 0]
        labels = labels.round().long() if labels.is_floating_point() else labels.long()
    n_classes = int(labels.max()) + 1 if labels.numel() else 0
    table = torch.ones(max(n_classes, max(int(k) for k in class_weight) + 1 if class_weight
                           else 1), dtype=torch.float32)
    for k, w in class_weight.items():
        table[int(k)] = float(w)
    return table[labels.cpu()].to(y.device)


def batch_to_tensor(x, argument: str, device: torch.device | None = None):
    """One batch element (a structure of arrays) as tensors, on ``device`` if given."""
    if x is None:
        return None
    t = convert_structure(x, argument)
    if device is None:
        return t
    return map_structure(lambda v: v.to(device, non_blocking=True)
                         if isinstance(v, torch.Tensor) and v.device != device else v, t)
