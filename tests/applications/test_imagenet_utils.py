"""keras.applications.imagenet_utils: preprocess_input's three modes (hand-computed),
decode_predictions, and their bad-input errors."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from torcheras.applications import (
    densenet,
    efficientnet,
    imagenet_utils,
    mobilenet_v3,
    resnet50,
    xception,
)

PIXEL = [[[[10.0, 20.0, 30.0]]]]  # one image, one pixel, RGB


def test_caffe_mode_flips_to_bgr_and_subtracts_imagenet_means():
    out = imagenet_utils.preprocess_input(np.array(PIXEL), mode="caffe")
    np.testing.assert_allclose(out[0, 0, 0], [30 - 103.939, 20 - 116.779, 10 - 123.68],
                               rtol=1e-6)
    np.testing.assert_allclose(resnet50.preprocess_input(np.array(PIXEL)), out)


def test_tf_mode_scales_to_minus_one_one():
    out = xception.preprocess_input(np.array([[[[0.0, 127.5, 255.0]]]]))
    np.testing.assert_allclose(out, [[[[-1.0, 0.0, 1.0]]]])


def test_torch_mode_normalizes_with_imagenet_statistics():
    out = densenet.preprocess_input(np.array(PIXEL))
    expected = [(10 / 255 - 0.485) / 0.229, (20 / 255 - 0.456) / 0.224,
                (30 / 255 - 0.406) / 0.225]
    np.testing.assert_allclose(out[0, 0, 0], expected, rtol=1e-6)


@pytest.mark.parametrize("mode", ["caffe", "tf", "torch"])
def test_tensor_and_numpy_agree_and_channels_first(mode):
    x = np.random.default_rng(0).uniform(0, 255, (2, 4, 4, 3)).astype("float32")
    np_out = imagenet_utils.preprocess_input(x.copy(), mode=mode)
    t_out = imagenet_utils.preprocess_input(torch.tensor(x), mode=mode)
    np.testing.assert_allclose(t_out.numpy(), np_out, rtol=1e-5, atol=1e-5)
    cf = imagenet_utils.preprocess_input(x.transpose(0, 3, 1, 2).copy(), mode=mode,
                                         data_format="channels_first")
    np.testing.assert_allclose(cf.transpose(0, 2, 3, 1), np_out, rtol=1e-5, atol=1e-5)


def test_integer_input_becomes_float():
    out = imagenet_utils.preprocess_input(np.array([[[0, 255, 51]]], dtype="uint8"), mode="tf")
    assert out.dtype == np.float32
    np.testing.assert_allclose(out, [[[-1.0, 1.0, -0.6]]], rtol=1e-6)


def test_in_model_preprocessing_families_return_input_unchanged():
    x = np.arange(6.0).reshape(1, 1, 2, 3)
    assert efficientnet.preprocess_input(x) is x
    assert mobilenet_v3.preprocess_input(x) is x


@pytest.mark.parametrize("kwargs,match", [
    (dict(mode="keras"), "Expected mode to be one of `caffe`, `tf` or `torch`. Received: "
                         "mode='keras'"),
    (dict(data_format="NHWC"), "Expected data_format to be one of `channels_first` or "
                               "`channels_last`. Received: data_format='NHWC'"),
])
def test_preprocess_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match.replace("(", r"\(").replace(")", r"\)")):
        imagenet_utils.preprocess_input(np.zeros((1, 2, 2, 3)), **kwargs)


def test_decode_predictions_top_k(monkeypatch):
    index = {str(i): [f"n{i:08d}", f"class_{i}"] for i in range(1000)}
    monkeypatch.setattr(imagenet_utils, "CLASS_INDEX", index)
    preds = np.zeros((2, 1000), dtype="float32")
    preds[0, [5, 7, 9]] = [0.2, 0.5, 0.3]
    preds[1, 999] = 1.0
    out = resnet50.decode_predictions(preds, top=3)
    assert [r[:2] for r in out[0]] == [("n00000007", "class_7"), ("n00000009", "class_9"),
                                       ("n00000005", "class_5")]
    np.testing.assert_allclose([r[2] for r in out[0]], [0.5, 0.3, 0.2])
    assert out[1][0][:2] == ("n00000999", "class_999")
    assert len(out[1]) == 3


def test_decode_predictions_bad_shape():
    with pytest.raises(ValueError, match=r"a 2D array of shape \(samples, 1000\)\)\. Received "
                                         r"array with shape: \(2, 10\)"):
        imagenet_utils.decode_predictions(np.zeros((2, 10)))


def test_decode_predictions_offline_names_url_and_cache(monkeypatch, tmp_path):
    monkeypatch.setattr(imagenet_utils, "CLASS_INDEX", None)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))

    def offline(*args, **kwargs):
        raise OSError("URL fetch failure: offline")

    monkeypatch.setattr("torcheras.applications._weights.get_file", offline)
    with pytest.raises(OSError) as info:
        imagenet_utils.decode_predictions(np.zeros((1, 1000)))
    msg = str(info.value)
    assert imagenet_utils.CLASS_INDEX_PATH in msg
    assert str(tmp_path / "models" / "imagenet_class_index.json") in msg
