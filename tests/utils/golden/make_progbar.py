"""Write the golden Progbar output of real Keras 3.

Run with the Keras reference environment (never in CI):

    KERAS_BACKEND=torch /work/kerasenv/bin/python tests/utils/golden/make_progbar.py

Each scenario in ``tests/utils/_progbar_scenarios.py`` is replayed on
``keras.utils.Progbar`` with a frozen clock, and the exact bytes written to stdout are
stored as ``tests/utils/golden/progbar/<scenario>.txt``.
"""

import os
import sys
import types

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

import _progbar_scenarios as scenarios  # noqa: E402
import keras  # noqa: E402
from keras.src.utils import progbar as keras_progbar  # noqa: E402


def set_clock(fn):
    keras_progbar.time = types.SimpleNamespace(time=fn)


def main():
    out_dir = os.path.join(HERE, "progbar")
    os.makedirs(out_dir, exist_ok=True)
    for name, spec in scenarios.SCENARIOS.items():
        text = scenarios.run(keras.utils.Progbar, set_clock, spec)
        with open(os.path.join(out_dir, f"{name}.txt"), "w", encoding="utf-8", newline="") as f:
            f.write(text)
        print(f"{name}: {len(text)} chars")
    print("keras", keras.__version__)


if __name__ == "__main__":
    main()
