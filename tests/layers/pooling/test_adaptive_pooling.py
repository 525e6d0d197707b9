"""AdaptiveAveragePooling1D/2D/3D and AdaptiveMaxPooling1D/2D/3D (goldens from real Keras in
tests/layers/test_layers_extra_golden.py)."""

import numpy as np
import pytest
from _contract import check_layer_contract

import torcheras as keras
from torcheras import layers


@pytest.mark.parametrize("make, input_shape, output_shape", [
    (lambda: layers.AdaptiveAveragePooling1D(3), (None, 7, 2), (None, 3, 2)),
    (lambda: layers.AdaptiveMaxPooling1D([4], data_format="channels_first"), (None, 2, 9),
     (None, 2, 4)),
    (lambda: layers.AdaptiveAveragePooling2D((2, 3)), (None, 5, 7, 3), (None, 2, 3, 3)),
    (lambda: layers.AdaptiveMaxPooling2D(2, data_format="channels_first"), (None, 3, 5, 4),
     (None, 3, 2, 2)),
    (lambda: layers.AdaptiveAveragePooling3D(2), (None, 4, 5, 3, 2), (None, 2, 2, 2, 2)),
    (lambda: layers.AdaptiveMaxPooling3D((1, 2, 3)), (None, 4, 5, 6, 1), (None, 1, 2, 3, 1)),
])
def test_contract(make, input_shape, output_shape):
    check_layer_contract(make, input_shape, output_shape)


def test_bins_by_hand():
    # Length 5 into 3 bins: [0, 2), [1, 4), [3, 5) (start floor(i*5/3), end ceil((i+1)*5/3)).
    x = np.array([1.0, 2.0, 6.0, 4.0, 10.0], "float32").reshape(1, 5, 1)
    avg = layers.AdaptiveAveragePooling1D(3)(x)[0, :, 0].tolist()
    assert avg == pytest.approx([1.5, 4.0, 7.0])
    assert layers.AdaptiveMaxPooling1D(3)(x)[0, :, 0].tolist() == [2.0, 6.0, 10.0]
    # Upsampling: 2 -> 4 repeats each value twice.
    y = np.array([[[3.0], [5.0]]], "float32")
    assert layers.AdaptiveAveragePooling1D(4)(y)[0, :, 0].tolist() == [3.0, 3.0, 5.0, 5.0]


def test_two_dimensions_by_hand_and_channels():
    x = np.arange(16, dtype="float32").reshape(1, 4, 4, 1)
    x = np.concatenate([x, -x], axis=-1)
    out = layers.AdaptiveAveragePooling2D(2)(x).numpy()
    np.testing.assert_allclose(out[0, :, :, 0], [[2.5, 4.5], [10.5, 12.5]])
    np.testing.assert_allclose(out[0, :, :, 1], -out[0, :, :, 0])
    first = layers.AdaptiveMaxPooling2D(2, data_format="channels_first")(
        np.moveaxis(x, -1, 1)).numpy()
    np.testing.assert_allclose(first[0, 0], [[5.0, 7.0], [13.0, 15.0]])
    np.testing.assert_allclose(first[0, 1], [[0.0, -2.0], [-8.0, -10.0]])


def test_config_keeps_tuple_and_format():
    layer = layers.AdaptiveMaxPooling3D(2)
    assert layer.get_config()["output_size"] == (2, 2, 2)
    assert layer.get_config()["data_format"] == "channels_last"
    clone = layers.AdaptiveMaxPooling3D.from_config({**layer.get_config(),
                                                      "output_size": [2, 2, 2]})
    assert clone.output_size == (2, 2, 2)


def test_any_input_size_in_a_model():
    model = keras.Sequential([keras.Input((None, None, 3)),
                              layers.AdaptiveAveragePooling2D(4), layers.Flatten()])
    for size in (4, 9, 17):
        assert tuple(model(np.zeros((2, size, size + 1, 3), "float32")).shape) == (2, 48)


@pytest.mark.parametrize("make, error, match", [
    (lambda: layers.AdaptiveAveragePooling1D((2, 3)), ValueError,
     r"For 1D input, `output_size` tuple must have length 1. Received: \(2, 3\)"),
    (lambda: layers.AdaptiveMaxPooling1D("3"), TypeError,
     r"integer or tuple of 1 integer. Received: 3 of type <class 'str'>"),
    (lambda: layers.AdaptiveAveragePooling2D((2, 3, 4)), TypeError,
     r"integer or \(height, width\) tuple. Received: \(2, 3, 4\)"),
    (lambda: layers.AdaptiveMaxPooling3D((2, 3)), TypeError,
     r"integer or \(depth, height, width\) tuple. Received: \(2, 3\)"),
    (lambda: layers.AdaptiveAveragePooling2D(0), ValueError,
     r"`output_size` must hold positive integers. Received: output_size=0"),
    (lambda: layers.AdaptiveMaxPooling2D((2, -1)), ValueError,
     r"output_size=\(2, -1\)"),
    (lambda: layers.AdaptiveAveragePooling2D(2, data_format="NHWC"), ValueError,
     r"Invalid data_format: NHWC. Expected 'channels_first' or 'channels_last'."),
])
def test_bad_arguments(make, error, match):
    with pytest.raises(error, match=match):
        make()


def test_bad_input_rank():
    with pytest.raises(ValueError, match=r"expected ndim=4, found ndim=3"):
        layers.AdaptiveAveragePooling2D(2)(np.zeros((2, 5, 3), "float32"))
