"""Bounding boxes: format conversion, densifying, dict validation, MaxNumBoundingBoxes."""

import numpy as np
import pytest
import torch

from torcheras import layers
from torcheras.layers.preprocessing.image import _bounding_boxes as bbox

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
    with pytest.raises(NotImplementedError, match="RandomFlip"):
        layers.RandomFlip(bounding_box_format="xyxy")
    with pytest.raises(NotImplementedError, match="RandomElasticTransform"):
        layers.RandomElasticTransform(bounding_box_format="xyxy")
