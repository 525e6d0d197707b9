"""`keras.applications.vgg19`: the VGG19 model."""

from __future__ import annotations

from torcheras.applications import _vgg, imagenet_utils

__all__ = ["VGG19", "decode_predictions", "preprocess_input"]

_HASHES = ("cbe5617147190e668d6c5d5026f83318", "253f8cb515780f3b799900260a226db6")


def VGG19(include_top: bool = True, weights="imagenet", input_tensor=None, input_shape=None,
          pooling=None, classes: int = 1000, classifier_activation="softmax",
          name: str = "vgg19"):
    """Instantiates the VGG19 model (Keras's layer names and weight layout).

    Args:
        include_top: Whether to include the 3 fully-connected layers at the top.
        weights: `None` (random initialization), `"imagenet"` (Keras's pretrained
            weights, downloaded to `~/.keras/models`) or the path to a weights file.
        input_tensor: Optional Keras tensor (output of `layers.Input()`) to use as image
            input.
        input_shape: Optional shape tuple, only to be specified if `include_top` is
            `False` (otherwise `(224, 224, 3)`); width and height no smaller than 32.
        pooling: Feature-extraction pooling when `include_top` is `False`: `None`
            (4D output), `"avg"` or `"max"` (global pooling, 2D output).
        classes: Number of classes, only if `include_top` is `True` and no weights.
        classifier_activation: Activation of the top layer (only `None` or
            `"softmax"` with pretrained weights).
        name: The name of the model.

    Returns:
        A `Model` instance.
    """
    return _vgg.build_vgg((2, 2, 4, 4, 4), 19, _HASHES, include_top, weights, input_tensor,
                          input_shape, pooling, classes, classifier_activation, name)


def preprocess_input(x, data_format=None):
    """Caffe-style preprocessing (RGB to BGR, ImageNet mean subtracted); see
    `keras.applications.imagenet_utils.preprocess_input`.

    Args:
        x: Images, values in [0, 255].
        data_format: Optional data format of the images.
    """
    return imagenet_utils.preprocess_input(x, data_format=data_format, mode="caffe")


def decode_predictions(preds, top: int = 5):
    """Decodes ImageNet predictions; see `keras.applications.imagenet_utils`.

    Args:
        preds: Predictions, shape `(samples, 1000)`.
        top: How many top guesses to return per sample.
    """
    return imagenet_utils.decode_predictions(preds, top=top)
