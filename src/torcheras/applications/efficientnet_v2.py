"""`keras.applications.efficientnet_v2`: EfficientNetV2 B0-B3, S, M and L."""

from __future__ import annotations

import math

from torcheras import backend, initializers, layers
from torcheras.applications import _common, _weights, imagenet_utils
from torcheras.applications._efficientnet_block import conv_init, dense_init
from torcheras.applications._efficientnet_v2_blocks import STAGES, fused_mbconv, mbconv

__all__ = [
    "EfficientNetV2B0", "EfficientNetV2B1", "EfficientNetV2B2", "EfficientNetV2B3",
    "EfficientNetV2L", "EfficientNetV2M", "EfficientNetV2S", "decode_predictions",
    "preprocess_input",
]

_BASE = "https://storage.googleapis.com/tensorflow/keras-applications/efficientnet_v2/"
_HASHES = {
    "b0": ("21ecbf6da12460d5c40bb2f29ceb2188", "893217f2bb855e2983157299931e43ff"),
    "b1": ("069f0534ff22adf035c89e2d9547a9dc", "0e80663031ca32d657f9caa404b6ec37"),
    "b2": ("424e49f28180edbde1e94797771950a7", "1dfe2e7a5d45b6632553a8961ea609eb"),
    "b3": ("1f1fc43bd98a6e4fd8fdfd551e02c7a0", "f6abf7b5849ac99a89b50dd3fd532856"),
    "s": ("e1d88a8495beba45748fedd0cecbe016", "af0682fb74e8c54910f2d4393339c070"),
    "m": ("a3bf6aa3276309f4fc6a34aa114c95cd", "1b8dc055df72dde80d614482840fe342"),
    "l": ("27e6d408b53c7ebc868fefa357689935", "b0b66b5c863aef5b46e8608fe1711615"),
}
_MOMENTUM = 0.9


