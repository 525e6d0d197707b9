"""`keras.applications.convnext`: ConvNeXt Tiny to XLarge (Liu et al., CVPR 2022)."""

from __future__ import annotations

import numpy as np
import torch

from torcheras import backend, initializers, layers
from torcheras.applications import _common, _weights, imagenet_utils
from torcheras.layers import Layer
from torcheras.models import Sequential
from torcheras.saving import register_keras_serializable

__all__ = ["ConvNeXtBase", "ConvNeXtLarge", "ConvNeXtSmall", "ConvNeXtTiny", "ConvNeXtXLarge",
           "decode_predictions", "preprocess_input"]

_BASE = "https://storage.googleapis.com/tensorflow/keras-applications/convnext/"
_HASHES = {
    "convnext_tiny": ("8ae6e78ce2933352b1ef4008e6dd2f17bc40771563877d156bc6426c7cf503ff",
                      "d547c096cabd03329d7be5562c5e14798aa39ed24b474157cef5e85ab9e49ef1"),
    "convnext_small": ("ce1277d8f1ee5a0ef0e171469089c18f5233860ceaf9b168049cb9263fd7483c",
                       "6fc8009faa2f00c1c1dfce59feea9b0745eb260a7dd11bee65c8e20843da6eab"),
    "convnext_base": ("52cbb006d3dadd03f6e095a8ca1aca47aecdd75acb4bc74bce1f5c695d0086e6",
                      "40a20c5548a5e9202f69735ecc06c990e6b7c9d2de39f0361e27baeb24cb7c45"),
    "convnext_large": ("070c5ed9ed289581e477741d3b34beffa920db8cf590899d6d2c67fba2a198a6",
                       "96f02b6f0753d4f543261bc9d09bed650f24dd6bc02ddde3066135b63d23a1cd"),
    "convnext_xlarge": ("c1f5ccab661354fc3a79a10fa99af82f0fbf10ec65cb894a3ae0815f17a889ee",
                        "de3f8a54174130e0cecdc71583354753d557fcf1f4487331558e2a16ba0cfe05"),
}
_DEPTHS = {"tiny": (3, 3, 9, 3), "small": (3, 3, 27, 3), "base": (3, 3, 27, 3),
           "large": (3, 3, 27, 3), "xlarge": (3, 3, 27, 3)}
_DIMS = {"tiny": (96, 192, 384, 768), "small": (96, 192, 384, 768),
         "base": (128, 256, 512, 1024), "large": (192, 384, 768, 1536),
         "xlarge": (256, 512, 1024, 2048)}


@register_keras_serializable(package="keras_applications")
class StochasticDepth(Layer):
    """Drops the whole residual branch per sample while training (rate `drop_path_rate`),
    scaling kept samples by `1 / (1 - drop_path_rate)`; the identity at inference.

    Args:
        drop_path_rate: Probability of dropping the branch.
        **kwargs: Base `Layer` arguments (`name`, `dtype`, ...).
    """

    def __init__(self, drop_path_rate: float, **kwargs):
        super().__init__(**kwargs)
        self.drop_path_rate = drop_path_rate

    def call(self, x, training=None):
        if not training:
            return x
        keep = 1.0 - self.drop_path_rate
        shape = (x.shape[0],) + (1,) * (x.dim() - 1)
        mask = torch.floor(keep + torch.rand(shape, dtype=x.dtype, device=x.device))
        return x / keep * mask

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"drop_path_rate": self.drop_path_rate})
        return config


@register_keras_serializable(package="keras_applications")
class LayerScale(Layer):
    """Multiplies its input by a learned per-channel scale `gamma` (initialised to
    `init_values`).

    Args:
        init_values: Initial value of every entry of `gamma`.
        projection_dim: Number of channels (size of `gamma`).
        **kwargs: Base `Layer` arguments (`name`, `dtype`, ...).
    """

    def __init__(self, init_values: float, projection_dim: int, **kwargs):
        super().__init__(**kwargs)
        self.init_values = init_values
        self.projection_dim = projection_dim

    def build(self, input_shape):
        self.gamma = self.add_weight(shape=(self.projection_dim,),
                                     initializer=initializers.Constant(self.init_values),
                                     trainable=True)

    def call(self, x):
        return x * self.gamma

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"init_values": self.init_values, "projection_dim": self.projection_dim})
        return config


def _block(x, dim, drop_path_rate, layer_scale_init_value, name):
    inputs = x
    x = layers.Conv2D(filters=dim, kernel_size=7, padding="same", groups=dim,
                      name=f"{name}_depthwise_conv")(x)
    x = layers.LayerNormalization(epsilon=1e-6, name=f"{name}_layernorm")(x)
    x = layers.Dense(4 * dim, name=f"{name}_pointwise_conv_1")(x)
    x = layers.Activation("gelu", name=f"{name}_gelu")(x)
    x = layers.Dense(dim, name=f"{name}_pointwise_conv_2")(x)
    if layer_scale_init_value is not None:
        x = LayerScale(layer_scale_init_value, dim, name=f"{name}_layer_scale")(x)
    if drop_path_rate:
        branch = StochasticDepth(drop_path_rate, name=f"{name}_stochastic_depth")
    else:
        branch = layers.Activation("linear", name=f"{name}_identity")
    return inputs + branch(x)


