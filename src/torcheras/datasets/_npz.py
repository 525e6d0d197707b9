"""Reading, checking and writing the ``.npz`` files of the built-in datasets.

* :func:`load_npz` never runs arbitrary pickles: numeric arrays load with pickling off,
  object arrays (IMDB, Reuters) through :class:`RestrictedUnpickler`.
* :func:`check_arrays` compares names, dtypes, shapes and a content digest, so a file is
  accepted for what it holds, not for its container bytes (which differ between numpy
  versions for the same data).
* :func:`save_npz` writes atomically (temporary file + rename).
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import tempfile
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

# The only globals needed to rebuild numpy arrays from a pickle (numpy 1 and 2 spellings).
_ALLOWED_GLOBALS = frozenset({
    ("numpy", "ndarray"),
    ("numpy", "dtype"),
    ("numpy.core.multiarray", "_reconstruct"),
    ("numpy._core.multiarray", "_reconstruct"),
})


class RestrictedUnpickler(pickle.Unpickler):
    """An unpickler that only allows numpy array reconstruction globals."""

    def find_class(self, module: str, name: str):
        if (module, name) in _ALLOWED_GLOBALS:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(
            f"Refusing to deserialize `{module}.{name}` while loading a dataset. "
            "The file may be corrupted or malicious."
        )


def restricted_loads(data: bytes, encoding: str = "latin1"):
    """``pickle.loads`` limited to numpy arrays; ``latin1`` reads Python 2 pickles too."""
    return RestrictedUnpickler(io.BytesIO(data), encoding=encoding).load()


def _read_member(fp) -> np.ndarray:
    try:
        return np.lib.format.read_array(fp, allow_pickle=False)
    except ValueError as e:
        if "allow_pickle" not in str(e):
            raise
    fp.seek(0)
    major, _ = np.lib.format.read_magic(fp)
    if major == 1:
        np.lib.format.read_array_header_1_0(fp)
    elif major in (2, 3):
        # Format 3.0 only changes the header's text encoding, not its length field.
        np.lib.format.read_array_header_2_0(fp)
    else:
        raise ValueError(f"Unsupported `.npy` file version: {major}.")
    return RestrictedUnpickler(fp, encoding="latin1").load()


def load_npz(path: str) -> dict[str, np.ndarray]:
    """Load every ``.npy`` member of an ``.npz`` archive, reading all bytes (CRC-checked)."""
    arrays = {}
    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            if member.endswith(".npy"):
                with archive.open(member) as raw:
                    arrays[member[: -len(".npy")]] = _read_member(io.BytesIO(raw.read()))
    return arrays


def array_digest(arrays: Mapping[str, np.ndarray], names) -> str:
    """sha256 over each named array's name, dtype, shape and C-order bytes.

    Object arrays (ragged lists of ints) are hashed through their ``repr`` of each item.
    """
    h = hashlib.sha256()
    for name in names:
        a = np.asarray(arrays[name])
        h.update(f"{name}|{a.dtype.str}|{a.shape}\n".encode())
        if a.dtype == object:
            for item in a.reshape(-1):
                h.update(repr(item).encode())
                h.update(b"\n")
        else:
            h.update(np.ascontiguousarray(a).data)
    return h.hexdigest()


@dataclass(frozen=True)
class ArraySpec:
    """What a dataset file must hold: ``{name: (dtype, shape)}`` and the content digest."""

    arrays: dict
    digest: str | None = None

    def check(self, arrays: Mapping[str, np.ndarray]) -> None:
        """Raise ``ValueError`` saying exactly what differs."""
        missing = [n for n in self.arrays if n not in arrays]
        if missing:
            raise ValueError(f"missing arrays {missing}; found {sorted(arrays)}")
        for name, (dtype, shape) in self.arrays.items():
            a = arrays[name]
            if a.dtype != np.dtype(dtype) or tuple(a.shape) != tuple(shape):
                raise ValueError(
                    f"array {name!r} is {a.dtype}{tuple(a.shape)}, expected "
                    f"{np.dtype(dtype)}{tuple(shape)}"
                )
        if self.digest is not None:
            got = array_digest(arrays, list(self.arrays))
            if got != self.digest:
                raise ValueError(f"array contents differ (sha256 {got[:16]}…, expected "
                                 f"{self.digest[:16]}…)")


def save_npz(path: str, arrays: Mapping[str, np.ndarray], compressed: bool = True) -> str:
    """Write ``arrays`` to ``path`` via a temporary file in the same folder, then rename."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".part",
                               dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            (np.savez_compressed if compressed else np.savez)(f, **arrays)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return path
