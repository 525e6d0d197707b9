"""Pooling layers: contract, hand-computed numbers, TensorFlow "same", Keras 1/2, errors."""

import numpy as np
import pytest
import torch
from _contract import check_layer_contract

import torcheras as keras
from torcheras import layers


@pytest.mark.parametrize("make, input_shape, output_shape", [
    (lambda: layers.MaxPooling1D(), (None, 9, 3), (None, 4, 3)),
    (lambda: layers.MaxPooling2D(pool_size=(2, 2)), (None, 8, 7, 3), (None, 4, 3, 3)),
    (lambda: layers.MaxPooling3D(padding="same"), (None, 3, 4, 5, 2), (None, 2, 2, 3, 2)),
    (lambda: layers.AveragePooling1D(3, strides=1), (None, 9, 3), (None, 7, 3)),
    (lambda: layers.AveragePooling2D(padding="same"), (None, 5, 5, 2), (None, 3, 3, 2)),
    (lambda: layers.AveragePooling3D(2), (None, 4, 4, 4, 1), (None, 2, 2, 2, 1)),
    (lambda: layers.GlobalMaxPooling1D(), (None, 9, 3), (None, 3)),
    (lambda: layers.GlobalAveragePooling2D(keepdims=True), (None, 5, 5, 3), (None, 1, 1, 3)),
    (lambda: layers.GlobalMaxPooling3D(data_format="channels_first"), (None, 2, 3, 3, 3),
     (None, 2)),
])
def test_contract(make, input_shape, output_shape):
    check_layer_contract(make, input_shape, output_shape)


def test_aliases_are_the_same_classes():
    assert layers.MaxPool2D is layers.MaxPooling2D
    assert layers.AvgPool1D is layers.AveragePooling1D
    assert layers.GlobalAvgPool2D is layers.GlobalAveragePooling2D
    assert layers.GlobalMaxPool3D is layers.GlobalMaxPooling3D


def test_keras2_defaults_and_keywords():
    layer = layers.MaxPooling2D(pool_size=(2, 2), strides=None, padding="valid")
    assert (layer.pool_size, layer.strides, layer.padding) == ((2, 2), (2, 2), "valid")
    assert layers.AveragePooling2D().pool_size == (2, 2)  # Keras 2's default
    with pytest.warns(UserWarning, match="is Keras 1"):
        old = layers.MaxPooling1D(pool_length=3, stride=1, border_mode="same")
        assert (old.pool_size, old.strides, old.padding) == ((3,), (1,), "same")
        assert layers.MaxPooling2D(dim_ordering="th").data_format == "channels_first"
    config = layers.MaxPooling2D(3, 2).get_config()
    assert {k: config[k] for k in ("pool_size", "strides", "padding", "data_format")} == {
        "pool_size": (3, 3), "strides": (2, 2), "padding": "valid",
        "data_format": "channels_last"}


def test_max_pool_by_hand():
    x = np.array([[1, 5, 2, 0], [3, 4, 8, 1], [0, 2, 6, 7], [9, 1, 3, 3]], "float32")
    out = layers.MaxPooling2D()(x.reshape(1, 4, 4, 1)).numpy()[0, :, :, 0]
    np.testing.assert_array_equal(out, [[5, 8], [9, 7]])


def test_same_max_pool_pads_the_end_and_ignores_padding():
    x = -np.arange(1, 6, dtype="float32").reshape(1, 5, 1)  # all negative
    out = layers.MaxPooling1D(2, padding="same")(x).numpy().ravel()
    np.testing.assert_array_equal(out, [-1, -3, -5])  # last window is [x4, pad]


def test_same_average_pool_averages_only_real_values():
    # Windows of 3, stride 2, on 4 steps: TensorFlow pads 0 before and 1 after.
    x = np.array([1.0, 2.0, 3.0, 10.0], "float32").reshape(1, 4, 1)
    out = layers.AveragePooling1D(3, strides=2, padding="same")(x).numpy().ravel()
    np.testing.assert_allclose(out, [2.0, 6.5])
    # Symmetric case: 5 steps, windows of 3, stride 1, one padding on each side.
    x = np.arange(5, dtype="float32").reshape(1, 5, 1)
    out = layers.AveragePooling1D(3, strides=1, padding="same")(x).numpy().ravel()
    np.testing.assert_allclose(out, [0.5, 1, 2, 3, 3.5])


