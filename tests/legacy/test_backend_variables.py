"""Keras 2's ``K.*`` variables, constants and random samplers."""

import numpy as np
import pytest

from torcheras import backend as K
from torcheras.backend import Variable


def v(x):
    return np.asarray(K.eval(x))


def test_variable_is_floatx_with_name_and_constraint():
    var = K.variable([1, 2], name="w", constraint="c")
    assert isinstance(var, Variable) and var.name == "w" and var.constraint == "c"
    assert K.dtype(var) == "float32"
    np.testing.assert_array_equal(K.get_value(var), [1.0, 2.0])
    assert K.dtype(K.variable([1, 2], dtype="int32")) == "int32"


def test_constant():
    np.testing.assert_array_equal(v(K.constant(2.0, shape=(2, 2))), [[2, 2], [2, 2]])
    np.testing.assert_array_equal(v(K.constant([1, 2, 3, 4], shape=(2, 2))), [[1, 2], [3, 4]])
    assert K.dtype(K.constant([1, 2])) == "float32"


def test_zeros_ones_eye_are_variables():
    for var, expected in [(K.zeros((2, 1)), [[0], [0]]), (K.ones((1, 2)), [[1, 1]]),
                          (K.eye(2), [[1, 0], [0, 1]]), (K.eye((2, 3)), np.eye(2, 3))]:
        assert isinstance(var, Variable)
        np.testing.assert_array_equal(K.get_value(var), expected)


def test_like_functions():
    x = K.variable(np.ones((2, 3)))
    np.testing.assert_array_equal(v(K.zeros_like(x)), np.zeros((2, 3)))
    assert K.dtype(K.ones_like(x, dtype="int32")) == "int32"


def test_get_set_and_batch_values():
    a, b = K.variable([1.0]), K.variable([2.0, 3.0])
    K.batch_set_value([(a, [5.0]), (b, [6.0, 7.0])])
    got = K.batch_get_value([a, b])
    np.testing.assert_array_equal(got[0], [5.0])
    np.testing.assert_array_equal(got[1], [6.0, 7.0])
    np.testing.assert_array_equal(K.eval(b), [6.0, 7.0])


def test_updates():
    x = K.variable([1.0, 2.0])
    K.update(x, [3.0, 3.0])
    K.update_add(x, [1.0, 2.0])
    np.testing.assert_array_equal(K.get_value(x), [4.0, 5.0])
    K.update_sub(x, [4.0, 4.0])
    np.testing.assert_array_equal(K.get_value(x), [0.0, 1.0])
    K.moving_average_update(x, np.array([10.0, 1.0], "float32"), 0.9)
    np.testing.assert_allclose(K.get_value(x), [1.0, 1.0], rtol=1e-6)


def test_count_params_and_misc():
    assert K.count_params(K.zeros((3, 4))) == 12
    assert not K.is_sparse(K.zeros((2,)))
    x = K.zeros((2,))
    assert K.to_dense(x) is x
    assert [K.get_value(t).shape for t in K.stop_gradient([x, x])] == [(2,), (2,)]


def test_print_tensor_returns_input(capsys):
    x = K.constant([1.0, 2.0])
    assert K.print_tensor(x, message="x =") is x
    assert "x = [1. 2.]" in capsys.readouterr().out


def test_reset_uids_restarts_layer_numbering():
    K.get_uid("legacy_prefix")
    K.reset_uids()
    assert K.get_uid("legacy_prefix") == 1


@pytest.mark.parametrize("sampler, kwargs, check", [
    (K.random_normal, {"mean": 3.0, "stddev": 0.5}, lambda a: abs(a.mean() - 3.0) < 0.05),
    (K.random_uniform, {"minval": 2.0, "maxval": 4.0},
     lambda a: a.min() >= 2.0 and a.max() < 4.0 and abs(a.mean() - 3.0) < 0.05),
    (K.truncated_normal, {"stddev": 1.0}, lambda a: np.abs(a).max() <= 2.0),
    (K.random_binomial, {"p": 0.25}, lambda a: set(np.unique(a)) <= {0.0, 1.0}
     and abs(a.mean() - 0.25) < 0.02),
    (K.random_bernoulli, {"p": 0.75}, lambda a: abs(a.mean() - 0.75) < 0.02),
])
def test_random_samplers(sampler, kwargs, check):
    draws = v(sampler((100, 100), seed=3, **kwargs))
    assert draws.shape == (100, 100) and draws.dtype == np.float32
    assert check(draws)
    np.testing.assert_array_equal(draws, v(sampler((100, 100), seed=3, **kwargs)))


def test_random_shape_accepts_shape_tensor_entries():
    # The VAE examples write K.random_normal(shape=(K.shape(z_mean)[0], latent_dim)).
    z_mean = np.zeros((5, 2), "float32")
    assert v(K.random_normal(shape=(K.shape(z_mean)[0], 2))).shape == (5, 2)
    assert v(K.random_uniform(K.shape(z_mean))).shape == (5, 2)


def test_random_variables():
    var = K.random_uniform_variable((50, 50), -1.0, 1.0, seed=1)
    assert isinstance(var, Variable) and -1.0 <= K.get_value(var).min()
    var = K.random_normal_variable((50, 50), 5.0, 0.1, seed=1)
    assert abs(K.get_value(var).mean() - 5.0) < 0.01


def test_identity_copies_and_is_tensor():
    x = K.variable([1.0, 2.0])
    y = K.identity(x)
    K.set_value(x, [5.0, 5.0])
    np.testing.assert_array_equal(v(y), [1.0, 2.0])
    assert K.is_tensor(y) and K.is_tensor(x)
    assert not K.is_tensor(np.ones(2))


def test_settings_shared_with_keras3_backend():
    import torcheras as keras

    assert K.backend() == "torch"
    old_eps, old_floatx = K.epsilon(), K.floatx()
    try:
        K.set_epsilon(1e-3)
        # Keras 2's crossentropy clips with the current epsilon
        np.testing.assert_allclose(
            v(K.binary_crossentropy(np.array([1.0], "float32"), np.array([0.0], "float32"))),
            [-np.log(2e-3)], rtol=1e-5)
        K.set_floatx("float64")
        assert K.dtype(K.variable([1.0])) == "float64"
        assert K.dtype(K.zeros((1,))) == "float64"
    finally:
        K.set_epsilon(old_eps)
        K.set_floatx(old_floatx)
    assert K.is_keras_tensor(keras.Input((2,))) and not K.is_keras_tensor(K.zeros((2,)))
    with K.name_scope("block"):
        assert K.variable(0.0, name="w").path == "block/w"
    K.manual_variable_initialization(True)
    K.manual_variable_initialization(False)
    K.get_uid("clear_prefix")
    K.clear_session()
    assert K.get_uid("clear_prefix") == 1
