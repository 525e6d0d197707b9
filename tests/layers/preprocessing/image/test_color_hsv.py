"""RandomGrayscale, RandomHue, RandomSaturation, RandomColorDegeneration,
RandomSharpness, RandomColorJitter: hand-computed values, draws, bad arguments."""

import numpy as np
import pytest
import torch

from torcheras import layers

RGB = np.array([[[[200.0, 100.0, 50.0], [255.0, 0.0, 0.0]]]], "float32")
LUMA = 0.2989 * 200 + 0.587 * 100 + 0.114 * 50


def _t(layer, x, transformation):
    return layer.transform_images(layer._convert_input(x), transformation).numpy()


def test_grayscale_hand_computed():
    out = layers.RandomGrayscale(1.0)(RGB).numpy()
    np.testing.assert_allclose(out[0, 0, 0], [LUMA] * 3, rtol=1e-6)
    np.testing.assert_allclose(out[0, 0, 1], [0.2989 * 255] * 3, rtol=1e-6)
    np.testing.assert_array_equal(layers.RandomGrayscale(0.0)(RGB).numpy(), RGB)
    cf = layers.RandomGrayscale(1.0, data_format="channels_first")(RGB.transpose(0, 3, 1, 2))
    np.testing.assert_allclose(cf.numpy().transpose(0, 2, 3, 1), out, rtol=1e-6)


def test_grayscale_probability():
    t = layers.RandomGrayscale(0.3, seed=1).get_random_transformation(torch.zeros(4000, 1, 1, 3))
    assert t.shape == (4000, 1, 1, 1) and abs(t.float().mean().item() - 0.3) < 0.03


def test_hue_hand_computed():
    layer = layers.RandomHue(0.5)
    red = np.array([[[[255.0, 0.0, 0.0]]]], "float32")
    np.testing.assert_allclose(_t(layer, red, {"factor": torch.tensor([1 / 3])}),
                               [[[[0.0, 255.0, 0.0]]]], atol=1e-3)
    np.testing.assert_allclose(_t(layer, red, {"factor": torch.tensor([-1 / 3])}),
                               [[[[0.0, 0.0, 255.0]]]], atol=1e-3)
    np.testing.assert_allclose(_t(layer, RGB, {"factor": torch.tensor([0.0])}), RGB,
                               atol=1e-3)


def test_hue_draws_both_signs_up_to_half_the_factor():
    t = layers.RandomHue((0.2, 0.6), seed=2).get_random_transformation(torch.zeros(2000, 1, 1, 3))
    shift = t["factor"].numpy()
    assert np.abs(shift).min() >= 0.1 - 1e-6 and np.abs(shift).max() <= 0.3 + 1e-6
    assert 0.4 < (shift > 0).mean() < 0.6


def test_saturation_hand_computed():
    gray = layers.RandomSaturation((0.0, 0.0))(RGB).numpy()
    np.testing.assert_allclose(gray[0, 0, 0], [200.0, 200.0, 200.0], atol=1e-3)
    same = layers.RandomSaturation((0.5, 0.5))(RGB).numpy()
    np.testing.assert_allclose(same, RGB, atol=1e-3)
    t = layers.RandomSaturation(0.3, seed=1).get_random_transformation(torch.zeros(500, 1, 1, 3))
    f = t["factor"].numpy()  # f / (1 - f) for f in [-0.3, 0.3]
    assert f.min() >= -0.3 / 1.3 - 1e-6 and f.max() <= 0.3 / 0.7 + 1e-6


def test_color_degeneration_hand_computed():
    full = layers.RandomColorDegeneration((1.0, 1.0))(RGB).numpy()
    np.testing.assert_allclose(full[0, 0, 0], [LUMA] * 3, rtol=1e-5)
    half = layers.RandomColorDegeneration((0.5, 0.5))(RGB).numpy()
    np.testing.assert_allclose(half[0, 0, 0], (RGB[0, 0, 0] + LUMA) / 2, rtol=1e-5)
    with pytest.raises(ValueError, match="Input images must have 3 channels, but received "
                                         "images with 4 channels."):
        layers.RandomColorDegeneration(0.5).compute_output_shape((None, 4, 4, 4))


def test_sharpness_hand_computed():
    x = np.zeros((1, 3, 3, 1), "float32")
    x[0, 1, 1, 0] = 13.0
    blur = layers.RandomSharpness((0.0, 0.0))(x).numpy()[0, :, :, 0]
    np.testing.assert_allclose(blur, [[1, 1, 1], [1, 5, 1], [1, 1, 1]], atol=1e-5)
    sharp = layers.RandomSharpness((1.0, 1.0))(x).numpy()[0, :, :, 0]
    np.testing.assert_allclose(sharp, [[0, 0, 0], [0, 21, 0], [0, 0, 0]], atol=1e-5)
    np.testing.assert_allclose(layers.RandomSharpness((0.5, 0.5))(x).numpy(), x, atol=1e-5)


def test_color_jitter_applies_the_given_parts_in_order():
    x = np.full((1, 2, 2, 3), 100.0, "float32")
    out = layers.RandomColorJitter(brightness_factor=(0.1, 0.1))(x).numpy()
    np.testing.assert_allclose(out, x + 25.5)
    x = np.array([[[[10.0] * 3, [30.0] * 3]]], "float32")
    out = layers.RandomColorJitter(brightness_factor=(0.1, 0.1),
                                   contrast_factor=(-0.5, 0.5))(x).numpy()
    # brightness +25.5 -> (35.5, 55.5), then contrast 1.5 about the mean 45.5
    np.testing.assert_allclose(out[0, 0, :, 0], [30.5, 60.5], atol=1e-4)
    layer = layers.RandomColorJitter(hue_factor=0.2)
    assert layer.random_brightness is None and layer.random_hue is not None


FACTOR = "The `factor` argument should be a number (or a list of two numbers) in the range"
BAD = [
    (lambda: layers.RandomGrayscale(1.5), "`factor` should be between 0 and 1. Received: "
                                          "factor=1.5"),
    (lambda: layers.RandomHue(1.5), f"{FACTOR} [0, 1]. Received: factor=1.5"),
    (lambda: layers.RandomSaturation(2), f"{FACTOR} [-1, 1]. Received: factor=2"),
    (lambda: layers.RandomSaturation(0.5, value_range=None),
     "The `value_range` argument should be a list of two numbers. Received: value_range=None"),
    (lambda: layers.RandomColorDegeneration((0.1,)), f"{FACTOR} [-1, 1]. Received: "
                                                     "factor=(0.1,)"),
    (lambda: layers.RandomSharpness(1.2), f"{FACTOR} [0, 1]. Received: factor=1.2"),
    (lambda: layers.RandomColorJitter(brightness_factor=3),
     f"{FACTOR} [-1, 1]. Received: factor=3"),
]


@pytest.mark.parametrize("make,message", BAD, ids=[m[:50] for _, m in BAD])
def test_bad_arguments(make, message):
    with pytest.raises(ValueError) as info:
        make()
    assert message in str(info.value)
