"""``keras.utils.get_file``: download once into a cache, verify, optionally extract."""

from __future__ import annotations

import hashlib
import os
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import warnings

from torcheras.backend import _config
from torcheras.utils import _archive
from torcheras.utils._io import print_msg
from torcheras.utils._progbar import Progbar

_CHUNK = 1 << 16
# Seconds without data before a download is abandoned (Keras waits forever).
_TIMEOUT = 60


def resolve_hasher(algorithm: str, file_hash: str | None = None):
    """Return a fresh hashlib object; ``"auto"`` means sha256 for 64 hex digits, else md5."""
    if algorithm == "sha256":
        return hashlib.sha256()
    if algorithm == "auto" and file_hash is not None and len(file_hash) == 64:
        return hashlib.sha256()
    return hashlib.md5()


def hash_file(fpath: str, algorithm="sha256", chunk_size: int = _CHUNK) -> str:
    """Hex digest of a file; ``algorithm`` is a name or a hashlib object."""
    hasher = resolve_hasher(algorithm) if isinstance(algorithm, str) else algorithm
    with open(fpath, "rb") as f:
        for chunk in iter(lambda: f.read(chunk_size), b""):
            hasher.update(chunk)
    return hasher.hexdigest()


def validate_file(fpath: str, file_hash: str, algorithm: str = "auto",
                  chunk_size: int = _CHUNK) -> bool:
    """Whether the file's sha256/md5 equals ``file_hash`` (case-insensitive)."""
    hasher = resolve_hasher(algorithm, file_hash)
    return hash_file(fpath, hasher, chunk_size) == str(file_hash).lower()


def _algorithm_name(algorithm: str, file_hash: str) -> str:
    return resolve_hasher(algorithm, file_hash).name


def _writable_base(cache_dir: str) -> str:
    base = os.path.expanduser(cache_dir)
    try:
        os.makedirs(base, exist_ok=True)
    except OSError:
        pass
    if os.access(base, os.W_OK):
        return base
    # A read-only home (some CI runners, containers) still gets a working cache.
    return os.path.join(tempfile.gettempdir(), ".torcheras")


def _targets(fname, origin: str, datadir: str, extract: bool):
    """Where the download goes and, when extracting, the folder it is unpacked into."""
    provided = fname is not None and fname != ""
    fname = os.fspath(fname) if provided else ""
    if not provided:
        fname = os.path.basename(urllib.parse.urlsplit(origin).path)
        if not fname:
            raise ValueError(
                f"Can't parse the file name from the origin provided: '{origin}'. "
                "Please specify the `fname` argument."
            )
    elif os.sep in fname or (os.altsep and os.altsep in fname):
        raise ValueError(
            "Paths are no longer accepted as the `fname` argument. To specify the file's "
            f"parent directory, use the `cache_dir` argument. Received: fname={fname}"
        )
    if not extract:
        return os.path.join(datadir, fname), None
    # Keras's naming, so caches filled by either library line up.
    if provided and "." in fname:
        stem = fname[: fname.find(".")]
        return os.path.join(datadir, fname), os.path.join(datadir, f"{stem}_extracted")
    return os.path.join(datadir, f"{fname}_archive"), os.path.join(datadir, fname)


class _DownloadProgress:
    def __init__(self, total: int | None):
        self.bar = Progbar(total)
        self.finished = False

    def __call__(self, done: int) -> None:
        total = self.bar.target
        if total is None or done < total:
            self.bar.update(done)
        elif not self.finished:
            self.bar.update(total)
            self.finished = True


def _download(origin: str, target: str, file_hash: str | None, algorithm: str) -> None:
    """Stream ``origin`` into a temporary file next to ``target``, verify, then rename."""
    print_msg(f"Downloading data from {origin}")
    folder = os.path.dirname(target)
    fd, partial = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".part",
                                   dir=folder)
    try:
        try:
            with os.fdopen(fd, "wb") as out, urllib.request.urlopen(
                origin, timeout=_TIMEOUT
            ) as response:
                length = response.headers.get("Content-Length")
                total = int(length) if length and length.isdigit() else None
                progress = _DownloadProgress(total)
                received = 0
                for chunk in iter(lambda: response.read(_CHUNK), b""):
                    out.write(chunk)
                    received += len(chunk)
                    progress(received)
        except urllib.error.HTTPError as e:
            raise OSError(f"URL fetch failure on {origin}: {e.code} -- {e.msg}") from e
        except urllib.error.URLError as e:
            raise OSError(f"URL fetch failure on {origin}: {e.errno} -- {e.reason}") from e
        if total is not None and received < total:
            raise OSError(
                f"Incomplete download from {origin}: received {received} of {total} bytes."
            )
        if file_hash is not None and not validate_file(partial, file_hash, algorithm):
            raise ValueError(
                "Incomplete or corrupted file detected. The "
                f"{_algorithm_name(algorithm, file_hash)} file hash does not match the "
                f"provided value of {file_hash}."
            )
        os.replace(partial, target)
    finally:
        if os.path.exists(partial):
            os.remove(partial)


