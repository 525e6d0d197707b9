"""``python -m torcheras [--keras 2|3|auto] program.py [args]``: run a Keras program unchanged
on torcheras.

``import keras`` (and ``tensorflow.keras``, ``tf_keras``) resolve to torcheras for the
program's run. ``--keras`` picks whose defaults apply where Keras 2 and Keras 3 differ
silently (optimizer learning rates, ``hard_sigmoid``, ``dense_1`` names, History keys):
``auto`` (the default) reads the program's source for Keras 1/2-only spellings and says
on stderr which it chose and why.
"""

from __future__ import annotations

import argparse
import runpy
import sys

from torcheras import _keras_alias
from torcheras.legacy import _detect
from torcheras.legacy._mode import set_legacy_defaults

_CHOICES = ("2", "3", "auto")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m torcheras",
        usage="python -m torcheras [-h] [--keras {2,3,auto}] program [args ...]",
        description="Runs a Keras program with `import keras` resolved to torcheras.")
    parser.add_argument(
        "--keras", choices=_CHOICES, default="auto",
        help="whose defaults apply where Keras 2 and Keras 3 differ silently: 2, 3, or "
             "auto (default: decided from the program's source)")
    parser.add_argument("program", help="the Python program to run; the arguments after "
                                        "it are the program's own")
    return parser


def choose_version(keras: str, program: str) -> tuple[int, str]:
    """The Keras generation to run ``program`` with, and the stderr line that says so.

    Args:
        keras: ``"2"``, ``"3"`` or ``"auto"`` (read the program's source).
        program: Path of the program.
    """
    if keras != "auto":
        version = int(keras)
        return version, f"torcheras: running with Keras {version} defaults (--keras {keras})"
    with open(program, encoding="utf-8", errors="replace") as f:
        decision = _detect.decide(f.read())
    return decision.version, (f"torcheras: running with Keras {decision.version} defaults "
                              f"(--keras auto): {decision.reason()}")


def main(argv: list[str] | None = None) -> int:
    """Run the program ``argv`` names, as ``python program.py args`` would, on torcheras."""
    argv = list(sys.argv[1:] if argv is None else argv)
    # Options stop at the program: what follows it is the program's own (even --keras).
    split = next((i for i, a in enumerate(argv) if not a.startswith("-")
                  and not (i > 0 and argv[i - 1] == "--keras")), len(argv))
    options = _parser().parse_args(argv[:split + 1] if split < len(argv) else argv)
    try:
        version, line = choose_version(options.keras, options.program)
    except OSError as error:
        _parser().error(f"can't open program {options.program!r}: {error.strerror}")
    print(line, file=sys.stderr, flush=True)
    set_legacy_defaults(version)
    _keras_alias.install()
    sys.argv = argv[split:]
    runpy.run_path(options.program, run_name="__main__")
    return 0


if __name__ == "__main__":
    sys.exit(main())
