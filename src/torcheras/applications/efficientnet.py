"""`keras.applications.efficientnet`: EfficientNetB0 to B7."""

from __future__ import annotations

import math

from torcheras import backend, layers
from torcheras.applications import _common, _weights, imagenet_utils
from torcheras.applications._efficientnet_block import (
    IMAGENET_STDDEV_RGB,
    bn_axis,
    conv_init,
    dense_init,
    mbconv,
)

__all__ = [
    "EfficientNetB0", "EfficientNetB1", "EfficientNetB2", "EfficientNetB3", "EfficientNetB4",
    "EfficientNetB5", "EfficientNetB6", "EfficientNetB7", "decode_predictions",
    "preprocess_input",
]

_BASE = "https://storage.googleapis.com/keras-applications/"
_HASHES = {
    "b0": ("902e53a9f72be733fc0bcb005b3ebbac", "50bc09e76180e00e4465e1a485ddc09d"),
    "b1": ("1d254153d4ab51201f1646940f018540", "74c4e6b3e1f6a1eea24c589628592432"),
    "b2": ("b15cce36ff4dcbd00b6dd88e7857a6ad", "111f8e2ac8aa800a7a99e3239f7bfb39"),
    "b3": ("ffd1fdc53d0ce67064dc6a9c7960ede0", "af6d107764bb5b1abb91932881670226"),
    "b4": ("18c95ad55216b8f92d7e70b3a046e2fc", "ebc24e6d6c33eaebbd558eafbeedf1ba"),
    "b5": ("ace28f2a6363774853a83a0b21b9421a", "38879255a25d3c92d5e44e04ae6cec6f"),
    "b6": ("165f6e37dce68623721b423839de8be5", "9ecce42647a20130c1f39a5d4cb75743"),
    "b7": ("8c03f828fec3ef71311cd463b6759d99", "cbcfe4450ddf6f3ad90b1b398090fe4a"),
}
# (kernel, repeats, filters_in, filters_out, expand_ratio, strides) per stage; SE ratio 0.25.
_STAGES = (
    (3, 1, 32, 16, 1, 1), (3, 2, 16, 24, 6, 2), (5, 2, 24, 40, 6, 2), (3, 3, 40, 80, 6, 2),
    (5, 3, 80, 112, 6, 1), (5, 4, 112, 192, 6, 2), (3, 1, 192, 320, 6, 1),
)

_DOC = """Instantiates the {arch} architecture (Keras's layer names and weight layout).

    The model includes its preprocessing (rescaling and normalization): it takes pixels in
    [0, 255].

    Args:
        include_top: Whether to include the fully-connected layer at the top.
        weights: `None` (random initialization), `"imagenet"` (Keras's pretrained weights,
            downloaded to `~/.keras/models`) or the path to a weights file.
        input_tensor: Optional Keras tensor (output of `layers.Input()`) to use as image
            input.
        input_shape: Optional shape tuple, only to be specified if `include_top` is `False`;
            width and height no smaller than 32.
        pooling: Feature-extraction pooling when `include_top` is `False`: `None` (4D
            output), `"avg"` or `"max"` (global pooling, 2D output).
        classes: Number of classes, only if `include_top` is `True` and no weights.
        classifier_activation: Activation of the top layer (only `None` or `"softmax"` with
            pretrained weights).
        name: The name of the model.

    Returns:
        A `Model` instance.
    """


