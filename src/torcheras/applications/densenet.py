"""`keras.applications.densenet`: DenseNet121/169/201 (Huang et al., CVPR 2017)."""

from __future__ import annotations

from torcheras import backend, layers
from torcheras.applications import _common, _resnet, _weights, imagenet_utils

__all__ = ["DenseNet121", "DenseNet169", "DenseNet201", "decode_predictions",
           "preprocess_input"]

_BASE = "https://storage.googleapis.com/tensorflow/keras-applications/densenet/"
_HASHES = {
    121: ("9d60b8095a5708f2dcce2bca79d332c7", "30ee3e1110167f948a6b9946edeeb738"),
    169: ("d699b8f76981ab1b30698df4c175e90b", "b8c4d4c20dd625c148057b9ff1c1176b"),
    201: ("1ceb130c1ea1b78c3bf6114dbdfd8807", "c13680b51ded0fb44dff2d8f86ac8bb1"),
}
_EPS = 1.001e-5


def _conv_block(x, growth_rate, name):
    x1 = layers.BatchNormalization(axis=3, epsilon=_EPS, name=f"{name}_0_bn")(x)
    x1 = layers.Activation("relu", name=f"{name}_0_relu")(x1)
    x1 = layers.Conv2D(4 * growth_rate, 1, use_bias=False, name=f"{name}_1_conv")(x1)
    x1 = layers.BatchNormalization(axis=3, epsilon=_EPS, name=f"{name}_1_bn")(x1)
    x1 = layers.Activation("relu", name=f"{name}_1_relu")(x1)
    x1 = layers.Conv2D(growth_rate, 3, padding="same", use_bias=False,
                       name=f"{name}_2_conv")(x1)
    return layers.Concatenate(axis=3, name=f"{name}_concat")([x, x1])


def _transition_block(x, reduction, name):
    x = layers.BatchNormalization(axis=3, epsilon=_EPS, name=f"{name}_bn")(x)
    x = layers.Activation("relu", name=f"{name}_relu")(x)
    x = layers.Conv2D(int(x.shape[3] * reduction), 1, use_bias=False, name=f"{name}_conv")(x)
    return layers.AveragePooling2D(2, strides=2, name=f"{name}_pool")(x)


def _densenet(blocks, depth, include_top, weights, input_tensor, input_shape, pooling, classes,
              classifier_activation, name):
    if backend.image_data_format() == "channels_first":
        raise ValueError(
            "DenseNet does not support the `channels_first` image data format. Switch to "
            "`channels_last` by editing your local config file at ~/.keras/keras.json")
    _weights.check_weights_arg(weights)
    _weights.check_classes(weights, include_top, classes)
    input_shape = imagenet_utils.obtain_input_shape(
        input_shape, default_size=224, min_size=32, data_format=backend.image_data_format(),
        require_flatten=include_top, weights=weights)
    img_input = _common.make_input(input_tensor, input_shape)
    x = layers.ZeroPadding2D(padding=((3, 3), (3, 3)))(img_input)
    x = layers.Conv2D(64, 7, strides=2, use_bias=False, name="conv1_conv")(x)
    x = layers.BatchNormalization(axis=3, epsilon=_EPS, name="conv1_bn")(x)
    x = layers.Activation("relu", name="conv1_relu")(x)
    x = layers.ZeroPadding2D(padding=((1, 1), (1, 1)))(x)
    x = layers.MaxPooling2D(3, strides=2, name="pool1")(x)
    for stage, n in enumerate(blocks, start=2):
        for i in range(n):
            x = _conv_block(x, 32, name=f"conv{stage}_block{i + 1}")
        if stage < 5:
            x = _transition_block(x, 0.5, name=f"pool{stage}")
    x = layers.BatchNormalization(axis=3, epsilon=_EPS, name="bn")(x)
    x = layers.Activation("relu", name="relu")(x)
    if include_top:
        x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
        _common.validate_activation(classifier_activation, weights)
        x = layers.Dense(classes, activation=classifier_activation, name="predictions")(x)
    else:
        x = _common.pool(x, pooling, "avg_pool", "max_pool")
    model = _common.finish(img_input, input_tensor, x, name)
    suffix = "" if include_top else "_notop"
    fname = f"densenet{depth}_weights_tf_dim_ordering_tf_kernels{suffix}.h5"
    _weights.load(model, weights, fname, _BASE + fname, _HASHES[depth][0 if include_top else 1])
    return model


def DenseNet121(include_top: bool = True, weights="imagenet", input_tensor=None,
                input_shape=None, pooling=None, classes: int = 1000,
                classifier_activation="softmax", name: str = "densenet121"):
    return _densenet((6, 12, 24, 16), 121, include_top, weights, input_tensor, input_shape,
                     pooling, classes, classifier_activation, name)


def DenseNet169(include_top: bool = True, weights="imagenet", input_tensor=None,
                input_shape=None, pooling=None, classes: int = 1000,
                classifier_activation="softmax", name: str = "densenet169"):
    return _densenet((6, 12, 32, 32), 169, include_top, weights, input_tensor, input_shape,
                     pooling, classes, classifier_activation, name)


def DenseNet201(include_top: bool = True, weights="imagenet", input_tensor=None,
                input_shape=None, pooling=None, classes: int = 1000,
                classifier_activation="softmax", name: str = "densenet201"):
    return _densenet((6, 12, 48, 32), 201, include_top, weights, input_tensor, input_shape,
                     pooling, classes, classifier_activation, name)


for _fn in (DenseNet121, DenseNet169, DenseNet201):
    _fn.__doc__ = _resnet.DOC.format(arch=_fn.__name__)


def preprocess_input(x, data_format=None):
    """Torch-style preprocessing (scaled to [0, 1], then normalized per channel with
    ImageNet's means and standard deviations).

    Args:
        x: Images, values in [0, 255].
        data_format: Optional data format of the images.
    """
    return imagenet_utils.preprocess_input(x, data_format=data_format, mode="torch")


def decode_predictions(preds, top: int = 5):
    """Decodes ImageNet predictions; see `keras.applications.imagenet_utils`.

    Args:
        preds: Predictions, shape `(samples, 1000)`.
        top: How many top guesses to return per sample.
    """
    return imagenet_utils.decode_predictions(preds, top=top)
