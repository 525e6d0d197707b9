"""`keras.applications.nasnet`: NASNetMobile and NASNetLarge (Zoph et al., CVPR 2018)."""

from __future__ import annotations

from torcheras import backend, layers
from torcheras.applications import _common, _weights, imagenet_utils
from torcheras.applications._nasnet_cells import normal_cell, reduction_cell

__all__ = ["NASNetLarge", "NASNetMobile", "decode_predictions", "preprocess_input"]

_BASE = "https://storage.googleapis.com/tensorflow/keras-applications/nasnet/"
# default size -> ((local name, url name, md5) with top, (...) without top)
_FILES = {
    224: (("nasnet_mobile.h5", "NASNet-mobile.h5", "020fb642bf7360b370c678b08e0adf61"),
          ("nasnet_mobile_no_top.h5", "NASNet-mobile-no-top.h5",
           "1ed92395b5b598bdda52abe5c0dbfd63")),
    331: (("nasnet_large.h5", "NASNet-large.h5", "11577c9a518f0070763c2b964a382f17"),
          ("nasnet_large_no_top.h5", "NASNet-large-no-top.h5",
           "d81d89dc07e6e56530c4e77faddd61b5")),
}

_DOC = """Instantiates the {arch} architecture (Keras's layer names and weight layout).

    Args:
        input_shape: Optional shape tuple, only to be specified if `include_top` is `False`
            (otherwise `({size}, {size}, 3)`); width and height no smaller than 32.
        include_top: Whether to include the fully-connected layer at the top.
        weights: `None`, `"imagenet"` or the path to a weights file.
        input_tensor: Optional Keras tensor to use as image input.
        pooling: Feature-extraction pooling when `include_top` is `False`: `None`, `"avg"`
            or `"max"`.
        classes: Number of classes, only if `include_top` is `True` and no weights.
        classifier_activation: Activation of the top layer (only `None` or `"softmax"` with
            pretrained weights).
        name: The name of the model.

    Returns:
        A `Model` instance.
    """


def _check_args(input_shape, weights, include_top, classes, penultimate_filters,
                filter_multiplier) -> None:
    if backend.image_data_format() == "channels_first":
        raise ValueError(
            "NASNet does not support the `channels_first` image data format. Switch to "
            "`channels_last` by editing your local config file at ~/.keras/keras.json")
    _weights.check_weights_arg(weights)
    _weights.check_classes(weights, include_top, classes)
    if isinstance(input_shape, tuple) and None in input_shape and weights == "imagenet":
        raise ValueError(
            "When specifying the input shape of a NASNet and loading `ImageNet` weights, the "
            "input_shape argument must be static (no None entries). Got: "
            f"`input_shape={input_shape}`.")
    if penultimate_filters % (24 * filter_multiplier**2) != 0:
        raise ValueError(
            "For NASNet-A models, the `penultimate_filters` must be a multiple of 24 * "
            f"(`filter_multiplier` ** 2). Current value: {penultimate_filters}")


def _nasnet(input_shape, penultimate_filters, num_blocks, stem_block_filters, skip_reduction,
            filter_multiplier, include_top, weights, input_tensor, pooling, classes,
            default_size, classifier_activation, name):
    _check_args(input_shape, weights, include_top, classes, penultimate_filters,
                filter_multiplier)
    input_shape = imagenet_utils.obtain_input_shape(
        input_shape, default_size=default_size, min_size=32,
        data_format=backend.image_data_format(), require_flatten=include_top, weights=weights)
    img_input = _common.make_input(input_tensor, input_shape)
    filters = penultimate_filters // 24
    x = layers.Conv2D(stem_block_filters, (3, 3), strides=(2, 2), padding="valid",
                      use_bias=False, name="stem_conv1", kernel_initializer="he_normal")(img_input)
    x = layers.BatchNormalization(axis=-1, momentum=0.9997, epsilon=1e-3, name="stem_bn1")(x)
    p = None
    x, p = reduction_cell(x, p, filters // filter_multiplier**2, block_id="stem_1")
    x, p = reduction_cell(x, p, filters // filter_multiplier, block_id="stem_2")
    for stage in range(3):
        width = filters * filter_multiplier**stage
        if stage:
            x, p0 = reduction_cell(x, p, width, block_id=f"reduce_{stage * num_blocks}")
            p = p if skip_reduction else p0
        for i in range(num_blocks):
            block = f"{stage * num_blocks + i + (1 if stage else 0)}"
            x, p = normal_cell(x, p, width, block_id=block)
    x = layers.Activation("relu")(x)
    if include_top:
        x = layers.GlobalAveragePooling2D()(x)
        _common.validate_activation(classifier_activation, weights)
        x = layers.Dense(classes, activation=classifier_activation, name="predictions")(x)
    else:
        x = _common.pool(x, pooling)
    model = _common.finish(img_input, input_tensor, x, name)
    if weights == "imagenet":
        if default_size not in _FILES:
            raise ValueError(
                "ImageNet weights can only be loaded with NASNetLarge or NASNetMobile")
        fname, url_name, md5 = _FILES[default_size][0 if include_top else 1]
        _weights.load(model, weights, fname, _BASE + url_name, md5)
    else:
        _weights.load(model, weights)
    return model


def NASNetMobile(input_shape=None, include_top: bool = True, weights="imagenet",
                 input_tensor=None, pooling=None, classes: int = 1000,
                 classifier_activation="softmax", name: str = "nasnet_mobile"):
    if not include_top and input_shape is None:
        input_shape = (224, 224, 3)
    return _nasnet(input_shape, 1056, 4, 32, False, 2, include_top, weights, input_tensor,
                   pooling, classes, 224, classifier_activation, name)


def NASNetLarge(input_shape=None, include_top: bool = True, weights="imagenet",
                input_tensor=None, pooling=None, classes: int = 1000,
                classifier_activation="softmax", name: str = "nasnet_large"):
    return _nasnet(input_shape, 4032, 6, 96, True, 2, include_top, weights, input_tensor,
                   pooling, classes, 331, classifier_activation, name)


NASNetMobile.__doc__ = _DOC.format(arch="NASNetMobile", size=224)
NASNetLarge.__doc__ = _DOC.format(arch="NASNetLarge", size=331)


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
