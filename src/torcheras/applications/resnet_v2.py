"""`keras.applications.resnet_v2`: ResNet50V2, ResNet101V2 and ResNet152V2."""

from __future__ import annotations

from torcheras.applications import _resnet, imagenet_utils

__all__ = ["ResNet50V2", "ResNet101V2", "ResNet152V2", "decode_predictions",
           "preprocess_input"]


def ResNet50V2(include_top: bool = True, weights="imagenet", input_tensor=None,
               input_shape=None, pooling=None, classes: int = 1000,
               classifier_activation="softmax", name: str = "resnet50v2"):
    return _resnet.build_resnet((3, 4, 6, 3), True, "resnet50v2", include_top, weights,
                                input_tensor, input_shape, pooling, classes,
                                classifier_activation, name)


def ResNet101V2(include_top: bool = True, weights="imagenet", input_tensor=None,
                input_shape=None, pooling=None, classes: int = 1000,
                classifier_activation="softmax", name: str = "resnet101v2"):
    return _resnet.build_resnet((3, 4, 23, 3), True, "resnet101v2", include_top, weights,
                                input_tensor, input_shape, pooling, classes,
                                classifier_activation, name)


def ResNet152V2(include_top: bool = True, weights="imagenet", input_tensor=None,
                input_shape=None, pooling=None, classes: int = 1000,
                classifier_activation="softmax", name: str = "resnet152v2"):
    return _resnet.build_resnet((3, 8, 36, 3), True, "resnet152v2", include_top, weights,
                                input_tensor, input_shape, pooling, classes,
                                classifier_activation, name)


for _fn in (ResNet50V2, ResNet101V2, ResNet152V2):
    _fn.__doc__ = _resnet.DOC.format(arch=_fn.__name__)


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
