"""RandomCrop (windows, inference, bounding boxes) and Keras 2's RandomHeight/RandomWidth."""

import numpy as np
import pytest
import torch

import torcheras as keras
from torcheras import layers

X = np.arange(2 * 5 * 6 * 2, dtype="float32").reshape(2, 5, 6, 2)


def _window_of(out, x):
    """The (top, left) where ``out`` sits in every image of ``x`` (channels last)."""
    h, w = out.shape[1:3]
    for top in range(x.shape[1] - h + 1):
        for left in range(x.shape[2] - w + 1):
            if np.array_equal(x[:, top:top + h, left:left + w], out):
                return top, left
    return None


def test_training_crops_one_window_per_batch():
    out = layers.RandomCrop(3, 4, seed=2)(X).numpy()
    assert out.shape == (2, 3, 4, 2) and _window_of(out, X) is not None


def test_windows_cover_every_offset():
    layer = layers.RandomCrop(3, 4, seed=5)
    seen = {_window_of(layer(X).numpy(), X) for _ in range(150)}
    assert seen == {(t, left) for t in range(3) for left in range(3)}


def test_inference_and_small_inputs_take_the_central_window_resized():
    expected = layers.Resizing(3, 4, crop_to_aspect_ratio=True)(X).numpy()
    np.testing.assert_allclose(layers.RandomCrop(3, 4)(X, training=False).numpy(), expected,
                               atol=1e-5)
    small = layers.RandomCrop(8, 6)(X).numpy()  # not larger than the target: no random crop
    np.testing.assert_allclose(small, layers.Resizing(8, 6, crop_to_aspect_ratio=True)(X),
                               atol=1e-4)
    x = np.arange(16, dtype="float32").reshape(1, 4, 4, 1)
    t = {"top": 1, "left": 0, "crop_height": 2, "crop_width": 2, "input_size": (4, 4)}
    out = layers.RandomCrop(2, 2).transform_images(torch.as_tensor(x), t)
    np.testing.assert_array_equal(out[0, :, :, 0].numpy(), [[4, 5], [8, 9]])


def test_channels_first_and_output_shape():
    layer = layers.RandomCrop(3, 4, seed=1, data_format="channels_first")
    x = np.ascontiguousarray(X.transpose(0, 3, 1, 2))
    out = layer(x).numpy()
    assert _window_of(out.transpose(0, 2, 3, 1), X) is not None
    assert layer.compute_output_shape((None, 2, 5, 6)) == (None, 2, 3, 4)
    assert layer(keras.Input((2, 5, 6))).shape == (None, 2, 3, 4)


def test_bounding_boxes_follow_the_crop():
    layer = layers.RandomCrop(3, 4, bounding_box_format="xyxy")
    boxes = {"boxes": torch.tensor([[[1.0, 1.0, 3.0, 4.0], [0.0, 0.0, 1.0, 1.0]]]),
             "labels": torch.tensor([[3, 4]])}
    t = {"top": 2, "left": 1, "crop_height": 3, "crop_width": 4, "input_size": (5, 6)}
    out = layer.transform_bounding_boxes(boxes, t)
    np.testing.assert_array_equal(out["boxes"].numpy(), [[[0, 0, 2, 2], [0, 0, 0, 0]]])
    assert out["labels"].tolist() == [[3, -1]]  # the second box left the image
    rel = layers.RandomCrop(3, 4, bounding_box_format="rel_xyxy")
    out = rel.transform_bounding_boxes({"boxes": torch.tensor([[[1 / 6, 1 / 5, 0.5, 0.8]]]),
                                        "labels": torch.tensor([[1]])}, t)
    np.testing.assert_allclose(out["boxes"].numpy(), [[[0, 0, 0.5, 2 / 3]]], atol=1e-6)


def test_bounding_boxes_through_call_at_inference_scale_with_the_resize():
    layer = layers.RandomCrop(2, 3, bounding_box_format="xyxy")
    data = {"images": np.zeros((4, 6, 1), "float32"),
            "bounding_boxes": {"boxes": np.array([[0.0, 0.0, 6.0, 4.0]], "float32"),
                               "labels": np.array([1])}}
    out = layer(data, training=False)  # window = whole image, scaled by 1/2
    assert tuple(out["images"].shape) == (2, 3, 1)
    np.testing.assert_allclose(out["bounding_boxes"]["boxes"].numpy(), [[0, 0, 3, 2]])


def test_random_height_and_width():
    x = np.random.default_rng(0).uniform(size=(2, 3, 4, 1)).astype("float32")
    tall = layers.RandomHeight((1.0, 1.0))(x)
    np.testing.assert_allclose(tall.numpy(), layers.Resizing(6, 4)(x).numpy(), atol=1e-6)
    narrow = layers.RandomWidth((-0.5, -0.5), interpolation="nearest")(x)
    np.testing.assert_allclose(narrow.numpy(),
                               layers.Resizing(3, 2, interpolation="nearest")(x).numpy())
    np.testing.assert_array_equal(layers.RandomHeight(0.5)(x, training=False).numpy(), x)
    heights = {layers.RandomHeight(0.5, seed=s)(x).shape[1] for s in range(30)}
    assert heights <= {1, 2, 3, 4} and len(heights) > 1
    assert layers.RandomWidth(0.2).compute_output_shape((None, 3, 4, 1)) == (None, 3, None, 1)
    config = layers.RandomHeight((0.1, 0.3), seed=1).get_config()
    assert config["factor"] == (0.1, 0.3) and config["interpolation"] == "bilinear"
    assert layers.RandomHeight.from_config(config).get_config() == config


BAD = [
    (lambda: layers.RandomCrop(0, 3), ValueError, "height"),
    (lambda: layers.RandomCrop(3, "a"), ValueError, "width"),
    (lambda: layers.RandomHeight((0.5, 0.2)), ValueError,
     "`factor` argument cannot have an upper bound lesser than the lower bound. Received: "
     "factor=(0.5, 0.2)"),
    (lambda: layers.RandomWidth(-1.5), ValueError,
     "`factor` argument cannot have an upper bound lesser than the lower bound"),
    (lambda: layers.RandomWidth((-1.5, 0.2)), ValueError,
     "`factor` argument must have values larger than -1. Received: factor=(-1.5, 0.2)"),
    (lambda: layers.RandomHeight(0.2, interpolation="area"), NotImplementedError,
     "'area' interpolation is not available in torcheras"),
    (lambda: layers.RandomHeight(0.2, interpolation="foo"), ValueError,
     "Value not recognized for `interpolation`: foo."),
]


@pytest.mark.parametrize("make,error,message", BAD, ids=[m[:40] for _, _, m in BAD])
def test_bad_arguments(make, error, message):
    with pytest.raises(error) as info:
        make()
    assert message in str(info.value)
