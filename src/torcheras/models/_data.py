"""Turning what users pass to ``fit``/``evaluate``/``predict`` into batches of tensors.

``make_batches`` picks one adapter per input kind; every adapter validates the data once
and offers ``epoch()`` (an iterator of ``(x, y, sample_weight)`` batches of tensors) and
``num_batches``, which is all the trainer uses.

In-memory data (NumPy arrays, pandas frames, lists, tensors, dicts of them) is converted to
tensors once (_data_convert.py); each epoch shuffles an index permutation and slices
batches from it, with no DataLoader and no host synchronisation. Generators, ``PyDataset``
and torch ``DataLoader``/``Dataset`` are read batch by batch, a background thread staying
ahead of the loop (_data_streams.py, _prefetch.py).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping

import numpy as np
import torch

from torcheras.backend import _device
from torcheras.layers._keras_tensor import flatten, map_structure, pack_like
from torcheras.models._data_convert import (  # noqa: F401 (the trainer reads them here)
    Method,
    class_weights_to_sample_weights,
    convert_structure,
    is_in_memory,
    pack_x_y_sample_weight,
    to_tensor,
    unpack_x_y_sample_weight,
)
from torcheras.models._data_streams import (  # noqa: F401
    GeneratorBatches,
    IterableBatches,
    LoaderBatches,
    PyDatasetBatches,
    QueuedSource,
    with_queue_options,
)
from torcheras.utils._py_dataset import PyDataset


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


def make_batches(x, y=None, sample_weight=None, batch_size=None, shuffle=False,
                 steps=None, class_weight=None, method: Method = Method.FIT):
    """Pick the adapter for ``x`` and return an object with ``epoch()`` and ``num_batches``.

    Args:
        x, y, sample_weight: What the user passed (``x`` may be a :class:`QueuedSource`
            from Keras 2's ``fit_generator`` & co.).
        batch_size: Samples per batch for in-memory data and torch ``Dataset``s.
        shuffle: Shuffle in-memory data (``"batch"``: whole batches), ``PyDataset``
            batches and a torch ``Dataset``'s samples each epoch.
        steps: Batches per epoch (``None``: all of them).
        class_weight: Dict of class index to weight, folded into the sample weights.
        method: The public method the data came through (for messages).
    """
    options = None
    if isinstance(x, QueuedSource):
        x, options = x.source, x.options
    stream = _stream_batches(x, y, batch_size, shuffle, steps, options)
    if stream is not None:
        stream.class_weight = _checked_class_weight(class_weight)
        return stream
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


def _checked_class_weight(class_weight):
    if class_weight is not None and not isinstance(class_weight, Mapping):
        raise ValueError(
            "Argument `class_weight` must be a dict mapping class indices to weights. "
            f"Received: class_weight={class_weight!r}"
        )
    return class_weight


def _stream_batches(x, y, batch_size, shuffle, steps, options):
    """The adapter for data read batch by batch, or ``None`` for in-memory data."""
    if isinstance(x, PyDataset):
        _no_y_with_dataset(y, "a PyDataset")
        return PyDatasetBatches(x, steps, shuffle=shuffle, options=options)
    if isinstance(x, torch.utils.data.DataLoader):
        _no_y_with_dataset(y, "a torch DataLoader")
        return LoaderBatches(x, steps)
    if isinstance(x, torch.utils.data.Dataset):
        _no_y_with_dataset(y, "a torch Dataset")
        # An IterableDataset has no indices to shuffle.
        order = bool(shuffle) and not isinstance(x, torch.utils.data.IterableDataset)
        loader = torch.utils.data.DataLoader(x, batch_size=batch_size or 32, shuffle=order)
        return LoaderBatches(loader, steps)
    if hasattr(x, "__next__") or (hasattr(x, "__iter__") and not is_in_memory(x)
                                  and not isinstance(x, (Mapping, list, tuple))):
        _no_y_with_dataset(y, "a generator")
        return GeneratorBatches(x, steps, options=options)
    return None


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
