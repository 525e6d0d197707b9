"""Keras 2's ``K.*`` activations, losses, dropout, conv/pool and the learning phase."""

import math

import numpy as np
import pytest

import torcheras as keras
from torcheras import backend as K
from torcheras.legacy.backend import _phase

X = np.array([-2.0, -0.5, 0.0, 0.5, 3.0], dtype="float32")


def v(x):
    return np.asarray(K.eval(x))


@pytest.mark.parametrize("kwargs, expected", [
    ({}, [0.0, 0.0, 0.0, 0.5, 3.0]),
    ({"alpha": 0.1}, [-0.2, -0.05, 0.0, 0.5, 3.0]),
    ({"max_value": 1.0}, [0.0, 0.0, 0.0, 0.5, 1.0]),
    ({"threshold": 1.0}, [0.0, 0.0, 0.0, 0.0, 3.0]),
    # below threshold: alpha * (x - threshold)
    ({"alpha": 0.5, "threshold": 1.0, "max_value": 2.0}, [-1.5, -0.75, -0.5, -0.25, 2.0]),
])
def test_relu(kwargs, expected):
    np.testing.assert_allclose(v(K.relu(X, **kwargs)), expected, rtol=1e-6, atol=1e-7)


def test_activations():
    np.testing.assert_allclose(v(K.elu(X, alpha=2.0))[:2], 2.0 * (np.exp(X[:2]) - 1), rtol=1e-6)
    # Keras 2's hard sigmoid: slope 0.2 (Keras 3's is 1/6).
    np.testing.assert_allclose(v(K.hard_sigmoid(X)), [0.1, 0.4, 0.5, 0.6, 1.0], rtol=1e-6)
    np.testing.assert_allclose(v(K.sigmoid(X)), 1 / (1 + np.exp(-X)), rtol=1e-6)
    np.testing.assert_allclose(v(K.tanh(X)), np.tanh(X), rtol=1e-6)
    np.testing.assert_allclose(v(K.softplus(X)), np.log1p(np.exp(X)), rtol=1e-6)
    np.testing.assert_allclose(v(K.softsign(X)), X / (1 + np.abs(X)), rtol=1e-6)
    np.testing.assert_allclose(v(K.softmax(np.log(np.array([[1.0, 3.0]], "float32")))),
                               [[0.25, 0.75]], rtol=1e-6)


def test_crossentropies():
    target = np.array([[0.0, 1.0]], "float32")
    # Keras 2 renormalises the probabilities first: [1, 3] -> [0.25, 0.75].
    np.testing.assert_allclose(v(K.categorical_crossentropy(target, np.array([[1.0, 3.0]], "float32"))),
                               [-math.log(0.75)], rtol=1e-6)
    np.testing.assert_allclose(
        v(K.sparse_categorical_crossentropy(np.array([1]), np.array([[0.2, 0.8]], "float32"))),
        [-math.log(0.8)], rtol=1e-6)
    np.testing.assert_allclose(
        v(K.sparse_categorical_crossentropy(np.array([[1]]), np.array([[0.0, 0.0]], "float32"),
                                            from_logits=True)), [math.log(2.0)], rtol=1e-6)
    eps = K.epsilon()
    np.testing.assert_allclose(
        v(K.binary_crossentropy(np.array([1.0, 0.0], "float32"), np.array([0.9, 0.2], "float32"))),
        [-math.log(0.9 + eps), -math.log(0.8 + eps)], rtol=1e-6)
    np.testing.assert_allclose(
        v(K.binary_crossentropy(np.array([1.0], "float32"), np.array([0.0], "float32"),
                                from_logits=True)), [math.log(2.0)], rtol=1e-6)


def test_dropout_scales_kept_values():
    out = v(K.dropout(np.ones((100, 100), "float32"), 0.5, seed=1))
    assert set(np.unique(out)) == {0.0, 2.0}
    assert abs((out == 0).mean() - 0.5) < 0.03


def test_dropout_bad_level():
    with pytest.raises(ValueError, match=r"Received: level=1.5"):
        K.dropout(np.ones(3, "float32"), 1.5)


def test_bias_add_and_batch_normalization():
    x = np.zeros((1, 2, 3, 3), "float32")
    out = v(K.bias_add(x, np.array([1.0, 2.0], "float32"), data_format="channels_first"))
    assert out[0, 0].sum() == 9.0 and out[0, 1].sum() == 18.0
    normed = v(K.batch_normalization(np.array([[3.0]], "float32"), 1.0, 4.0, 0.5, 2.0,
                                     epsilon=0.0))
    np.testing.assert_allclose(normed, [[2.5]])  # (3 - 1) / 2 * 2 + 0.5
    normed, mean, var = K.normalize_batch_in_training(
        np.array([[1.0], [3.0]], "float32"), None, None, [0], epsilon=0.0)
    np.testing.assert_allclose(v(normed), [[-1.0], [1.0]])
    np.testing.assert_allclose(v(mean), [2.0])
    np.testing.assert_allclose(v(var), [1.0])


