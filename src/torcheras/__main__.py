"""``python -m torcheras program.py [args]``: run a Keras program unchanged on torcheras."""

from __future__ import annotations

import runpy
import sys

from torcheras import _keras_alias


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help"):
        print("usage: python -m torcheras PROGRAM.py [ARGS...]\n\n"
              "Runs a Keras program with `import keras` resolved to torcheras.")
        return 0 if argv else 2
    _keras_alias.install()
    sys.argv = argv
    runpy.run_path(argv[0], run_name="__main__")
    return 0


if __name__ == "__main__":
    sys.exit(main())
