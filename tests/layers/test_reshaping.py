"""``Reshape``, ``Permute`` and ``RepeatVector``."""

import numpy as np
import pytest
import torch
from _contract import check_layer_contract

import torcheras as keras
from torcheras import layers


# ---------------------------------------------------------------------- Reshape
def test_reshape_contract():
    check_layer_contract(lambda: layers.Reshape((3, 4)), (None, 12), (None, 3, 4))
    check_layer_contract(lambda: layers.Reshape((-1, 2)), (None, 3, 4), (None, 6, 2))


@pytest.mark.parametrize("target, input_shape, expected", [
    ((3, 4), (None, 12), (None, 3, 4)),
    ((-1, 2, 2), (None, 12), (None, 3, 2, 2)),
    ((28, 28, 1), (None, 784), (None, 28, 28, 1)),
    ((-1,), (None, 4, 5), (None, 20)),
    ((-1, 4), (None, None, 4), (None, None, 4)),
    ((2, 2), (5, 4), (5, 2, 2)),
])
def test_reshape_output_shapes(target, input_shape, expected):
    layer = layers.Reshape(target)
    assert layer.compute_output_shape(input_shape) == expected
    assert layer(keras.Input(batch_shape=input_shape)).shape == expected


def test_reshape_values_follow_row_major_order():
    x = np.arange(24, dtype="float32").reshape(2, 12)
    out = layers.Reshape((3, -1))(x)
    np.testing.assert_array_equal(out.numpy(), x.reshape(2, 3, 4))


def test_reshape_keeps_integer_dtype():
    x = keras.Input((6,), dtype="int32")
    assert layers.Reshape((2, 3))(x).dtype == "int32"


def test_reshape_config():
    assert layers.Reshape([2, -1]).get_config()["target_shape"] == (2, -1)


@pytest.mark.parametrize("target, error, match", [
    ((-1, -1), ValueError, r"There must be at most one unknown dimension \(-1\) in "
                           r"`target_shape`. Received: target_shape=\(-1, -1\)"),
    ((-2, 3), ValueError, r"Each dimension in `target_shape` must be a non-negative integer, "
                          r"or `-1`"),
    (3, TypeError, r"Argument `target_shape` must be a tuple of integers. Received: "
                   r"target_shape=3"),
    ((2.5, 2), TypeError, r"must be a tuple of integers"),
])
def test_reshape_bad_target(target, error, match):
    with pytest.raises(error, match=match):
        layers.Reshape(target)


@pytest.mark.parametrize("target, match", [
    ((10, 10), r"The total size of the tensor must be unchanged. Received: "
               r"input_shape=\(28, 28\), target_shape=\(10, 10\)"),
    ((-1, 5), r"the input size cannot by divided by the specified dimensions in target_shape. "
              r"Received: input_shape=\(28, 28\), target_shape=\(-1, 5\)"),
])
def test_reshape_incompatible_sizes(target, match):
    with pytest.raises(ValueError, match=match):
        layers.Reshape(target)(keras.Input((28, 28)))
    with pytest.raises(ValueError, match=match):
        layers.Reshape(target)(np.zeros((2, 28, 28), "float32"))


# ---------------------------------------------------------------------- Permute
def test_permute_contract():
    check_layer_contract(lambda: layers.Permute((2, 1)), (None, 10, 64), (None, 64, 10))


def test_permute_values():
    x = np.arange(24, dtype="float32").reshape(2, 3, 4)
    out = layers.Permute((2, 1))(x)
    np.testing.assert_array_equal(out.numpy(), x.transpose(0, 2, 1))
    x4 = np.arange(48, dtype="float32").reshape(2, 2, 3, 4)
    out4 = layers.Permute((3, 1, 2))(x4)
    np.testing.assert_array_equal(out4.numpy(), x4.transpose(0, 3, 1, 2))


def test_permute_output_can_be_flattened():
    x = torch.arange(24.0).reshape(2, 3, 4)
    out = layers.Flatten()(layers.Permute((2, 1))(x))
    np.testing.assert_array_equal(out.numpy(), x.numpy().transpose(0, 2, 1).reshape(2, 12))


def test_permute_config():
    assert layers.Permute([3, 1, 2]).get_config()["dims"] == (3, 1, 2)


@pytest.mark.parametrize("dims", [(0, 1), [1, 3], (1, 1), (2,), 3])
def test_permute_bad_dims(dims):
    with pytest.raises(ValueError, match=r"Invalid permutation argument `dims` for Permute "
                                         r"Layer. The set of indices in `dims` must be "
                                         r"consecutive and start from 1. Received dims="):
        layers.Permute(dims)


def test_permute_wrong_rank():
    with pytest.raises(ValueError, match=r'layer "permute" is incompatible with the layer: '
                                         r"expected ndim=3, found ndim=2"):
        layers.Permute((2, 1))(keras.Input((3,)))


# ---------------------------------------------------------------------- RepeatVector
def test_repeat_vector_contract():
    check_layer_contract(lambda: layers.RepeatVector(3), (None, 32), (None, 3, 32))


def test_repeat_vector_values():
    x = np.array([[1.0, 2.0], [3.0, 4.0]], "float32")
    out = layers.RepeatVector(3)(x).numpy()
    np.testing.assert_array_equal(out, np.repeat(x[:, None, :], 3, axis=1))


def test_repeat_vector_config():
    assert layers.RepeatVector(4).get_config()["n"] == 4


@pytest.mark.parametrize("n, error, match", [
    (2.0, TypeError, r"Expected an integer value for `n`, got <class 'float'>."),
    ("3", TypeError, r"Expected an integer value for `n`"),
    (0, ValueError, r"Argument `n` should be a positive integer. Received: n=0"),
    (-2, ValueError, r"Received: n=-2"),
])
def test_repeat_vector_bad_n(n, error, match):
    with pytest.raises(error, match=match):
        layers.RepeatVector(n)


def test_repeat_vector_needs_2d_input():
    with pytest.raises(ValueError, match=r"expected ndim=2, found ndim=3"):
        layers.RepeatVector(3)(keras.Input((2, 3)))
