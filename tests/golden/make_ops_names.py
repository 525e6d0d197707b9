"""Write tests/ops/keras_ops_names.json: every public name of Keras 3's ops namespaces.

Run with the reference environment (real Keras, never imported by the project):

    KERAS_BACKEND=torch /root/refenv/bin/python tests/golden/make_ops_names.py
"""

import inspect
import json
import os

import keras

NAMESPACES = {
    "ops": keras.ops,
    "ops.numpy": keras.ops.numpy,
    "ops.nn": keras.ops.nn,
    "ops.linalg": keras.ops.linalg,
    "ops.image": keras.ops.image,
}


def params(obj):
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        return None
    return [p.name for p in sig.parameters.values()]


def main():
    out = {"keras_version": keras.__version__, "namespaces": {}}
    for path, module in NAMESPACES.items():
        names = {}
        for name in sorted(dir(module)):
            if name.startswith("_"):
                continue
            obj = getattr(module, name)
            if inspect.ismodule(obj):
                continue
            names[name] = params(obj)
        out["namespaces"][path] = names
    # Keras 3 has no public `keras.ops.core` module; its names are the `keras.ops` functions
    # defined in keras/src/ops/core.py. `source` says which Keras module defines each op.
    out["namespaces"]["ops.core"] = {
        name: p for name, p in out["namespaces"]["ops"].items()
        if getattr(getattr(keras.ops, name), "__module__", "") == "keras.src.ops.core"
    }
    out["source"] = {
        name: getattr(getattr(keras.ops, name), "__module__", "").rsplit(".", 1)[-1]
        for name in out["namespaces"]["ops"]
    }
    here = os.path.dirname(os.path.abspath(__file__))
    target = os.path.join(here, "..", "ops", "keras_ops_names.json")
    with open(target, "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")
    total = sum(len(v) for v in out["namespaces"].values())
    print(f"{total} names written to {target}")


if __name__ == "__main__":
    main()
