"""Golden run and layer order of functional graphs, from real Keras 3 (torch backend).

Run with the reference environment:
    KERAS_BACKEND=torch /root/refenv/bin/python tests/golden/make_graph.py
Writes graph/graph.json: for each scenario of _graph_scenarios.py, the order in which the
model's layers run on one batch ("calls") and ``[layer.name for layer in model.layers]``.
"""

from __future__ import annotations

import json

import _golden
import _graph_scenarios
import keras
import numpy as np


def main() -> None:
    out = {"keras_version": keras.__version__}
    for name, build in _graph_scenarios.SCENARIOS.items():
        calls: list = []
        model = build(keras, calls)
        inputs = [np.ones((1,) + tuple(t.shape[1:]), "float32") for t in model.inputs]
        calls.clear()  # building traced the layers symbolically
        model(inputs if len(inputs) > 1 else inputs[0])
        out[name] = {"calls": calls, "layers": [layer.name for layer in model.layers]}
    with open(_golden.path("graph", ".json"), "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
