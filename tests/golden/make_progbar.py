"""Write the golden Progbar output of real Keras 3.

Run with the Keras reference environment (never in CI):

    KERAS_BACKEND=torch /work/kerasenv/bin/python tests/golden/make_progbar.py

Each scenario in ``tests/golden/_progbar_scenarios.py`` is replayed on
``keras.utils.Progbar`` with a frozen clock, and the exact bytes written to stdout are
stored as ``tests/golden/progbar/<scenario>.txt``.
"""

import os
import types

import _progbar_scenarios as scenarios
import keras
from keras.src.utils import progbar as keras_progbar

HERE = os.path.dirname(os.path.abspath(__file__))


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
