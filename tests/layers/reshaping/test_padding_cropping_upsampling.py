"""ZeroPadding, Cropping and UpSampling layers: contract, numbers by hand, Keras 1, errors."""

import numpy as np
import pytest
import torch
from _contract import check_layer_contract

from torcheras import layers


@pytest.mark.parametrize("make, input_shape, output_shape", [
    (lambda: layers.ZeroPadding1D(), (None, 5, 2), (None, 7, 2)),
    (lambda: layers.ZeroPadding2D(((1, 0), (2, 3))), (None, 4, 4, 2), (None, 5, 9, 2)),
    (lambda: layers.ZeroPadding3D(data_format="channels_first"), (None, 2, 3, 3, 3),
     (None, 2, 5, 5, 5)),
    (lambda: layers.Cropping1D((1, 2)), (None, 6, 2), (None, 3, 2)),
    (lambda: layers.Cropping2D(1), (None, 5, 6, 2), (None, 3, 4, 2)),
    (lambda: layers.Cropping3D(), (None, 4, 4, 4, 1), (None, 2, 2, 2, 1)),
    (lambda: layers.UpSampling1D(3), (None, 4, 2), (None, 12, 2)),
    (lambda: layers.UpSampling2D(interpolation="bilinear"), (None, 3, 4, 2), (None, 6, 8, 2)),
    (lambda: layers.UpSampling3D((1, 2, 3)), (None, 2, 2, 2, 1), (None, 2, 4, 6, 1)),
])
def test_contract(make, input_shape, output_shape):
    check_layer_contract(make, input_shape, output_shape)


def test_zero_padding_by_hand():
    x = np.ones((1, 2, 2, 1), "float32")
    out = layers.ZeroPadding2D(((1, 0), (0, 2)))(x).numpy()[0, :, :, 0]
    np.testing.assert_array_equal(out, [[0, 0, 0, 0], [1, 1, 0, 0], [1, 1, 0, 0]])
    first = layers.ZeroPadding2D(1, data_format="channels_first")(np.ones((1, 2, 1, 1),
                                                                           "float32"))
    assert first.shape == (1, 2, 3, 3)
    with pytest.warns(UserWarning, match="is Keras 1"):
        assert layers.ZeroPadding2D((1, 2, 3, 4)).padding == ((1, 2), (3, 4))
    assert layers.ZeroPadding2D((1, 2)).padding == ((1, 1), (2, 2))


def test_cropping_by_hand_is_a_view():
    x = torch.arange(24, dtype=torch.float32).reshape(1, 4, 6, 1)
    out = layers.Cropping2D(((1, 2), (2, 1)))(x)
    np.testing.assert_array_equal(out[0, :, :, 0].numpy(), [[8, 9, 10]])
    assert out.untyped_storage().data_ptr() == x.untyped_storage().data_ptr()
    first = layers.Cropping2D(((0, 1), (1, 0)), data_format="channels_first")(
        x.permute(0, 3, 1, 2))
    assert first.shape == (1, 1, 3, 5)


def test_upsampling_nearest_by_hand():
    x = np.array([[1.0, 2.0], [3.0, 4.0]], "float32").reshape(1, 2, 2, 1)
    out = layers.UpSampling2D((2, 3))(x).numpy()[0, :, :, 0]
    np.testing.assert_array_equal(out, [[1, 1, 1, 2, 2, 2]] * 2 + [[3, 3, 3, 4, 4, 4]] * 2)
    with pytest.warns(UserWarning, match="is Keras 1"):
        steps = layers.UpSampling1D(length=2)(np.array([[[1.0], [2.0]]], "float32"))
    np.testing.assert_array_equal(steps.numpy().ravel(), [1, 1, 2, 2])


def test_upsampling_bilinear_half_pixel_centres():
    x = np.array([0.0, 4.0], "float32").reshape(1, 1, 2, 1)
    out = layers.UpSampling2D((1, 2), interpolation="bilinear")(x).numpy().ravel()
    # Output pixel centres at input coordinates -0.25, 0.25, 0.75, 1.25 (clamped at edges).
    np.testing.assert_allclose(out, [0.0, 1.0, 3.0, 4.0])


def test_upsampling_gradient_sums_the_copies():
    x = torch.ones(1, 2, 2, 1, requires_grad=True)
    layers.UpSampling2D(2)(x).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), np.full((1, 2, 2, 1), 4.0))


@pytest.mark.parametrize("make, match", [
    (lambda: layers.ZeroPadding2D(-1), r"`padding` cannot be negative.*padding=-1"),
    (lambda: layers.ZeroPadding2D((1, 2, 3)), r"`padding` should have 2 elements"),
    (lambda: layers.ZeroPadding1D((1, -2)), r"`padding`.*padding=\(1, -2\)"),
    (lambda: layers.ZeroPadding3D("same"), r"`padding` should have 3 elements"),
    (lambda: layers.Cropping2D(-2), r"`cropping` cannot be negative.*cropping=-2"),
    (lambda: layers.Cropping3D(((1, 1), (1, -1), (0, 0))), r"2nd entry of cropping"),
    (lambda: layers.Cropping1D((1, 2, 3)), r"`cropping`.*cropping=\(1, 2, 3\)"),
    (lambda: layers.UpSampling2D(0), r"`size`.*size=0"),
    (lambda: layers.UpSampling2D(interpolation="lanczos3"),
     r"`interpolation`.*interpolation='lanczos3'"),
    (lambda: layers.UpSampling1D(-1), r"`size` should be a positive integer.*size=-1"),
    (lambda: layers.ZeroPadding2D(data_format="channels"), r"`data_format`"),
])
def test_bad_arguments(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_bad_inputs():
    with pytest.raises(TypeError, match="integer value for `size`"):
        layers.UpSampling1D(2.5)
    with pytest.raises(ValueError, match=r"`cropping` argument should be smaller.*"
                                         r"cropping=\(\(2, 2\), \(0, 0\)\)"):
        layers.Cropping2D(((2, 2), (0, 0)))(np.zeros((1, 4, 4, 1), "float32"))
    with pytest.raises(ValueError, match=r"expected ndim=4, found ndim=3"):
        layers.ZeroPadding2D()(np.zeros((1, 4, 4), "float32"))