def get_file(
    fname: str | os.PathLike | None = None,
    origin: str | None = None,
    untar: bool = False,
    md5_hash: str | None = None,
    file_hash: str | None = None,
    cache_subdir: str = "datasets",
    hash_algorithm: str = "auto",
    extract: bool = False,
    archive_format="auto",
    cache_dir: str | None = None,
    force_download: bool = False,
) -> str:
    """Downloads a file from a URL if it is not already in the cache.

    By default the file at the url `origin` is downloaded to the cache_dir
    `~/.torcheras` (or `$TORCHERAS_HOME`; Keras uses `~/.keras`), placed in the
    cache_subdir `datasets`, and given the filename `fname`. Files in `.tar`, `.tar.gz`,
    `.tar.bz`, and `.zip` formats can also be extracted.

    The download is written to a temporary file and renamed into place only once it is
    complete and its hash matches, so an interrupted download never poisons the cache.

    Args:
        fname: Local name for the file. If `None`, the name of the file at `origin` is
            used. When extracting, a name without extension names the extraction folder.
        origin: Original URL of the file (`https://`, `http://`, `ftp://` or `file://`).
        untar: Deprecated in favor of `extract`. Whether the file is a tar archive that
            should be extracted.
        md5_hash: Deprecated in favor of `file_hash`. md5 hash of the file.
        file_hash: The expected hash string of the file after download. The sha256 and
            md5 hash algorithms are both supported.
        cache_subdir: Subdirectory under the cache dir where the file is saved. If an
            absolute path is given, the file is saved at that location.
        hash_algorithm: `"md5"`, `"sha256"`, or `"auto"` (detect from the hash length).
        extract: If `True`, extracts the archive (tar or zip).
        archive_format: `"auto"`, `"tar"`, `"zip"`, or `None`. `"auto"` tries
            `["tar", "zip"]`.
        cache_dir: Location to store cached files; defaults to `$TORCHERAS_HOME` or
            `~/.torcheras`.
        force_download: If `True`, the file is always re-downloaded.

    Returns:
        Path to the downloaded file, or to the extraction folder when extracting.

    Example:

    >>> path = get_file(origin="file:///etc/hostname", cache_dir="/tmp/demo")  # doctest: +SKIP
    """
    if origin is None:
        raise ValueError('Please specify the "origin" argument (URL of the file to download).')
    if hash_algorithm not in ("auto", "sha256", "md5"):
        raise ValueError(
            "Argument `hash_algorithm` must be one of 'auto', 'sha256', 'md5'. "
            f"Received: hash_algorithm={hash_algorithm!r}"
        )
    if md5_hash is not None and file_hash is None:
        file_hash, hash_algorithm = md5_hash, "md5"
    if file_hash is not None:
        file_hash = str(file_hash).lower()
    base = _writable_base(cache_dir if cache_dir is not None else _config.torcheras_home())
    datadir = os.path.join(base, cache_subdir)
    os.makedirs(datadir, exist_ok=True)
    extract = bool(extract or untar)
    target, extraction_dir = _targets(fname, origin, datadir, extract)

    download = force_download or not os.path.exists(target)
    if not download and file_hash is not None and not validate_file(
        target, file_hash, hash_algorithm
    ):
        print_msg(
            "A local file was found, but it seems to be incomplete or outdated because the "
            f"{_algorithm_name(hash_algorithm, file_hash)} file hash does not match the "
            f"original value of {file_hash} so we will re-download the data."
        )
        download = True
    if download:
        _download(origin, target, file_hash, hash_algorithm)

    if not extract:
        return target
    if not download and os.path.isdir(extraction_dir):
        return extraction_dir  # extraction is atomic, so an existing folder is complete
    _extract(target, extraction_dir, "tar" if untar else archive_format)
    return extraction_dir


def _extract(target: str, extraction_dir: str, archive_format) -> None:
    try:
        done = _archive.extract_archive(target, extraction_dir, archive_format)
    except _archive.ArchiveError:
        # A broken archive in the cache would fail the same way forever; drop it so the
        # next call downloads it again.
        os.remove(target)
        raise
    if done:
        return
    named_like_archive = _archive.looks_like_archive(target) or _archive.looks_like_archive(
        extraction_dir
    )
    if archive_format is not None and named_like_archive:
        os.remove(target)
        raise _archive.ArchiveError(
            f"Could not extract archive {target!r}: it is not a readable "
            f"{archive_format if isinstance(archive_format, str) else 'tar/zip'} archive "
            "(truncated or corrupted?). The cached copy was removed."
        )
    warnings.warn("Could not extract archive.", stacklevel=3)
