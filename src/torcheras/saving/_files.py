"""Writing files atomically, and clear errors for files that cannot be read.

Every save goes to a temporary file in the target's folder, is flushed to disk (fsync) and
then renamed over the target: a crash mid-save leaves the previous file intact.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
import zipfile
import zlib
from collections.abc import Iterator

import h5py

HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"
ZIP_SIGNATURE = b"PK"


@contextlib.contextmanager
def atomic_write(filepath: str | os.PathLike) -> Iterator[io.BufferedRandom]:
    """Open a temporary file beside ``filepath`` for binary writing; on success it is
    fsynced and renamed to ``filepath``, on error removed (``filepath`` is untouched)."""
    target = os.path.abspath(os.fspath(filepath))
    folder = os.path.dirname(target)
    if folder and not os.path.isdir(folder):
        os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".tmp",
                               dir=folder)
    try:
        with os.fdopen(fd, "w+b") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        mode = os.stat(target).st_mode & 0o777 if os.path.exists(target) else 0o644
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_folder(folder)


def _fsync_folder(folder: str) -> None:
    # The rename itself reaches the disk only once the folder is synced (POSIX).
    if not hasattr(os, "O_DIRECTORY"):
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def check_readable(filepath: str | os.PathLike, what: str = "file") -> str:
    """``filepath`` as a string, after checking that it exists and is not empty."""
    path = os.fspath(filepath)
    if not os.path.exists(path):
        raise ValueError(
            f"File not found: filepath={path}. Please ensure the file is an accessible "
            f"{what}."
        )
    if os.path.isdir(path):
        raise ValueError(
            f"File format not supported: filepath={path} is a directory. Keras 3 only "
            "supports V3 `.keras` files and legacy H5 format files (`.h5` extension); "
            "a TensorFlow SavedModel folder cannot be loaded here."
        )
    if os.path.getsize(path) == 0:
        raise ValueError(f"The file {path} is empty (0 bytes); it is not a valid {what}.")
    return path


def signature(path: str) -> bytes:
    with open(path, "rb") as f:
        return f.read(8)


def is_hdf5(path: str) -> bool:
    return signature(path) == HDF5_SIGNATURE


def is_zip(path: str) -> bool:
    return signature(path)[:2] == ZIP_SIGNATURE


def open_zip(path: str) -> zipfile.ZipFile:
    """The ``.keras`` archive at ``path``, or a ValueError naming the file and the fault."""
    if not is_zip(path):
        kind = "an HDF5 file" if is_hdf5(path) else "not a zip archive"
        raise ValueError(
            f"The file {path} is not a valid `.keras` file: it is {kind}. A `.keras` "
            "file is a zip archive written by `model.save()`."
        )
    try:
        archive = zipfile.ZipFile(path, "r")  # closes its file itself when this fails
    except (zipfile.BadZipFile, OSError, EOFError) as e:
        raise ValueError(
            f"The file {path} is not a valid `.keras` file: the zip archive is truncated "
            f"or corrupt ({e})."
        ) from None
    # Entries are CRC-checked as they are read (read_zip_entry names a corrupt one).
    return archive


# A member that expands past 100x its stored size (beyond 4 GiB) is a decompression bomb
# (CWE-409), refused before it is read, as Keras refuses it.
_BOMB_FLOOR_BYTES = 1 << 32
_MAX_EXPANSION = 100


def read_zip_entry(archive: zipfile.ZipFile, name: str, path: str) -> bytes:
    if name not in archive.namelist():
        raise ValueError(
            f"The file {path} is not a valid `.keras` file: it has no `{name}` "
            f"(entries: {archive.namelist()})."
        )
    info = archive.getinfo(name)
    if info.file_size > _BOMB_FLOOR_BYTES and info.file_size > (
            _MAX_EXPANSION * info.compress_size):
        raise ValueError(
            f"Not allowed: the entry '{name}' of {path} declares {info.file_size} bytes but "
            f"only {info.compress_size} are stored; refusing to load a potential "
            "decompression bomb."
        )
    try:
        return archive.read(name)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as e:
        raise ValueError(
            f"The file {path} is not a valid `.keras` file: its `{name}` is truncated or "
            f"corrupt ({e})."
        ) from None


def open_h5(source, path: str, what: str = "HDF5 file") -> h5py.File:
    """An ``h5py.File`` for reading, or a ValueError naming the file and the fault."""
    if isinstance(source, str) and not is_hdf5(source):
        kind = "a zip archive (a `.keras` file?)" if is_zip(source) else "not an HDF5 file"
        raise ValueError(f"The file {path} is not a valid {what}: it is {kind}.")
    try:
        return h5py.File(source, "r")
    except (OSError, ValueError) as e:
        raise ValueError(
            f"The file {path} is not a valid {what}: it is truncated or corrupt ({e})."
        ) from None
