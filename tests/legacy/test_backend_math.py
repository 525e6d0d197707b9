"""Keras 2's ``K.*`` math functions, against values worked out by hand."""

import numpy as np
import pytest

from torcheras import backend as K

X = np.array([[1.0, -2.0], [3.0, 4.0]], dtype="float32")


def v(x):
    return np.asarray(K.eval(x))


@pytest.mark.parametrize("fn, kwargs, expected", [
    (K.mean, {}, 1.5),
    (K.mean, {"axis": 0}, [2.0, 1.0]),
    (K.sum, {"axis": 1}, [-1.0, 7.0]),
    (K.sum, {"axis": 1, "keepdims": True}, [[-1.0], [7.0]]),
    (K.max, {"axis": 0}, [3.0, 4.0]),
    (K.min, {}, -2.0),
    (K.prod, {"axis": 1}, [-2.0, 12.0]),
    (K.std, {"axis": 0}, [1.0, 3.0]),
    (K.var, {"axis": 1}, [2.25, 0.25]),
    (K.argmax, {}, [0, 1]),
    (K.argmin, {"axis": 0}, [0, 0]),
    (K.cumsum, {}, [[1.0, -2.0], [4.0, 2.0]]),
    (K.cumprod, {"axis": 1}, [[1.0, -2.0], [3.0, 12.0]]),
])
def test_reductions(fn, kwargs, expected):
    np.testing.assert_allclose(v(fn(X, **kwargs)), expected, rtol=1e-6)


def test_mean_of_booleans_is_a_float_fraction():
    # Keras 2 programs write K.mean(K.equal(a, b)) for an accuracy.
    result = K.mean(K.equal(X, np.array([[1.0, 0.0], [3.0, 0.0]], "float32")))
    assert K.dtype(result) == "float32"
    assert float(v(result)) == 0.5


def test_any_all():
    assert v(K.any(X > 3.5)) == np.True_
    np.testing.assert_array_equal(v(K.all(X > 0, axis=1)), [False, True])


@pytest.mark.parametrize("fn, expected", [
    (K.square, [[1.0, 4.0], [9.0, 16.0]]),
    (K.sqrt, [[1.0, 0.0], [3.0 ** 0.5, 2.0]]),  # negatives clip to 0 as in Keras 2
    (K.abs, [[1.0, 2.0], [3.0, 4.0]]),
    (K.exp, np.exp(X)),
    (K.sign, [[1.0, -1.0], [1.0, 1.0]]),
    (K.sin, np.sin(X)),
    (K.cos, np.cos(X)),
])
def test_elementwise(fn, expected):
    np.testing.assert_allclose(v(fn(X)), expected, rtol=1e-6)


def test_log_pow_round():
    np.testing.assert_allclose(v(K.log(np.array([1.0, np.e], "float32"))), [0.0, 1.0],
                               rtol=1e-6)
    np.testing.assert_allclose(v(K.pow(X, 2)), X ** 2)
    np.testing.assert_array_equal(v(K.round(np.array([0.5, 1.5, -2.5], "float32"))),
                                  [0.0, 2.0, -2.0])


@pytest.mark.parametrize("low, high, expected", [
    (0.0, 2.0, [[1.0, 0.0], [2.0, 2.0]]),
    (0.0, None, [[1.0, 0.0], [3.0, 4.0]]),
    (None, 0.0, [[0.0, -2.0], [0.0, 0.0]]),
    (2.0, 1.0, [[2.0, 2.0], [2.0, 2.0]]),  # max below min is raised to min
])
def test_clip(low, high, expected):
    np.testing.assert_allclose(v(K.clip(X, low, high)), expected)


def test_comparisons_and_extrema():
    y = np.array([[1.0, 0.0], [5.0, 4.0]], "float32")
    np.testing.assert_array_equal(v(K.equal(X, y)), [[True, False], [False, True]])
    np.testing.assert_array_equal(v(K.not_equal(X, y)), [[False, True], [True, False]])
    np.testing.assert_array_equal(v(K.greater(X, y)), [[False, False], [False, False]])
    np.testing.assert_array_equal(v(K.greater_equal(X, y)), [[True, False], [False, True]])
    np.testing.assert_array_equal(v(K.less(X, y)), [[False, True], [True, False]])
    np.testing.assert_array_equal(v(K.less_equal(X, y)), [[True, True], [True, True]])
    np.testing.assert_allclose(v(K.maximum(X, y)), [[1.0, 0.0], [5.0, 4.0]])
    np.testing.assert_allclose(v(K.minimum(X, y)), [[1.0, -2.0], [3.0, 4.0]])


def test_dot_contracts_last_axis_with_second_to_last():
    np.testing.assert_allclose(v(K.dot(X, X)), [[-5.0, -10.0], [15.0, 10.0]])
    y = np.arange(12, dtype="float32").reshape(3, 2, 2)
    # (2, 2) . (3, 2, 2) -> (2, 3, 2): x[i] . y[k]
    expected = np.stack([X @ y[k] for k in range(3)], axis=1)
    np.testing.assert_allclose(v(K.dot(X, y)), expected)


def test_batch_dot():
    # Two (2,)-vectors per sample give (batch, 1).
    np.testing.assert_allclose(v(K.batch_dot(X, X, axes=1)), [[5.0], [25.0]])
    x = np.arange(8, dtype="float32").reshape(2, 2, 2)
    expected = np.stack([x[i] @ x[i] for i in range(2)])
    np.testing.assert_allclose(v(K.batch_dot(x, x)), expected)
    expected_t = np.stack([x[i].T @ x[i] for i in range(2)])
    np.testing.assert_allclose(v(K.batch_dot(x, x, axes=(1, 1))), expected_t)


def test_batch_dot_bad_input():
    with pytest.raises(ValueError, match=r"rank < 2"):
        K.batch_dot(np.ones(3, "float32"), np.ones(3, "float32"))
    with pytest.raises(ValueError, match=r"axis 0. Received: axes=\(0, 1\)"):
        K.batch_dot(X, X, axes=(0, 1))


def test_l2_normalize_and_in_top_k():
    np.testing.assert_allclose(v(K.l2_normalize(np.array([[3.0, 4.0]], "float32"), axis=1)),
                               [[0.6, 0.8]], rtol=1e-6)
    np.testing.assert_array_equal(
        v(K.in_top_k(np.array([[0.1, 0.5, 0.4], [0.8, 0.05, 0.15]], "float32"),
                     np.array([2, 1]), 2)), [True, False])


def test_logsumexp():
    np.testing.assert_allclose(v(K.logsumexp(np.log(np.array([[1.0, 3.0]], "float32")), axis=1)),
                               [np.log(4.0)], rtol=1e-6)
