"""Write what real Keras 3 answers for the top-level names: dtype policies (names, dtypes,
configs, reprs, error messages), keras.backend dtype helpers, get_uid sequences, the
keras.config defaults, and the names of keras / keras.backend / keras.config /
keras.dtype_policies.

Run with the Keras environment (not part of CI):

    KERAS_BACKEND=torch /root/refenv/bin/python tests/golden/make_toplevel.py
"""

import json
import os

os.environ.setdefault("KERAS_BACKEND", "torch")
import keras  # noqa: E402
from keras import dtype_policies as D  # noqa: E402

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "toplevel")

POLICY_NAMES = ["float32", "float16", "bfloat16", "float64", "mixed_float16",
                "mixed_bfloat16", "int32", "int8_from_float32", "int8_from_mixed_bfloat16",
                "int4_from_float32", "float8_from_mixed_bfloat16"]
BAD_POLICIES = ["foo", "mixed_float32x", "int8_from_foo", "bogus_from_float32", 3]
DTYPES = ["float16", "bfloat16", "float32", "float64", "int8", "int16", "int32", "int64",
          "uint8", "uint16", "uint32", "bool", "complex64"]


def error(fn, *args):
    try:
        fn(*args)
    except Exception as e:  # noqa: BLE001  (recording Keras's own type and message)
        return [type(e).__name__, str(e)]
    return None


def main():
    out = {"policies": {}, "bad_policies": {}, "dtypes": {}, "uid": [], "config": {},
           "names": {}}
    for name in POLICY_NAMES:
        p = D.get(name)
        out["policies"][name] = {
            "class": type(p).__name__, "repr": repr(p), "name": p.name,
            "compute_dtype": p.compute_dtype, "variable_dtype": p.variable_dtype,
            "quantization_mode": p.quantization_mode, "config": p.get_config(),
            "serialized": D.serialize(p),
        }
    for bad in BAD_POLICIES:
        out["bad_policies"][repr(bad)] = {"get": error(D.get, bad),
                                          "set_dtype_policy": error(
                                              keras.config.set_dtype_policy, bad)}
    out["bad_policies"]["DTypePolicy(3)"] = error(keras.DTypePolicy, 3)
    out["bad_policies"]["QuantizedDTypePolicy('foo')"] = error(D.QuantizedDTypePolicy, "foo")
    out["bad_policies"]["QuantizedDTypePolicy('int8','mixed_float16')"] = error(
        D.QuantizedDTypePolicy, "int8", "mixed_float16")
    for d in DTYPES:
        out["dtypes"][d] = {"is_float": keras.backend.is_float_dtype(d),
                            "is_int": keras.backend.is_int_dtype(d),
                            "standardized": keras.backend.standardize_dtype(d)}
    out["python_types"] = {t.__name__: keras.backend.standardize_dtype(t)
                           for t in (int, float, bool)}
    out["bad_dtype"] = error(keras.backend.standardize_dtype, "foo")
    keras.backend.clear_session()
    keras.layers.Dense(1)
    out["uid"] = [keras.backend.get_uid("dense"), keras.backend.get_uid("dense"),
                  keras.backend.get_uid(), keras.backend.get_uid("x"), keras.backend.get_uid()]
    c = keras.config
    out["config"] = {
        "max_epochs": c.max_epochs(), "max_steps_per_epoch": c.max_steps_per_epoch(),
        "dtype_policy": repr(c.dtype_policy()),
        "is_interactive_logging_enabled": c.is_interactive_logging_enabled(),
        "is_traceback_filtering_enabled": c.is_traceback_filtering_enabled(),
        "is_flash_attention_enabled": c.is_flash_attention_enabled(),
    }
    c.disable_flash_attention()
    out["config"]["flash_after_disable"] = c.is_flash_attention_enabled()
    c.enable_flash_attention()
    out["config"]["flash_after_enable"] = c.is_flash_attention_enabled()
    layer = keras.layers.Dense(2, dtype="mixed_bfloat16")
    out["layer_mixed"] = {"dtype": layer.dtype, "compute_dtype": layer.compute_dtype,
                          "variable_dtype": layer.variable_dtype,
                          "dtype_policy": repr(layer.dtype_policy)}
    for module, key in ((keras, "keras"), (keras.backend, "backend"),
                        (keras.config, "config"), (D, "dtype_policies")):
        out["names"][key] = sorted(n for n in dir(module) if not n.startswith("_"))
    out["version"] = keras.version()
    os.makedirs(HERE, exist_ok=True)
    with open(os.path.join(HERE, "toplevel.json"), "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
