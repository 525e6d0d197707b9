"""Keras's word-id sequence procedure (IMDB, Reuters), vectorized over one flat array.

Keras's loaders walk Python lists token by token; here each split is a flat ``int64``
array plus per-sequence lengths, which gives the same numbers far faster and also
yields a cheap content digest of the stored file. Quirks kept on purpose because
Keras's outputs have them:

* ``maxlen`` keeps sequences *strictly shorter* than ``maxlen`` (start char included);
* with ``num_words=None`` the cap is the largest id seen, and ``w < cap`` maps that one
  largest id to ``oov_char`` too;
* ``skip_top`` and the cap apply to every id, the start char included.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import itertools
import warnings
from dataclasses import dataclass

import numpy as np

from torcheras._validation import check_int


@contextlib.contextmanager
def no_gc():
    """Pause the cyclic garbage collector while building many small lists.

    Tens of thousands of new lists would otherwise trigger collections that walk every
    live object again and again; none of them can form cycles.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass
class Ragged:
    """Sequences of ids: ``values`` (flat int64) split by ``lengths``."""

    values: np.ndarray
    lengths: np.ndarray

    @classmethod
    def from_object_array(cls, seqs: np.ndarray, name: str) -> Ragged:
        if seqs.ndim != 1:
            raise ValueError(f"array {name!r} must be 1-D, got shape {seqs.shape}")
        for item in seqs[:1]:
            if not isinstance(item, (list, np.ndarray)):
                raise ValueError(f"array {name!r} holds {type(item).__name__}, not lists")
        lengths = np.fromiter(map(len, seqs), dtype=np.int64, count=len(seqs))
        values = np.fromiter(itertools.chain.from_iterable(seqs), dtype=np.int64,
                             count=int(lengths.sum()))
        return cls(values, lengths)

    @property
    def offsets(self) -> np.ndarray:
        return np.concatenate([[0], np.cumsum(self.lengths)])

    def take(self, order: np.ndarray) -> Ragged:
        """Sequences in the order ``order`` (a permutation or a subset of indices)."""
        lengths = self.lengths[order]
        starts = self.offsets[:-1][order]
        new_starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        index = np.repeat(starts - new_starts, lengths) + np.arange(lengths.sum())
        return Ragged(self.values[index], lengths)

    def prepend(self, value: int) -> Ragged:
        lengths = self.lengths + 1
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        values = np.empty(int(lengths.sum()), dtype=np.int64)
        mask = np.ones(len(values), dtype=bool)
        mask[starts] = False
        values[starts] = value
        values[mask] = self.values
        return Ragged(values, lengths)

    def keep(self, mask: np.ndarray) -> Ragged:
        """Drop the tokens where ``mask`` is False (sequences may become shorter)."""
        segment = np.repeat(np.arange(len(self.lengths)), self.lengths)
        lengths = np.bincount(segment[mask], minlength=len(self.lengths)).astype(np.int64)
        return Ragged(self.values[mask], lengths)

    def to_object_array(self) -> np.ndarray:
        """Keras's return value: ``np.array(list_of_int_lists, dtype="object")``."""
        with no_gc():
            parts = np.split(self.values, self.offsets[1:-1]) if len(self.lengths) else []
            lists = [part.tolist() for part in parts]
            # Exactly Keras's call, so equal-length sequences give the same 2-D object array.
            return np.array(lists, dtype="object")


def content_digest(parts: list[tuple[str, Ragged | np.ndarray]]) -> str:
    """sha256 over named ragged id arrays and label arrays (dtype, shape and values)."""
    h = hashlib.sha256()
    for name, part in parts:
        if isinstance(part, Ragged):
            h.update(f"{name}|ragged|{len(part.lengths)}\n".encode())
            h.update(np.ascontiguousarray(part.lengths, dtype="<i8").data)
            h.update(np.ascontiguousarray(part.values, dtype="<i8").data)
        else:
            h.update(f"{name}|{part.dtype.str}|{part.shape}\n".encode())
            h.update(np.ascontiguousarray(part).data)
    return h.hexdigest()


def legacy_kwargs(kwargs: dict, num_words):
    """Keras 2's ``nb_words`` alias; any other unknown keyword is a mistake worth naming."""
    if "nb_words" in kwargs:
        warnings.warn("The `nb_words` argument in `load_data` has been renamed `num_words`.",
                      stacklevel=3)
        num_words = kwargs.pop("nb_words")
    if kwargs:
        raise TypeError(f"Unrecognized keyword arguments: {sorted(kwargs)}")
    return num_words


def check_arguments(num_words, skip_top, maxlen, seed, start_char, oov_char,
                    index_from) -> None:
    """Reject arguments Keras would misread (e.g. ``num_words=0``, silently "all words")."""
    check_int(num_words, "num_words", minimum=1, allow_none=True, type_error=ValueError)
    check_int(skip_top, "skip_top", minimum=0, allow_none=False, type_error=ValueError)
    check_int(maxlen, "maxlen", minimum=1, allow_none=True, type_error=ValueError)
    check_int(seed, "seed", minimum=0, allow_none=True, type_error=ValueError)
    check_int(start_char, "start_char", minimum=None, allow_none=True, type_error=ValueError)
    check_int(oov_char, "oov_char", minimum=None, allow_none=True, type_error=ValueError)
    check_int(index_from, "index_from", minimum=0, allow_none=False, type_error=ValueError)


def shift(seqs: Ragged, start_char, index_from: int) -> Ragged:
    """Add ``index_from`` to every id, then put ``start_char`` in front (if not None)."""
    shifted = Ragged(seqs.values + index_from, seqs.lengths)
    return shifted.prepend(start_char) if start_char is not None else shifted


def filter_maxlen(seqs: Ragged, labels: np.ndarray, maxlen) -> tuple[Ragged, np.ndarray]:
    """Keep the sequences shorter than ``maxlen`` (Keras's ``remove_long_seq``)."""
    if not maxlen:
        return seqs, labels
    kept = np.flatnonzero(seqs.lengths < maxlen)
    return seqs.take(kept), labels[kept]


def cap_vocabulary(seqs: Ragged, num_words, skip_top: int, oov_char) -> Ragged:
    """Ids outside ``[skip_top, num_words)`` become ``oov_char`` (or are dropped if None)."""
    if not num_words:
        if not len(seqs.values):
            raise ValueError("No word ids left to choose `num_words` from: every sequence "
                             "is empty.")
        num_words = int(seqs.values.max())
    inside = (seqs.values >= skip_top) & (seqs.values < num_words)
    if oov_char is None:
        return seqs.keep(inside)
    return Ragged(np.where(inside, seqs.values, oov_char), seqs.lengths)


def concat(a: Ragged, b: Ragged) -> Ragged:
    return Ragged(np.concatenate([a.values, b.values]),
                  np.concatenate([a.lengths, b.lengths]))


def split(seqs: Ragged, at: int) -> tuple[Ragged, Ragged]:
    cut = int(seqs.lengths[:at].sum())
    return (Ragged(seqs.values[:cut], seqs.lengths[:at]),
            Ragged(seqs.values[cut:], seqs.lengths[at:]))