def test_asymmetric_average_pool_2d_matches_a_direct_computation():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2, 8, 7, 3)).astype("float32")
    out = layers.AveragePooling2D(3, strides=2, padding="same")(x).numpy()
    # Reference: for each output, average the input values inside the TF window.
    want = np.zeros((2, 4, 4, 3), "float32")
    pad_h = ((4 - 1) * 2 + 3 - 8) // 2
    pad_w = ((4 - 1) * 2 + 3 - 7) // 2
    for i in range(4):
        for j in range(4):
            r0, c0 = i * 2 - pad_h, j * 2 - pad_w
            win = x[:, max(r0, 0):r0 + 3, max(c0, 0):c0 + 3]
            want[:, i, j] = win.mean(axis=(1, 2))
    np.testing.assert_allclose(out, want, atol=1e-6)


def test_channels_first_equals_channels_last():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(2, 8, 7, 3)).astype("float32")
    for cls in (layers.MaxPooling2D, layers.AveragePooling2D):
        last = cls(3, strides=2, padding="same")(x).numpy()
        first = cls(3, strides=2, padding="same", data_format="channels_first")(
            np.moveaxis(x, -1, 1)).numpy()
        np.testing.assert_allclose(np.moveaxis(first, 1, -1), last, atol=1e-6)


def test_global_pooling_by_hand_and_mask():
    x = np.array([[[1.0, 4.0], [3.0, -2.0], [5.0, 0.0]]], "float32")
    np.testing.assert_allclose(layers.GlobalAveragePooling1D()(x).numpy(), [[3.0, 2 / 3]],
                               rtol=1e-6)
    np.testing.assert_allclose(layers.GlobalMaxPooling1D()(x).numpy(), [[5.0, 4.0]])
    mask = np.array([[True, True, False]])
    np.testing.assert_allclose(layers.GlobalAveragePooling1D()(x, mask=mask).numpy(),
                               [[2.0, 1.0]])


def test_max_pool_gradient_goes_to_the_maximum():
    x = torch.tensor([[[1.0], [3.0], [2.0], [0.0]]], requires_grad=True)
    layers.MaxPooling1D()(x).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy().ravel(), [0, 1, 1, 0])


def test_channels_last_pooling_keeps_nhwc_memory():
    y = layers.MaxPooling2D()(torch.rand(2, 8, 8, 16))
    assert y.is_contiguous()


@pytest.mark.parametrize("make, match", [
    (lambda: layers.MaxPooling2D(0), r"`pool_size`.*pool_size=0"),
    (lambda: layers.MaxPooling2D((2, -1)), r"`pool_size`.*pool_size=\(2, -1\)"),
    (lambda: layers.AveragePooling1D(2, strides=0), r"`strides`.*strides=0"),
    (lambda: layers.MaxPooling2D(padding="full"), r"`padding`.*padding='full'"),
    (lambda: layers.AveragePooling3D(data_format="NCHW"), r"`data_format`.*'NCHW'"),
    (lambda: layers.GlobalMaxPooling2D(data_format="last"), r"`data_format`.*'last'"),
])
def test_bad_arguments(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_bad_inputs():
    with pytest.raises(ValueError, match=r"expected ndim=4, found ndim=3.*\(2, 28, 28\)"):
        layers.MaxPooling2D()(np.zeros((2, 28, 28), "float32"))
    with pytest.raises(ValueError, match=r"pooling window does not fit.*pool_size=\(3, 3\)"):
        layers.MaxPooling2D(3)(np.zeros((1, 2, 5, 1), "float32"))
    with pytest.raises(ValueError, match=r"pooling window does not fit"):
        keras.Sequential([keras.Input((2, 2, 1)), layers.AveragePooling2D(3)])
    with pytest.raises(ValueError, match=r"expected ndim=3"):
        layers.GlobalAveragePooling1D()(np.zeros((2, 3, 4, 5), "float32"))
