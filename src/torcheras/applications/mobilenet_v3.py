"""`keras.applications.mobilenet_v3`: MobileNetV3Small and MobileNetV3Large
(Howard et al., ICCV 2019)."""

from __future__ import annotations

import warnings

from torcheras import backend, layers
from torcheras.applications import _common, _weights, imagenet_utils
from torcheras.layers._keras_tensor import KerasTensor

# As Keras: the constructors are public as `keras.applications.MobileNetV3Small/Large` only.
__all__ = ["decode_predictions", "preprocess_input"]

_BASE = "https://storage.googleapis.com/tensorflow/keras-applications/mobilenet_v3/"
_HASHES = {
    "large_224_0.75_float": ("765b44a33ad4005b3ac83185abf1d0eb",
                             "40af19a13ebea4e2ee0c676887f69a2e"),
    "large_224_1.0_float": ("59e551e166be033d707958cf9e29a6a7",
                            "07fb09a5933dd0c8eaafa16978110389"),
    "large_minimalistic_224_1.0_float": ("675e7b876c45c57e9e63e6d90a36599c",
                                         "ec5221f64a2f6d1ef965a614bdae7973"),
    "small_224_0.75_float": ("cb65d4e5be93758266aa0a7f2c6708b7",
                             "ebdb5cc8e0b497cd13a7c275d475c819"),
    "small_224_1.0_float": ("8768d4c2e7dee89b9d02b2d03d65d862",
                            "d3e8ec802a04aa4fc771ee12a9a9b836"),
    "small_minimalistic_224_1.0_float": ("99cd97fb2fcdad2bf028eb838de69e37",
                                         "cde8136e733e811080d9fcd8a252f7e4"),
}
_BN = dict(epsilon=1e-3, momentum=0.999)

# (expansion, filters, kernel ("k" = the variant's kernel), stride, SE, activation ("a" =
# the variant's activation, "r" = ReLU)) per block.
_SMALL = (
    (1, 16, 3, 2, True, "r"), (72.0 / 16, 24, 3, 2, False, "r"), (88.0 / 24, 24, 3, 1, False, "r"),
    (4, 40, "k", 2, True, "a"), (6, 40, "k", 1, True, "a"), (6, 40, "k", 1, True, "a"),
    (3, 48, "k", 1, True, "a"), (3, 48, "k", 1, True, "a"), (6, 96, "k", 2, True, "a"),
    (6, 96, "k", 1, True, "a"), (6, 96, "k", 1, True, "a"),
)
_LARGE = (
    (1, 16, 3, 1, False, "r"), (4, 24, 3, 2, False, "r"), (3, 24, 3, 1, False, "r"),
    (3, 40, "k", 2, True, "r"), (3, 40, "k", 1, True, "r"), (3, 40, "k", 1, True, "r"),
    (6, 80, 3, 2, False, "a"), (2.5, 80, 3, 1, False, "a"), (2.3, 80, 3, 1, False, "a"),
    (2.3, 80, 3, 1, False, "a"), (6, 112, 3, 1, True, "a"), (6, 112, 3, 1, True, "a"),
    (6, 160, "k", 2, True, "a"), (6, 160, "k", 1, True, "a"), (6, 160, "k", 1, True, "a"),
)

_DOC = """Instantiates the {arch} architecture (Keras's layer names and weight layout).

    The model includes its preprocessing (a `Rescaling` to [-1, 1], unless
    `include_preprocessing=False`): it takes pixels in [0, 255].

    Args:
        input_shape: Optional shape tuple, e.g. `(224, 224, 3)`; width and height no smaller
            than 32. Inferred from `input_tensor` when that is given.
        alpha: Width multiplier of every layer's filters (`0.75` or `1.0` with pretrained
            weights).
        minimalistic: Use the variant without squeeze-and-excite, hard-swish or 5x5
            convolutions.
        include_top: Whether to include the classification head.
        weights: `None`, `"imagenet"` or the path to a weights file.
        input_tensor: Optional Keras tensor to use as image input.
        classes: Number of classes, only if `include_top` is `True` and no weights.
        pooling: Feature-extraction pooling when `include_top` is `False`: `None`, `"avg"`
            or `"max"`.
        dropout_rate: Dropout rate before the last layer.
        classifier_activation: Activation of the top layer (only `None` or `"softmax"` with
            pretrained weights).
        include_preprocessing: Whether to rescale the input inside the model.
        name: The name of the model.

    Returns:
        A `Model` instance.
    """


