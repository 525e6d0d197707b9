"""RandomBrightness, RandomInvert, RandomPosterization, Solarization: hand-computed
values, the distributions of their random draws, and bad arguments."""

import numpy as np
import pytest
import torch

from torcheras import layers


def _img(*values):
    return np.array(values, dtype="float32").reshape(1, 1, len(values), 1)


def _t(layer, x, transformation):
    return layer.transform_images(layer._convert_input(x), transformation).numpy().ravel()


def test_brightness_hand_computed():
    out = layers.RandomBrightness(factor=(0.2, 0.2))(_img(10.0, 250.0, 0.0))
    np.testing.assert_allclose(out.numpy().ravel(), [61.0, 255.0, 51.0])
    unit = layers.RandomBrightness((-0.5, -0.5), value_range=(0, 1))(_img(0.2, 0.9))
    np.testing.assert_allclose(unit.numpy().ravel(), [0.0, 0.4], atol=1e-6)
    # Integer images keep their dtype; the sum saturates (Keras 3.15 wraps around).
    u8 = layers.RandomBrightness((0.2, 0.2))(np.array([[[[10], [250]]]], "uint8"))
    assert u8.dtype == torch.uint8 and u8.numpy().ravel().tolist() == [61, 255]


def test_brightness_draws():
    layer = layers.RandomBrightness(0.2, seed=3)
    t = layer.get_random_transformation(torch.zeros(4000, 1, 1, 1))
    delta = t["rgb_delta"].numpy().ravel()
    assert delta.min() >= -51.0 and delta.max() <= 51.0
    assert abs(delta.mean()) < 2.0 and abs(delta.std() - 51 / np.sqrt(3)) < 1.5
    off = layer.get_random_transformation(torch.zeros(2, 1, 1, 1), training=False)
    assert off["rgb_delta"].abs().sum() == 0


def test_invert_hand_computed_and_probability():
    out = layers.RandomInvert(factor=(1.0, 1.0))(_img(5.0, 200.0))
    np.testing.assert_array_equal(out.numpy().ravel(), [250.0, 55.0])
    unit = layers.RandomInvert((1.0, 1.0), value_range=(0, 1))(_img(0.25))
    np.testing.assert_allclose(unit.numpy().ravel(), [0.75])
    assert layers.RandomInvert((0.0, 0.0))(_img(5.0)).numpy().ravel().tolist() == [5.0]
    # The default factor 1.0 draws the probability from [0, 1]: half the images.
    t = layers.RandomInvert(seed=1).get_random_transformation(torch.zeros(4000, 1, 1, 1))
    assert abs(t["apply_inversion"].float().mean().item() - 0.5) < 0.04


def test_posterization_hand_computed():
    out = layers.RandomPosterization(factor=(2, 2))(_img(200.0, 63.0, 255.0))
    np.testing.assert_array_equal(out.numpy().ravel(), [192.0, 0.0, 192.0])
    unit = layers.RandomPosterization((2, 2), value_range=(0, 1))(_img(0.5))
    np.testing.assert_allclose(unit.numpy().ravel(), [64 / 255], rtol=1e-6)
    eight = layers.RandomPosterization((8, 8))(_img(3.0, 77.0))
    np.testing.assert_array_equal(eight.numpy().ravel(), [3.0, 77.0])


def test_posterization_draws_bits_from_lower_to_upper_exclusive():
    layer = layers.RandomPosterization(4, seed=2)  # (1, 4): 1, 2 or 3 bits, as Keras
    t = layer.get_random_transformation(torch.zeros(500, 1, 1, 1))
    assert set(t["shift_factor"].tolist()) == {5, 6, 7}


def test_solarization_hand_computed():
    np.testing.assert_array_equal(layers.Solarization()(_img(10.0, 200.0)).numpy().ravel(),
                                  [245.0, 55.0])
    layer = layers.Solarization(0.5, 0.5)
    t = {"additions": torch.full((1, 1, 1, 1), 20.0),
         "thresholds": torch.full((1, 1, 1, 1), 100.0)}
    np.testing.assert_array_equal(_t(layer, _img(50.0, 90.0, 250.0), t), [70.0, 145.0, 0.0])
    unit = layers.Solarization(value_range=(0, 1))
    np.testing.assert_allclose(unit(_img(0.2)).numpy().ravel(), [0.8], atol=1e-6)


