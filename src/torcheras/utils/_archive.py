"""Safe, all-or-nothing extraction of the tar and zip archives ``get_file`` downloads."""

from __future__ import annotations

import os
import shutil
import tarfile
import tempfile
import warnings
import zipfile

_ARCHIVE_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz", ".tbz2", ".tar.bz",
                     ".tar.xz", ".txz", ".zip")


class ArchiveError(ValueError):
    """An archive could not be read completely (truncated, corrupted, or not an archive)."""


def looks_like_archive(name: str) -> bool:
    return name.lower().endswith(_ARCHIVE_SUFFIXES)


def _inside(base: str, relative: str) -> bool:
    target = os.path.realpath(os.path.join(base, relative))
    try:
        return os.path.commonpath([target, base]) == base
    except ValueError:  # different drives on Windows
        return False


def _safe_tar_members(archive: tarfile.TarFile, base: str):
    for member in archive:
        ok = _inside(base, member.name)
        if ok and member.islnk():
            ok = _inside(base, member.linkname)
        elif ok and member.issym():
            link_dir = os.path.dirname(os.path.join(base, member.name))
            ok = _inside(base, os.path.relpath(os.path.join(link_dir, member.linkname), base))
        if ok and (member.isdev() or member.isfifo()):
            ok = False
        if ok:
            yield member
        else:
            warnings.warn(f"Skipping invalid path during archive extraction: '{member.name}'.",
                          stacklevel=3)


def _extract_tar(path: str, dest: str) -> None:
    kwargs = {}
    # The "data" filter exists from Python 3.11.4 / 3.12; it also strips unsafe modes.
    if hasattr(tarfile, "data_filter"):
        kwargs["filter"] = "data"
    with tarfile.open(path) as archive:
        archive.extractall(dest, members=_safe_tar_members(archive, dest), **kwargs)


def _extract_zip(path: str, dest: str) -> None:
    with zipfile.ZipFile(path) as archive:
        members = []
        for info in archive.infolist():
            if _inside(dest, info.filename):
                members.append(info)
            else:
                warnings.warn("Skipping invalid path during archive extraction: "
                              f"'{info.filename}'.", stacklevel=3)
        # testzip reads every member and checks its CRC, so corruption is found before
        # anything is moved into place.
        bad = archive.testzip()
        if bad is not None:
            raise zipfile.BadZipFile(f"Bad CRC-32 for member {bad!r}")
        archive.extractall(dest, members=members)


def _formats(archive_format) -> list[str]:
    if archive_format is None:
        return []
    if archive_format == "auto":
        return ["tar", "zip"]
    formats = [archive_format] if isinstance(archive_format, str) else list(archive_format)
    for fmt in formats:
        if fmt not in ("tar", "zip"):
            raise ValueError(
                "Argument `archive_format` must be 'auto', 'tar', 'zip', None or a list of "
                f"'tar'/'zip'. Received: archive_format={archive_format!r}"
            )
    return formats


def _detect(path: str, formats: list[str]) -> str | None:
    for fmt in formats:
        if fmt == "tar" and tarfile.is_tarfile(path):
            return "tar"
        if fmt == "zip" and zipfile.is_zipfile(path):
            return "zip"
    return None


def extract_archive(file_path: str, path: str, archive_format="auto") -> bool:
    """Extract ``file_path`` into the folder ``path``, atomically.

    The archive is unpacked into a temporary sibling folder which replaces ``path`` only
    when every member was read, so an interrupted or corrupt extraction never leaves a
    half-filled folder that a later call would take for a complete one.

    Returns:
        ``True`` if the archive was extracted, ``False`` if it is in none of the formats.

    Raises:
        ArchiveError: the file is an archive but cannot be read completely.
    """
    formats = _formats(archive_format)
    try:
        fmt = _detect(file_path, formats)
    except (EOFError, OSError, zipfile.BadZipFile) as e:
        # is_tarfile reads the first block, which for a cut gzip stream can already fail.
        raise ArchiveError(
            f"Could not read archive {file_path!r}: {e}. "
            "The file is probably truncated or corrupted."
        ) from e
    if fmt is None:
        return False
    parent = os.path.dirname(os.path.abspath(path)) or "."
    os.makedirs(parent, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=f".{os.path.basename(path)}.", suffix=".partial",
                               dir=parent)
    try:
        staging_real = os.path.realpath(staging)
        if fmt == "tar":
            _extract_tar(file_path, staging_real)
        else:
            _extract_zip(file_path, staging_real)
    except (tarfile.TarError, zipfile.BadZipFile, EOFError, OSError, RuntimeError) as e:
        shutil.rmtree(staging, ignore_errors=True)
        raise ArchiveError(
            f"Could not extract {fmt} archive {file_path!r}: {e}. "
            "The file is probably truncated or corrupted."
        ) from e
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if os.path.isdir(path):
        shutil.rmtree(path)
    elif os.path.exists(path):
        os.remove(path)
    os.replace(staging, path)
    return True
