"""Every exported keras.applications architecture against real Keras's table: parameter
counts, layer names (sha256 of the newline-joined list), layer count and output shape.

Built on the meta device: no memory, no initializer work, no forward pass at full size.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import torch
from _applications_cases import ARCHS, VARIANTS

import torcheras as keras
from torcheras import applications

TABLE = json.loads(
    (Path(__file__).resolve().parents[1] / "golden" / "applications" / "table.json").read_text())
EXPORTED = [a for a in ARCHS if a in applications.__all__]
CASES = [(a, a, {}) for a in EXPORTED] + [
    (key, ctor, kw) for key, ctor, kw in VARIANTS if ctor in applications.__all__]


def _describe(model) -> dict:
    names = [layer.name for layer in model.layers]
    return {
        "total_params": model.count_params(),
        "trainable_params": sum(int(w.numel()) for w in model.trainable_weights),
        "num_layers": len(names),
        "names_sha256": hashlib.sha256("\n".join(names).encode()).hexdigest(),
        "output_shape": list(model.output.shape),
    }


@pytest.mark.parametrize("key,ctor,kwargs", CASES, ids=[c[0] for c in CASES])
def test_matches_keras_table(key, ctor, kwargs):
    keras.backend.clear_session()
    with keras.device("meta"):
        model = getattr(applications, ctor)(weights=None, **kwargs)
    assert _describe(model) == TABLE[key]


def test_every_keras_architecture_is_in_the_table():
    assert set(ARCHS) <= set(TABLE)
    assert len(ARCHS) == 40


def test_exported_names_match_keras_paths():
    assert applications.resnet50.ResNet50 is applications.ResNet50
    assert applications.resnet.ResNet101 is applications.ResNet101
    assert applications.vgg16.VGG16 is applications.VGG16
    assert applications.mobilenet_v3.MobileNetV3Small is applications.MobileNetV3Small
    assert applications.efficientnet_v2.EfficientNetV2S is applications.EfficientNetV2S
    assert keras.applications is applications
    for module in ("densenet", "efficientnet", "inception_v3", "mobilenet", "resnet_v2",
                   "xception", "convnext", "inception_resnet_v2", "mobilenet_v2"):
        mod = getattr(applications, module)
        assert callable(mod.preprocess_input) and callable(mod.decode_predictions)


def test_default_model_names():
    keras.backend.clear_session()
    with keras.device("meta"):
        assert applications.MobileNet(weights=None, input_shape=(128, 128, 3),
                                      include_top=False).name == "mobilenet_1.00_128"
        assert applications.MobileNetV2(weights=None, alpha=0.5, include_top=False,
                                        input_shape=(96, 96, 3)).name == "mobilenetv2_0.50_96"
        assert applications.EfficientNetV2B0(weights=None).name == "efficientnetv2-b0"
        assert applications.ResNet50(weights=None, name="mine").name == "mine"


def test_input_tensor_source_inputs_and_shared_graph():
    keras.backend.clear_session()
    raw = keras.Input((32, 32, 3), name="raw")
    scaled = keras.layers.Rescaling(1 / 255.0)(raw)
    model = applications.MobileNetV3Small(input_tensor=scaled, weights=None, include_top=False,
                                          pooling="avg", minimalistic=True)
    assert model.inputs[0] is raw
    out = model(torch.zeros(2, 32, 32, 3))
    assert tuple(out.shape) == (2, 576)


def test_convnext_stochastic_depth_and_layer_scale():
    from torcheras.applications.convnext import LayerScale, StochasticDepth

    scale = LayerScale(0.5, 3)
    x = torch.ones(2, 4, 3)
    assert torch.equal(scale(x), torch.full((2, 4, 3), 0.5))
    assert scale.get_config()["init_values"] == 0.5
    drop = StochasticDepth(0.5)
    assert torch.equal(drop(x, training=False), x)
    torch.manual_seed(0)
    y = drop(torch.ones(4000, 1, 1), training=True)
    kept = (y != 0).float().mean().item()
    assert set(torch.unique(y).tolist()) <= {0.0, 2.0}
    assert 0.45 < kept < 0.55


# Keras 3.15's public names per module (`dir(keras.applications.<module>)`).
KERAS_MODULES = {
    "convnext": ["ConvNeXtBase", "ConvNeXtLarge", "ConvNeXtSmall", "ConvNeXtTiny",
                 "ConvNeXtXLarge"],
    "densenet": ["DenseNet121", "DenseNet169", "DenseNet201"],
    "efficientnet": [f"EfficientNetB{i}" for i in range(8)],
    "efficientnet_v2": ["EfficientNetV2B0", "EfficientNetV2B1", "EfficientNetV2B2",
                        "EfficientNetV2B3", "EfficientNetV2L", "EfficientNetV2M",
                        "EfficientNetV2S"],
    "imagenet_utils": [],
    "inception_resnet_v2": ["InceptionResNetV2"],
    "inception_v3": ["InceptionV3"],
    "mobilenet": ["MobileNet"],
    "mobilenet_v2": ["MobileNetV2"],
    "mobilenet_v3": [],
    "nasnet": ["NASNetLarge", "NASNetMobile"],
    "resnet": ["ResNet101", "ResNet152", "ResNet50"],
    "resnet50": ["ResNet50"],
    "resnet_v2": ["ResNet101V2", "ResNet152V2", "ResNet50V2"],
    "vgg16": ["VGG16"],
    "vgg19": ["VGG19"],
    "xception": ["Xception"],
}


@pytest.mark.parametrize("module", sorted(KERAS_MODULES))
def test_module_surface_is_keras(module):
    expected = sorted(KERAS_MODULES[module] + ["decode_predictions", "preprocess_input"])
    assert sorted(getattr(applications, module).__all__) == expected


def test_package_surface_is_keras():
    classes = sorted({c for names in KERAS_MODULES.values() for c in names} |
                     {"MobileNetV3Large", "MobileNetV3Small"})
    assert sorted(applications.__all__) == sorted(classes + list(KERAS_MODULES))
