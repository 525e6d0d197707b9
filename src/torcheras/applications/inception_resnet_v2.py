"""`keras.applications.inception_resnet_v2`: Inception-ResNet v2 (Szegedy et al., 2016)."""

from __future__ import annotations

from torcheras import backend, layers
from torcheras.applications import _common, _weights, imagenet_utils
from torcheras.layers import Layer
from torcheras.saving import register_keras_serializable

__all__ = ["InceptionResNetV2", "decode_predictions", "preprocess_input"]

_BASE = "https://storage.googleapis.com/tensorflow/keras-applications/inception_resnet_v2/"
_HASHES = ("e693bd0210a403b3192acc6073ad2e96", "d19885ff4a710c122648d3b5c3b684e4")


@register_keras_serializable(package="keras_applications")
class CustomScaleLayer(Layer):
    """`inputs[0] + inputs[1] * scale`: the scaled residual sum of Inception-ResNet.

    Args:
        scale: Factor applied to the residual branch.
        **kwargs: Base `Layer` arguments (`name`, `dtype`, ...).
    """

    def __init__(self, scale: float, **kwargs):
        super().__init__(**kwargs)
        self.scale = scale

    def call(self, inputs):
        return inputs[0] + inputs[1] * self.scale

    def compute_output_shape(self, input_shape):
        return input_shape[0]

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"scale": self.scale})
        return config


def _axis() -> int:
    return 1 if backend.image_data_format() == "channels_first" else 3


def conv2d_bn(x, filters, kernel_size, strides=1, padding="same", activation="relu",
              use_bias=False, name=None):
    """Convolution, batch normalization (no scale; skipped with a bias) and activation."""
    x = layers.Conv2D(filters, kernel_size, strides=strides, padding=padding,
                      use_bias=use_bias, name=name)(x)
    if not use_bias:
        x = layers.BatchNormalization(axis=_axis(), scale=False,
                                      name=None if name is None else f"{name}_bn")(x)
    if activation is not None:
        x = layers.Activation(activation, name=None if name is None else f"{name}_ac")(x)
    return x


def _chain(x, specs):
    for filters, kernel in specs:
        x = conv2d_bn(x, filters, kernel)
    return x


_BRANCHES = {
    "block35": (((32, 1),), ((32, 1), (32, 3)), ((32, 1), (48, 3), (64, 3))),
    "block17": (((192, 1),), ((128, 1), (160, [1, 7]), (192, [7, 1]))),
    "block8": (((192, 1),), ((192, 1), (224, [1, 3]), (256, [3, 1]))),
}


def inception_resnet_block(x, scale, block_type, block_idx, activation="relu"):
    """One scaled residual Inception block ("block35", "block17" or "block8")."""
    if block_type not in _BRANCHES:
        raise ValueError(
            'Unknown Inception-ResNet block type. Expects "block35", "block17" or "block8", '
            f"but got: {block_type!r}")
    branches = [_chain(x, spec) for spec in _BRANCHES[block_type]]
    name = f"{block_type}_{block_idx}"
    mixed = layers.Concatenate(axis=_axis(), name=f"{name}_mixed")(branches)
    up = conv2d_bn(mixed, x.shape[_axis()], 1, activation=None, use_bias=True,
                   name=f"{name}_conv")
    x = CustomScaleLayer(scale)([x, up])
    if activation is not None:
        x = layers.Activation(activation, name=f"{name}_ac")(x)
    return x


