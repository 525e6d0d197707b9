"""Reading and checking the ragged ``.npz`` files of IMDB and Reuters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from torcheras.datasets import _npz, _source
from torcheras.datasets._ragged import Ragged, content_digest, no_gc
from torcheras.utils._file import validate_file


@dataclass(frozen=True)
class SequenceFileSpec:
    dataset: str
    keras_name: str
    origin: str
    file_hash: str  # sha256 of Keras's own file (vouches only for that exact file)
    arrays: dict  # {name: (dtype, shape)}; object arrays hold the id lists
    digest: str | None  # content_digest over the arrays in this order


def read_checked(path: str, spec: SequenceFileSpec) -> dict:
    """``{name: Ragged or labels}`` of a file whose content is the dataset's."""
    with no_gc():  # unpickling makes one list per sequence
        arrays = _npz.load_npz(path)
    _npz.ArraySpec(spec.arrays).check(arrays)  # names, dtypes, shapes
    parts = {name: Ragged.from_object_array(arrays[name], name)
             if arrays[name].dtype == object else arrays[name] for name in spec.arrays}
    if spec.digest is not None:
        got = content_digest(list(parts.items()))
        if got != spec.digest:
            # Keras's original file is trusted by its published hash, whatever we read.
            if not validate_file(path, spec.file_hash):
                raise ValueError(f"array contents differ (sha256 {got[:16]}…, expected "
                                 f"{spec.digest[:16]}…)")
    return parts


def load(path, spec: SequenceFileSpec, reader: Callable[[str], dict] | None = None) -> dict:
    """Walk the source chain (or just the named file) and return the checked arrays."""
    read = reader or (lambda p: read_checked(p, spec))
    sources = _source.path_sources(path, spec.keras_name, spec.origin, spec.file_hash)
    return _source.load_first(spec.dataset, sources, read, spec.keras_name)
