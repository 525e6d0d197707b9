"""EfficientNetV2's MBConv and Fused-MBConv blocks and stage tables (Tan & Le, ICML 2021)."""

from __future__ import annotations

from torcheras import backend, layers
from torcheras.applications._efficientnet_block import conv_init

# (kernel, repeats, filters_in, filters_out, expand_ratio, se_ratio, strides, fused) per stage.
_B = ((3, 1, 32, 16, 1, 0, 1, 1), (3, 2, 16, 32, 4, 0, 2, 1), (3, 2, 32, 48, 4, 0, 2, 1),
      (3, 3, 48, 96, 4, 0.25, 2, 0), (3, 5, 96, 112, 6, 0.25, 1, 0),
      (3, 8, 112, 192, 6, 0.25, 2, 0))
STAGES = {
    "b0": _B, "b1": _B, "b2": _B, "b3": _B,
    "s": ((3, 2, 24, 24, 1, 0, 1, 1), (3, 4, 24, 48, 4, 0, 2, 1), (3, 4, 48, 64, 4, 0, 2, 1),
          (3, 6, 64, 128, 4, 0.25, 2, 0), (3, 9, 128, 160, 6, 0.25, 1, 0),
          (3, 15, 160, 256, 6, 0.25, 2, 0)),
    "m": ((3, 3, 24, 24, 1, 0, 1, 1), (3, 5, 24, 48, 4, 0, 2, 1), (3, 5, 48, 80, 4, 0, 2, 1),
          (3, 7, 80, 160, 4, 0.25, 2, 0), (3, 14, 160, 176, 6, 0.25, 1, 0),
          (3, 18, 176, 304, 6, 0.25, 2, 0), (3, 5, 304, 512, 6, 0.25, 1, 0)),
    "l": ((3, 4, 32, 32, 1, 0, 1, 1), (3, 7, 32, 64, 4, 0, 2, 1), (3, 7, 64, 96, 4, 0, 2, 1),
          (3, 10, 96, 192, 4, 0.25, 2, 0), (3, 19, 192, 224, 6, 0.25, 1, 0),
          (3, 25, 224, 384, 6, 0.25, 2, 0), (3, 7, 384, 640, 6, 0.25, 1, 0)),
}


def _axis() -> int:
    return 3 if backend.image_data_format() == "channels_last" else 1


def _bn(x, momentum, name):
    return layers.BatchNormalization(axis=_axis(), momentum=momentum, name=name)(x)


def _se(x, filters_in, filters, se_ratio, activation, name):
    filters_se = max(1, int(filters_in * se_ratio))
    se = layers.GlobalAveragePooling2D(name=f"{name}se_squeeze")(x)
    se_shape = (filters, 1, 1) if _axis() == 1 else (1, 1, filters)
    se = layers.Reshape(se_shape, name=f"{name}se_reshape")(se)
    se = layers.Conv2D(filters_se, 1, padding="same", activation=activation,
                       kernel_initializer=conv_init(), name=f"{name}se_reduce")(se)
    se = layers.Conv2D(filters, 1, padding="same", activation="sigmoid",
                       kernel_initializer=conv_init(), name=f"{name}se_expand")(se)
    return layers.multiply([x, se], name=f"{name}se_excite")


def _skip(x, inputs, filters_in, filters_out, strides, survival, name):
    if strides == 1 and filters_in == filters_out:
        if survival:
            x = layers.Dropout(survival, noise_shape=(None, 1, 1, 1), name=f"{name}drop")(x)
        x = layers.add([x, inputs], name=f"{name}add")
    return x


def mbconv(inputs, filters_in, filters_out, expand_ratio, kernel_size, strides, se_ratio,
           momentum, activation, survival, name):
    filters = filters_in * expand_ratio
    x = inputs
    if expand_ratio != 1:
        x = layers.Conv2D(filters, kernel_size=1, strides=1, kernel_initializer=conv_init(),
                          padding="same", use_bias=False, name=f"{name}expand_conv")(x)
        x = layers.Activation(activation, name=f"{name}expand_activation")(
            _bn(x, momentum, f"{name}expand_bn"))
    x = layers.DepthwiseConv2D(kernel_size=kernel_size, strides=strides,
                               depthwise_initializer=conv_init(), padding="same",
                               use_bias=False, name=f"{name}dwconv2")(x)
    x = layers.Activation(activation, name=f"{name}activation")(_bn(x, momentum, f"{name}bn"))
    if 0 < se_ratio <= 1:
        x = _se(x, filters_in, filters, se_ratio, activation, name)
    x = layers.Conv2D(filters_out, kernel_size=1, strides=1, kernel_initializer=conv_init(),
                      padding="same", use_bias=False, name=f"{name}project_conv")(x)
    x = _bn(x, momentum, f"{name}project_bn")
    return _skip(x, inputs, filters_in, filters_out, strides, survival, name)


def fused_mbconv(inputs, filters_in, filters_out, expand_ratio, kernel_size, strides, se_ratio,
                 momentum, activation, survival, name):
    filters = filters_in * expand_ratio
    x = inputs
    if expand_ratio != 1:
        x = layers.Conv2D(filters, kernel_size=kernel_size, strides=strides,
                          kernel_initializer=conv_init(), padding="same", use_bias=False,
                          name=f"{name}expand_conv")(x)
        x = layers.Activation(activation, name=f"{name}expand_activation")(
            _bn(x, momentum, f"{name}expand_bn"))
    if 0 < se_ratio <= 1:
        x = _se(x, filters_in, filters, se_ratio, activation, name)
    expanded = expand_ratio != 1
    x = layers.Conv2D(filters_out, kernel_size=1 if expanded else kernel_size,
                      strides=1 if expanded else strides, kernel_initializer=conv_init(),
                      padding="same", use_bias=False, name=f"{name}project_conv")(x)
    x = _bn(x, momentum, f"{name}project_bn")
    if not expanded:
        x = layers.Activation(activation, name=f"{name}project_activation")(x)
    return _skip(x, inputs, filters_in, filters_out, strides, survival, name)
