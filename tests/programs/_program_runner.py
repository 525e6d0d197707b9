"""Running an example program the way a user does, ``python -m torcheras program.py``, in a
subprocess, and reading how it ended.

Runs are scaled down without editing the program, by Keras 3's debugging caps
(``KERAS_MAX_EPOCHS``, ``KERAS_MAX_STEPS_PER_EPOCH``) or, for the programs whose ending
predicts over the whole data, by a smaller MNIST (``_harness/sitecustomize.py``).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass

HERE = os.path.dirname(os.path.abspath(__file__))
HARNESS = os.path.join(HERE, "_harness")
DATA = os.environ.get("TORCHERAS_DATA_DIR")

# A warning line as Python's warnings module prints it: "path:line: Category: message".
_WARNING = re.compile(r"^.*?:\d+: ([A-Za-z_.]*Warning): (.*)$", re.M)
# Warnings a legacy program may legitimately produce: the legacy-spelling notices and
# the debugging caps' "Limiting epochs/steps" (UserWarning); Keras 2/1 APIs that warn as
# deprecated (DeprecationWarning); matplotlib's "cannot show the figure" under Agg.
ALLOWED_WARNINGS = {"UserWarning", "DeprecationWarning"}


@dataclass
class Finished:
    returncode: int
    stdout: str
    stderr: str

    def tail(self) -> str:
        return f"--- stdout (end)\n{self.stdout[-2500:]}\n--- stderr (end)\n{self.stderr[-4000:]}"

    def warnings(self) -> list[tuple[str, str]]:
        return _WARNING.findall(self.stderr)

    def assert_clean(self) -> None:
        """Exit status 0, no traceback, and no warning outside ALLOWED_WARNINGS."""
        assert self.returncode == 0, self.tail()
        assert "Traceback (most recent call last)" not in self.stderr, self.tail()
        unexpected = [w for w in self.warnings() if w[0] not in ALLOWED_WARNINGS]
        assert not unexpected, f"unexpected warnings: {unexpected}\n{self.tail()}"

    def values(self, pattern: str) -> list[float]:
        """Every number captured by ``pattern``'s first group in stdout."""
        return [float(v) for v in re.findall(pattern, self.stdout)]

    def last(self, pattern: str) -> float:
        found = self.values(pattern)
        assert found, f"{pattern!r} not in the output\n{self.tail()}"
        return found[-1]


def environment(*, epochs: int | None = None, steps: int | None = None,
                mnist_subset: tuple[int, int] | None = None,
                extra: dict | None = None) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("KERAS_MAX_EPOCHS", "KERAS_MAX_STEPS_PER_EPOCH")}
    env.update(MPLBACKEND="Agg", TORCHERAS_OFFLINE="1", TORCHERAS_DATA_DIR=DATA or "",
               PYTHONPATH=os.pathsep.join(p for p in (HARNESS, env.get("PYTHONPATH")) if p),
               PYTHONUNBUFFERED="1")
    if epochs is not None:
        env["KERAS_MAX_EPOCHS"] = str(epochs)
    if steps is not None:
        env["KERAS_MAX_STEPS_PER_EPOCH"] = str(steps)
    if mnist_subset is not None:
        env["TORCHERAS_TEST_MNIST_SUBSET"] = f"{mnist_subset[0]},{mnist_subset[1]}"
    env.update(extra or {})
    return env


def program_path(program: str) -> str:
    """``program`` relative to tests/programs (e.g. ``"keras2/mnist_cnn.py"``) or absolute."""
    return program if os.path.isabs(program) else os.path.join(HERE, program)


def run(program: str, cwd, *, timeout: int = 300, **env_options) -> Finished:
    """Runs ``python -m torcheras program`` in ``cwd`` and waits for it to end."""
    proc = subprocess.run([sys.executable, "-m", "torcheras", program_path(program)],
                          cwd=str(cwd), capture_output=True, text=True, timeout=timeout,
                          env=environment(**env_options))
    return Finished(proc.returncode, proc.stdout, proc.stderr)


def run_until(program: str, cwd, stop: str, *, timeout: int = 300,
              **env_options) -> Finished:
    """Runs ``python -m torcheras program`` until a line of its stdout matches ``stop`` (a
    regular expression), then kills it: for the programs that train in an endless-looking
    loop of their own (train_on_batch, or fit inside ``for iteration in range(1, 200)``).
    ``returncode`` is 0 when ``stop`` was seen before the program ended or failed."""
    with tempfile.TemporaryFile("w+") as stderr:
        proc = subprocess.Popen([sys.executable, "-m", "torcheras", program_path(program)],
                                cwd=str(cwd), stdout=subprocess.PIPE, stderr=stderr,
                                text=True, env=environment(**env_options))
        lines, seen = [], False
        deadline = time.monotonic() + timeout
        try:
            for line in proc.stdout:
                lines.append(line)
                if re.search(stop, line):
                    seen = True
                    break
                if time.monotonic() > deadline:
                    break
        finally:
            proc.kill()
            proc.wait()
            proc.stdout.close()
        stderr.seek(0)
        return Finished(0 if seen else (proc.returncode or 1), "".join(lines), stderr.read())
