"""keras.ops.image beyond the goldens: gradients, identities, elastic_transform seeding,
integer images, bad inputs."""

import numpy as np
import pytest
import torch

from torcheras.ops import image

D = torch.float64


def _r(*shape, seed=0):
    g = torch.Generator().manual_seed(seed)
    return torch.rand(*shape, generator=g, dtype=D, requires_grad=True)


GRAD_CASES = {
    "resize": lambda: (lambda x: image.resize(x, (5, 3)), [_r(1, 4, 4, 2)]),
    "affine_transform": lambda: (lambda x: image.affine_transform(
        x, torch.tensor([1.1, 0.1, 0.3, 0.0, 0.9, -0.2, 0.0, 0.0], dtype=D)), [_r(4, 4, 1)]),
    "map_coordinates": lambda: (lambda x: image.map_coordinates(
        x, torch.tensor([[0.3, 1.6], [2.2, 0.7]], dtype=D), 1), [_r(3, 4)]),
    "gaussian_blur": lambda: (lambda x: image.gaussian_blur(x, data_format="channels_last"),
                              [_r(1, 4, 4, 1)]),
    "rgb_to_hsv": lambda: (image.rgb_to_hsv, [_r(2, 2, 3)]),
    "ssim": lambda: (lambda a, b: image.ssim(a, b, filter_size=3), [_r(5, 5, 1), _r(5, 5, 1, seed=1)]),
    "extract_patches": lambda: (lambda x: image.extract_patches(x, 2), [_r(1, 4, 4, 1)]),
    "crop_pad": lambda: (lambda x: image.pad_images(image.crop_images(x, 1, 1, 1, 1), 1, 1, 1, 1),
                         [_r(4, 4, 1)]),
}


@pytest.mark.parametrize("name", sorted(GRAD_CASES))
def test_gradients(name):
    fn, inputs = GRAD_CASES[name]()
    # SSIM computes in Keras's result_type(x, float), float32 even for float64 inputs.
    eps, atol = (1e-3, 2e-3) if name == "ssim" else (1e-6, 1e-5)
    assert torch.autograd.gradcheck(fn, inputs, eps=eps, atol=atol)


def test_identities():
    x = torch.rand(2, 5, 6, 3)
    identity = [1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0]
    assert torch.allclose(image.affine_transform(x, identity), x)
    corners = [[0, 0], [5, 0], [0, 4], [5, 4]]
    assert torch.allclose(image.perspective_transform(x, corners, corners), x, atol=1e-5)
    assert torch.allclose(image.hsv_to_rgb(image.rgb_to_hsv(x)), x, atol=1e-6)
    assert torch.allclose(image.elastic_transform(x, alpha=0.0, seed=1), x)
    # A projective transform (c0 != 0) divides by c0 * x + c1 * y + 1.
    tf = [2.0, 0.0, 0.0, 0.0, 2.0, 0.0, 1.0, 0.0]
    out = image.affine_transform(x, tf, interpolation="nearest")
    assert torch.equal(out[:, 2, 3], x[:, round(4 / 4), round(6 / 4)])


def test_elastic_transform_is_seeded():
    x = torch.rand(1, 8, 8, 1)
    a = image.elastic_transform(x, seed=3)
    assert torch.equal(a, image.elastic_transform(x, seed=3))
    assert not torch.equal(a, image.elastic_transform(x, seed=4))


def test_integer_images_keep_their_dtype():
    x = torch.randint(0, 255, (1, 6, 6, 3), dtype=torch.uint8)
    assert image.resize(x, (3, 3)).dtype == torch.uint8
    assert image.affine_transform(x, [1.0, 0, 0.5, 0, 1.0, 0, 0, 0]).dtype == torch.uint8
    assert image.extract_patches(x, 2).dtype == torch.uint8
    assert image.scale_and_translate(x, (1, 12, 12, 3), [2.0, 2.0], [0.0, 0.0], (1, 2),
                                     "linear").dtype == torch.uint8


@pytest.mark.parametrize("call, error, match", [
    (lambda: image.resize(np.ones((4, 4)), (2, 2)), ValueError,
     r"Invalid images rank: expected rank 3 \(single image\) or rank 4"),
    (lambda: image.resize(np.ones((4, 4, 1)), (2,)), ValueError,
     r"Expected `size` to be a tuple of 2 integers"),
    (lambda: image.resize(np.ones((4, 4, 1)), (0, 2)), ValueError,
     r"`size` must have positive height and width"),
    (lambda: image.resize(np.ones((4, 4, 1)), (2, 2), interpolation="area"), ValueError,
     r"not supported by the PyTorch backend"),
    (lambda: image.resize(np.ones((4, 4, 1)), (2, 2), interpolation="cubic"), ValueError,
     r"Invalid value for argument `interpolation`"),
    (lambda: image.affine_transform(np.ones((4, 4, 1)), np.ones(8), fill_mode="edge"),
     ValueError, r"Invalid value for argument `fill_mode`"),
    (lambda: image.affine_transform(np.ones((4, 4, 1)), np.ones((1, 2, 8))), ValueError,
     r"Invalid transform rank"),
    (lambda: image.rgb_to_grayscale(np.ones((4, 4, 2))), ValueError,
     r"Invalid channel size: expected 3 \(RGB\) or 1 \(Grayscale\)"),
    (lambda: image.rgb_to_hsv(np.ones((4, 4, 3), "int32")), ValueError,
     r"Invalid images dtype: expected float dtype. Received: images.dtype=int32"),
    (lambda: image.pad_images(np.ones((4, 4, 1)), 1, 1), ValueError,
     r"Must specify exactly two of top_padding, bottom_padding, target_height"),
    (lambda: image.pad_images(np.ones((4, 4, 1)), 3, 0, target_height=5, target_width=4),
     ValueError, r"bottom_padding must be >= 0. Received: bottom_padding=-2"),
    (lambda: image.crop_images(np.ones((4, 4, 1)), 3, 0, target_height=3, target_width=4),
     ValueError, r"The crop window does not fit in the images"),
    (lambda: image.map_coordinates(np.ones((3, 3)), [np.ones(2)], 1), ValueError,
     r"First dim of `coordinates` must be the same as the rank of `inputs`"),
    (lambda: image.map_coordinates(np.ones(3), [np.ones(2)], 2), NotImplementedError,
     r"order<=1"),
    (lambda: image.perspective_transform(np.ones((4, 4, 1)), np.ones((3, 2)), np.ones((4, 2))),
     ValueError, r"Invalid start_points shape: expected \(4,2\)"),
    (lambda: image.extract_patches(np.ones((4, 4, 1)), (2, 2, 2, 2)), TypeError,
     r"Invalid `size` argument"),
    (lambda: image.scale_and_translate(np.ones((4, 4)), (8, 8), [2.0], [0.0], (0,), "area"),
     ValueError, r"Invalid value for argument `method`"),
    (lambda: image.sobel_edges(np.ones((4, 4, 1))), ValueError, r"expected rank 4"),
])
def test_bad_inputs(call, error, match):
    with pytest.raises(error, match=match):
        call()
