"""RandomShear, RandomPerspective, RandomElasticTransform, RandomGaussianBlur:
hand-computed resampling, bounding boxes, draws and bad arguments."""

import numpy as np
import pytest
import torch

from torcheras import layers

GRID = torch.arange(1, 10, dtype=torch.float32).reshape(1, 3, 3, 1)


def test_shear_hand_computed():
    layer = layers.RandomShear(1.0, interpolation="nearest", fill_mode="constant")
    t = {"shear_factor": torch.tensor([[1.0, 0.0]]), "input_shape": (1, 3, 3, 1)}
    out = layer.transform_images(GRID, t)[0, :, :, 0]
    np.testing.assert_array_equal(out.numpy(), [[1, 2, 3], [5, 6, 0], [9, 0, 0]])
    t0 = {"shear_factor": torch.zeros(1, 2), "input_shape": (1, 3, 3, 1)}
    np.testing.assert_array_equal(layer.transform_images(GRID, t0).numpy(), GRID.numpy())


def test_shear_draws_share_one_sign_per_image():
    t = layers.RandomShear((0.2, 0.4), (0.1, 0.3), seed=1).get_random_transformation(
        torch.zeros(2000, 2, 2, 1))
    f = t["shear_factor"].numpy()
    assert (np.sign(f[:, 0]) == np.sign(f[:, 1])).all()
    assert 0.2 <= np.abs(f[:, 0]).min() and np.abs(f[:, 0]).max() <= 0.4
    assert 0.4 < (f[:, 0] > 0).mean() < 0.6


def test_shear_bounding_boxes():
    layer = layers.RandomShear(1.0, bounding_box_format="xyxy")
    t = {"shear_factor": torch.tensor([[1.0, 0.0]]), "input_shape": (1, 3, 3, 1)}
    out = layer.transform_bounding_boxes(
        {"boxes": torch.tensor([[[1.0, 1.0, 2.0, 2.0]]]), "labels": torch.tensor([[5]])}, t)
    # corners move by x -> x - y: (1,1)->(0,1), (2,2)->(0,2), (1,2)->(-1,2), (2,1)->(1,1)
    np.testing.assert_allclose(out["boxes"].numpy(), [[[0, 1, 1, 2]]], atol=1e-5)
    assert out["labels"].tolist() == [[5]]


def _perspective_t(end_scale, apply=True, shape=(1, 5, 5, 1)):
    start = torch.tensor([[[0.0, 0.0], [4.0, 0.0], [0.0, 4.0], [4.0, 4.0]]])
    return {"apply_perspective": torch.tensor([apply]), "start_points": start,
            "end_points": start * end_scale, "input_shape": shape}


def test_perspective_hand_computed():
    x = torch.arange(25, dtype=torch.float32).reshape(1, 5, 5, 1)
    layer = layers.RandomPerspective(interpolation="nearest", fill_value=-1.0)
    np.testing.assert_array_equal(layer.transform_images(x, _perspective_t(1.0)).numpy(),
                                  x.numpy())
    # Corners pulled halfway to the origin: output (x, y) samples input (2x, 2y).
    out = layer.transform_images(x, _perspective_t(0.5))[0, :, :, 0].numpy()
    np.testing.assert_array_equal(out[:3, :3], [[0, 2, 4], [10, 12, 14], [20, 22, 24]])
    assert (out[3:, :] == -1).all() and (out[:, 3:] == -1).all()
    np.testing.assert_array_equal(
        layer.transform_images(x, _perspective_t(0.5, apply=False)).numpy(), x.numpy())


def test_perspective_bounding_boxes():
    layer = layers.RandomPerspective(bounding_box_format="xyxy")
    boxes = {"boxes": torch.tensor([[[2.0, 2.0, 4.0, 4.0]]]), "labels": torch.tensor([[1]])}
    out = layer.transform_bounding_boxes(dict(boxes), _perspective_t(0.5))
    np.testing.assert_allclose(out["boxes"].numpy(), [[[1, 1, 2, 2]]], atol=1e-5)
    same = layer.transform_bounding_boxes(dict(boxes), _perspective_t(0.5, apply=False))
    np.testing.assert_allclose(same["boxes"].numpy(), boxes["boxes"].numpy())


def test_perspective_draws():
    layer = layers.RandomPerspective(factor=(0.3, 0.3), scale=0.4, seed=1)
    t = layer.get_random_transformation(torch.zeros(2000, 5, 9, 1))
    assert abs(t["apply_perspective"].float().mean().item() - 0.3) < 0.04
    offsets = (t["end_points"] - t["start_points"]).abs()
    np.testing.assert_array_equal(t["start_points"][0].numpy(),
                                  [[0, 0], [8, 0], [0, 4], [8, 4]])
    assert (offsets <= 0.2 * t["start_points"].abs() + 1e-5).all()


