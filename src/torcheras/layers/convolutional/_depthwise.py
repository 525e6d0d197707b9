"""Depthwise and separable convolutions (``DepthwiseConv1D/2D``, ``SeparableConv1D/2D``)."""

from __future__ import annotations

from torcheras import activations
from torcheras._validation import CONV_MESSAGE, check_positive_int
from torcheras.layers._weight_args import set_weight_args, weight_args_config
from torcheras.layers.convolutional import _args, _ops
from torcheras.layers.convolutional._base_conv import ConvLayer


class BaseDepthwiseConv(ConvLayer):
    """Each input channel convolved with its own ``depth_multiplier`` filters.

    The kernel has Keras's shape ``(*kernel_size, in, depth_multiplier)``; output channel
    ``i * depth_multiplier + m`` comes from input channel ``i`` and filter ``m``.
    """

    def __init__(self, rank: int, depth_multiplier=1, kernel_size=None, strides=1,
                 padding="valid", data_format=None, dilation_rate=1, activation=None,
                 use_bias: bool = True, depthwise_initializer="glorot_uniform",
                 bias_initializer="zeros", depthwise_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, depthwise_constraint=None, bias_constraint=None,
                 **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.rank = rank
        self.depth_multiplier = check_positive_int(depth_multiplier, "depth_multiplier",
                                                   message=CONV_MESSAGE)
        self._set_geometry(kernel_size, strides, padding, data_format, dilation_rate)
        self._set_activation(activation)
        self.use_bias = bool(use_bias)
        set_weight_args(
            self, depthwise=(depthwise_initializer, depthwise_regularizer, depthwise_constraint),
            bias=(bias_initializer, bias_regularizer, bias_constraint))

    def build(self, input_shape) -> None:
        channels = self._input_channels(input_shape)
        self.compute_output_shape(input_shape)
        self.kernel = self.add_weight(
            shape=self.kernel_size + (channels, self.depth_multiplier),
            initializer=self.depthwise_initializer, regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint, name="kernel")
        self.bias = self.add_weight(
            shape=(channels * self.depth_multiplier,), initializer=self.bias_initializer,
            regularizer=self.bias_regularizer, constraint=self.bias_constraint,
            name="bias") if self.use_bias else None
        self._lock_channels(channels)
        self.built = True

    def call(self, inputs):
        kernel = self.kernel
        if inputs.dtype != kernel.dtype:
            inputs = inputs.to(kernel.dtype)
        x, pad = self._padded(_ops.to_torch(inputs, self.rank, self._channels_last))
        try:
            y = _ops.CONV[x.dim() - 2](x, _ops.depthwise_kernel(kernel, self.rank), self.bias,
                                       self._t_strides, pad, self._t_dilation,
                                       kernel.shape[-2])
        except RuntimeError as error:
            self._raise_shape_error(inputs, error)
        return self._activate(_ops.from_torch(y, self.rank, self._channels_last))

    def compute_output_shape(self, input_shape):
        channels = self._input_channels(input_shape)
        return _args.conv_output_shape(self, input_shape, channels * self.depth_multiplier)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"depth_multiplier": self.depth_multiplier, **self._geometry_config(),
                       "activation": activations.serialize(self.activation),
                       "use_bias": self.use_bias,
                       **weight_args_config(self, "depthwise", "bias")})
        return config


