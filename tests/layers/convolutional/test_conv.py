"""Convolution layers: contract, hand-computed numbers, layouts, Keras 1/2 spellings, errors."""

import numpy as np
import pytest
import torch
from _contract import check_layer_contract

import torcheras as keras
from torcheras import layers
from torcheras.layers import convolutional

# ---------------------------------------------------------------- contract


@pytest.mark.parametrize("make, input_shape, output_shape, weights", [
    (lambda: layers.Conv1D(4, 3), (None, 9, 2), (None, 7, 4), [(3, 2, 4), (4,)]),
    (lambda: layers.Conv2D(4, (3, 3), padding="same"), (None, 8, 7, 2), (None, 8, 7, 4),
     [(3, 3, 2, 4), (4,)]),
    (lambda: layers.Conv3D(2, 2, use_bias=False), (None, 3, 4, 5, 1), (None, 2, 3, 4, 2),
     [(2, 2, 2, 1, 2)]),
    (lambda: layers.Conv1DTranspose(3, 3, strides=2), (None, 5, 2), (None, 11, 3),
     [(3, 3, 2), (3,)]),
    (lambda: layers.Conv2DTranspose(3, 3, strides=2, padding="same"), (None, 4, 5, 2),
     (None, 8, 10, 3), [(3, 3, 3, 2), (3,)]),
    (lambda: layers.Conv3DTranspose(1, 2, strides=2), (None, 2, 2, 2, 3), (None, 4, 4, 4, 1),
     [(2, 2, 2, 1, 3), (1,)]),
    (lambda: layers.DepthwiseConv1D(3, depth_multiplier=2), (None, 6, 3), (None, 4, 6),
     [(3, 3, 2), (6,)]),
    (lambda: layers.DepthwiseConv2D(3), (None, 5, 5, 3), (None, 3, 3, 3),
     [(3, 3, 3, 1), (3,)]),
    (lambda: layers.SeparableConv1D(4, 3), (None, 6, 3), (None, 4, 4),
     [(3, 3, 1), (1, 3, 4), (4,)]),
    (lambda: layers.SeparableConv2D(4, 3, depth_multiplier=2), (None, 5, 5, 3),
     (None, 3, 3, 4), [(3, 3, 3, 2), (1, 1, 6, 4), (4,)]),
])
def test_contract(make, input_shape, output_shape, weights):
    check_layer_contract(make, input_shape, output_shape, weights)


def test_config_matches_keras_keys():
    config = layers.Conv2D(8, 3).get_config()
    assert {"filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate",
            "groups", "activation", "use_bias", "kernel_initializer", "bias_initializer",
            "kernel_regularizer", "bias_regularizer", "activity_regularizer",
            "kernel_constraint", "bias_constraint"} <= set(config)
    assert config["kernel_size"] == (3, 3) and config["strides"] == (1, 1)
    assert config["padding"] == "valid" and config["data_format"] == "channels_last"
    transpose = layers.Conv2DTranspose(2, 3, output_padding=1, strides=2).get_config()
    assert transpose["output_padding"] == (1, 1)


def test_summary_param_counts_of_seed_cnn():
    model = keras.Sequential([
        keras.Input((28, 28, 1)),
        layers.Conv2D(32, (3, 3), activation="relu", padding="same"),
        layers.MaxPooling2D((2, 2)),
        layers.Conv2D(64, (3, 3), activation="relu", padding="same"),
        layers.MaxPooling2D((2, 2)),
        layers.Conv2D(64, (3, 3), activation="relu", padding="same"),
        layers.Flatten(),
        layers.Dense(64, activation="relu"),
        layers.Dense(10, activation="softmax"),
    ])
    assert [layer.count_params() for layer in model.layers] == [
        320, 0, 18496, 0, 36928, 0, 200768, 650]
    assert model.output_shape == (None, 10)


# ---------------------------------------------------------------- numbers by hand


def _set(layer, x, *weights):
    layer(x)
    layer.set_weights([np.asarray(w, "float32") for w in weights])
    return layer(x).detach().numpy()


