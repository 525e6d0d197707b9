"""AutoContrast and Equalization: hand-computed values, data formats, per-image
independence and bad arguments."""

import numpy as np
import pytest
import torch

from torcheras import layers


def test_auto_contrast_stretches_each_channel():
    x = np.array([[[[50.0, 0.0], [100.0, 10.0]], [[75.0, 20.0], [60.0, 30.0]]]], "float32")
    out = layers.AutoContrast()(x).numpy()
    np.testing.assert_allclose(out[..., 0].ravel(), [0.0, 255.0, 127.5, 51.0], atol=1e-4)
    np.testing.assert_allclose(out[..., 1].ravel(), [0.0, 85.0, 170.0, 255.0], atol=1e-4)
    unit = layers.AutoContrast(value_range=(0, 1))(np.array([[[[0.2]], [[0.6]]]], "float32"))
    np.testing.assert_allclose(unit.numpy().ravel(), [0.0, 1.0], atol=1e-6)


def test_auto_contrast_constant_channel_unchanged_and_dtype():
    out = layers.AutoContrast()(np.full((1, 2, 2, 1), 7, "uint8"))
    assert out.dtype == torch.float32
    np.testing.assert_array_equal(out.numpy(), np.full((1, 2, 2, 1), 7.0))


def test_auto_contrast_channels_first_reduces_height_and_width():
    x = np.random.default_rng(0).uniform(0, 255, (2, 4, 5, 3)).astype("float32")
    last = layers.AutoContrast()(x).numpy()
    first = layers.AutoContrast(data_format="channels_first")(x.transpose(0, 3, 1, 2))
    np.testing.assert_allclose(first.numpy().transpose(0, 2, 3, 1), last, atol=1e-4)


def test_equalization_hand_computed():
    x = np.array([0.0, 10.0, 10.0, 20.0], "float32").reshape(1, 4, 1, 1)
    np.testing.assert_array_equal(layers.Equalization()(x).numpy().ravel(),
                                  [0.0, 170.0, 170.0, 255.0])
    # 2 bins: values below 255 share bin 0 (3 pixels), 255 is alone in bin 1.
    x = np.array([0.0, 100.0, 200.0, 255.0], "float32").reshape(1, 2, 2, 1)
    np.testing.assert_array_equal(layers.Equalization(bins=2)(x).numpy().ravel(),
                                  [0.0, 0.0, 0.0, 255.0])
    # A channel in a single bin is returned as it is.
    flat = np.full((1, 2, 3, 1), 77.0, "float32")
    np.testing.assert_array_equal(layers.Equalization()(flat).numpy(), flat)


def test_equalization_value_range_and_channels_first():
    x = np.array([0.0, 10.0, 10.0, 20.0], "float32").reshape(1, 4, 1, 1) / 255
    out = layers.Equalization(value_range=(0, 1))(x).numpy().ravel()
    np.testing.assert_allclose(out, [0.0, 170 / 255, 170 / 255, 1.0], atol=1e-6)
    img = np.random.default_rng(1).integers(0, 8, (2, 5, 4, 3)).astype("float32") * 30
    last = layers.Equalization()(img).numpy()
    first = layers.Equalization(data_format="channels_first")(img.transpose(0, 3, 1, 2))
    np.testing.assert_array_equal(first.numpy().transpose(0, 2, 3, 1), last)


def test_equalization_equalizes_each_image_on_its_own():
    # Keras 3.15 pools one histogram per channel over the batch; here images are
    # independent, so a batch gives what each image gives alone.
    img = np.random.default_rng(2).integers(0, 8, (3, 5, 4, 2)).astype("float32") * 30
    batch = layers.Equalization()(img).numpy()
    for i in range(3):
        np.testing.assert_array_equal(batch[i], layers.Equalization()(img[i]).numpy())


BAD = [
    (lambda: layers.AutoContrast(value_range=1),
     "The `value_range` argument should be a list of two numbers. Received: value_range=1"),
    (lambda: layers.Equalization(value_range=(1,)),
     "The `value_range` argument should be a list of two numbers. Received: value_range=(1,)"),
    (lambda: layers.Equalization(bins=0),
     "Argument `bins` must be a positive integer. Received: bins=0"),
    (lambda: layers.Equalization(bins=2.5),
     "Argument `bins` must be a positive integer. Received: bins=2.5"),
]


@pytest.mark.parametrize("make,message", BAD, ids=[m[:50] for _, m in BAD])
def test_bad_arguments(make, message):
    with pytest.raises(ValueError) as info:
        make()
    assert message in str(info.value)
