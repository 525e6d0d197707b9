"""Shared by the IMDB and Reuters tests: tiny ragged datasets and a plain-list reference."""

import json
import os

import numpy as np

from torcheras.datasets import _ragged, _sequence_file, _word_index


def ragged(rng, n, vocab, max_len=9, min_len=1):
    seqs = np.empty(n, dtype=object)
    for i in range(n):
        seqs[i] = [int(v) for v in rng.randint(1, vocab + 1, rng.randint(min_len, max_len))]
    return seqs


def spec_for(module, arrays):
    """The module's spec, re-pointed at a tiny dataset (digest of its content)."""
    parts = {k: _ragged.Ragged.from_object_array(v, k) if v.dtype == object else v
             for k, v in arrays.items()}
    old = module._SPEC
    return _sequence_file.SequenceFileSpec(
        old.dataset, old.keras_name, old.origin, old.file_hash,
        {k: (v.dtype, v.shape) for k, v in arrays.items()},
        _ragged.content_digest(list(parts.items())))


def word_index_spec_for(module, index):
    old = module._WORD_INDEX
    return _word_index.WordIndexSpec(old.dataset, old.npz_name, old.keras_name, old.origin,
                                     old.file_hash, len(index),
                                     _word_index.pairs_digest(index))


def save(path, arrays):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    np.savez(path, **arrays)
    return str(path)


def save_json(path, obj, **kwargs):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(obj, f, **kwargs)
    return str(path)


def keras_procedure(splits, num_words=None, skip_top=0, maxlen=None, start_char=1,
                    oov_char=2, index_from=3):
    """Keras's documented steps on plain lists of shuffled ``(xs, labels)`` splits: shift,
    drop long sequences per split, then cap the vocabulary over all splits together."""
    out = []
    for xs, labels in splits:
        if start_char is not None:
            xs = [[start_char] + [w + index_from for w in x] for x in xs]
        else:
            xs = [[w + index_from for w in x] for x in xs]
        if maxlen:
            kept = [i for i, x in enumerate(xs) if len(x) < maxlen]
            xs, labels = [xs[i] for i in kept], [labels[i] for i in kept]
        out.append((xs, list(labels)))
    every = [x for xs, _ in out for x in xs]
    if not num_words:
        num_words = max(max(x) for x in every)
    if oov_char is not None:
        fix = lambda x: [w if skip_top <= w < num_words else oov_char for w in x]  # noqa: E731
    else:
        fix = lambda x: [w for w in x if skip_top <= w < num_words]  # noqa: E731
    return [([fix(x) for x in xs], labels) for xs, labels in out]


def assert_sequences(got, expected):
    assert got.dtype == object
    assert len(got) == len(expected)
    for g, e in zip(got, expected):
        assert g == e
        assert all(type(w) is int for w in g)