class BaseSeparableConv(ConvLayer):
    """A depthwise convolution followed by a 1x1 (pointwise) convolution to ``filters``."""

    def __init__(self, rank: int, filters, kernel_size, strides=1,
                 padding="valid", data_format=None, dilation_rate=1, depth_multiplier=1,
                 activation=None, use_bias: bool = True,
                 depthwise_initializer="glorot_uniform", pointwise_initializer="glorot_uniform",
                 bias_initializer="zeros", depthwise_regularizer=None,
                 pointwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 depthwise_constraint=None, pointwise_constraint=None, bias_constraint=None,
                 **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.rank = rank
        self.filters = check_positive_int(filters, "filters", message=CONV_MESSAGE)
        self.depth_multiplier = check_positive_int(depth_multiplier, "depth_multiplier",
                                                   message=CONV_MESSAGE)
        self._set_geometry(kernel_size, strides, padding, data_format, dilation_rate)
        self._set_activation(activation)
        self.use_bias = bool(use_bias)
        set_weight_args(
            self, depthwise=(depthwise_initializer, depthwise_regularizer, depthwise_constraint),
            pointwise=(pointwise_initializer, pointwise_regularizer, pointwise_constraint),
            bias=(bias_initializer, bias_regularizer, bias_constraint))

    def build(self, input_shape) -> None:
        channels = self._input_channels(input_shape)
        self.compute_output_shape(input_shape)
        self.depthwise_kernel = self.add_weight(
            shape=self.kernel_size + (channels, self.depth_multiplier),
            initializer=self.depthwise_initializer, regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint, name="depthwise_kernel")
        self.pointwise_kernel = self.add_weight(
            shape=(1,) * self.rank + (channels * self.depth_multiplier, self.filters),
            initializer=self.pointwise_initializer, regularizer=self.pointwise_regularizer,
            constraint=self.pointwise_constraint, name="pointwise_kernel")
        self.bias = self.add_weight(
            shape=(self.filters,), initializer=self.bias_initializer,
            regularizer=self.bias_regularizer, constraint=self.bias_constraint,
            name="bias") if self.use_bias else None
        self._lock_channels(channels)
        self.built = True

    def call(self, inputs):
        depthwise = self.depthwise_kernel
        if inputs.dtype != depthwise.dtype:
            inputs = inputs.to(depthwise.dtype)
        x, pad = self._padded(_ops.to_torch(inputs, self.rank, self._channels_last))
        conv = _ops.CONV[x.dim() - 2]
        try:
            y = conv(x, _ops.depthwise_kernel(depthwise, self.rank), None, self._t_strides,
                     pad, self._t_dilation, depthwise.shape[-2])
        except RuntimeError as error:
            self._raise_shape_error(inputs, error)
        y = conv(y, _ops.conv_kernel(self.pointwise_kernel, self.rank), self.bias)
        return self._activate(_ops.from_torch(y, self.rank, self._channels_last))

    def compute_output_shape(self, input_shape):
        return _args.conv_output_shape(self, input_shape, self.filters)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"depth_multiplier": self.depth_multiplier, "filters": self.filters,
                       **self._geometry_config(),
                       "activation": activations.serialize(self.activation),
                       "use_bias": self.use_bias,
                       **weight_args_config(self, "depthwise", "pointwise", "bias")})
        return config


class DepthwiseConv1D(BaseDepthwiseConv):
    """1D depthwise convolution: every input channel gets ``depth_multiplier`` filters.

    Args:
        kernel_size: Int or tuple of 1 int.
        strides, padding, data_format, dilation_rate, activation, use_bias: as ``Conv1D``
            (``padding`` is ``"valid"`` or ``"same"``).
        depth_multiplier: Filters per input channel (output channels ``in * multiplier``).
        depthwise_initializer, bias_initializer, depthwise_regularizer, bias_regularizer,
        activity_regularizer, depthwise_constraint, bias_constraint: for the
            ``(kernel_size, in, depth_multiplier)`` kernel and the bias.

    Example:

    >>> import numpy as np
    >>> DepthwiseConv1D(3, depth_multiplier=2)(np.zeros((1, 8, 4), "float32")).shape
    torch.Size([1, 6, 8])
    """

    rank = 1

    def __init__(self, kernel_size, strides=1, padding="valid", depth_multiplier=1,
                 data_format=None, dilation_rate=1, activation=None, use_bias: bool = True,
                 depthwise_initializer="glorot_uniform", bias_initializer="zeros",
                 depthwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 depthwise_constraint=None, bias_constraint=None, **kwargs):
        args = dict(kernel_size=kernel_size, strides=strides, padding=padding,
                    depth_multiplier=depth_multiplier, data_format=data_format,
                    dilation_rate=dilation_rate, activation=activation, use_bias=use_bias,
                    depthwise_initializer=depthwise_initializer,
                    bias_initializer=bias_initializer,
                    depthwise_regularizer=depthwise_regularizer,
                    bias_regularizer=bias_regularizer,
                    activity_regularizer=activity_regularizer,
                    depthwise_constraint=depthwise_constraint, bias_constraint=bias_constraint)
        super().__init__(1, **args, **kwargs)


