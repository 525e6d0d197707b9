"""The keras.applications cases shared by the golden generator (make_applications.py) and
tests/applications: the architectures of the table, the argument variants, the fixtures."""

from __future__ import annotations

ARCHS = [
    "VGG16", "VGG19", "ResNet50", "ResNet101", "ResNet152", "ResNet50V2", "ResNet101V2",
    "ResNet152V2", "InceptionV3", "InceptionResNetV2", "Xception", "MobileNet",
    "MobileNetV2", "MobileNetV3Small", "MobileNetV3Large", "DenseNet121", "DenseNet169",
    "DenseNet201", "NASNetMobile", "NASNetLarge", "EfficientNetB0", "EfficientNetB1",
    "EfficientNetB2", "EfficientNetB3", "EfficientNetB4", "EfficientNetB5", "EfficientNetB6",
    "EfficientNetB7", "EfficientNetV2B0", "EfficientNetV2B1", "EfficientNetV2B2",
    "EfficientNetV2B3", "EfficientNetV2S", "EfficientNetV2M", "EfficientNetV2L",
    "ConvNeXtTiny", "ConvNeXtSmall", "ConvNeXtBase", "ConvNeXtLarge", "ConvNeXtXLarge",
]

# (key, constructor, kwargs): argument variants beyond the defaults.
VARIANTS = [
    ("VGG16/notop_avg", "VGG16", dict(include_top=False, pooling="avg", input_shape=(64, 64, 3))),
    ("ResNet50/notop_max", "ResNet50", dict(include_top=False, pooling="max",
                                            input_shape=(64, 64, 3))),
    ("ResNet50V2/notop", "ResNet50V2", dict(include_top=False, input_shape=(64, 64, 3))),
    ("MobileNet/alpha0.5", "MobileNet", dict(alpha=0.5, depth_multiplier=1, classes=10,
                                             input_shape=(128, 128, 3))),
    ("MobileNetV2/alpha0.35", "MobileNetV2", dict(alpha=0.35, include_top=False,
                                                   input_shape=(96, 96, 3))),
    ("MobileNetV3Small/minimalistic", "MobileNetV3Small", dict(
        minimalistic=True, input_shape=(64, 64, 3), classes=10)),
    ("MobileNetV3Large/alpha0.75_noprep", "MobileNetV3Large", dict(
        alpha=0.75, include_preprocessing=False, include_top=False, pooling="avg",
        input_shape=(96, 96, 3))),
    ("EfficientNetB0/notop_avg", "EfficientNetB0", dict(include_top=False, pooling="avg",
                                                        input_shape=(64, 64, 3))),
    ("EfficientNetV2B0/noprep", "EfficientNetV2B0", dict(
        include_preprocessing=False, include_top=False, input_shape=(64, 64, 3))),
    ("DenseNet121/notop", "DenseNet121", dict(include_top=False, input_shape=(64, 64, 3))),
    ("ConvNeXtTiny/noprep_notop", "ConvNeXtTiny", dict(
        include_preprocessing=False, include_top=False, pooling="avg", input_shape=(64, 64, 3))),
    ("Xception/notop", "Xception", dict(include_top=False, input_shape=(71, 71, 3))),
    ("InceptionV3/notop", "InceptionV3", dict(include_top=False, input_shape=(75, 75, 3))),
    ("NASNetMobile/notop", "NASNetMobile", dict(include_top=False, input_shape=(64, 64, 3))),
]

FIXTURES = [
    ("mobilenet_v3_small_minimalistic", "MobileNetV3Small",
     dict(minimalistic=True, input_shape=(32, 32, 3), classes=10, weights=None)),
    ("efficientnet_b0_notop", "EfficientNetB0",
     dict(include_top=False, pooling="avg", input_shape=(32, 32, 3), weights=None)),
    ("resnet50_notop", "ResNet50",
     dict(include_top=False, pooling="avg", input_shape=(32, 32, 3), weights=None)),
]