def _downsamplers(name, dims) -> list:
    """The stem and the three downsampling blocks, as Keras's nested Sequentials."""
    downsample = [Sequential([
        layers.Conv2D(dims[0], kernel_size=4, strides=4, name=f"{name}_stem_conv"),
        layers.LayerNormalization(epsilon=1e-6, name=f"{name}_stem_layernorm"),
    ], name=f"{name}_stem")]
    for i in range(3):
        downsample.append(Sequential([
            layers.LayerNormalization(epsilon=1e-6, name=f"{name}_downsampling_layernorm_{i}"),
            layers.Conv2D(dims[i + 1], kernel_size=2, strides=2,
                          name=f"{name}_downsampling_conv_{i}"),
        ], name=f"{name}_downsampling_block_{i}"))
    return downsample


def _convnext(variant, include_top, include_preprocessing, weights, input_tensor, input_shape,
              pooling, classes, classifier_activation, name, drop_path_rate=0.0,
              layer_scale_init_value=1e-6):
    if backend.image_data_format() == "channels_first":
        raise ValueError(
            "ConvNeXt does not support the `channels_first` image data format. Switch to "
            "`channels_last` by editing your local config file at ~/.keras/keras.json")
    _weights.check_weights_arg(weights)
    _weights.check_classes(weights, include_top, classes)
    weights_name = f"convnext_{variant}"
    if weights == "imagenet" and weights_name not in name:
        raise ValueError(
            f'Model name "{name}" does not match weights variant "{weights_name}". When '
            "using imagenet weights, model name must contain the weights variant (e.g., "
            f'"{weights_name}").')
    depths, dims = _DEPTHS[variant], _DIMS[variant]
    input_shape = imagenet_utils.obtain_input_shape(
        input_shape, default_size=224, min_size=32, data_format=backend.image_data_format(),
        require_flatten=include_top, weights=weights)
    img_input = _common.make_input(input_tensor, input_shape)
    x = img_input
    if include_preprocessing and input_shape[-1] == 3:
        x = layers.Normalization(
            mean=[0.485 * 255, 0.456 * 255, 0.406 * 255],
            variance=[(0.229 * 255) ** 2, (0.224 * 255) ** 2, (0.225 * 255) ** 2],
            name=f"{name}_prestem_normalization")(x)
    downsample = _downsamplers(name, dims)
    rates = [float(r) for r in np.linspace(0.0, drop_path_rate, sum(depths))]
    cur = 0
    for i in range(4):
        x = downsample[i](x)
        for j in range(depths[i]):
            x = _block(x, dims[i], rates[cur + j], layer_scale_init_value,
                       f"{name}_stage_{i}_block_{j}")
        cur += depths[i]
    if include_top:
        _common.validate_activation(classifier_activation, weights)
        x = layers.GlobalAveragePooling2D(name=f"{name}_head_gap")(x)
        x = layers.LayerNormalization(epsilon=1e-6, name=f"{name}_head_layernorm")(x)
        x = layers.Dense(classes, activation=classifier_activation,
                         name=f"{name}_head_dense")(x)
    else:
        x = _common.pool(x, pooling)
        x = layers.LayerNormalization(epsilon=1e-6)(x)
    model = _common.finish(img_input, input_tensor, x, name)
    fname = name + (".h5" if include_top else "_notop.h5")
    _weights.load(model, weights, fname, _BASE + fname,
                  _HASHES[weights_name][0 if include_top else 1])
    return model


_DOC = """Instantiates the {arch} architecture (Keras's layer names and weight layout).

    Args:
        include_top: Whether to include the classification head.
        include_preprocessing: Whether to normalize the input (pixels in [0, 255]) inside
            the model with ImageNet's statistics.
        weights: `None`, `"imagenet"` or the path to a weights file.
        input_tensor: Optional Keras tensor to use as image input.
        input_shape: Optional shape tuple, only to be specified if `include_top` is `False`;
            width and height no smaller than 32.
        pooling: Feature-extraction pooling when `include_top` is `False`: `None`, `"avg"`
            or `"max"`.
        classes: Number of classes, only if `include_top` is `True` and no weights.
        classifier_activation: Activation of the top layer (only `None` or `"softmax"` with
            pretrained weights).
        name: The name of the model.

    Returns:
        A `Model` instance.
    """


def _variant(arch, variant):
    def build(include_top: bool = True, include_preprocessing: bool = True, weights="imagenet",
              input_tensor=None, input_shape=None, pooling=None, classes: int = 1000,
              classifier_activation="softmax", name: str = f"convnext_{variant}"):
        return _convnext(variant, include_top, include_preprocessing, weights, input_tensor,
                         input_shape, pooling, classes, classifier_activation, name)

    build.__name__ = build.__qualname__ = arch
    build.__doc__ = _DOC.format(arch=arch)
    build.__module__ = __name__
    return build


ConvNeXtTiny = _variant("ConvNeXtTiny", "tiny")
ConvNeXtSmall = _variant("ConvNeXtSmall", "small")
ConvNeXtBase = _variant("ConvNeXtBase", "base")
ConvNeXtLarge = _variant("ConvNeXtLarge", "large")
ConvNeXtXLarge = _variant("ConvNeXtXLarge", "xlarge")


def preprocess_input(x, data_format=None):
    """A placeholder kept for API compatibility: ConvNeXt models preprocess inside the
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