class DepthwiseConv2D(BaseDepthwiseConv):
    """2D depthwise convolution: every input channel gets ``depth_multiplier`` filters.

    Args:
        kernel_size: Int or tuple of 2 ints.
        strides, padding, data_format, dilation_rate, activation, use_bias: as ``Conv2D``.
        depth_multiplier: Filters per input channel (output channels ``in * multiplier``).
        depthwise_initializer, bias_initializer, depthwise_regularizer, bias_regularizer,
        activity_regularizer, depthwise_constraint, bias_constraint: for the
            ``(kh, kw, in, depth_multiplier)`` kernel and the bias.

    Example:

    >>> import numpy as np
    >>> layer = DepthwiseConv2D(3, padding="same")
    >>> layer(np.zeros((1, 8, 8, 4), "float32")).shape
    torch.Size([1, 8, 8, 4])
    >>> tuple(layer.kernel.shape)
    (3, 3, 4, 1)
    """

    rank = 2

    def __init__(self, kernel_size, strides=(1, 1), padding="valid", depth_multiplier=1,
                 data_format=None, dilation_rate=(1, 1), activation=None,
                 use_bias: bool = True, depthwise_initializer="glorot_uniform",
                 bias_initializer="zeros", depthwise_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, depthwise_constraint=None, bias_constraint=None,
                 **kwargs):
        args = dict(kernel_size=kernel_size, strides=strides, padding=padding,
                    depth_multiplier=depth_multiplier, data_format=data_format,
                    dilation_rate=dilation_rate, activation=activation, use_bias=use_bias,
                    depthwise_initializer=depthwise_initializer,
                    bias_initializer=bias_initializer,
                    depthwise_regularizer=depthwise_regularizer,
                    bias_regularizer=bias_regularizer,
                    activity_regularizer=activity_regularizer,
                    depthwise_constraint=depthwise_constraint, bias_constraint=bias_constraint)
        super().__init__(2, **args, **kwargs)


def _separable_init(rank: int):
    defaults = {1: 1, 2: (1, 1)}[rank]

    def __init__(self, filters, kernel_size, strides=defaults, padding="valid",
                 data_format=None, dilation_rate=defaults, depth_multiplier=1,
                 activation=None, use_bias: bool = True,
                 depthwise_initializer="glorot_uniform",
                 pointwise_initializer="glorot_uniform", bias_initializer="zeros",
                 depthwise_regularizer=None, pointwise_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, depthwise_constraint=None,
                 pointwise_constraint=None, bias_constraint=None, **kwargs):
        args = dict(filters=filters, kernel_size=kernel_size, strides=strides,
                    padding=padding, data_format=data_format, dilation_rate=dilation_rate,
                    depth_multiplier=depth_multiplier, activation=activation,
                    use_bias=use_bias, depthwise_initializer=depthwise_initializer,
                    pointwise_initializer=pointwise_initializer,
                    bias_initializer=bias_initializer,
                    depthwise_regularizer=depthwise_regularizer,
                    pointwise_regularizer=pointwise_regularizer,
                    bias_regularizer=bias_regularizer,
                    activity_regularizer=activity_regularizer,
                    depthwise_constraint=depthwise_constraint,
                    pointwise_constraint=pointwise_constraint, bias_constraint=bias_constraint)
        BaseSeparableConv.__init__(self, rank, **args, **kwargs)

    return __init__


class SeparableConv1D(BaseSeparableConv):
    """1D separable convolution: a depthwise convolution, then a pointwise one.

    Args:
        filters: Output channels of the pointwise step.
        kernel_size, strides, padding, data_format, dilation_rate: of the depthwise step
            (as ``Conv1D``; ``padding`` is ``"valid"`` or ``"same"``).
        depth_multiplier: Depthwise filters per input channel.
        activation, use_bias: as ``Conv1D``.
        depthwise_*, pointwise_*, bias_*: initializers, regularizers and constraints of the
            ``(kernel_size, in, depth_multiplier)`` and ``(1, in * depth_multiplier,
            filters)`` kernels and of the bias.

    Example:

    >>> import numpy as np
    >>> SeparableConv1D(4, 3)(np.zeros((1, 8, 2), "float32")).shape
    torch.Size([1, 6, 4])
    """

    rank = 1
    __init__ = _separable_init(1)


class SeparableConv2D(BaseSeparableConv):
    """2D separable convolution: a depthwise convolution, then a pointwise one.

    Args:
        filters: Output channels of the pointwise step.
        kernel_size, strides, padding, data_format, dilation_rate: of the depthwise step
            (as ``Conv2D``).
        depth_multiplier: Depthwise filters per input channel.
        activation, use_bias: as ``Conv2D``.
        depthwise_*, pointwise_*, bias_*: initializers, regularizers and constraints of the
            ``(kh, kw, in, depth_multiplier)`` and ``(1, 1, in * depth_multiplier,
            filters)`` kernels and of the bias.

    Example:

    >>> import numpy as np
    >>> layer = SeparableConv2D(8, 3, padding="same")
    >>> layer(np.zeros((1, 6, 6, 3), "float32")).shape
    torch.Size([1, 6, 6, 8])
    >>> [tuple(w.shape) for w in layer.weights]
    [(3, 3, 3, 1), (1, 1, 3, 8), (8,)]
    """

    rank = 2
    __init__ = _separable_init(2)
