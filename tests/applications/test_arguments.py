"""keras.applications argument validation (Keras's errors, messages checked) and the
weights paths: imagenet offline error, weights=<path> round trip."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import torcheras as keras
from torcheras import applications


def _meta(ctor, **kwargs):
    keras.backend.clear_session()
    with keras.device("meta"):
        return ctor(**kwargs)


@pytest.mark.parametrize("ctor,kwargs,error,match", [
    (applications.ResNet50, dict(weights="nowhere.h5"), ValueError,
     r"The `weights` argument should be either `None` \(random initialization\), 'imagenet' "
     r"\(pre-training on ImageNet\), or the path to the weights file to be loaded.  "
     r"Received: weights='nowhere.h5'"),
    (applications.VGG16, dict(weights="imagenet", classes=10), ValueError,
     r"If using `weights='imagenet'` with `include_top=True`, `classes` should be 1000.  "
     r"Received classes=10"),
    (applications.ResNet50, dict(weights="imagenet", input_shape=(128, 128, 3)), ValueError,
     r"When setting `include_top=True` and loading `imagenet` weights, `input_shape` should "
     r"be \(224, 224, 3\).  Received: input_shape=\(128, 128, 3\)"),
    (applications.ResNet50, dict(weights=None, include_top=False, input_shape=(16, 16, 3)),
     ValueError, r"Input size must be at least 32x32; Received: input_shape=\(16, 16, 3\)"),
    (applications.Xception, dict(weights=None, include_top=False, input_shape=(64, 64, 3)),
     ValueError, r"Input size must be at least 71x71; Received: input_shape=\(64, 64, 3\)"),
    (applications.ResNet50, dict(weights=None, input_shape=(None, None, 3)), ValueError,
     r"If `include_top` is True, you should specify a static `input_shape`. Received: "
     r"input_shape=\(None, None, 3\)"),
    (applications.DenseNet121, dict(weights=None, include_top=False, input_shape=(64, 64)),
     ValueError, r"`input_shape` must be a tuple of three integers."),
    (applications.ResNet50, dict(weights="imagenet", include_top=False,
                                 input_shape=(64, 64, 1)), ValueError,
     r"The input must have 3 channels; Received `input_shape=\(64, 64, 1\)`"),
    (applications.MobileNet, dict(weights="imagenet", alpha=0.3), ValueError,
     r"alpha can be one of`0.25`, `0.50`, `0.75` or `1.0` only.  Received alpha=0.3"),
    (applications.MobileNet, dict(weights="imagenet", depth_multiplier=2), ValueError,
     r"depth multiplier must be 1.  Received depth_multiplier=2"),
    (applications.MobileNetV2, dict(weights="imagenet", alpha=0.6), ValueError,
     r"alpha must be one of `0.35`, `0.50`, `0.75`, `1.0`, `1.3` or `1.4` only; Received "
     r"`alpha=0.6`"),
    (applications.MobileNetV3Small, dict(weights="imagenet", minimalistic=True, alpha=0.75),
     ValueError, r"alpha can be one of `0.75`, `1.0` for non minimalistic or `1.0` for "
                 r"minimalistic only. Received: alpha=0.75"),
    (applications.MobileNetV3Large, dict(weights=None, input_shape=(16, 16, 3)), ValueError,
     r"Input size must be at least 32x32; Received `input_shape=\(16, 16, 3\)`"),
    (applications.ConvNeXtTiny, dict(weights="imagenet", name="tiny"), ValueError,
     r'Model name "tiny" does not match weights variant "convnext_tiny"'),
])
def test_bad_arguments(ctor, kwargs, error, match):
    with pytest.raises(error, match=match):
        _meta(ctor, **kwargs)


@pytest.mark.parametrize("ctor", [applications.ResNet50, applications.EfficientNetB0,
                                  applications.MobileNetV3Small, applications.VGG16])
def test_pretrained_classifier_allows_only_softmax_or_none(ctor):
    # The check runs before any download: no file is needed to see the error.
    kwargs = dict(weights="imagenet", classifier_activation="relu")
    if ctor is applications.MobileNetV3Small:
        kwargs["input_shape"] = (224, 224, 3)
    with pytest.raises(ValueError, match=r"Only `None` and `softmax` activations are allowed "
                                         r"for the `classifier_activation` argument when using "
                                         r"pretrained weights, with `include_top=True`; "
                                         r"Received: classifier_activation='relu'"):
        _meta(ctor, **kwargs)


def test_non_standard_channels_warn_like_keras():
    with pytest.warns(UserWarning, match="This model usually expects 1 or 3 input channels. "
                                         "However, it was passed an input_shape with 4 input "
                                         "channels."):
        model = _meta(applications.ResNet50, weights=None, include_top=False,
                      input_shape=(32, 32, 4))
    assert model.input.shape == (None, 32, 32, 4)


def test_classes_pooling_and_activation_shape_the_head():
    model = _meta(applications.ResNet50V2, weights=None, classes=7,
                  classifier_activation=None, input_shape=(224, 224, 3))
    assert model.output.shape == (None, 7)
    assert model.get_layer("predictions").activation is keras.activations.get(None) or \
        model.get_layer("predictions").get_config()["activation"] == "linear"
    pooled = _meta(applications.DenseNet121, weights=None, include_top=False, pooling="max")
    assert pooled.output.shape == (None, 1024)
    assert pooled.layers[-1].name == "max_pool"
    spatial = _meta(applications.VGG19, weights=None, include_top=False)
    assert spatial.output.shape == (None, None, None, 512)


def test_imagenet_offline_error_names_url_and_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))

    def offline(*args, **kwargs):
        raise OSError("URL fetch failure: offline")

    monkeypatch.setattr("torcheras.applications._weights.get_file", offline)
    with pytest.raises(OSError) as info:
        _meta(applications.ResNet50, weights="imagenet", include_top=False,
              input_shape=(32, 32, 3))
    msg = str(info.value)
    name = "resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5"
    assert ("https://storage.googleapis.com/tensorflow/keras-applications/resnet/" + name
            in msg)
    assert str(tmp_path / "models" / name) in msg
    assert "weights=" in msg


def test_imagenet_uses_keras_url_hash_and_cache(monkeypatch, tmp_path):
    seen = {}

    def fake_get_file(fname, origin, **kwargs):
        seen.update(fname=fname, origin=origin, **kwargs)
        raise OSError("stop")

    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    monkeypatch.setattr("torcheras.applications._weights.get_file", fake_get_file)
    with pytest.raises(OSError):
        _meta(applications.EfficientNetB0, weights="imagenet")
    assert seen == dict(
        fname="efficientnetb0.h5",
        origin="https://storage.googleapis.com/keras-applications/efficientnetb0.h5",
        cache_subdir="models", file_hash="902e53a9f72be733fc0bcb005b3ebbac",
        cache_dir=str(tmp_path))


def test_weights_path_round_trip(tmp_path):
    keras.backend.clear_session()
    torch.manual_seed(0)
    model = applications.MobileNetV3Small(weights=None, minimalistic=True, classes=5,
                                          input_shape=(32, 32, 3))
    for layer in model.layers:
        if isinstance(layer, keras.layers.BatchNormalization):
            layer.moving_mean.assign(torch.rand(layer.moving_mean.shape) * 0.1)
    path = tmp_path / "m.weights.h5"
    model.save_weights(path)
    x = np.random.default_rng(0).uniform(0, 255, (2, 32, 32, 3)).astype("float32")
    expected = model.predict(x, verbose=0)
    keras.backend.clear_session()
    again = applications.MobileNetV3Small(weights=str(path), minimalistic=True, classes=5,
                                          input_shape=(32, 32, 3))
    np.testing.assert_allclose(again.predict(x, verbose=0), expected, rtol=1e-6, atol=1e-6)


def test_imagenet_loads_keras2_h5_layout_from_cache(monkeypatch, tmp_path):
    """The "imagenet" path loads a legacy Keras 2 `.h5` (Keras's published layout) from the
    file `get_file` returns; here a file written in that layout stands in for the download."""
    kwargs = dict(alpha=0.25, include_top=False, input_shape=(128, 128, 3))
    keras.backend.clear_session()
    torch.manual_seed(1)
    source = applications.MobileNet(weights=None, **kwargs)
    for layer in source.layers:
        if isinstance(layer, keras.layers.BatchNormalization):
            layer.moving_variance.assign(torch.rand(layer.moving_variance.shape) + 0.5)
    path = tmp_path / "mobilenet_2_5_128_tf_no_top.h5"
    source.save_weights(path)
    x = np.random.default_rng(1).uniform(-1, 1, (1, 128, 128, 3)).astype("float32")
    expected = source.predict(x, verbose=0)
    seen = {}

    def cached(fname, origin, **kw):
        seen.update(fname=fname, origin=origin)
        return str(path)

    monkeypatch.setattr("torcheras.applications._weights.get_file", cached)
    keras.backend.clear_session()
    model = applications.MobileNet(weights="imagenet", **kwargs)
    assert seen == dict(fname="mobilenet_2_5_128_tf_no_top.h5", origin=(
        "https://storage.googleapis.com/tensorflow/keras-applications/mobilenet/"
        "mobilenet_2_5_128_tf_no_top.h5"))
    np.testing.assert_allclose(model.predict(x, verbose=0), expected, rtol=1e-6, atol=1e-6)


@pytest.fixture
def channels_first():
    keras.backend.set_image_data_format("channels_first")
    yield
    keras.backend.set_image_data_format("channels_last")


@pytest.mark.parametrize("ctor,kwargs,params,out", [
    ("ResNet50", dict(include_top=False, pooling="max", input_shape=(3, 64, 64)), 23587712,
     (1, 2048)),
    ("MobileNetV2", dict(alpha=0.35, include_top=False, input_shape=(3, 96, 96)), 410208,
     (1, 1280, 3, 3)),
    ("EfficientNetB0", dict(include_top=False, pooling="avg", input_shape=(3, 64, 64)),
     4049571, (1, 1280)),
])
def test_channels_first_same_parameters(channels_first, ctor, kwargs, params, out):
    keras.backend.clear_session()
    model = getattr(applications, ctor)(weights=None, **kwargs)
    assert model.count_params() == params  # Keras's channels-last count (table)
    assert tuple(model(torch.zeros(1, *kwargs["input_shape"])).shape) == out


@pytest.mark.parametrize("ctor,family", [(applications.DenseNet121, "DenseNet"),
                                         (applications.ConvNeXtTiny, "ConvNeXt"),
                                         (applications.NASNetMobile, "NASNet")])
def test_channels_first_unsupported_families(channels_first, ctor, family):
    with pytest.raises(ValueError, match=f"{family} does not support the `channels_first` "
                                         "image data format."):
        ctor(weights=None)


def test_mobilenet_v3_imagenet_warns_for_non_224_inputs(monkeypatch):
    def offline(*args, **kwargs):
        raise OSError("offline")

    monkeypatch.setattr("torcheras.applications._weights.get_file", offline)
    with pytest.warns(UserWarning, match=r"`input_shape` is undefined or non-square, or `rows` "
                                         r"is not 224. Weights for input shape \(224, 224\) "
                                         r"will be loaded as the default."):
        with pytest.raises(OSError, match="weights_mobilenet_v3_small_224_1.0_float_no_top_v2"):
            _meta(applications.MobileNetV3Small, weights="imagenet", include_top=False,
                  input_shape=(96, 96, 3))
