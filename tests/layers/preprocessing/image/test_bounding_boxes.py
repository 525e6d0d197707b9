"""Bounding boxes: format conversion, densifying, dict validation, MaxNumBoundingBoxes."""

import numpy as np
import pytest
import torch

from torcheras import layers
from torcheras.layers.preprocessing.image import _bounding_boxes as bbox
from torcheras.layers.preprocessing.image._random_affine import rotation_matrix

XYXY = torch.tensor([[10.0, 20.0, 30.0, 40.0], [50.0, 60.0, 70.0, 80.0]])


def test_convert_format_examples():
    np.testing.assert_allclose(bbox.convert_format(XYXY, "xyxy", "xywh").numpy(),
                               [[10, 20, 20, 20], [50, 60, 20, 20]])
    rel = bbox.convert_format(XYXY, "xyxy", "rel_xyxy", height=200, width=300)
    np.testing.assert_allclose(rel.numpy(), [[1 / 30, 0.1, 0.1, 0.2], [1 / 6, 0.3, 7 / 30, 0.4]],
                               rtol=1e-6)
    np.testing.assert_allclose(bbox.convert_format(XYXY, "xyxy", "center_yxhw").numpy(),
                               [[30, 20, 20, 20], [70, 60, 20, 20]])


@pytest.mark.parametrize("fmt", bbox.FORMATS)
def test_convert_format_round_trips(fmt):
    there = bbox.convert_format(XYXY, "xyxy", fmt, height=100, width=90)
    back = bbox.convert_format(there, fmt, "xyxy", height=100, width=90)
    np.testing.assert_allclose(back.numpy(), XYXY.numpy(), rtol=1e-6)


def test_convert_format_errors():
    with pytest.raises(ValueError, match="Invalid source or target format"):
        bbox.convert_format(XYXY, "xyxy", "abcd")
    with pytest.raises(ValueError, match="must receive `height` and `width`"):
        bbox.convert_format(XYXY, "xyxy", "rel_xyxy")
    with pytest.raises(ValueError, match=r"last dimension of 4. Received: boxes.shape=\(2, 3\)"):
        bbox.convert_format(XYXY[:, :3], "xyxy", "yxyx")
    with pytest.raises(ValueError, match="Invalid source or target format"):
        layers.RandomCrop(2, 2, bounding_box_format="xyzz")


def test_ragged_lists_are_padded():
    data = {"images": np.zeros((2, 4, 4, 3), "float32"),
            "bounding_boxes": {"boxes": [[[0, 0, 1, 1]], [[0, 0, 2, 2], [1, 1, 3, 3]]],
                               "labels": [[1], [2, 3]]}}
    out = layers.RandomBrightness(0.1, bounding_box_format="xyxy")(data)
    np.testing.assert_array_equal(out["bounding_boxes"]["boxes"].numpy(),
                                  [[[0, 0, 1, 1], [0, 0, 0, 0]], [[0, 0, 2, 2], [1, 1, 3, 3]]])
    assert out["bounding_boxes"]["labels"].tolist() == [[1, -1], [2, 3]]


@pytest.mark.parametrize("boxes,message", [
    ({"boxes": np.zeros((1, 1, 4))}, "Expected `bounding_boxes` agurment to be a dict with "
                                     "keys 'boxes' and 'labels'."),
    ({"boxes": [[0, 0, 1, 1]], "labels": np.zeros(1)}, "must also be a list"),
    ({"boxes": np.zeros((1, 1, 1, 4)), "labels": np.zeros((1, 1))},
     "Expected `bounding_boxes['boxes']` to have rank 2 or 3"),
    ({"boxes": np.zeros((1, 2, 4)), "labels": np.zeros((1, 2, 1, 1))},
     "expected bounding_boxes['labels'] to have rank 2 or 3"),
])
def test_bad_bounding_boxes(boxes, message):
    layer = layers.RandomBrightness(0.1, bounding_box_format="xyxy")
    with pytest.raises(ValueError) as info:
        layer({"images": np.zeros((1, 4, 4, 3), "float32"), "bounding_boxes": boxes})
    assert message in str(info.value)


def test_max_num_bounding_boxes():
    layer = layers.MaxNumBoundingBoxes(3, bounding_box_format="xyxy")
    single = layer({"images": np.zeros((4, 4, 3), "float32"),
                    "bounding_boxes": {"boxes": np.ones((1, 4), "float32"),
                                       "labels": np.array([5])}})
    np.testing.assert_array_equal(single["bounding_boxes"]["boxes"].numpy(),
                                  [[1, 1, 1, 1], [-1, -1, -1, -1], [-1, -1, -1, -1]])
    assert single["bounding_boxes"]["labels"].tolist() == [5, -1, -1]
    shape = layer.compute_output_shape({"images": (None, 4, 4, 3), "bounding_boxes": {
        "boxes": (None, 7, 4), "labels": (None, 7)}})
    assert shape["bounding_boxes"] == {"boxes": (None, 3, 4), "labels": (None, 3)}
    with pytest.raises(KeyError, match="There are unsupported keys in `bounding_boxes`"):
        layer.compute_output_shape({"bounding_boxes": {"boxes": (1, 2, 4), "labels": (1, 2),
                                                       "scores": (1, 2)}})
    config = layers.MaxNumBoundingBoxes(2, fill_value=0).get_config()
    assert config["max_number"] == 2 and config["fill_value"] == 0


def test_layers_without_box_support_reject_the_format():
    with pytest.raises(NotImplementedError, match="RandomElasticTransform"):
        layers.RandomElasticTransform(bounding_box_format="xyxy")


