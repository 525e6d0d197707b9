"""`keras.applications.resnet`: ResNet50, ResNet101 and ResNet152."""

from __future__ import annotations

from torcheras.applications import _resnet, imagenet_utils

__all__ = ["ResNet50", "ResNet101", "ResNet152", "decode_predictions", "preprocess_input"]


def ResNet50(include_top: bool = True, weights="imagenet", input_tensor=None,
             input_shape=None, pooling=None, classes: int = 1000,
             classifier_activation="softmax", name: str = "resnet50"):
    return _resnet.build_resnet((3, 4, 6, 3), False, "resnet50", include_top, weights,
                                input_tensor, input_shape, pooling, classes,
                                classifier_activation, name)


def ResNet101(include_top: bool = True, weights="imagenet", input_tensor=None,
              input_shape=None, pooling=None, classes: int = 1000,
              classifier_activation="softmax", name: str = "resnet101"):
    return _resnet.build_resnet((3, 4, 23, 3), False, "resnet101", include_top, weights,
                                input_tensor, input_shape, pooling, classes,
                                classifier_activation, name)


def ResNet152(include_top: bool = True, weights="imagenet", input_tensor=None,
              input_shape=None, pooling=None, classes: int = 1000,
              classifier_activation="softmax", name: str = "resnet152"):
    return _resnet.build_resnet((3, 8, 36, 3), False, "resnet152", include_top, weights,
                                input_tensor, input_shape, pooling, classes,
                                classifier_activation, name)


for _fn in (ResNet50, ResNet101, ResNet152):
    _fn.__doc__ = _resnet.DOC.format(arch=_fn.__name__)


def preprocess_input(x, data_format=None):
    """Caffe-style preprocessing (RGB to BGR, ImageNet mean subtracted, no scaling).

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