def test_conv2d_same_stride2_pads_the_end_as_tensorflow():
    # 4x4 input, 3x3 ones kernel, stride 2: TensorFlow pads 0 before and 1 after, so the
    # first window is rows/cols 0..2 and the second rows/cols 2..4 (row/col 4 is padding).
    x = np.arange(16, dtype="float32").reshape(1, 4, 4, 1)
    out = _set(layers.Conv2D(1, 3, strides=2, padding="same"), x,
               np.ones((3, 3, 1, 1)), np.array([0.5]))
    img = x[0, :, :, 0]
    padded = np.pad(img, ((0, 1), (0, 1)))
    want = [[padded[r:r + 3, c:c + 3].sum() + 0.5 for c in (0, 2)] for r in (0, 2)]
    np.testing.assert_allclose(out[0, :, :, 0], want)


def test_conv2d_kernel_layout_is_height_width_in_out():
    x = np.zeros((1, 3, 3, 2), "float32")
    x[0, 0, 1, 1] = 1.0  # top-middle pixel, channel 1
    kernel = np.zeros((3, 3, 2, 4), "float32")
    kernel[0, 1, 1, 3] = 2.0  # reads that pixel into filter 3
    out = _set(layers.Conv2D(4, 3, use_bias=False), x, kernel)
    assert out.shape == (1, 1, 1, 4)
    np.testing.assert_allclose(out[0, 0, 0], [0, 0, 0, 2.0])


def test_conv1d_causal_sees_only_the_past():
    x = np.arange(1, 6, dtype="float32").reshape(1, 5, 1)
    out = _set(layers.Conv1D(1, 2, padding="causal", dilation_rate=2, use_bias=False), x,
               np.array([[[1.0]], [[10.0]]]))
    # y[t] = x[t - 2] * 1 + x[t] * 10 (x[-1], x[-2] are zero padding)
    np.testing.assert_allclose(out[0, :, 0], [10, 20, 31, 42, 53])


def test_conv2d_transpose_same_stride2_by_hand():
    # One input pixel 1.0 at (0, 0) of a 2x2 image, 3x3 kernel with values 1..9, stride 2,
    # "same": of the full 5x5 scatter TensorFlow keeps rows/cols 0..3 (it crops
    # (kernel - stride) // 2 = 0 before and the rest after).
    x = np.zeros((1, 2, 2, 1), "float32")
    x[0, 0, 0] = 1.0
    kernel = np.arange(1, 10, dtype="float32").reshape(3, 3, 1, 1)
    out = _set(layers.Conv2DTranspose(1, 3, strides=2, padding="same", use_bias=False), x,
               kernel)
    assert out.shape == (1, 4, 4, 1)
    full = np.zeros((5, 5))
    full[0:3, 0:3] = kernel[:, :, 0, 0]
    np.testing.assert_allclose(out[0, :, :, 0], full[0:4, 0:4])


def test_depthwise_output_channel_order_is_channel_major():
    x = np.ones((1, 1, 1, 2), "float32")
    x[..., 1] = 10.0
    kernel = np.array([1.0, 2.0, 3.0, 4.0], "float32").reshape(1, 1, 2, 2)
    out = _set(layers.DepthwiseConv2D(1, depth_multiplier=2, use_bias=False), x, kernel)
    # channel i * multiplier + m = x[i] * kernel[i, m]
    np.testing.assert_allclose(out[0, 0, 0], [1.0, 2.0, 30.0, 40.0])


def test_separable_is_depthwise_then_pointwise():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2, 6, 6, 3)).astype("float32")
    dw = rng.normal(size=(3, 3, 3, 2)).astype("float32")
    pw = rng.normal(size=(1, 1, 6, 4)).astype("float32")
    bias = np.array([0.1, 0.2, 0.3, 0.4], "float32")
    out = _set(layers.SeparableConv2D(4, 3, depth_multiplier=2), x, dw, pw, bias)
    mid = _set(layers.DepthwiseConv2D(3, depth_multiplier=2, use_bias=False), x, dw)
    want = _set(layers.Conv2D(4, 1), mid, pw, bias)
    np.testing.assert_allclose(out, want, atol=1e-5)


