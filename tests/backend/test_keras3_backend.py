"""keras.backend's Keras 3 names (get_uid, is_keras_tensor, result_type, is_float_dtype,
is_int_dtype, standardize_dtype) against real Keras 3.15 (tests/golden/make_toplevel.py),
plus the scopes keras.name_scope / keras.device / keras.StatelessScope."""

import numpy as np
import pytest
import torch
from _golden import load_json

import torcheras as keras
from torcheras import backend as K
from torcheras.backend import _scopes

GOLDEN = load_json("toplevel")


def test_backend_names_cover_keras3():
    assert set(GOLDEN["names"]["backend"]) <= set(K.__all__)


@pytest.mark.parametrize("dtype", sorted(GOLDEN["dtypes"]))
def test_dtype_questions_match_keras(dtype):
    want = GOLDEN["dtypes"][dtype]
    assert K.is_float_dtype(dtype) is want["is_float"]
    assert K.is_int_dtype(dtype) is want["is_int"]
    assert K.standardize_dtype(dtype) == want["standardized"]


def test_python_types_and_framework_dtypes():
    for name, want in GOLDEN["python_types"].items():
        assert K.standardize_dtype({"int": int, "float": float, "bool": bool}[name]) == want
    assert K.standardize_dtype(torch.bfloat16) == "bfloat16"
    assert K.standardize_dtype(np.dtype("int16")) == "int16"
    assert K.is_float_dtype(torch.float16) and not K.is_int_dtype(torch.float16)


def test_bad_dtype_message_matches_keras():
    exc_type, message = GOLDEN["bad_dtype"]
    for fn in (K.standardize_dtype, K.is_float_dtype, K.is_int_dtype):
        with pytest.raises(ValueError) as info:
            fn("foo")
        assert (type(info.value).__name__, str(info.value)) == (exc_type, message)


def test_result_type_values():
    assert K.result_type("int32", "float16") == "float16"
    assert K.result_type("int8", "uint8") == "int16"
    assert K.result_type("bfloat16", int) == "bfloat16"
    assert K.result_type(float, int) == "float32"
    assert K.result_type() == "float32"
    with pytest.raises(ValueError, match="no implicit conversions from float8"):
        K.result_type("float8_e4m3fn", "float32")


def test_get_uid_shares_the_layer_name_counters_as_keras():
    K.clear_session()
    keras.layers.Dense(1)
    got = [K.get_uid("dense"), K.get_uid("dense"), K.get_uid(), K.get_uid("x"), K.get_uid()]
    assert got == GOLDEN["uid"]
    assert keras.layers.Dense(1).name == "dense_3"  # the next automatic name follows on
    K.clear_session()
    assert K.get_uid("dense") == 1


def test_is_keras_tensor():
    x = keras.Input((3,))
    assert K.is_keras_tensor(x) is True
    assert K.is_keras_tensor(keras.layers.Dense(2)(x)) is True
    assert K.is_keras_tensor(torch.ones(2)) is False
    assert K.is_keras_tensor(np.ones(2)) is False


# ---------------------------------------------------------------------- scopes
def test_name_scope_paths_and_variable_paths():
    assert _scopes.current_path() == ""
    with keras.name_scope("outer"):
        with keras.name_scope("inner") as scope:
            assert scope.name == "inner"
            assert _scopes.current_path() == "outer/inner"
            v = keras.Variable(1.0, name="v")
        with keras.name_scope("x", override_parent="root/a"):
            assert _scopes.current_path() == "root/a/x"
    assert _scopes.current_path() == ""
    assert v.path == "outer/inner/v"
    assert keras.Variable(1.0, name="w").path == "w"


def test_name_scope_deduplicates_a_callers_reentry():
    owner = object()
    with keras.name_scope("block", caller=owner):
        with keras.name_scope("block", caller=owner):
            assert _scopes.current_path() == "block"
        with keras.name_scope("block", caller=owner, deduplicate=False):
            assert _scopes.current_path() == "block/block"
        assert _scopes.current_path() == "block"


@pytest.mark.parametrize("bad", ["a/b", 3, None])
def test_name_scope_bad_names(bad):
    with pytest.raises(ValueError) as info:
        keras.name_scope(bad)
    assert str(info.value) == ("Argument `name` must be a string and cannot contain "
                               f"character `/`. Received: name={bad!r}")


