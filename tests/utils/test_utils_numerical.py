
import _golden
import numpy as np
import pytest
import torch

import torcheras
from torcheras.utils import normalize, np_utils, to_categorical


# ------------------------------------------------------------------ to_categorical
def test_to_categorical_contract():
    out = to_categorical([0, 1, 2, 3], num_classes=4)
    assert isinstance(out, np.ndarray)
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out, np.eye(4))


def test_to_categorical_hand_computed():
    out = to_categorical(np.array([2, 0, 1, 2]))  # num_classes inferred: 3
    expected = [[0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]]
    np.testing.assert_array_equal(out, expected)


@pytest.mark.parametrize(
    "shape, expected",
    [((6,), (6, 5)), ((6, 1), (6, 5)), ((2, 3), (2, 3, 5)), ((2, 3, 1), (2, 3, 5)),
     ((1,), (1, 5)), ((), (5,))],
)
def test_to_categorical_shapes(shape, expected):
    x = np.arange(int(np.prod(shape)) or 1).reshape(shape) % 5
    out = to_categorical(x, 5)
    assert out.shape == expected
    # Row i of the flattened result is the one-hot vector of the i-th label.
    np.testing.assert_array_equal(out.reshape(-1, 5), np.eye(5)[x.reshape(-1)])


def test_to_categorical_accepts_whole_floats_bools_and_num_classes_zero():
    np.testing.assert_array_equal(to_categorical(np.array([1.0, 0.0], np.float32)),
                                  [[0, 1], [1, 0]])
    np.testing.assert_array_equal(to_categorical([True, False]), [[0, 1], [1, 0]])
    assert to_categorical([1, 2], num_classes=0).shape == (2, 3)  # Keras: 0 means infer
    assert to_categorical([1], num_classes=np.int64(4)).shape == (1, 4)


def test_to_categorical_tensor_input_gives_tensor():
    out = to_categorical(torch.tensor([[1], [0]]), 3)
    assert isinstance(out, torch.Tensor) and out.dtype == torch.float32
    assert out.shape == (2, 3)
    np.testing.assert_array_equal(out.cpu().numpy(), [[0, 1, 0], [1, 0, 0]])


@pytest.mark.parametrize(
    "x, num_classes, match",
    [
        ([0, 3], 3, r"Argument `x` must contain class indices in \[0, num_classes\)\. "
                    r"Received: x with values \[3\] out of range, num_classes=3"),
        ([-1, 2], None, r"Received: x with values \[-1\] out of range, num_classes=3"),
        ([0.5, 1], None, r"Argument `x` must contain integer class indices\. Received "
                         r"non-integer values: \[0\.5\]"),
        ([np.nan], 3, r"non-integer values"),
        (["a", "b"], None, r"Argument `x` must contain integer class indices\. Received: "
                           r"x of dtype <U1"),
        ([], None, r"Cannot infer `num_classes` from an empty `x`"),
        ([0, 1], -2, r"Argument `num_classes` must be a positive integer or None\. "
                     r"Received: num_classes=-2"),
        ([0, 1], 2.5, r"Received: num_classes=2\.5"),
        ([0, 1], "3", r"Received: num_classes='3'"),
    ],
)
def test_to_categorical_bad_input(x, num_classes, match):
    with pytest.raises(ValueError, match=match):
        to_categorical(x, num_classes)


# ------------------------------------------------------------------------ normalize
def test_normalize_hand_computed_l2():
    out = normalize(np.array([[3.0, 4.0], [0.0, 0.0]]))
    np.testing.assert_allclose(out, [[0.6, 0.8], [0.0, 0.0]])  # zero rows stay zero


def test_normalize_matches_keras_values():
    # Numbers printed by keras.utils.normalize (Keras 3.15) for the same inputs.
    x = np.arange(6.0).reshape(2, 3)
    np.testing.assert_allclose(
        normalize(x, axis=1),
        [[0.0, 0.4472136, 0.89442719], [0.42426407, 0.56568542, 0.70710678]], atol=1e-8)
    np.testing.assert_allclose(
        normalize(x, order=1), [[0.0, 1 / 3, 2 / 3], [0.25, 1 / 3, 5 / 12]], atol=1e-8)
    # A 1-D input comes back as one row, in Keras 2 and 3 alike.
    np.testing.assert_allclose(normalize(np.array([1, 2]), order=np.inf), [[0.5, 1.0]])


def test_normalize_axis0_normalises_columns():
    x = np.array([[3.0, 0.0], [4.0, 2.0]])
    np.testing.assert_allclose(normalize(x, axis=0), [[0.6, 0.0], [0.8, 1.0]])


def test_normalize_tensor():
    x = torch.tensor([[3.0, 4.0], [0.0, 0.0]])
    out = normalize(x)
    assert isinstance(out, torch.Tensor)
    np.testing.assert_allclose(out.numpy(), [[0.6, 0.8], [0.0, 0.0]], atol=1e-6)
    np.testing.assert_allclose(normalize(torch.tensor([1, 3]), order=1).numpy(), [0.25, 0.75])


def test_normalize_tensor_bad_order():
    with pytest.raises(ValueError, match=r"Argument `order` must be an int >= 1\. "
                                         r"Received: order=0"):
        normalize(torch.ones(2), order=0)


# ------------------------------------------------------------------------- np_utils
def test_np_utils_keras2_spellings():
    from torcheras.legacy.utils.np_utils import normalize as n2
    from torcheras.legacy.utils.np_utils import to_categorical as tc2

    assert n2 is normalize
    out = tc2([0, 2], 3)
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out, [[1, 0, 0], [0, 0, 1]])
    assert np_utils.to_categorical([1], 2, dtype="int32").dtype == np.int32
    assert isinstance(np_utils.to_categorical(torch.tensor([1]), 2), np.ndarray)
    assert torcheras.utils.np_utils is np_utils


def test_np_utils_bad_dtype():
    with pytest.raises(ValueError, match=r"Argument `dtype` is not a valid dtype\. "
                                         r"Received: dtype='nope'"):
        np_utils.to_categorical([1], 2, dtype="nope")


# -------------------------------------------------------------- golden (real Keras 3)
ARRAYS = _golden.load_arrays("numerical")


@pytest.mark.parametrize("name", ["vec", "col", "grid"])
def test_to_categorical_golden(name):
    y = ARRAYS[f"cat_{name}_in"]
    for suffix, kwargs in (("out", {}), ("out10", {"num_classes": 10})):
        expected = ARRAYS[f"cat_{name}_{suffix}"]
        got = to_categorical(y, **kwargs)
        assert got.shape == expected.shape
        assert np.max(np.abs(got - expected)) == 0


@pytest.mark.parametrize("tag, order", [("1", 1), ("2", 2), ("inf", np.inf)])
def test_normalize_golden(tag, order):
    x, x3 = ARRAYS["norm_in"], ARRAYS["norm_in3"]
    for key, got in (
        (f"norm_last_{tag}", normalize(x, axis=-1, order=order)),
        (f"norm_axis1_{tag}", normalize(x, axis=1, order=order)),
        (f"norm3_axis1_{tag}", normalize(x3, axis=1, order=order)),
    ):
        assert got.shape == ARRAYS[key].shape
        assert np.max(np.abs(got - ARRAYS[key])) <= 1e-5, key


@pytest.mark.parametrize("order", [1, 2, 3])
def test_normalize_tensor_golden(order):
    t = torch.tensor(ARRAYS["norm_in"], dtype=torch.float32)
    got = normalize(t, order=order).numpy()
    assert np.max(np.abs(got - ARRAYS[f"norm_tensor_{order}"])) <= 1e-5
