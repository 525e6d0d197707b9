"""HashedCrossing: TensorFlow's hashed cross (FarmHash + FingerprintCat64) without
TensorFlow, shapes, output modes, bad input (goldens in
tests/layers/test_layers_extra_golden.py)."""

import numpy as np
import pytest

import torcheras as keras
from torcheras import layers
from torcheras.layers.preprocessing.text._hashed_crossing import fingerprint_cat64


def test_keras_docstring_example():
    layer = layers.HashedCrossing(num_bins=5)
    out = layer((np.array(["A", "B", "A", "B", "A"]), np.array([101, 101, 101, 102, 102])))
    assert out.tolist() == [1, 4, 1, 1, 3]
    assert str(out.dtype) == "torch.int64"


def test_fingerprint_cat64_by_hand():
    # TensorFlow's FingerprintCat64 written out on Python ints.
    mul, mask = 0xC6A4A7935BD1E995, (1 << 64) - 1

    def shift_mix(v):
        return v ^ (v >> 47)

    def cat(a, b):
        r = a ^ mul
        r ^= (shift_mix((b * mul) & mask) * mul) & mask
        r = (r * mul) & mask
        r = (shift_mix(r) * mul) & mask
        return shift_mix(r)

    for a, b in [(0xDECAFCAFFE, 101), (0, 0), (mask, 12345678901234567)]:
        got = fingerprint_cat64(np.array([a], np.uint64), np.array([b], np.uint64))
        assert int(got[0]) == cat(a, b)


def test_order_and_values_matter_and_ints_equal_their_strings_nowhere():
    layer = layers.HashedCrossing(num_bins=1000)
    a, b = np.array([1, 2]), np.array([3, 4])
    ab, ba = layer((a, b)).tolist(), layer((b, a)).tolist()
    assert ab != ba
    assert layer((a, b)).tolist() == ab  # deterministic
    assert layer([a.astype("int32"), b]).tolist() == ab  # int32 counts as int64
    assert layer((np.array(["1", "2"]), b)).tolist() != ab  # strings hash, ints do not


def test_shapes_and_one_hot():
    layer = layers.HashedCrossing(num_bins=4, output_mode="one_hot")
    out = layer((np.array([["a"], ["b"]]), np.array([[1], [2]])))
    assert tuple(out.shape) == (2, 4)
    assert out.sum(axis=-1).tolist() == [1.0, 1.0]
    assert str(out.dtype) == "torch.float32"
    ints = layers.HashedCrossing(num_bins=4)((np.array([["a"], ["b"]]), np.array([[1], [2]])))
    assert out.argmax(-1).tolist() == ints[:, 0].tolist()
    assert tuple(layers.HashedCrossing(3)((np.array("a"), np.array(1))).shape) == ()
    assert tuple(layer((np.array("a"), np.array(1))).shape) == (4,)


def test_config_as_keras():
    layer = layers.HashedCrossing(num_bins=7, name="cross")
    assert layer.get_config() == {"num_bins": 7, "output_mode": "int", "sparse": False,
                                  "name": "cross", "dtype": "int64"}
    clone = layers.HashedCrossing.from_config(layer.get_config())
    assert clone.get_config() == layer.get_config()


def test_in_a_functional_model_on_int_features():
    a, b = keras.Input((1,), dtype="int64"), keras.Input((1,), dtype="int64")
    out = layers.HashedCrossing(num_bins=8, output_mode="one_hot")([a, b])
    assert out.shape == (None, 8)
    model = keras.Model([a, b], out)
    y = model.predict([np.array([[1], [2]]), np.array([[3], [3]])], verbose=0)
    assert y.shape == (2, 8) and y.sum() == 2.0


@pytest.mark.parametrize("kwargs, match", [
    ({"num_bins": 0}, r"`num_bins` of HashedCrossing must be a positive integer. "
                      r"Received: num_bins=0"),
    ({"num_bins": 2.5}, r"num_bins=2.5"),
    ({"num_bins": 3, "output_mode": "multi_hot"},
     r"Unknown value for `output_mode` argument of HashedCrossing. Allowed values are: "
     r"\('int', 'one_hot'\). Received: output_mode='multi_hot'"),
    ({"num_bins": 3, "sparse": True}, r"`sparse=True` can only be used with the TensorFlow"),
])
def test_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        layers.HashedCrossing(**kwargs)


@pytest.mark.parametrize("inputs, match", [
    (np.array([1, 2]), r"should be called on a list or tuple of inputs"),
    ((np.array([1, 2]),), r"should be called on at least two inputs"),
    ((np.zeros((2, 2), int), np.zeros((2, 2), int)), r"should have shape `\(\)`, "
                                                     r"`\(batch_size\)` or `\(batch_size, 1\)`"),
    ((np.array([1, 2]), np.array([1, 2, 3])), r"should have equal shape"),
    ((np.array([1.5, 2.0]), np.array([1, 2])), r"should have an integer or string dtype"),
])
def test_bad_inputs(inputs, match):
    with pytest.raises(ValueError, match=match):
        layers.HashedCrossing(num_bins=3)(inputs)