def _round_filters(filters, width, min_depth=8, divisor=8):
    filters *= width
    return int(max(min_depth or divisor, int(filters + divisor / 2) // divisor * divisor))


def _efficientnet_v2(variant, width, depth, default_size, include_top, weights, input_tensor,
                     input_shape, pooling, classes, classifier_activation,
                     include_preprocessing, name, dropout_rate=0.2, drop_connect_rate=0.2,
                     activation="swish"):
    _weights.check_weights_arg(weights)
    _weights.check_classes(weights, include_top, classes)
    input_shape = imagenet_utils.obtain_input_shape(
        input_shape, default_size=default_size, min_size=32,
        data_format=backend.image_data_format(), require_flatten=include_top, weights=weights)
    img_input = _common.make_input(input_tensor, input_shape)
    axis = 3 if backend.image_data_format() == "channels_last" else 1
    x = img_input
    if include_preprocessing:
        if variant.startswith("b") and input_shape[axis - 1] == 3:
            x = layers.Rescaling(scale=1.0 / 255)(x)
            x = layers.Normalization(mean=[0.485, 0.456, 0.406],
                                     variance=[0.229**2, 0.224**2, 0.225**2], axis=axis)(x)
        else:
            x = layers.Rescaling(scale=1.0 / 128.0, offset=-1)(x)
    stages = STAGES[variant]
    x = layers.Conv2D(_round_filters(stages[0][2], width), kernel_size=3, strides=2,
                      kernel_initializer=conv_init(), padding="same", use_bias=False,
                      name="stem_conv")(x)
    x = layers.BatchNormalization(axis=axis, momentum=_MOMENTUM, name="stem_bn")(x)
    x = layers.Activation(activation, name="stem_activation")(x)
    total, b = float(sum(s[1] for s in stages)), 0
    for i, (kernel, repeats, f_in, f_out, expand, se, strides, fused) in enumerate(stages):
        f_in, f_out = _round_filters(f_in, width), _round_filters(f_out, width)
        block = fused_mbconv if fused else mbconv
        for j in range(int(math.ceil(depth * repeats))):
            x = block(x, f_in if j == 0 else f_out, f_out, expand, kernel,
                      strides if j == 0 else 1, se, _MOMENTUM, activation,
                      drop_connect_rate * b / total, f"block{i + 1}{chr(j + 97)}_")
            b += 1
    x = layers.Conv2D(_round_filters(1280, width), kernel_size=1, strides=1,
                      kernel_initializer=conv_init(), padding="same", use_bias=False,
                      name="top_conv")(x)
    x = layers.BatchNormalization(axis=axis, momentum=_MOMENTUM, name="top_bn")(x)
    x = layers.Activation(activation, name="top_activation")(x)
    if include_top:
        x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
        if dropout_rate > 0:
            x = layers.Dropout(dropout_rate, name="top_dropout")(x)
        _common.validate_activation(classifier_activation, weights)
        x = layers.Dense(classes, activation=classifier_activation,
                         kernel_initializer=dense_init(),
                         bias_initializer=initializers.Constant(0.0), name="predictions")(x)
    else:
        x = _common.pool(x, pooling, "avg_pool", "max_pool")
    model = _common.finish(img_input, input_tensor, x, name)
    fname = name + (".h5" if include_top else "_notop.h5")
    _weights.load(model, weights, fname, _BASE + fname, _HASHES[variant][0 if include_top else 1])
    return model


_DOC = """Instantiates the {arch} architecture (Keras's layer names and weight layout).

    Args:
        include_top: Whether to include the classification head.
        weights: `None`, `"imagenet"` or the path to a weights file.
        input_tensor: Optional Keras tensor to use as image input.
        input_shape: Optional shape tuple, only to be specified if `include_top` is `False`;
            width and height no smaller than 32.
        pooling: Feature-extraction pooling when `include_top` is `False`: `None`, `"avg"`
            or `"max"`.
        classes: Number of classes, only if `include_top` is `True` and no weights.
        classifier_activation: Activation of the top layer (only `None` or `"softmax"` with
            pretrained weights).
        include_preprocessing: Whether to rescale/normalize the input (pixels in [0, 255])
            inside the model.
        name: The name of the model.

    Returns:
        A `Model` instance.
    """


def _variant(arch, variant, width, depth, size):
    def build(include_top: bool = True, weights="imagenet", input_tensor=None,
              input_shape=None, pooling=None, classes: int = 1000,
              classifier_activation="softmax", include_preprocessing: bool = True,
              name: str = f"efficientnetv2-{variant}"):
        return _efficientnet_v2(variant, width, depth, size, include_top, weights,
                                input_tensor, input_shape, pooling, classes,
                                classifier_activation, include_preprocessing, name)

    build.__name__ = build.__qualname__ = arch
    build.__doc__ = _DOC.format(arch=arch)
    build.__module__ = __name__
    return build


EfficientNetV2B0 = _variant("EfficientNetV2B0", "b0", 1.0, 1.0, 224)
EfficientNetV2B1 = _variant("EfficientNetV2B1", "b1", 1.0, 1.1, 240)
EfficientNetV2B2 = _variant("EfficientNetV2B2", "b2", 1.1, 1.2, 260)
EfficientNetV2B3 = _variant("EfficientNetV2B3", "b3", 1.2, 1.4, 300)
EfficientNetV2S = _variant("EfficientNetV2S", "s", 1.0, 1.0, 384)
EfficientNetV2M = _variant("EfficientNetV2M", "m", 1.0, 1.0, 480)
EfficientNetV2L = _variant("EfficientNetV2L", "l", 1.0, 1.0, 480)


def preprocess_input(x, data_format=None):
    """A placeholder kept for API compatibility: EfficientNetV2 models preprocess inside
    the model, so the input is returned unchanged.

    Args:
        x: Images, values in [0, 255].
        data_format: Ignored; kept for API compatibility.
    """
    return x


def decode_predictions(preds, top: int = 5):
    """Decodes ImageNet predictions; see `keras.applications.imagenet_utils`.

    Args:
        preds: Predictions, shape `(samples, 1000)`.
        top: How many top guesses to return per sample.
    """
    return imagenet_utils.decode_predictions(preds, top=top)