def test_groups_split_channels():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(1, 4, 4, 4)).astype("float32")
    kernel = rng.normal(size=(3, 3, 2, 4)).astype("float32")
    out = _set(layers.Conv2D(4, 3, groups=2, use_bias=False), x, kernel)
    first = _set(layers.Conv2D(2, 3, use_bias=False), x[..., :2], kernel[..., :2])
    second = _set(layers.Conv2D(2, 3, use_bias=False), x[..., 2:], kernel[..., 2:])
    np.testing.assert_allclose(out, np.concatenate([first, second], -1), atol=1e-5)


@pytest.mark.parametrize("make", [
    lambda f: layers.Conv2D(3, 3, strides=2, padding="same", data_format=f),
    lambda f: layers.Conv2DTranspose(3, 3, strides=2, padding="same", data_format=f),
    lambda f: layers.DepthwiseConv2D(3, padding="same", data_format=f),
    lambda f: layers.SeparableConv2D(3, 3, data_format=f),
])
def test_channels_first_equals_channels_last(make):
    rng = np.random.default_rng(2)
    x = rng.normal(size=(2, 7, 8, 3)).astype("float32")
    last = make("channels_last")
    y_last = last(x)
    first = make("channels_first")
    first(np.moveaxis(x, -1, 1))
    first.set_weights(last.get_weights())
    y_first = first(np.moveaxis(x, -1, 1)).detach().numpy()
    np.testing.assert_allclose(np.moveaxis(y_first, 1, -1), y_last.detach().numpy(), atol=1e-5)


def test_global_image_data_format_is_the_default():
    keras.config.set_image_data_format("channels_first")
    try:
        layer = layers.Conv2D(4, 3)
        assert layer.data_format == "channels_first"
        assert layer(np.zeros((1, 2, 5, 5), "float32")).shape == (1, 4, 3, 3)
    finally:
        keras.config.set_image_data_format("channels_last")
    assert layers.Conv2D(4, 3).data_format == "channels_last"


# ---------------------------------------------------------------- speed-relevant layout


def test_channels_last_call_makes_no_layout_copies():
    layer = layers.Conv2D(8, 3, padding="same", activation="relu")
    x = torch.rand(2, 6, 6, 4)
    y = layer(x)
    # The output comes back from torch in channels_last memory: a plain NHWC tensor.
    assert y.is_contiguous()
    pooled = layers.MaxPooling2D()(y)
    assert pooled.is_contiguous()


def test_gradients_reach_keras_layout_weights():
    layer = layers.Conv2D(2, 3, padding="same")
    x = torch.rand(2, 5, 5, 3, requires_grad=True)
    layer(x).sum().backward()
    assert layer.kernel.grad.shape == (3, 3, 3, 2)
    assert layer.bias.grad.shape == (2,)
    np.testing.assert_allclose(layer.bias.grad.numpy(), [50.0, 50.0])


def test_float64_input_is_cast_to_the_layer_dtype():
    layer = layers.Conv1D(2, 2, kernel_initializer="ones", bias_initializer="ones")
    out = layer(np.full((1, 4, 3), 0.1, dtype="float64"))
    assert out.dtype == torch.float32
    # Each output sums a 2x3 window of 0.1 and adds the bias: 0.6 + 1.
    np.testing.assert_allclose(out.detach().numpy(), np.full((1, 3, 2), 1.6), rtol=1e-6)


# ---------------------------------------------------------------- Keras 1/2 spellings


def test_convolution2d_keras1_signature():
    with pytest.warns(UserWarning, match="is Keras 1"):
        layer = layers.Convolution2D(32, 3, 3, border_mode="same", subsample=(2, 2),
                                     init="he_normal", W_regularizer="l2", bias=False,
                                     dim_ordering="tf", input_shape=(28, 28, 1))
    assert type(layer) is layers.Conv2D
    assert isinstance(layer, layers.Convolution2D)
    assert (layer.filters, layer.kernel_size, layer.padding, layer.strides) == (
        32, (3, 3), "same", (2, 2))
    assert layer.use_bias is False
    assert type(layer.kernel_initializer).__name__ == "HeNormal"
    assert type(layer.kernel_regularizer).__name__ == "L2"
    assert layer.kernel_regularizer.get_config() == {"l2": 0.01}  # the "l2" string's default
    assert layer(np.zeros((1, 28, 28, 1), "float32")).shape == (1, 14, 14, 32)