def test_device_scope_places_new_tensors_and_restores():
    before = K.get_device()
    with keras.device("cpu"):
        assert K.get_device() == torch.device("cpu")
        assert keras.ops.ones((2,)).device.type == "cpu"
        assert K.convert_to_tensor(np.ones(2)).device.type == "cpu"
    assert K.get_device() == before
    assert keras.device("gpu:1")._device == torch.device("cuda:1")


@pytest.mark.parametrize("bad", ["tpu", "gpu0", "", 0])
def test_device_bad_names(bad):
    with pytest.raises(ValueError) as info:
        keras.device(bad)
    assert str(info.value) == ("Invalid value for argument `device_name`. Expected a string "
                               f"like 'gpu:0' or 'cpu'. Received: device_name={bad!r}")


def test_stateless_scope_maps_values_and_keeps_variables():
    v = keras.Variable(np.array([1.0, 2.0]), name="v")
    w = keras.Variable(3.0, name="w")
    with keras.StatelessScope(state_mapping=[(v, np.array([10.0, 20.0]))]) as scope:
        assert v.numpy().tolist() == [10.0, 20.0]
        assert K.convert_to_numpy(v * 2).tolist() == [20.0, 40.0]
        v.assign(np.array([5.0, 6.0]))
        w.assign_add(1.0)
        assert w.numpy() == 4.0
    assert v.numpy().tolist() == [1.0, 2.0]
    assert w.numpy() == 3.0
    assert scope.get_current_value(v).tolist() == [5.0, 6.0]
    assert scope.get_current_value(w).item() == 4.0
    assert scope.get_current_value(keras.Variable(0.0)) is None


def test_stateless_scope_runs_a_layer_with_other_weights():
    layer = keras.layers.Dense(1, kernel_initializer="ones", bias_initializer="zeros")
    x = np.array([[1.0, 2.0]], "float32")
    assert layer(x).tolist() == [[3.0]]
    mapping = [(layer.kernel, np.array([[2.0], [0.5]])), (layer.bias, np.array([1.0]))]
    with keras.StatelessScope(state_mapping=mapping):
        assert layer(x).tolist() == [[4.0]]
    assert layer(x).tolist() == [[3.0]]


def test_stateless_scope_add_update_and_losses():
    v = keras.Variable(1.0)
    with keras.StatelessScope(collect_losses=True) as scope:
        scope.add_update((v, 9.0))
        scope.add_loss(torch.tensor(0.5))
        assert _scopes.get_stateless_scope() is scope
        assert _scopes.in_stateless_scope()
    assert not _scopes.in_stateless_scope()
    assert v.numpy() == 1.0 and scope.get_current_value(v).item() == 9.0
    assert [float(x) for x in scope.losses] == [0.5]


def test_stateless_scope_collects_layer_losses():
    layer = keras.layers.Dense(1, activity_regularizer="l2", kernel_initializer="ones",
                               bias_initializer="zeros")
    x = np.array([[1.0, 2.0]], "float32")
    with keras.StatelessScope(collect_losses=True) as scope:
        layer(x)
    # l2 default 0.01 * 3^2, divided by the batch size 1
    assert [round(float(v.detach()), 6) for v in scope.losses] == [0.09]
    with keras.StatelessScope() as quiet:
        layer(x)
    assert quiet.losses == []


@pytest.mark.parametrize("mapping, message", [
    ([(1.0, 2.0)], "all keys in argument `state_mapping` must be Variable instances"),
    ([(None,)], "must be a list of tuples `(variable, value)`"),
])
def test_stateless_scope_bad_mappings(mapping, message):
    with pytest.raises(ValueError) as info:
        keras.StatelessScope(state_mapping=mapping)
    assert message in str(info.value)


def test_stateless_scope_shape_mismatch_names_the_variable():
    v = keras.Variable(np.zeros(3), name="v")
    with pytest.raises(ValueError, match=r"For variable v, received invalid value .* "
                                         r"with shape \(2,\)"):
        keras.StatelessScope(state_mapping=[(v, np.zeros(2))])