def _round_filters(filters, width, divisor=8):
    filters *= width
    new = max(divisor, int(filters + divisor / 2) // divisor * divisor)
    if new < 0.9 * filters:
        new += divisor
    return int(new)


def _efficientnet(width, depth, default_size, dropout_rate, weights_name, include_top, weights,
                  input_tensor, input_shape, pooling, classes, classifier_activation, name,
                  drop_connect_rate=0.2, activation="swish"):
    _weights.check_weights_arg(weights)
    _weights.check_classes(weights, include_top, classes)
    input_shape = imagenet_utils.obtain_input_shape(
        input_shape, default_size=default_size, min_size=32,
        data_format=backend.image_data_format(), require_flatten=include_top, weights=weights)
    img_input = _common.make_input(input_tensor, input_shape)
    axis = bn_axis()
    x = layers.Rescaling(1.0 / 255.0)(img_input)
    x = layers.Normalization(axis=axis)(x)
    if weights == "imagenet":
        # Keras's published weights store ImageNet variances in the Normalization layer.
        x = layers.Rescaling([1.0 / math.sqrt(s) for s in IMAGENET_STDDEV_RGB])(x)
    x = layers.ZeroPadding2D(padding=imagenet_utils.correct_pad(x, 3), name="stem_conv_pad")(x)
    x = layers.Conv2D(_round_filters(32, width), 3, strides=2, padding="valid", use_bias=False,
                      kernel_initializer=conv_init(), name="stem_conv")(x)
    x = layers.BatchNormalization(axis=axis, name="stem_bn")(x)
    x = layers.Activation(activation, name="stem_activation")(x)
    repeats = [int(math.ceil(depth * s[1])) for s in _STAGES]
    total, b = float(sum(repeats)), 0
    for i, ((kernel, _, f_in, f_out, expand, strides), n) in enumerate(zip(_STAGES, repeats)):
        f_in, f_out = _round_filters(f_in, width), _round_filters(f_out, width)
        for j in range(n):
            x = mbconv(x, activation, drop_connect_rate * b / total, f"block{i + 1}{chr(j + 97)}_",
                       f_in if j == 0 else f_out, f_out, kernel, strides if j == 0 else 1,
                       expand, 0.25)
            b += 1
    x = layers.Conv2D(_round_filters(1280, width), 1, padding="same", use_bias=False,
                      kernel_initializer=conv_init(), name="top_conv")(x)
    x = layers.BatchNormalization(axis=axis, name="top_bn")(x)
    x = layers.Activation(activation, name="top_activation")(x)
    if include_top:
        x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
        if dropout_rate > 0:
            x = layers.Dropout(dropout_rate, name="top_dropout")(x)
        _common.validate_activation(classifier_activation, weights)
        x = layers.Dense(classes, activation=classifier_activation,
                         kernel_initializer=dense_init(), name="predictions")(x)
    else:
        x = _common.pool(x, pooling, "avg_pool", "max_pool")
    model = _common.finish(img_input, input_tensor, x, name)
    fname = name + (".h5" if include_top else "_notop.h5")
    _weights.load(model, weights, fname, _BASE + fname,
                  _HASHES[weights_name][0 if include_top else 1])
    return model


def _variant(arch, width, depth, size, dropout, key):
    def build(include_top: bool = True, weights="imagenet", input_tensor=None,
              input_shape=None, pooling=None, classes: int = 1000,
              classifier_activation="softmax", name: str = arch.lower()):
        return _efficientnet(width, depth, size, dropout, key, include_top, weights,
                             input_tensor, input_shape, pooling, classes,
                             classifier_activation, name)

    build.__name__ = build.__qualname__ = arch
    build.__doc__ = _DOC.format(arch=arch)
    build.__module__ = __name__
    return build


EfficientNetB0 = _variant("EfficientNetB0", 1.0, 1.0, 224, 0.2, "b0")
EfficientNetB1 = _variant("EfficientNetB1", 1.0, 1.1, 240, 0.2, "b1")
EfficientNetB2 = _variant("EfficientNetB2", 1.1, 1.2, 260, 0.3, "b2")
EfficientNetB3 = _variant("EfficientNetB3", 1.2, 1.4, 300, 0.3, "b3")
EfficientNetB4 = _variant("EfficientNetB4", 1.4, 1.8, 380, 0.4, "b4")
EfficientNetB5 = _variant("EfficientNetB5", 1.6, 2.2, 456, 0.4, "b5")
EfficientNetB6 = _variant("EfficientNetB6", 1.8, 2.6, 528, 0.5, "b6")
EfficientNetB7 = _variant("EfficientNetB7", 2.0, 3.1, 600, 0.5, "b7")


def preprocess_input(x, data_format=None):
    """A placeholder kept for API compatibility: EfficientNet models preprocess inside the
    model, so the input is returned unchanged.

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