@pytest.mark.parametrize("cls, name", [
    (layers.Conv1D, "conv1d"), (layers.Conv2D, "conv2d"), (layers.Conv3D, "conv3d"),
    (layers.Conv2DTranspose, "conv2d_transpose"), (layers.DepthwiseConv2D, "depthwise_conv2d"),
    (layers.SeparableConv1D, "separable_conv1d"), (layers.MaxPooling2D, "max_pooling2d"),
    (layers.GlobalAveragePooling3D, "global_average_pooling3d"),
    (layers.ZeroPadding2D, "zero_padding2d"), (layers.UpSampling1D, "up_sampling1d"),
])
def test_automatic_names_are_keras_names(cls, name):
    assert cls.__name__ and keras.backend._naming.to_snake_case(cls.__name__) == name


def test_convolution_aliases_keras2_and_keras3_forms():
    assert layers.Convolution2D(8, (3, 3), strides=2).strides == (2, 2)
    with pytest.warns(UserWarning, match="is Keras 1"):
        assert layers.Convolution2D(8, 3, 3, dim_ordering="th").data_format == "channels_first"
        assert layers.Convolution1D(4, 5, subsample_length=2).strides == (2,)
        assert layers.Convolution3D(2, 3, 2, 1).kernel_size == (3, 2, 1)
        assert layers.Conv2D(32, nb_row=5, nb_col=2).kernel_size == (5, 2)
    assert layers.Convolution1D is layers.Conv1D and layers.Convolution2D is layers.Conv2D
    assert layers.Conv2D(32, (3, 3)).kernel_size == (3, 3)
    assert layers.Convolution2DTranspose is layers.Conv2DTranspose
    assert layers.SeparableConvolution2D is layers.SeparableConv2D
    restored = layers.deserialize({"class_name": "Convolution2D",
                                   "config": layers.Conv2D(3, 2).get_config()})
    assert type(restored) is layers.Conv2D