def test_solarization_draw_ranges():
    layer = layers.Solarization(addition_factor=0.2, threshold_factor=(0.1, 0.5), seed=1)
    t = layer.get_random_transformation(torch.zeros(2000, 1, 1, 1))
    additions, thresholds = t["additions"].numpy(), t["thresholds"].numpy()
    assert 0 <= additions.min() and additions.max() <= 0.2 * 255
    # As Keras: the lower bound is not scaled by 255.
    assert 0.1 <= thresholds.min() < 2 and 120 < thresholds.max() <= 0.5 * 255
    assert layer.get_random_transformation(torch.zeros(1, 1, 1, 1), training=False) is None


def test_color_layers_pass_bounding_boxes_and_masks_through():
    boxes = {"boxes": np.array([[[1.0, 2.0, 3.0, 4.0]]], "float32"),
             "labels": np.array([[2]])}
    masks = np.ones((1, 1, 2, 1), "float32")
    out = layers.RandomBrightness((0.1, 0.1), bounding_box_format="xyxy")(
        {"images": _img(1.0, 2.0), "bounding_boxes": boxes, "segmentation_masks": masks})
    np.testing.assert_array_equal(out["bounding_boxes"]["boxes"].numpy(), boxes["boxes"])
    np.testing.assert_array_equal(out["segmentation_masks"].numpy(), masks)


FACTOR_01 = "The `factor` argument should be a number (or a list of two numbers) in the range"
VALUE_RANGE = "The `value_range` argument should be a list of two numbers. Received: value_range="
SOLAR = ("The `addition_factor` and `threshold_factor` arguments should be a number (or a "
         "list of two numbers) in the range [0, 1]. Received: ")

BAD = [
    (lambda: layers.RandomBrightness(1.5), f"{FACTOR_01} [-1, 1]. Received: factor=1.5"),
    (lambda: layers.RandomBrightness("a"), f"{FACTOR_01} [-1, 1]. Received: factor=a"),
    (lambda: layers.RandomBrightness((0.1, 0.2, 0.3)),
     f"{FACTOR_01} [-1, 1]. Received: factor=(0.1, 0.2, 0.3)"),
    (lambda: layers.RandomBrightness(0.2, value_range=(0,)), f"{VALUE_RANGE}(0,)"),
    (lambda: layers.RandomBrightness(0.2, value_range=5), f"{VALUE_RANGE}5"),
    (lambda: layers.RandomInvert(2), f"{FACTOR_01} [0, 1]. Received: factor=2"),
    (lambda: layers.RandomPosterization(9), f"{FACTOR_01} [1, 8]. Received: factor=9"),
    (lambda: layers.RandomPosterization(4, value_range="x"), f"{VALUE_RANGE}x"),
    (lambda: layers.Solarization(addition_factor=1.5), f"{SOLAR}input_number=1.5"),
    (lambda: layers.Solarization(threshold_factor=(0.1, -0.2)), f"{SOLAR}input_number=-0.2"),
    (lambda: layers.Solarization(threshold_factor=(0.1, 0.2, 0.3)),
     f"{SOLAR}threshold_factor=(0.1, 0.2, 0.3)"),
    (lambda: layers.Solarization(addition_factor="x"), f"{SOLAR}addition_factor=x"),
    (lambda: layers.Solarization(value_range=[1, 2, 3]), f"{VALUE_RANGE}[1, 2, 3]"),
    (lambda: layers.RandomBrightness(0.2)(np.zeros((2, 2), "float32")),
     "Expected image tensor to have rank 3 (single image) or 4 (batch of images). "
     "Received: data.shape=(2, 2)"),
    (lambda: layers.RandomBrightness(0.2).get_random_transformation(torch.zeros(2, 2)),
     "Expected the input image to be rank 3 or 4. Received inputs.shape=(2, 2)"),
    (lambda: layers.RandomBrightness(0.2)({"images": _img(1.0),
                                           "bounding_boxes": {"boxes": [], "labels": []}}),
     "You passed an input with a 'bounding_boxes' key, but you didn't specify a bounding "
     "box format. Pass a `bounding_box_format` argument to your RandomBrightness layer, "
     "e.g. `bounding_box_format='xyxy'`."),
]


@pytest.mark.parametrize("make,message", BAD, ids=[m[:60] for _, m in BAD])
def test_bad_arguments(make, message):
    with pytest.raises(ValueError) as info:
        make()
    assert message in str(info.value)