def test_conv_and_pool():
    img = np.arange(16, dtype="float32").reshape(1, 4, 4, 1)
    ones = np.ones((2, 2, 1, 1), "float32")
    out = v(K.conv2d(img, ones))
    assert out.shape == (1, 3, 3, 1) and out[0, 0, 0, 0] == 0 + 1 + 4 + 5
    assert v(K.conv2d(img, ones, padding="same")).shape == (1, 4, 4, 1)
    np.testing.assert_array_equal(v(K.pool2d(img, (2, 2), strides=(2, 2)))[0, :, :, 0],
                                  [[5, 7], [13, 15]])
    np.testing.assert_array_equal(
        v(K.pool2d(img, (2, 2), strides=(2, 2), pool_mode="avg"))[0, :, :, 0],
        [[2.5, 4.5], [10.5, 12.5]])
    seq = np.arange(4, dtype="float32").reshape(1, 4, 1)
    # causal: output t sees inputs t-1 and t only
    np.testing.assert_array_equal(
        v(K.conv1d(seq, np.ones((2, 1, 1), "float32"), padding="causal"))[0, :, 0],
        [0, 1, 3, 5])
    assert v(K.conv3d(np.ones((1, 3, 3, 3, 1), "float32"),
                      np.ones((2, 2, 2, 1, 1), "float32"))).shape == (1, 2, 2, 2, 1)
    assert v(K.pool3d(np.ones((1, 2, 2, 2, 1), "float32"), (2, 2, 2))).shape == (1, 1, 1, 1, 1)
    assert v(K.conv2d_transpose(img, ones, strides=(2, 2))).shape == (1, 8, 8, 1)
    assert v(K.depthwise_conv2d(img, ones)).shape == (1, 3, 3, 1)
    assert v(K.separable_conv2d(img, ones, np.ones((1, 1, 1, 2), "float32"))).shape == (1, 3, 3, 2)


@pytest.mark.parametrize("call, message", [
    (lambda: K.conv2d(np.ones((1, 2, 2, 1), "float32"), np.ones((1, 1, 1, 1), "float32"),
                      padding="full"), r"Received: padding='full'"),
    (lambda: K.pool2d(np.ones((1, 2, 2, 1), "float32"), (2, 2), pool_mode="sum"),
     r"Received: pool_mode='sum'"),
])
def test_conv_bad_inputs(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_switch_and_phases():
    cond = np.array([True, False])
    np.testing.assert_array_equal(v(K.switch(cond, np.array([1.0, 2.0]), np.array([3.0, 4.0]))),
                                  [1.0, 4.0])
    # a 1D condition selects whole rows of 2D branches
    np.testing.assert_array_equal(
        v(K.switch(cond, np.ones((2, 2), "float32"), np.zeros((2, 2), "float32"))),
        [[1, 1], [0, 0]])
    assert K.switch(True, lambda: "then", lambda: "else") == "then"
    assert K.learning_phase() == 0
    assert K.in_train_phase("train", "test") == "test"
    assert K.in_train_phase("train", "test", training=True) == "train"
    assert K.in_test_phase("test", "train", training=1) == "train"
    with K.learning_phase_scope(1):
        assert K.learning_phase() == 1
        assert K.in_train_phase(lambda: "train", lambda: "test") == "train"
    assert K.learning_phase() == 0


def test_set_learning_phase_warns_and_validates():
    try:
        with pytest.warns(UserWarning, match=r"pass `training=True/False`"):
            K.set_learning_phase(1)
        assert K.learning_phase() == 1
    finally:
        _phase._STATE["phase"] = None  # back to following the layer calls
    with pytest.raises(ValueError, match=r"Received: value=2"):
        K.set_learning_phase(2)


def test_focal_crossentropies():
    eps = K.epsilon()
    # p_t = 0.8, (1 - p_t) ** 2 = 0.04, bce = -log(0.8 + eps)
    np.testing.assert_allclose(
        v(K.binary_focal_crossentropy(np.array([1.0], "float32"), np.array([0.8], "float32"))),
        [0.04 * -math.log(0.8 + eps)], rtol=1e-5)
    np.testing.assert_allclose(
        v(K.binary_focal_crossentropy(np.array([0.0], "float32"), np.array([0.8], "float32"),
                                      apply_class_balancing=True, alpha=0.25)),
        [0.75 * 0.64 * -math.log(0.2 + eps)], rtol=1e-5)
    # alpha * (1 - 0.75) ** 2 * -log(0.75) on the true class
    np.testing.assert_allclose(
        v(K.categorical_focal_crossentropy(np.array([[0.0, 1.0]], "float32"),
                                           np.array([[0.25, 0.75]], "float32"))),
        [0.25 * 0.0625 * -math.log(0.75)], rtol=1e-5)


def test_local_conv1d_uses_one_kernel_per_step():
    x = np.array([[[1.0], [2.0], [3.0], [4.0]]], "float32")  # (1, 4, 1)
    kernel = np.array([[[1.0], [1.0]], [[10.0], [0.0]]], "float32")  # 2 steps, size 2
    out = v(K.local_conv1d(x, kernel, (2,), (2,)))
    np.testing.assert_array_equal(out, [[[3.0], [30.0]]])  # 1 + 2, then 10 * 3 + 0 * 4


def test_learning_phase_follows_the_layer_call():
    # Keras 2 custom layers call K.in_train_phase(x, alt) without `training`: fit fed the
    # symbolic phase 1, predict 0.
    class NoisyInTraining(keras.layers.Layer):
        def call(self, inputs):
            return K.in_train_phase(inputs + 100.0, inputs)

    layer = NoisyInTraining()
    x = np.zeros((1, 2), "float32")
    np.testing.assert_array_equal(v(layer(x)), [[0.0, 0.0]])
    np.testing.assert_array_equal(v(layer(x, training=True)), [[100.0, 100.0]])
    with K.learning_phase_scope(1):
        np.testing.assert_array_equal(v(layer(x)), [[100.0, 100.0]])
