"""keras.dtype_policies: policy names, dtypes, configs, reprs and errors as real Keras 3.15
(golden: tests/golden/make_toplevel.py), the global policy, and layers following it."""

import numpy as np
import pytest
from _golden import load_json

import torcheras as keras
from torcheras import dtype_policies as D
from torcheras.dtype_policies import _policy

GOLDEN = load_json("toplevel")


@pytest.fixture(autouse=True)
def _restore_global_policy():
    yield
    _policy._reset_dtype_policy()


@pytest.mark.parametrize("name", sorted(GOLDEN["policies"]))
def test_policy_matches_keras(name):
    want = GOLDEN["policies"][name]
    policy = D.get(name)
    assert type(policy).__name__ == want["class"]
    assert repr(policy) == want["repr"]
    assert policy.name == want["name"]
    assert policy.compute_dtype == want["compute_dtype"]
    assert policy.variable_dtype == want["variable_dtype"]
    assert policy.quantization_mode == want["quantization_mode"]
    assert policy.get_config() == want["config"]
    assert D.serialize(policy) == want["serialized"]


@pytest.mark.parametrize("name", sorted(GOLDEN["policies"]))
def test_serialize_round_trip(name):
    policy = D.get(name)
    again = D.deserialize(D.serialize(policy))
    assert type(again) is type(policy)
    assert again == policy
    assert D.get(D.serialize(policy)) == policy


@pytest.mark.parametrize("bad", sorted(k for k, v in GOLDEN["bad_policies"].items()
                                       if isinstance(v, dict)))
def test_bad_policy_messages_match_keras(bad):
    value = 3 if bad == "3" else bad.strip("'")
    want = GOLDEN["bad_policies"][bad]
    for fn, key in ((D.get, "get"), (keras.config.set_dtype_policy, "set_dtype_policy")):
        exc_type, message = want[key]
        with pytest.raises((ValueError, TypeError)) as info:
            fn(value)
        assert type(info.value).__name__ == exc_type
        assert str(info.value) == message


@pytest.mark.parametrize("call, key", [
    (lambda: keras.DTypePolicy(3), "DTypePolicy(3)"),
    (lambda: D.QuantizedDTypePolicy("foo"), "QuantizedDTypePolicy('foo')"),
    (lambda: D.QuantizedDTypePolicy("int8", "mixed_float16"),
     "QuantizedDTypePolicy('int8','mixed_float16')"),
])
def test_bad_constructor_messages_match_keras(call, key):
    exc_type, message = GOLDEN["bad_policies"][key]
    with pytest.raises(Exception) as info:
        call()
    assert type(info.value).__name__ == exc_type
    assert str(info.value) == message


def test_deserialize_bad_inputs():
    with pytest.raises(ValueError, match=r"Argument `config` must be a dict .* config='x'"):
        D.deserialize("x")
    with pytest.raises(ValueError, match="Unknown dtype policy class: 'Nope'"):
        D.deserialize({"class_name": "Nope", "config": {}})
    with pytest.raises(TypeError, match="Argument `dtype_policy` must be a `DTypePolicy`"):
        D.serialize("float32")
    with pytest.raises(TypeError, match="`amax_history_length` must be an integer"):
        D.QuantizedFloat8DTypePolicy("float8", "float32", amax_history_length="x")


def test_dtypes_become_policies():
    assert D.get(np.float16) == keras.DTypePolicy("float16")
    assert D.get(float).name == "float32"
    assert D.get(None) == keras.DTypePolicy("float32")
    assert keras.DTypePolicy("float16") == D.FloatDTypePolicy("float16")
    assert repr(D.FloatDTypePolicy("float16")) == '<DTypePolicy "float16">'
    assert keras.DTypePolicy("float32") != D.QuantizedDTypePolicy("int8", "float32")
    assert D.QuantizedFloat8DTypePolicy("float8", "float32").amax_history_length == 1024


def test_global_policy_and_config_switch():
    assert repr(keras.config.dtype_policy()) == GOLDEN["config"]["dtype_policy"]
    keras.config.set_dtype_policy("mixed_float16")
    assert repr(keras.config.dtype_policy()) == '<DTypePolicy "mixed_float16">'
    assert keras.DTypePolicy().name == "mixed_float16"  # None takes the global policy
    layer = keras.layers.Dense(2)
    assert (layer.compute_dtype, layer.variable_dtype) == ("float16", "float32")
    keras.config.set_dtype_policy(D.QuantizedDTypePolicy("int8", "float32"))
    assert keras.config.dtype_policy().quantization_mode == "int8"
    keras.config.set_dtype_policy("int8_from_float32")
    assert isinstance(keras.config.dtype_policy(), D.QuantizedDTypePolicy)


def test_layer_follows_its_policy_like_keras():
    want = GOLDEN["layer_mixed"]
    layer = keras.layers.Dense(2, dtype="mixed_bfloat16")
    assert repr(layer.dtype_policy) == want["dtype_policy"]
    assert layer.dtype == want["dtype"]
    assert layer.compute_dtype == want["compute_dtype"]
    assert layer.variable_dtype == want["variable_dtype"]
    layer.build((None, 3))
    assert str(layer.kernel.dtype) == "torch.float32"  # weights in the variable dtype
    assert layer.get_config()["dtype"] == "mixed_bfloat16"
    again = keras.layers.Dense.from_config(layer.get_config())
    assert again.dtype_policy == layer.dtype_policy


def test_layer_policy_setter_and_float64_values():
    layer = keras.layers.Dense(1, dtype=keras.DTypePolicy("float64"), kernel_initializer="ones")
    out = layer(np.array([[1.0, 2.0]]))
    assert str(out.dtype) == "torch.float64"
    assert out.tolist() == [[3.0]]
    plain = keras.layers.Dense(2)
    plain.dtype_policy = "float16"
    assert (plain.dtype, plain.compute_dtype, repr(plain.dtype_policy)) == (
        "float16", "float16", '<DTypePolicy "float16">')


def test_convert_input_casts_floats_only():
    policy = keras.DTypePolicy("float16")
    x = policy.convert_input(np.ones(2, "float32"), autocast=True, dtype="float16")
    assert str(x.dtype) == "torch.float16"
    ints = policy.convert_input(np.ones(2, "int32"), autocast=True, dtype="float16")
    assert str(ints.dtype) == "torch.int32"
    kept = policy.convert_input(np.ones(2, "float32"), autocast=False, dtype="float16")
    assert str(kept.dtype) == "torch.float32"