def test_flip_moves_boxes_with_the_image():
    t = {"flips": torch.tensor([True, False]).reshape(2, 1, 1, 1), "input_shape": (2, 4, 6, 1)}
    boxes = {"boxes": torch.tensor([[[1.0, 0.0, 3.0, 1.0]], [[1.0, 0.0, 3.0, 1.0]]]),
             "labels": torch.tensor([[1], [1]])}
    horizontal = layers.RandomFlip("horizontal", bounding_box_format="xyxy")
    out = horizontal.transform_bounding_boxes(dict(boxes), t)
    np.testing.assert_allclose(out["boxes"].numpy(), [[[3, 0, 5, 1]], [[1, 0, 3, 1]]])
    both = layers.RandomFlip(bounding_box_format="rel_xyxy")
    rel = {"boxes": torch.tensor([[[0.1, 0.2, 0.3, 0.5]], [[0.1, 0.2, 0.3, 0.5]]]),
           "labels": torch.tensor([[1], [1]])}
    out = both.transform_bounding_boxes(rel, t)
    np.testing.assert_allclose(out["boxes"].numpy()[0], [[0.7, 0.5, 0.9, 0.8]], atol=1e-6)
    # Through a call: a flipped image's box is mirrored, the image too.
    data = {"images": np.arange(6, dtype="float32").reshape(1, 1, 6, 1),
            "bounding_boxes": {"boxes": np.array([[[0.0, 0.0, 1.0, 1.0]]], "float32"),
                               "labels": np.array([[1]])}}
    out = layers.RandomFlip("horizontal", seed=3, bounding_box_format="xyxy")(data)
    flipped = out["images"][0, 0, 0, 0].item() == 5.0
    expected = [[[5, 0, 6, 1]]] if flipped else [[[0, 0, 1, 1]]]
    np.testing.assert_allclose(out["bounding_boxes"]["boxes"].numpy(), expected)


def test_affine_layers_move_boxes_with_their_matrices():
    boxes = {"boxes": torch.tensor([[[1.0, 1.0, 2.0, 3.0]]]), "labels": torch.tensor([[7]])}
    translate = layers.RandomTranslation(0.5, 0.5, bounding_box_format="xyxy")
    t = {"translations": torch.tensor([[2.0, -1.0]]), "input_shape": (1, 4, 6, 1)}
    out = translate.transform_bounding_boxes(dict(boxes), t)
    np.testing.assert_allclose(out["boxes"].numpy(), [[[3, 0, 4, 2]]], atol=1e-5)
    zoom = layers.RandomZoom(0.5, bounding_box_format="xyxy")
    t = {"height_zoom": torch.tensor([[0.5]]), "width_zoom": torch.tensor([[0.5]]),
         "input_shape": (1, 5, 5, 1)}
    out = zoom.transform_bounding_boxes({"boxes": torch.tensor([[[1.0, 1.0, 3.0, 3.0]]]),
                                         "labels": torch.tensor([[1]])}, t)
    # zoom 0.5 about the centre pixel (2, 2) doubles distances from it
    np.testing.assert_allclose(out["boxes"].numpy(), [[[0, 0, 4, 4]]], atol=1e-5)
    rotate = layers.RandomRotation(0.5, bounding_box_format="xyxy")
    t = rotate.get_random_transformation(torch.zeros(1, 5, 5, 1))
    t["rotation_matrix"] = rotation_matrix(torch.tensor([180.0]), 5, 5)
    out = rotate.transform_bounding_boxes({"boxes": torch.tensor([[[0.0, 0.0, 1.0, 2.0]]]),
                                           "labels": torch.tensor([[1]])}, t)
    np.testing.assert_allclose(out["boxes"].numpy(), [[[3, 2, 4, 4]]], atol=1e-4)


def test_resizing_and_center_crop_boxes():
    images = np.zeros((1, 4, 8, 1), "float32")
    boxes = {"boxes": np.array([[[2.0, 1.0, 6.0, 3.0], [0.0, 0.0, 0.0, 0.0]]], "float32"),
             "labels": np.array([[1, -1]])}

    def run(layer):
        out = layer({"images": images, "bounding_boxes": dict(boxes)})
        return out["images"].shape, out["bounding_boxes"]["boxes"].numpy()

    shape, got = run(layers.Resizing(2, 4, bounding_box_format="xyxy"))
    assert tuple(shape) == (1, 2, 4, 1)
    np.testing.assert_allclose(got, [[[1, 0.5, 3, 1.5], [0, 0, 0, 0]]])
    # crop to 1:1 keeps the central 4x4 (x from 2 to 6), resized to 2x2
    _, got = run(layers.Resizing(2, 2, crop_to_aspect_ratio=True, bounding_box_format="xyxy"))
    np.testing.assert_allclose(got[0, 0], [0, 0.5, 2, 1.5])
    # pad to 1:1: 8x8 with 2 rows on top, resized to 4x4 (scale 0.5)
    _, got = run(layers.Resizing(4, 4, pad_to_aspect_ratio=True, bounding_box_format="xyxy"))
    np.testing.assert_allclose(got[0, 0], [1, 1.5, 3, 2.5])
    _, got = run(layers.CenterCrop(2, 4, bounding_box_format="xyxy"))
    np.testing.assert_allclose(got[0, 0], [0, 0, 4, 2])  # window rows 1-3, cols 2-6
    _, got = run(layers.CenterCrop(8, 8, bounding_box_format="xyxy"))
    np.testing.assert_allclose(got[0, 0], [0, 2, 8, 6])  # 4x4 window from x=2, scaled x2