def test_elastic_transform():
    x = torch.rand(2, 8, 8, 3) * 255
    layer = layers.RandomElasticTransform(seed=1)
    t = layer.get_random_transformation(x)
    assert t["noise"].shape == (2, 2, 8, 8)
    zero = dict(t, noise=torch.zeros(2, 2, 8, 8))
    np.testing.assert_allclose(layer.transform_images(x, zero).numpy(), x.numpy(), atol=1e-4)
    moved = layer.transform_images(x, t)
    assert not np.allclose(moved.numpy(), x.numpy())
    assert moved.min() >= 0 and moved.max() <= 255
    flat = torch.full((1, 8, 8, 1), 42.0)
    np.testing.assert_allclose(layer(flat).numpy(), flat.numpy(), atol=1e-4)
    still = layers.RandomElasticTransform(scale=(0.0, 0.0))
    np.testing.assert_array_equal(still(x).numpy(), x.numpy())


def test_gaussian_blur():
    x = np.zeros((1, 3, 3, 1), "float32")
    x[0, 1, 1] = 100.0
    g = np.exp(-0.5 * np.array([1.0, 0.0, 1.0]))
    g = g / g.sum()
    layer = layers.RandomGaussianBlur(factor=(1.0, 1.0), sigma=(1.0, 1.0))
    np.testing.assert_allclose(layer(x).numpy()[0, :, :, 0], 100 * np.outer(g, g),
                               atol=1e-3)
    never = layers.RandomGaussianBlur(factor=(0.0, 0.0))
    np.testing.assert_array_equal(never(x).numpy(), x)
    cf = layers.RandomGaussianBlur(factor=(1.0, 1.0), sigma=(1.0, 1.0),
                                   data_format="channels_first")
    np.testing.assert_allclose(cf(x.transpose(0, 3, 1, 2)).numpy().transpose(0, 2, 3, 1),
                               layer(x).numpy(), atol=1e-5)


UNKNOWN_FILL = "Unknown `fill_mode` foo. Expected of one"
BAD = [
    (lambda: layers.RandomShear(1.5), ValueError,
     "The `factor` argument should be a number (or a list of two numbers) in the range "
     "[0, 1.0]. Received: input_number=1.5"),
    (lambda: layers.RandomShear(y_factor="a"), ValueError, "Received: y_factor=a"),
    (lambda: layers.RandomShear(fill_mode="foo"), NotImplementedError,
     f"{UNKNOWN_FILL} ('reflect', 'wrap', 'constant', 'nearest')."),
    (lambda: layers.RandomShear(interpolation="bicubic"), NotImplementedError,
     "Unknown `interpolation` bicubic. Expected of one ('nearest', 'bilinear')."),
    (lambda: layers.RandomPerspective(scale=2), ValueError,
     "The `scale` argument should be a number in the range [0,1]. Received: scale=2"),
    (lambda: layers.RandomPerspective(interpolation="area"), NotImplementedError,
     "Unknown `interpolation` area."),
    (lambda: layers.RandomPerspective(factor=3), ValueError,
     "The `factor` argument should be a number (or a list of two numbers) in the range "
     "[0, 1]. Received: factor=3"),
    (lambda: layers.RandomElasticTransform(fill_mode="foo"), NotImplementedError,
     UNKNOWN_FILL),
    (lambda: layers.RandomElasticTransform(scale=1.5), ValueError,
     "The `scale` argument should be a number (or a list of two numbers) in the range "
     "[0, 1]. Received: factor=1.5"),
    (lambda: layers.RandomGaussianBlur(kernel_size=4), ValueError,
     "kernel_size must be an odd number. Received: kernel_size=4"),
    (lambda: layers.RandomGaussianBlur(kernel_size=(3, 3, 3)), ValueError,
     "The `kernel_size` argument should be a number (or a list of two numbers) Received: "
     "kernel_size=(3, 3, 3)"),
    (lambda: layers.RandomGaussianBlur(sigma=2), ValueError,
     "The `sigma` argument should be a number (or a list of two numbers) in the range "
     "[0, 1]. Received: factor=2"),
]


@pytest.mark.parametrize("make,error,message", BAD, ids=[m[:40] for _, _, m in BAD])
def test_bad_arguments(make, error, message):
    with pytest.raises(error) as info:
        make()
    assert message in str(info.value)
