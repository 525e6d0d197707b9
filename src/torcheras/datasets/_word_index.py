"""Word-index JSON files (word -> frequency rank) of the IMDB and Reuters datasets.

A copy is accepted for its content: a JSON object of ``{word: rank}`` whose ranks are
exactly ``1..N`` for the dataset's vocabulary size ``N`` and whose (rank, word) pairs have
the recorded digest. That accepts a re-serialized or pretty-printed copy of Keras's file
and rejects the index of another dataset, which would silently decode ids to wrong words.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass

from torcheras.datasets import _source


@dataclass(frozen=True)
class WordIndexSpec:
    dataset: str  # e.g. "IMDB"
    npz_name: str  # the npz whose ids the ranks must match, e.g. "imdb.npz"
    keras_name: str
    origin: str
    file_hash: str  # md5 Keras's get_file checks on its download
    size: int  # number of words = the largest id in the npz
    digest: str | None  # sha256 over "rank\tjson(word)\n" lines in rank order


def pairs_digest(index: dict) -> str:
    h = hashlib.sha256()
    for word, rank in sorted(index.items(), key=lambda item: item[1]):
        h.update(f"{rank}\t{json.dumps(word)}\n".encode())
    return h.hexdigest()


def read_checked(path: str, spec: WordIndexSpec) -> dict:
    """The file's dict (in file order, as ``json.load`` gives it), or a ``ValueError``."""
    with open(path, encoding="utf-8") as f:
        try:
            index = json.load(f)
        except json.JSONDecodeError as e:
            raise ValueError(f"{path} is not a JSON word index: {e}") from None
    if not isinstance(index, dict) or not all(
            isinstance(w, str) and type(r) is int for w, r in index.items()):
        raise ValueError(f"{path} is not a JSON object mapping words to integer ranks.")
    ranks = set(index.values())
    low, high = (min(ranks), max(ranks)) if ranks else (None, None)
    if len(index) != spec.size or len(ranks) != spec.size or low != 1 or high != spec.size:
        raise ValueError(
            f"The word index in {path} does not match the {spec.dataset} dataset "
            f"({spec.npz_name}): it has {len(index)} words with ranks {low}..{high} "
            f"({len(ranks)} distinct), but {spec.npz_name} uses word ids 1..{spec.size}."
        )
    if spec.digest is not None and pairs_digest(index) != spec.digest:
        raise ValueError(
            f"The word index in {path} does not match the {spec.dataset} dataset "
            f"({spec.npz_name}): it has the right {spec.size} ranks but different words "
            "(its content digest differs from Keras's file)."
        )
    return index


def load(path, spec: WordIndexSpec) -> dict:
    """``get_word_index``: an existing file is checked and read; a name walks the caches."""
    if os.path.isfile(_source.check_path(path)):
        # The user named this very file: a wrong one is their error, not a cache miss.
        return read_checked(os.fspath(path), spec)
    fname = _source.check_fname(path)
    sources = _source.standard_sources(fname, spec.keras_name, spec.origin, spec.file_hash)
    return _source.load_first(f"{spec.dataset} word index", sources,
                              lambda p: read_checked(p, spec), spec.keras_name)
