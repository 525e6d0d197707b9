"""Keras 2's ``K.*`` shape and layout functions, against values worked out by hand."""

import numpy as np
import pytest

import torcheras as keras
from torcheras import backend as K

X = np.arange(6, dtype="float32").reshape(2, 3)


def v(x):
    return np.asarray(K.eval(x))


def test_int_shape_ndim_dtype_shape():
    assert K.int_shape(X) == (2, 3)
    assert K.int_shape(keras.Input((4, 5))) == (None, 4, 5)
    assert K.int_shape(K.variable(np.zeros((3,)))) == (3,)
    assert K.int_shape(3.0) is None
    assert K.ndim(X) == 2
    assert K.dtype(K.variable(X)) == "float32"
    np.testing.assert_array_equal(v(K.shape(X)), [2, 3])
    assert K.dtype(K.shape(X)) == "int32"
    assert K.shape(keras.Input((4,))) == (None, 4)


def test_cast_and_cast_to_floatx():
    assert K.dtype(K.cast(X, "int32")) == "int32"
    array = K.cast_to_floatx([1, 2])
    assert isinstance(array, np.ndarray) and array.dtype == np.float32


def test_layout():
    np.testing.assert_array_equal(v(K.transpose(X)), X.T)
    np.testing.assert_array_equal(v(K.reshape(X, (3, -1))), X.reshape(3, 2))
    np.testing.assert_array_equal(v(K.permute_dimensions(X[None], (2, 0, 1))).shape, (3, 1, 2))
    assert v(K.expand_dims(X)).shape == (2, 3, 1)
    assert v(K.expand_dims(X, 0)).shape == (1, 2, 3)
    assert v(K.squeeze(X[:, None], 1)).shape == (2, 3)
    np.testing.assert_array_equal(v(K.flatten(X)), [0, 1, 2, 3, 4, 5])
    np.testing.assert_array_equal(v(K.batch_flatten(np.zeros((2, 3, 4), "float32"))).shape,
                                  (2, 12))


def test_joining_and_repeating():
    np.testing.assert_array_equal(v(K.concatenate([X, X])), np.concatenate([X, X], -1))
    np.testing.assert_array_equal(v(K.concatenate([X, X], axis=0)).shape, (4, 3))
    np.testing.assert_array_equal(v(K.stack([X, X], axis=1)).shape, (2, 2, 3))
    np.testing.assert_array_equal(v(K.tile(X, (1, 2))),
                                  np.tile(X, (1, 2)))
    np.testing.assert_array_equal(v(K.tile(np.array([1, 2]), 2)), [1, 2, 1, 2])
    np.testing.assert_array_equal(v(K.repeat(X, 2)), np.stack([X, X], axis=1))
    np.testing.assert_array_equal(v(K.repeat_elements(X, 2, axis=0)),
                                  [[0, 1, 2], [0, 1, 2], [3, 4, 5], [3, 4, 5]])


def test_repeat_needs_2d():
    with pytest.raises(ValueError, match=r"2D tensor. Received a tensor of shape \(3,\)"):
        K.repeat(np.zeros(3, "float32"), 2)


def test_indexing():
    np.testing.assert_array_equal(v(K.gather(X, np.array([1, 1, 0]))), X[[1, 1, 0]])
    np.testing.assert_array_equal(v(K.one_hot(np.array([2, 0]), 3)), [[0, 0, 1], [1, 0, 0]])
    np.testing.assert_array_equal(v(K.reverse(X, 1)), X[:, ::-1])
    np.testing.assert_array_equal(v(K.reverse(X, [0, 1])), X[::-1, ::-1])
    np.testing.assert_array_equal(v(K.arange(4)), [0, 1, 2, 3])
    np.testing.assert_array_equal(v(K.arange(1, 7, 2)), [1, 3, 5])
    assert K.dtype(K.arange(3)) == "int32"


def test_padding_and_resizing():
    seq = np.ones((1, 2, 1), "float32")
    np.testing.assert_array_equal(v(K.temporal_padding(seq, (1, 2)))[0, :, 0],
                                  [0, 1, 1, 0, 0])
    img = np.ones((1, 2, 2, 1), "float32")
    padded = v(K.spatial_2d_padding(img, ((1, 0), (0, 1))))
    assert padded.shape == (1, 3, 3, 1) and padded.sum() == 4 and padded[0, 0].sum() == 0
    padded_cf = v(K.spatial_2d_padding(np.ones((1, 1, 2, 2), "float32"), data_format="channels_first"))
    assert padded_cf.shape == (1, 1, 4, 4)
    assert v(K.spatial_3d_padding(np.ones((1, 1, 1, 1, 1), "float32"))).shape == (1, 3, 3, 3, 1)
    up = v(K.resize_images(np.array([[[[1.0], [2.0]]]], "float32"), 2, 2, "channels_last"))
    np.testing.assert_array_equal(up[0, :, :, 0], [[1, 1, 2, 2], [1, 1, 2, 2]])
    vol = v(K.resize_volumes(np.ones((1, 1, 1, 1, 2), "float32"), 2, 3, 1, "channels_last"))
    assert vol.shape == (1, 2, 3, 1, 2)


def test_resize_images_bad_interpolation():
    with pytest.raises(ValueError, match=r"Received: interpolation='cubic'"):
        K.resize_images(np.ones((1, 2, 2, 1), "float32"), 2, 2, "channels_last", "cubic")


def test_image_dim_ordering_maps_onto_image_data_format():
    try:
        assert K.image_dim_ordering() == "tf"
        K.set_image_dim_ordering("th")
        assert K.image_data_format() == "channels_first"
        assert K.image_dim_ordering() == "th"
        K.set_image_data_format("channels_last")
        assert K.image_dim_ordering() == "tf"
    finally:
        K.set_image_data_format("channels_last")


def test_set_image_dim_ordering_bad_value():
    with pytest.raises(ValueError, match=r"Received: dim_ordering='channels_last'"):
        K.set_image_dim_ordering("channels_last")


def test_shape_functions_work_on_symbolic_inputs():
    # Keras 2 programs call K.* inside Lambda layers while the model is built.
    inputs = keras.Input((3,))
    outputs = keras.layers.Lambda(lambda t: K.batch_flatten(K.repeat(t, 2)))(inputs)
    model = keras.Model(inputs, outputs)
    assert K.int_shape(outputs) == (None, 6)
    np.testing.assert_array_equal(model.predict(X, verbose=0), np.concatenate([X, X], axis=1))


def test_size_and_get_variable_shape():
    assert int(v(K.size(X))) == 6 and K.dtype(K.size(X)) == "int32"
    assert K.get_variable_shape(K.variable(X)) == (2, 3)
