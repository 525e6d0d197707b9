"""ResNet (He et al., CVPR 2015) and ResNetV2 (identity mappings) builders."""

from __future__ import annotations

from torcheras import backend, layers
from torcheras.applications import _common, _weights, imagenet_utils

_BASE = "https://storage.googleapis.com/tensorflow/keras-applications/resnet/"
# (with top, without top) md5 of Keras's published files.
HASHES = {
    "resnet50": ("2cb95161c43110f7111970584f804107", "4d473c1dd8becc155b73f8504c6f6626"),
    "resnet101": ("f1aeb4b969a6efcfb50fad2f0c20cfc5", "88cf7a10940856eca736dc7b7e228a21"),
    "resnet152": ("100835be76be38e30d865e96f2aaae62", "ee4c566cf9a93f14d82f913c2dc6dd0c"),
    "resnet50v2": ("3ef43a0b657b3be2300d5770ece849e0", "fac2f116257151a9d068a22e544a4917"),
    "resnet101v2": ("6343647c601c52e1368623803854d971", "c0ed64b8031c3730f411d2eb4eea35b5"),
    "resnet152v2": ("a49b44d1979771252814e80f8ec446f9", "ed17cf2e0169df9d443503ef94b23b33"),
}
_EPS = 1.001e-5

DOC = """Instantiates the {arch} architecture (Keras's layer names and weight layout).

    Args:
        include_top: Whether to include the fully-connected layer at the top.
        weights: `None` (random initialization), `"imagenet"` (Keras's pretrained weights,
            downloaded to `~/.keras/models`) or the path to a weights file.
        input_tensor: Optional Keras tensor (output of `layers.Input()`) to use as image
            input.
        input_shape: Optional shape tuple, only to be specified if `include_top` is `False`
            (otherwise `(224, 224, 3)`); width and height no smaller than 32.
        pooling: Feature-extraction pooling when `include_top` is `False`: `None` (4D
            output), `"avg"` or `"max"` (global pooling, 2D output).
        classes: Number of classes, only if `include_top` is `True` and no weights.
        classifier_activation: Activation of the top layer (only `None` or `"softmax"` with
            pretrained weights).
        name: The name of the model.

    Returns:
        A `Model` instance.
    """


def _bn(x, name):
    axis = 3 if backend.image_data_format() == "channels_last" else 1
    return layers.BatchNormalization(axis=axis, epsilon=_EPS, name=name)(x)


def block_v1(x, filters, stride=1, conv_shortcut=True, name=None):
    if conv_shortcut:
        shortcut = layers.Conv2D(4 * filters, 1, strides=stride, name=f"{name}_0_conv")(x)
        shortcut = _bn(shortcut, f"{name}_0_bn")
    else:
        shortcut = x
    x = layers.Conv2D(filters, 1, strides=stride, name=f"{name}_1_conv")(x)
    x = layers.Activation("relu", name=f"{name}_1_relu")(_bn(x, f"{name}_1_bn"))
    x = layers.Conv2D(filters, 3, padding="same", name=f"{name}_2_conv")(x)
    x = layers.Activation("relu", name=f"{name}_2_relu")(_bn(x, f"{name}_2_bn"))
    x = layers.Conv2D(4 * filters, 1, name=f"{name}_3_conv")(x)
    x = _bn(x, f"{name}_3_bn")
    x = layers.Add(name=f"{name}_add")([shortcut, x])
    return layers.Activation("relu", name=f"{name}_out")(x)


def stack_v1(x, filters, blocks, stride1=2, name=None):
    x = block_v1(x, filters, stride=stride1, name=f"{name}_block1")
    for i in range(2, blocks + 1):
        x = block_v1(x, filters, conv_shortcut=False, name=f"{name}_block{i}")
    return x


def block_v2(x, filters, stride=1, conv_shortcut=False, name=None):
    preact = layers.Activation("relu", name=f"{name}_preact_relu")(
        _bn(x, f"{name}_preact_bn"))
    if conv_shortcut:
        shortcut = layers.Conv2D(4 * filters, 1, strides=stride, name=f"{name}_0_conv")(preact)
    elif stride > 1:
        shortcut = layers.MaxPooling2D(1, strides=stride)(x)
    else:
        shortcut = x
    x = layers.Conv2D(filters, 1, strides=1, use_bias=False, name=f"{name}_1_conv")(preact)
    x = layers.Activation("relu", name=f"{name}_1_relu")(_bn(x, f"{name}_1_bn"))
    x = layers.ZeroPadding2D(padding=((1, 1), (1, 1)), name=f"{name}_2_pad")(x)
    x = layers.Conv2D(filters, 3, strides=stride, use_bias=False, name=f"{name}_2_conv")(x)
    x = layers.Activation("relu", name=f"{name}_2_relu")(_bn(x, f"{name}_2_bn"))
    x = layers.Conv2D(4 * filters, 1, name=f"{name}_3_conv")(x)
    return layers.Add(name=f"{name}_out")([shortcut, x])


def stack_v2(x, filters, blocks, stride1=2, name=None):
    x = block_v2(x, filters, conv_shortcut=True, name=f"{name}_block1")
    for i in range(2, blocks):
        x = block_v2(x, filters, name=f"{name}_block{i}")
    return block_v2(x, filters, stride=stride1, name=f"{name}_block{blocks}")


def build_resnet(blocks, preact: bool, weights_name: str, include_top, weights, input_tensor,
                 input_shape, pooling, classes, classifier_activation, name):
    """ResNet with ``blocks`` residual blocks in stages conv2..conv5 (V2 when ``preact``)."""
    _weights.check_weights_arg(weights)
    _weights.check_classes(weights, include_top, classes)
    input_shape = imagenet_utils.obtain_input_shape(
        input_shape, default_size=224, min_size=32, data_format=backend.image_data_format(),
        require_flatten=include_top, weights=weights)
    img_input = _common.make_input(input_tensor, input_shape)
    x = layers.ZeroPadding2D(padding=((3, 3), (3, 3)), name="conv1_pad")(img_input)
    x = layers.Conv2D(64, 7, strides=2, use_bias=True, name="conv1_conv")(x)
    if not preact:
        x = layers.Activation("relu", name="conv1_relu")(_bn(x, "conv1_bn"))
    x = layers.ZeroPadding2D(padding=((1, 1), (1, 1)), name="pool1_pad")(x)
    x = layers.MaxPooling2D(3, strides=2, name="pool1_pool")(x)
    for i, (filters, n) in enumerate(zip((64, 128, 256, 512), blocks)):
        stage = f"conv{i + 2}"
        if preact:
            x = stack_v2(x, filters, n, stride1=1 if i == 3 else 2, name=stage)
        else:
            x = stack_v1(x, filters, n, stride1=1 if i == 0 else 2, name=stage)
    if preact:
        x = layers.Activation("relu", name="post_relu")(_bn(x, "post_bn"))
    if include_top:
        x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
        _common.validate_activation(classifier_activation, weights)
        x = layers.Dense(classes, activation=classifier_activation, name="predictions")(x)
    else:
        x = _common.pool(x, pooling, "avg_pool", "max_pool")
    model = _common.finish(img_input, input_tensor, x, name)
    suffix = "" if include_top else "_notop"
    fname = f"{weights_name}_weights_tf_dim_ordering_tf_kernels{suffix}.h5"
    _weights.load(model, weights, fname, _BASE + fname,
                  HASHES[weights_name][0 if include_top else 1])
    return model