def test_keras2_module_path():
    from torcheras.layers.convolutional import Conv2D, MaxPooling2D, ZeroPadding2D

    assert Conv2D is layers.Conv2D
    assert MaxPooling2D is layers.MaxPooling2D
    assert ZeroPadding2D is layers.ZeroPadding2D
    with pytest.raises(AttributeError, match="has no attribute 'NotALayer'"):
        convolutional.NotALayer  # noqa: B018


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("make, match", [
    (lambda: layers.Conv2D(0, 3), r"`filters`.*Received filters=0"),
    (lambda: layers.Conv2D(-4, 3), r"`filters`.*Received filters=-4"),
    (lambda: layers.Conv2D(4, 0), r"`kernel_size`.*kernel_size=0.*\[0\]"),
    (lambda: layers.Conv2D(4, (3, -1)), r"`kernel_size`.*kernel_size=\(3, -1\)"),
    (lambda: layers.Conv2D(4, (3, 3, 3)), r"`kernel_size` argument must be a tuple of 2"),
    (lambda: layers.Conv2D(4, 3, strides=0), r"`strides`.*strides=0"),
    (lambda: layers.Conv1D(4, 3, strides=-2), r"`strides`.*strides=-2"),
    (lambda: layers.Conv2D(4, 3, padding="vaild"),
     r"`padding`.*Received: padding='vaild'.*Did you mean 'valid'"),
    (lambda: layers.Conv2D(4, 3, padding="causal"), r"`padding`.*padding='causal'"),
    (lambda: layers.Conv2D(4, 3, data_format="channels_middle"),
     r"`data_format`.*data_format='channels_middle'"),
    (lambda: layers.Conv2D(4, 3, groups=3), r"groups=3, filters=4"),
    (lambda: layers.Conv2D(4, 3, groups=0), r"`groups`.*groups=0"),
    (lambda: layers.Conv2D(4, 3, strides=2, dilation_rate=2), r"strides=\(2, 2\)"),
    (lambda: layers.Conv2DTranspose(4, 3, strides=2, output_padding=2),
     r"`output_padding` must be strictly less than `strides`"),
    (lambda: layers.DepthwiseConv2D(3, depth_multiplier=0), r"depth_multiplier=0"),
    (lambda: layers.SeparableConv2D(0, 3), r"filters=0"),
])
def test_bad_arguments(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_missing_filters_is_a_type_error():
    with pytest.raises(TypeError, match="filters"):
        layers.Conv2D(kernel_size=3)


def test_images_without_channel_axis():
    layer = layers.Conv2D(32, (3, 3), input_shape=(28, 28, 1))
    with pytest.raises(ValueError, match=r"rank 4 .*\(batch, height, width, channels\).*"
                                         r"shape \(60000, 28, 28\).*"
                                         r"x.reshape\(\(60000, 28, 28, 1\)\)"):
        layer(keras.Input(batch_shape=(60000, 28, 28)))
    with pytest.raises(ValueError, match=r"shape \(2, 28, 28\)"):
        layers.Conv2D(32, (3, 3))(np.zeros((2, 28, 28), "float32"))


def test_wrong_rank_in_a_model():
    with pytest.raises(ValueError, match=r"Conv2D expects inputs of rank 4"):
        keras.Sequential([keras.Input((28, 28)), layers.Conv2D(4, 3)])


def test_channel_mismatch_against_built_weights():
    layer = layers.Conv2D(4, 3)
    layer(np.zeros((1, 5, 5, 3), "float32"))
    with pytest.raises(ValueError, match=r"expected axis -1 of input shape to have value 3.*"
                                         r"\(1, 5, 5, 2\)"):
        layer(np.zeros((1, 5, 5, 2), "float32"))


@pytest.mark.parametrize("make, shape", [
    (lambda: layers.Conv2D(4, 5), (1, 3, 8, 2)),
    (lambda: layers.Conv1D(4, 4, dilation_rate=3), (1, 9, 2)),
    (lambda: layers.DepthwiseConv2D(6), (1, 5, 5, 2)),
    (lambda: layers.SeparableConv1D(2, 7), (1, 6, 2)),
])
def test_kernel_larger_than_input_with_valid_padding(make, shape):
    with pytest.raises(ValueError, match=r"kernel does not fit the input with "
                                         r"padding='valid'.*kernel_size="):
        make()(np.zeros(shape, "float32"))


def test_kernel_larger_than_a_later_input():
    layer = layers.Conv2D(4, 3)
    layer(np.zeros((1, 8, 8, 2), "float32"))
    with pytest.raises(ValueError, match=r"kernel does not fit.*input shape=\(1, 2, 8, 2\)"):
        layer(np.zeros((1, 2, 8, 2), "float32"))


def test_lora_adds_a_low_rank_update():
    layer = layers.Conv2D(4, 3)
    x = np.random.default_rng(3).normal(size=(1, 5, 5, 2)).astype("float32")
    before = layer(x).detach().numpy()
    layer.enable_lora(2)
    assert [w.name for w in layer.trainable_weights] == ["bias", "lora_kernel_a",
                                                         "lora_kernel_b"]
    np.testing.assert_allclose(layer(x).detach().numpy(), before, atol=1e-6)
    with pytest.raises(ValueError, match="already enabled"):
        layer.enable_lora(2)


# ---------------------------------------------------------------- speed paths


@pytest.mark.parametrize("kwargs", [
    {"padding": "same"}, {"strides": 2, "padding": "same"},
    {"dilation_rate": 2}, {"groups": 2, "padding": "same"},
])
def test_fused_relu_matches_conv_then_relu(kwargs):
    torch.manual_seed(0)
    x = torch.randn(3, 9, 8, 4, requires_grad=True)
    fused = layers.Conv2D(6, 3, activation="relu", **kwargs)
    plain = layers.Conv2D(6, 3, **kwargs)
    y_fused = fused(x)
    plain(x)
    plain.set_weights(fused.get_weights())
    y_plain = torch.relu(plain(x))
    grad = torch.randn_like(y_fused)
    g_fused = torch.autograd.grad(y_fused, [x, fused.kernel, fused.bias], grad)
    g_plain = torch.autograd.grad(y_plain, [x, plain.kernel, plain.bias], grad)
    np.testing.assert_allclose(y_fused.detach().numpy(), y_plain.detach().numpy(), atol=1e-6)
    for a, b in zip(g_fused, g_plain):
        np.testing.assert_allclose(a.numpy(), b.numpy(), atol=1e-5)
