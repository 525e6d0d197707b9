"""Turning what users pass to ``fit``/``evaluate``/``predict`` into batches of tensors.

In-memory data (NumPy arrays, lists, tensors, dicts of them) is converted to tensors once;
each epoch shuffles an index permutation and slices batches from it, with no DataLoader
and no host synchronisation. Generators, ``PyDataset`` and torch ``DataLoader``/``Dataset``
are iterated batch by batch.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterator, Mapping

import numpy as np
import torch

from torcheras.backend import _config, _device
from torcheras.layers._keras_tensor import flatten, map_structure, pack_like
from torcheras.utils._py_dataset import PyDataset
from torcheras.utils._py_dataset_adapter import PyDatasetAdapter


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
    if x is None:
        return None
    if isinstance(x, Mapping):
        return {k: to_tensor(v, f"{argument}[{k!r}]") for k, v in x.items()}
    if isinstance(x, list):
        _check_not_ragged_rows(x, argument)
    if isinstance(x, (list, tuple)) and (not _is_numeric_list(x) or any(
            isinstance(v, (np.ndarray, torch.Tensor)) and v.ndim > 0 for v in x)):
        # As Keras: a list of arrays is one array per model input, not one stacked array.
        return [convert_structure(v, f"{argument}[{i}]") for i, v in enumerate(x)]
    return to_tensor(x, argument)


def num_samples(x, y=None, sample_weight=None) -> int:
    sizes = {}
    for name, s in (("x", x), ("y", y), ("sample_weight", sample_weight)):
        if s is None:
            continue
        lens = [int(t.shape[0]) for t in flatten(s) if isinstance(t, torch.Tensor)]
        if lens:
            sizes[name] = lens
    all_sizes = {n for v in sizes.values() for n in v}
    if len(all_sizes) > 1:
        detail = " ".join(f"'{k}' sizes: {', '.join(map(str, v))}" for k, v in sizes.items())
        raise ValueError(
            "Data cardinality is ambiguous. Make sure all arrays contain the same number "
            f"of samples. {detail}"
        )
    if not all_sizes:
        raise ValueError("Argument `x` is empty: the model needs at least one sample.")
    n = all_sizes.pop()
    if n == 0:
        raise ValueError(
            "Argument `x` has 0 samples (shape "
            f"{tuple(flatten(x)[0].shape) if x is not None else None}): there is no data "
            "to train or evaluate on."
        )
    return n


def check_finite(x, argument: str) -> None:
    """Refuse training data holding NaN or infinity, which would poison the weights (checked
    once per ``fit``, not per step; ``evaluate`` and ``predict`` pass NaN through as Keras)."""
    for t in flatten(x):
        if isinstance(t, torch.Tensor) and t.is_floating_point() and t.numel():
            bad = ~torch.isfinite(t)
            if bool(bad.any()):
                idx = tuple(int(i) for i in bad.nonzero()[0])
                raise ValueError(
                    f"Argument `{argument}` contains NaN or infinite values (first at index "
                    f"{idx}, value {float(t[idx])}); training on them would turn the weights "
                    "into NaN. Clean or impute the data before calling `fit()`."
                )


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


class ArrayBatches:
    """Batches of in-memory tensors, shuffled per epoch by an index permutation."""

    def __init__(self, x, y=None, sample_weight=None, batch_size: int = 32,
                 shuffle=False, steps: int | None = None):
        self.x, self.y, self.sample_weight = x, y, sample_weight
        self.n = num_samples(x, y, sample_weight)
        self.batch_size = int(batch_size)
        self.shuffle = shuffle
        self.num_batches = math.ceil(self.n / self.batch_size)
        if steps is not None:
            self.num_batches = min(self.num_batches, int(steps)) if steps > 0 else 0
        device = _device.get_device()
        self._move = device.type != "cpu"
        self._device = device
        self._flat = [t for t in flatten((x, y, sample_weight))]

    def __len__(self) -> int:
        return self.num_batches

    def epoch(self) -> Iterator:
        device = self._device
        flat = self._flat
        bs = self.batch_size
        structure = (self.x, self.y, self.sample_weight)
        if self.shuffle == "batch":
            order = torch.arange(self.n)
            blocks = torch.randperm(self.num_batches)
            perm = torch.cat([order[i * bs:(i + 1) * bs] for i in blocks.tolist()])
        elif self.shuffle:
            perm = torch.randperm(self.n)
        else:
            perm = None
        for i in range(self.num_batches):
            if perm is None:
                batch = [t[i * bs:(i + 1) * bs] if t is not None else None for t in flat]
            else:
                idx = perm[i * bs:(i + 1) * bs]
                batch = [t.index_select(0, idx.to(t.device)) if t is not None else None
                         for t in flat]
            if self._move:
                batch = [b.to(device, non_blocking=True) if b is not None else None
                         for b in batch]
            yield pack_x_y_sample_weight(*pack_like(structure, batch))


def sample_params(batches) -> dict:
    """Keras 2's ``samples`` and ``batch_size`` callback params, for in-memory data (what
    ``ProgbarLogger(count_mode="samples")`` counts)."""
    if isinstance(batches, ArrayBatches):
        return {"samples": min(batches.n, batches.num_batches * batches.batch_size),
                "batch_size": batches.batch_size}
    return {}


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


class IterableBatches:
    """Batches read from a source that yields them: the base of the three adapters below.

    Args:
        source: The generator, ``PyDataset`` or torch ``DataLoader``.
        steps: How many batches make an epoch (``None``: until the source ends).
    """

    def __init__(self, source, steps: int | None = None):
        self.source = source
        self.num_batches = steps
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

    def epoch(self) -> Iterator:
        device = _device.get_device()
        count = 0
        for batch in self._iterate():
            batch = batch if isinstance(batch, tuple) else (
                tuple(batch) if isinstance(batch, list) and len(batch) in (2, 3) else (batch,))
            x, y, sw = unpack_x_y_sample_weight(batch)
            x = _batch_to_tensor(x, "x", device)
            y = _batch_to_tensor(y, "y", device)
            sw = _batch_to_tensor(sw, "sample_weight", device)
            count += 1
            yield pack_x_y_sample_weight(x, y, sw)
            # Stop before pulling another batch: a generator's next batch belongs to the
            # next epoch.
            if self.num_batches is not None and count >= self.num_batches:
                break
        self._epoch_finished()


class LoaderBatches(IterableBatches):
    """Batches from a torch ``DataLoader``: a fresh pass over it each epoch."""


class GeneratorBatches(IterableBatches):
    """Batches from a Python generator or iterator, consumed across epochs as in Keras."""

    def __init__(self, source, steps: int | None = None):
        super().__init__(source, steps)
        self._iterator = None

    def _iterate(self) -> Iterator:
        # `next` rather than `yield from`: leaving an epoch early must not close the user's
        # generator.
        if self._iterator is None:
            self._iterator = iter(self.source)
        while True:
            try:
                batch = next(self._iterator)
            except StopIteration:
                return
            yield batch

    def _epoch_finished(self) -> None:
        if self.num_batches is None:
            self._iterator = None


class PyDatasetBatches(IterableBatches):
    """Batches from a ``keras.utils.PyDataset``, with its workers/prefetch settings, its
    epoch hooks, and (in ``fit``) the batch order shuffled each epoch as Keras does."""

    def __init__(self, source: PyDataset, steps: int | None = None, shuffle: bool = False):
        super().__init__(source, steps)
        self._adapter = PyDatasetAdapter(source, shuffle=bool(shuffle))
        self.num_batches = steps if steps is not None else self._adapter.num_batches

    def _iterate(self) -> Iterator:
        adapter = self._adapter
        adapter.on_epoch_begin()
        try:
            yield from adapter.get_iterator()
        finally:
            adapter.on_epoch_end()


def _batch_to_tensor(x, argument, device):
    if x is None:
        return None
    t = convert_structure(x, argument)
    return map_structure(lambda v: v.to(device, non_blocking=True)
                         if isinstance(v, torch.Tensor) and v.device != device else v, t)


def make_batches(x, y=None, sample_weight=None, batch_size=None, shuffle=False,
                 steps=None, class_weight=None, method: Method = Method.FIT):
    """Pick the adapter for ``x`` and return an object with ``epoch()`` and ``num_batches``.

    Args:
        x, y, sample_weight: What the user passed.
        batch_size: Samples per batch for in-memory data and torch ``Dataset``s.
        shuffle: Shuffle in-memory data (``"batch"``: whole batches) and ``PyDataset``
            batches each epoch.
        steps: Batches per epoch (``None``: all of them).
        class_weight: Dict of class index to weight, folded into the sample weights.
        method: The public method the data came through (for messages).
    """
    if isinstance(x, PyDataset):
        _no_y_with_dataset(y, "a PyDataset")
        return PyDatasetBatches(x, steps, shuffle=shuffle)
    if isinstance(x, torch.utils.data.DataLoader):
        _no_y_with_dataset(y, "a torch DataLoader")
        return LoaderBatches(x, steps)
    if isinstance(x, torch.utils.data.Dataset):
        _no_y_with_dataset(y, "a torch Dataset")
        loader = torch.utils.data.DataLoader(x, batch_size=batch_size or 32,
                                             shuffle=bool(shuffle))
        return LoaderBatches(loader, steps)
    if hasattr(x, "__next__") or (hasattr(x, "__iter__") and not is_in_memory(x)
                                  and not isinstance(x, (Mapping, list, tuple))):
        _no_y_with_dataset(y, "a generator")
        return GeneratorBatches(x, steps)
    if x is None:
        raise ValueError(f"Argument `x` is required by `{method.value}()`. Received: x=None")
    xt = convert_structure(x, "x")
    yt = convert_structure(y, "y")
    swt = convert_structure(sample_weight, "sample_weight")
    num_samples(xt, yt, swt)
    if class_weight is not None:
        if yt is None or not isinstance(yt, torch.Tensor):
            raise ValueError(
                "Argument `class_weight` needs a single array `y`. "
                f"Received: y of type {type(y).__name__}"
            )
        cw = class_weights_to_sample_weights(yt, class_weight)
        swt = cw if swt is None else swt * cw
    return ArrayBatches(xt, yt, swt, batch_size=batch_size or 32, shuffle=shuffle, steps=steps)


def _no_y_with_dataset(y, kind):
    if y is not None:
        raise ValueError(
            f"When `x` is {kind}, it must yield `(x, y)` itself: do not pass `y`. "
            f"Received: y of type {type(y).__name__}"
        )


def split_validation(x, y, sample_weight, validation_split: float):
    """Keras's ``validation_split``: the last fraction of the (unshuffled) samples."""
    xt = convert_structure(x, "x")
    yt = convert_structure(y, "y")
    swt = convert_structure(sample_weight, "sample_weight")
    n = num_samples(xt, yt, swt)
    split_at = int(math.floor(n * (1.0 - validation_split)))
    if split_at == 0 or split_at == n:
        raise ValueError(
            f"Training data contains {n} samples, which is not sufficient to split it into a "
            f"validation and training set as specified by `validation_split={validation_split}`."
            " Either provide more data, or a different value for the `validation_split` "
            "argument."
        )

    def head(s):
        return map_structure(lambda t: t[:split_at], s) if s is not None else None

    def tail(s):
        return map_structure(lambda t: t[split_at:], s) if s is not None else None

    return (head(xt), head(yt), head(swt)), (tail(xt), tail(yt), tail(swt))


def concat_outputs(chunks: list):
    """Concatenate per-batch predictions (nested structures) into NumPy arrays."""
    if not chunks:
        return None
    first = chunks[0]
    flat = [flatten(c) for c in chunks]
    joined = [np.concatenate([_device.convert_to_numpy(f[i]) for f in flat], axis=0)
              for i in range(len(flat[0]))]
    return pack_like(first, joined)
