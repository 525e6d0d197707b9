"""Reading CIFAR-10/100 in Keras's archive format, from a folder or straight from the archive.

The archives (``cifar-10-python.tar.gz``, ``cifar-100-python.tar.gz``) hold a folder of
Python pickles, each a dict with ``b"data"`` (uint8 ``(N, 3072)``, channels first) and
label lists. Every file read is checked against the md5 its authors publish before it is
unpickled (with numpy-only globals allowed), whatever the source: a mirror folder, our
cache, Keras 3's or tf.keras's cache layout, or a fresh download (whose archive is also
checked against Keras's sha256 and then extracted into our cache).
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import tarfile
import tempfile
from dataclasses import dataclass

import numpy as np

from torcheras.backend import _config
from torcheras.datasets import _npz, _source
from torcheras.utils._file import get_file


@dataclass(frozen=True)
class CifarSpec:
    """Where one CIFAR variant lives and what its files must hash to."""

    dataset: str  # for messages, e.g. "CIFAR-10"
    folder: str  # the folder inside the archive, e.g. "cifar-10-batches-py"
    archive: str  # the archive's own name, e.g. "cifar-10-python.tar.gz"
    origin: str
    archive_sha256: str
    md5: dict  # file name inside ``folder`` -> md5 of its bytes
    keras_name: str  # Keras 3's get_file fname, e.g. "cifar-10-batches-py-target"


def _member_folder(location: str, spec: CifarSpec) -> str:
    """A folder holding the batch files: ``location`` itself or its ``spec.folder``."""
    inner = os.path.join(location, spec.folder)
    return inner if os.path.isdir(inner) else location


def _check_md5(name: str, data: bytes, spec: CifarSpec) -> bytes:
    digest = hashlib.md5(data, usedforsecurity=False).hexdigest()
    if digest != spec.md5[name]:
        raise ValueError(f"{name} has md5 {digest}, expected {spec.md5[name]}")
    return data


def read_files(location: str, names, spec: CifarSpec) -> dict[str, bytes]:
    """The verified bytes of ``names`` from a folder or a ``.tar.gz`` archive."""
    if os.path.isdir(location):
        folder = _member_folder(location, spec)
        out = {}
        for name in names:
            with open(os.path.join(folder, name), "rb") as f:
                out[name] = _check_md5(name, f.read(), spec)
        return out
    wanted = {f"{spec.folder}/{name}": name for name in names}
    out = {}
    with tarfile.open(location, "r:*") as archive:
        for member in archive:
            name = wanted.get(member.name)
            if name is not None and member.isfile():
                out[name] = _check_md5(name, archive.extractfile(member).read(), spec)
    missing = sorted(set(names) - set(out))
    if missing:
        raise ValueError(f"the archive has no {', '.join(missing)} under {spec.folder}/")
    return out


def load_batch(data: bytes, label_key: str = "labels"):
    """``(data, labels)`` of one pickled batch: uint8 ``(N, 3, 32, 32)`` and a label list."""
    batch = _npz.RestrictedUnpickler(io.BytesIO(data), encoding="bytes").load()
    if not isinstance(batch, dict):
        raise ValueError("a CIFAR batch must be a pickled dict")
    batch = {k.decode("utf8") if isinstance(k, bytes) else k: v for k, v in batch.items()}
    images = np.asarray(batch["data"])
    if images.dtype != np.uint8 or images.ndim != 2 or images.shape[1] != 3 * 32 * 32:
        raise ValueError(f"batch data is {images.dtype}{images.shape}, expected uint8 (N, 3072)")
    labels = batch[label_key]
    if len(labels) != len(images):
        raise ValueError(f"{len(labels)} labels for {len(images)} images")
    return images.reshape(len(images), 3, 32, 32), labels


def to_data_format(x: np.ndarray) -> np.ndarray:
    """Keras's layout: channels last unless ``image_data_format()`` is channels_first."""
    if _config.image_data_format() == "channels_last":
        return np.ascontiguousarray(x.transpose(0, 2, 3, 1))
    return x


# ----------------------------------------------------------------------------- sources
def _first_existing(paths) -> str:
    for path in paths:
        if os.path.isdir(path) or os.path.isfile(path):
            return path
    raise _source.SourceSkipped("no copy at " + " or ".join(paths))


def sources(spec: CifarSpec) -> list[_source.Source]:
    """Mirror folder, our cache, Keras's cache (Keras 3 and tf.keras layouts), download."""
    def data_dir() -> str:
        folder = os.environ.get("TORCHERAS_DATA_DIR")
        if not folder:
            raise _source.SourceSkipped("TORCHERAS_DATA_DIR is not set")
        folder = os.path.expanduser(folder)
        return _first_existing([os.path.join(folder, spec.folder),
                                os.path.join(folder, spec.archive)])

    def ours() -> str:
        folder = os.path.join(_config.torcheras_home(), "datasets")
        return _first_existing([os.path.join(folder, spec.folder),
                                os.path.join(folder, spec.archive)])

    def keras() -> str:
        folder = os.path.join(_config.keras_home(), "datasets")
        return _first_existing([
            os.path.join(folder, spec.keras_name, spec.folder),  # Keras 3 extraction
            os.path.join(folder, spec.folder),  # tf.keras 2 extraction
            os.path.join(folder, spec.keras_name + "_archive"),  # Keras 3 download
            os.path.join(folder, spec.folder + ".tar.gz"),  # tf.keras 2 download
        ])

    return [
        _source.Source("TORCHERAS_DATA_DIR", data_dir),
        _source.Source("torcheras cache", ours),
        _source.Source("Keras cache", keras),
        _source.Source(f"download {spec.origin}", lambda: _download(spec), network=True),
    ]


def _download(spec: CifarSpec) -> str:
    cache = _source.cache_dir()
    archive = get_file(spec.archive, origin=spec.origin, file_hash=spec.archive_sha256,
                       cache_dir=os.path.dirname(cache))
    return extract(archive, spec, cache)


def extract(archive: str, spec: CifarSpec, dest: str) -> str:
    """Unpack ``spec.folder``'s verified files into ``dest`` (atomically, files only)."""
    target = os.path.join(dest, spec.folder)
    if os.path.isdir(target):
        return target
    files = read_files(archive, sorted(spec.md5), spec)
    tmp = tempfile.mkdtemp(prefix=f".{spec.folder}.", dir=dest)
    try:
        for name, data in files.items():
            with open(os.path.join(tmp, name), "wb") as f:
                f.write(data)
        os.replace(tmp, target)
    finally:
        if os.path.isdir(tmp):
            shutil.rmtree(tmp)
    return target
