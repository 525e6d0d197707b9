"""Write the dtypes real Keras 3 gives variables, layer outputs and losses under each
dtype policy (the mixed precision golden).

Run with the Keras environment (not part of CI):

    KERAS_BACKEND=torch /root/refenv/bin/python tests/golden/make_mixed_precision.py
"""

import json
import os

import numpy as np

os.environ.setdefault("KERAS_BACKEND", "torch")
import keras  # noqa: E402

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "mixed_precision")
POLICIES = ["float32", "mixed_bfloat16", "mixed_float16", "bfloat16"]


def build(k):
    """The model both sides build (`k`: keras or torcheras)."""
    k.utils.set_random_seed(0)
    inputs = k.Input((8,), name="x")
    h = k.layers.Dense(16, activation="relu", name="dense")(inputs)
    h = k.layers.BatchNormalization(name="batch_norm")(h)
    h = k.layers.LayerNormalization(name="layer_norm")(h)
    h = k.layers.Dropout(0.1, name="dropout")(h)
    logits = k.layers.Dense(4, name="logits")(h)
    probs = k.layers.Softmax(name="softmax")(logits)
    dense_softmax = k.layers.Dense(4, activation="softmax", name="dense_softmax")(h)
    act = k.layers.Activation("softmax", name="activation")(logits)
    return k.Model(inputs, [probs, dense_softmax, act])


def describe(k, model):
    x = np.random.default_rng(0).random((5, 8), dtype=np.float32)
    layer_outputs = {}
    for layer in model.layers[1:]:
        out = k.Model(model.inputs, layer.output)(x)
        layer_outputs[layer.name] = k.backend.standardize_dtype(out.dtype)
    outputs = model(x)
    loss = k.losses.CategoricalCrossentropy()(np.eye(4)[[0, 1, 2, 3, 0]], outputs[0])
    return {
        "variables": {v.path: v.dtype for v in model.variables},
        "layer_outputs": layer_outputs,
        "layer_policies": {la.name: [la.dtype_policy.name, la.compute_dtype, la.variable_dtype]
                           for la in model.layers[1:]},
        "loss": k.backend.standardize_dtype(loss.dtype),
    }


def main():
    os.makedirs(HERE, exist_ok=True)
    golden = {}
    for name in POLICIES:
        keras.mixed_precision.set_global_policy(name)
        golden[name] = describe(keras, build(keras))
    keras.mixed_precision.set_global_policy("float32")
    with open(os.path.join(HERE, "dtypes.json"), "w") as f:
        json.dump(golden, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
