"""Write the golden ``model.summary()`` text of real Keras 3.

Run with the Keras reference environment (never in CI):

    KERAS_BACKEND=torch /work/kerasenv/bin/python tests/golden/make_summary.py

Each scenario in ``tests/golden/_summary_scenarios.py`` is built with real Keras and the
exact string Keras hands to ``print_fn`` is stored as ``tests/golden/summary/<name>.txt``.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
os.environ.setdefault("KERAS_BACKEND", "torch")

import _summary_scenarios as scenarios  # noqa: E402
import keras  # noqa: E402


def main():
    out_dir = os.path.join(HERE, "summary")
    os.makedirs(out_dir, exist_ok=True)
    only = sys.argv[1:]
    for name, (_, columns) in scenarios.SCENARIOS.items():
        if only and name not in only:
            continue
        os.environ["COLUMNS"] = str(columns)
        text = scenarios.render(keras, name)
        with open(os.path.join(out_dir, f"{name}.txt"), "w", encoding="utf-8", newline="") as f:
            f.write(text)
        print(f"{name}: {len(text)} chars")
    print("keras", keras.__version__)


if __name__ == "__main__":
    main()
