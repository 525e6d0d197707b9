"""Keras 1's ``keras.objectives`` and ``keras.initializations``."""

import math

import numpy as np
import pytest

import torcheras as keras
from torcheras.legacy import initializations, objectives


def test_objectives_are_the_loss_functions_under_keras1_names():
    assert objectives.mse is keras.losses.mean_squared_error
    assert objectives.MSE is keras.losses.mse
    assert objectives.cosine_proximity is keras.losses.cosine_similarity
    assert objectives.cosine is keras.losses.cosine_similarity
    assert objectives.huber_loss is keras.losses.huber
    assert objectives.get("categorical_crossentropy") is keras.losses.categorical_crossentropy
    y_true = np.array([[0.0, 1.0]], "float32")
    y_pred = np.array([[0.5, 1.5]], "float32")
    assert float(objectives.mean_squared_error(y_true, y_pred)[0]) == 0.25
    # Keras 2's cosine_proximity was minus the cosine of the angle.
    assert float(objectives.cosine_proximity(y_true, np.array([[0.0, 3.0]]))[0]) == (
        pytest.approx(-1.0))


def test_get_fans_by_hand():
    assert initializations.get_fans((4, 6)) == (4, 6)
    assert initializations.get_fans((3, 3, 2, 8)) == (18, 72)
    assert initializations.get_fans((8, 2, 3, 3), "th") == (18, 72)
    assert initializations.get_fans((2, 3, 4, 5, 6)) == (2 * 3 * 4 * 5, 2 * 3 * 4 * 6)
    assert initializations.get_fans((16,)) == (4, 4)


@pytest.mark.parametrize("name, shape, limit", [
    ("uniform", (100, 50), 0.05),
    ("glorot_uniform", (100, 50), math.sqrt(6 / 150)),
    ("he_uniform", (100, 50), math.sqrt(6 / 100)),
    ("lecun_uniform", (3, 3, 4, 50), math.sqrt(3 / 36)),
])
def test_uniform_family_stays_within_keras1_limits(name, shape, limit):
    values = initializations.get(name)(shape).numpy()
    assert values.shape == shape
    assert np.abs(values).max() <= limit
    assert np.abs(values).max() > 0.9 * limit


@pytest.mark.parametrize("name, stddev", [
    ("normal", 0.05), ("glorot_normal", math.sqrt(2 / 600)), ("he_normal", math.sqrt(2 / 300)),
])
def test_normal_family_has_keras1_stddev_and_is_not_truncated(name, stddev):
    keras.utils.set_random_seed(0)
    values = initializations.get(name)((300, 300)).numpy()
    assert values.std() == pytest.approx(stddev, rel=0.02)
    assert np.abs(values).max() > 3 * stddev  # a truncated normal would stop at 2 stddevs


def test_constant_identity_and_orthogonal():
    assert initializations.zero((2,)).tolist() == [0.0, 0.0]
    assert initializations.one((1, 2)).tolist() == [[1.0, 1.0]]
    assert initializations.identity((2, 2), scale=3).tolist() == [[3.0, 0.0], [0.0, 3.0]]
    q = initializations.orthogonal((4, 4)).numpy()
    np.testing.assert_allclose(q @ q.T, 1.1 ** 2 * np.eye(4), atol=1e-5)


def test_a_keras1_init_function_initializes_a_layer():
    def my_init(shape, name=None, dtype=None):
        return initializations.normal(shape, scale=0.0, name=name, dtype=dtype)

    layer = keras.layers.Dense(3, kernel_initializer=my_init)
    layer.build((None, 2))
    assert layer.get_weights()[0].tolist() == [[0.0] * 3] * 2


@pytest.mark.parametrize("call, message", [
    (lambda: initializations.get("glorot_unifrom"),
     r"Invalid initialization: 'glorot_unifrom'.*Did you mean 'glorot_uniform'\?"),
    (lambda: initializations.get(3), r"Invalid initialization: 3"),
    (lambda: initializations.identity((2, 3)), r"2D square matrices. Received: shape=\(2, 3\)"),
    (lambda: initializations.get_fans((2, 2, 2, 2), "xy"), r"Invalid dim_ordering: 'xy'"),
])
def test_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()