def InceptionResNetV2(include_top: bool = True, weights="imagenet", input_tensor=None,
                      input_shape=None, pooling=None, classes: int = 1000,
                      classifier_activation="softmax", name: str = "inception_resnet_v2"):
    """Instantiates the Inception-ResNet v2 architecture (Keras's layer names and weight
    layout).

    Args:
        include_top: Whether to include the fully-connected layer at the top.
        weights: `None`, `"imagenet"` or the path to a weights file.
        input_tensor: Optional Keras tensor to use as image input.
        input_shape: Optional shape tuple, only to be specified if `include_top` is `False`
            (otherwise `(299, 299, 3)`); width and height no smaller than 75.
        pooling: Feature-extraction pooling when `include_top` is `False`: `None`, `"avg"`
            or `"max"`.
        classes: Number of classes, only if `include_top` is `True` and no weights.
        classifier_activation: Activation of the top layer (only `None` or `"softmax"` with
            pretrained weights).
        name: The name of the model.

    Returns:
        A `Model` instance.
    """
    _weights.check_weights_arg(weights)
    _weights.check_classes(weights, include_top, classes)
    input_shape = imagenet_utils.obtain_input_shape(
        input_shape, default_size=299, min_size=75, data_format=backend.image_data_format(),
        require_flatten=include_top, weights=weights)
    img_input = _common.make_input(input_tensor, input_shape)
    axis = _axis()
    x = conv2d_bn(img_input, 32, 3, strides=2, padding="valid")
    x = conv2d_bn(x, 32, 3, padding="valid")
    x = conv2d_bn(x, 64, 3)
    x = layers.MaxPooling2D(3, strides=2)(x)
    x = conv2d_bn(x, 80, 1, padding="valid")
    x = conv2d_bn(x, 192, 3, padding="valid")
    x = layers.MaxPooling2D(3, strides=2)(x)
    b0 = conv2d_bn(x, 96, 1)
    b1 = _chain(x, ((48, 1), (64, 5)))
    b2 = _chain(x, ((64, 1), (96, 3), (96, 3)))
    bp = conv2d_bn(layers.AveragePooling2D(3, strides=1, padding="same")(x), 64, 1)
    x = layers.Concatenate(axis=axis, name="mixed_5b")([b0, b1, b2, bp])
    for i in range(1, 11):
        x = inception_resnet_block(x, scale=0.17, block_type="block35", block_idx=i)
    b0 = conv2d_bn(x, 384, 3, strides=2, padding="valid")
    b1 = _chain(x, ((256, 1), (256, 3)))
    b1 = conv2d_bn(b1, 384, 3, strides=2, padding="valid")
    bp = layers.MaxPooling2D(3, strides=2, padding="valid")(x)
    x = layers.Concatenate(axis=axis, name="mixed_6a")([b0, b1, bp])
    for i in range(1, 21):
        x = inception_resnet_block(x, scale=0.1, block_type="block17", block_idx=i)
    b0 = conv2d_bn(conv2d_bn(x, 256, 1), 384, 3, strides=2, padding="valid")
    b1 = conv2d_bn(conv2d_bn(x, 256, 1), 288, 3, strides=2, padding="valid")
    b2 = conv2d_bn(_chain(x, ((256, 1), (288, 3))), 320, 3, strides=2, padding="valid")
    bp = layers.MaxPooling2D(3, strides=2, padding="valid")(x)
    x = layers.Concatenate(axis=axis, name="mixed_7a")([b0, b1, b2, bp])
    for i in range(1, 10):
        x = inception_resnet_block(x, scale=0.2, block_type="block8", block_idx=i)
    x = inception_resnet_block(x, scale=1.0, activation=None, block_type="block8", block_idx=10)
    x = conv2d_bn(x, 1536, 1, name="conv_7b")
    if include_top:
        x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
        _common.validate_activation(classifier_activation, weights)
        x = layers.Dense(classes, activation=classifier_activation, name="predictions")(x)
    else:
        x = _common.pool(x, pooling)
    model = _common.finish(img_input, input_tensor, x, name)
    suffix = "" if include_top else "_notop"
    fname = f"inception_resnet_v2_weights_tf_dim_ordering_tf_kernels{suffix}.h5"
    _weights.load(model, weights, fname, _BASE + fname, _HASHES[0 if include_top else 1])
    return model


def preprocess_input(x, data_format=None):
    """TF-style preprocessing (pixels scaled to [-1, 1]).

    Args:
        x: Images, values in [0, 255].
        data_format: Optional data format of the images.
    """
    return imagenet_utils.preprocess_input(x, data_format=data_format, mode="tf")


def decode_predictions(preds, top: int = 5):
    """Decodes ImageNet predictions; see `keras.applications.imagenet_utils`.

    Args:
        preds: Predictions, shape `(samples, 1000)`.
        top: How many top guesses to return per sample.
    """
    return imagenet_utils.decode_predictions(preds, top=top)