def _depth(v, divisor=8, min_value=None):
    min_value = divisor if min_value is None else min_value
    new_v = max(min_value, int(v + divisor / 2) // divisor * divisor)
    if new_v < 0.9 * v:
        new_v += divisor
    return new_v


def _relu(x):
    return layers.ReLU()(x)


def _hard_sigmoid(x):
    return layers.ReLU(6.0)(x + 3.0) * (1.0 / 6.0)


def _hard_swish(x):
    return layers.Activation("hard_swish")(x)


def _se_block(inputs, filters, se_ratio, prefix):
    x = layers.GlobalAveragePooling2D(keepdims=True, name=f"{prefix}squeeze_excite_avg_pool")(
        inputs)
    x = layers.Conv2D(_depth(filters * se_ratio), kernel_size=1, padding="same",
                      name=f"{prefix}squeeze_excite_conv")(x)
    x = layers.ReLU(name=f"{prefix}squeeze_excite_relu")(x)
    x = layers.Conv2D(filters, kernel_size=1, padding="same",
                      name=f"{prefix}squeeze_excite_conv_1")(x)
    x = _hard_sigmoid(x)
    return layers.Multiply(name=f"{prefix}squeeze_excite_mul")([inputs, x])


def _inverted_res_block(x, expansion, filters, kernel_size, stride, se_ratio, activation,
                        block_id):
    axis = _common.channel_axis()
    shortcut = x
    prefix = "expanded_conv_"
    infilters = x.shape[axis]
    if block_id:
        prefix = f"expanded_conv_{block_id}_"
        x = layers.Conv2D(_depth(infilters * expansion), kernel_size=1, padding="same",
                          use_bias=False, name=f"{prefix}expand")(x)
        x = activation(layers.BatchNormalization(axis=axis, name=f"{prefix}expand_bn",
                                                 **_BN)(x))
    if stride == 2:
        x = layers.ZeroPadding2D(padding=imagenet_utils.correct_pad(x, kernel_size),
                                 name=f"{prefix}depthwise_pad")(x)
    x = layers.DepthwiseConv2D(kernel_size, strides=stride,
                               padding="same" if stride == 1 else "valid", use_bias=False,
                               name=f"{prefix}depthwise")(x)
    x = activation(layers.BatchNormalization(axis=axis, name=f"{prefix}depthwise_bn", **_BN)(x))
    if se_ratio:
        x = _se_block(x, _depth(infilters * expansion), se_ratio, prefix)
    x = layers.Conv2D(filters, kernel_size=1, padding="same", use_bias=False,
                      name=f"{prefix}project")(x)
    x = layers.BatchNormalization(axis=axis, name=f"{prefix}project_bn", **_BN)(x)
    if stride == 1 and infilters == filters:
        x = layers.Add(name=f"{prefix}add")([shortcut, x])
    return x


def _resolve_input_shape(input_shape, input_tensor):
    """Keras's MobileNetV3 rule: the shape may come from ``input_tensor``."""
    first = backend.image_data_format() == "channels_first"
    if input_tensor is not None and not isinstance(input_tensor, KerasTensor):
        raise ValueError(f"input_tensor specified: {input_tensor!r} is not a keras tensor")
    if input_shape is not None and input_tensor is not None:
        got = input_tensor.shape[1] if first else input_tensor.shape[2]
        if got != input_shape[1]:
            raise ValueError(
                "input_shape[1] must equal input_tensor.shape[2].  Received "
                f"input_shape={input_shape}, input_tensor.shape={input_tensor.shape}")
    if input_shape is None and input_tensor is not None:
        rows, cols = (input_tensor.shape[2:4] if first else input_tensor.shape[1:3])
        input_shape = (3, cols, rows) if first else (cols, rows, 3)
    if input_shape is None:
        input_shape = (3, None, None) if first else (None, None, 3)
    return tuple(input_shape)


def _check_size_and_alpha(input_shape, weights, alpha, minimalistic) -> None:
    first = backend.image_data_format() == "channels_first"
    rows, cols = (input_shape[1], input_shape[2]) if first else (input_shape[0], input_shape[1])
    if rows and cols and (rows < 32 or cols < 32):
        raise ValueError(
            f"Input size must be at least 32x32; Received `input_shape={input_shape}`")
    if weights == "imagenet":
        if (not minimalistic and alpha not in [0.75, 1.0]) or (minimalistic and alpha != 1.0):
            raise ValueError(
                "If imagenet weights are being loaded, alpha can be one of `0.75`, `1.0` for "
                f"non minimalistic or `1.0` for minimalistic only. Received: alpha={alpha!r}")
        if rows != cols or rows != 224:
            warnings.warn(
                "`input_shape` is undefined or non-square, or `rows` is not 224. Weights for "
                "input shape (224, 224) will be loaded as the default.", stacklevel=4)


def _head(x, include_top, pooling, last_point_ch, activation, dropout_rate, classes,
          classifier_activation, weights):
    if include_top:
        x = layers.GlobalAveragePooling2D(keepdims=True)(x)
        x = layers.Conv2D(last_point_ch, kernel_size=1, padding="same", use_bias=True,
                          name="conv_2")(x)
        x = activation(x)
        if dropout_rate > 0:
            x = layers.Dropout(dropout_rate)(x)
        x = layers.Conv2D(classes, kernel_size=1, padding="same", name="logits")(x)
        x = layers.Flatten()(x)
        _common.validate_activation(classifier_activation, weights)
        x = layers.Activation(activation=classifier_activation, name="predictions")(x)
    else:
        x = _common.pool(x, pooling, "avg_pool", "max_pool")
    return x


def _mobilenet_v3(spec, last_point_ch, model_type, input_shape, alpha, minimalistic,
                  include_top, weights, input_tensor, classes, pooling, dropout_rate,
                  classifier_activation, include_preprocessing, name):
    _weights.check_weights_arg(weights)
    _weights.check_classes(weights, include_top, classes)
    input_shape = _resolve_input_shape(input_shape, input_tensor)
    _check_size_and_alpha(input_shape, weights, alpha, minimalistic)
    img_input = _common.make_input(input_tensor, input_shape)
    axis = _common.channel_axis()
    if minimalistic:
        kernel, activation, se_ratio = 3, _relu, None
    else:
        kernel, activation, se_ratio = 5, _hard_swish, 0.25
    x = img_input
    if include_preprocessing:
        x = layers.Rescaling(scale=1.0 / 127.5, offset=-1.0)(x)
    x = layers.Conv2D(16, kernel_size=3, strides=(2, 2), padding="same", use_bias=False,
                      name="conv")(x)
    x = activation(layers.BatchNormalization(axis=axis, name="conv_bn", **_BN)(x))
    for block_id, (expansion, filters, k, stride, se, act) in enumerate(spec):
        x = _inverted_res_block(x, expansion, _depth(filters * alpha),
                                kernel if k == "k" else k, stride, se_ratio if se else None,
                                _relu if act == "r" else activation, block_id)
    last_conv_ch = _depth(x.shape[axis] * 6)
    if alpha > 1.0:
        last_point_ch = _depth(last_point_ch * alpha)
    x = layers.Conv2D(last_conv_ch, kernel_size=1, padding="same", use_bias=False,
                      name="conv_1")(x)
    x = activation(layers.BatchNormalization(axis=axis, name="conv_1_bn", **_BN)(x))
    x = _head(x, include_top, pooling, last_point_ch, activation, dropout_rate, classes,
              classifier_activation, weights)
    model = _common.finish(img_input, input_tensor, x, name)
    key = f"{model_type}{'_minimalistic' if minimalistic else ''}_224_{alpha}_float"
    fname = (f"weights_mobilenet_v3_{key}.h5" if include_top
             else f"weights_mobilenet_v3_{key}_no_top_v2.h5")
    hashes = _HASHES.get(key, (None, None))
    _weights.load(model, weights, fname, _BASE + fname, hashes[0 if include_top else 1])
    return model


def MobileNetV3Small(input_shape=None, alpha: float = 1.0, minimalistic: bool = False,
                     include_top: bool = True, weights="imagenet", input_tensor=None,
                     classes: int = 1000, pooling=None, dropout_rate: float = 0.2,
                     classifier_activation="softmax", include_preprocessing: bool = True,
                     name: str = "MobileNetV3Small"):
    return _mobilenet_v3(_SMALL, 1024, "small", input_shape, alpha, minimalistic, include_top,
                         weights, input_tensor, classes, pooling, dropout_rate,
                         classifier_activation, include_preprocessing, name)


def MobileNetV3Large(input_shape=None, alpha: float = 1.0, minimalistic: bool = False,
                     include_top: bool = True, weights="imagenet", input_tensor=None,
                     classes: int = 1000, pooling=None, dropout_rate: float = 0.2,
                     classifier_activation="softmax", include_preprocessing: bool = True,
                     name: str = "MobileNetV3Large"):
    return _mobilenet_v3(_LARGE, 1280, "large", input_shape, alpha, minimalistic, include_top,
                         weights, input_tensor, classes, pooling, dropout_rate,
                         classifier_activation, include_preprocessing, name)


MobileNetV3Small.__doc__ = _DOC.format(arch="MobileNetV3Small")
MobileNetV3Large.__doc__ = _DOC.format(arch="MobileNetV3Large")


def preprocess_input(x, data_format=None):
    """A placeholder kept for API compatibility: MobileNetV3 models preprocess inside the
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
