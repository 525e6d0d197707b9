"""``Conv1D``, ``Conv2D``, ``Conv3D``: convolutions with kernels in Keras's layout."""

from __future__ import annotations

from torcheras.layers.convolutional._base_conv import BaseConv

_ARGS_DOC = """
    Args:
        filters: Number of output channels.
        kernel_size: Int or tuple of {rank} ints, the window size.
        strides: Int or tuple of {rank} ints (default 1); ``strides > 1`` excludes
            ``dilation_rate > 1``.
        padding: ``"valid"`` (no padding) or ``"same"`` (TensorFlow's: output size
            ``ceil(size / stride)``, the odd padding pixel at the end){causal}.
        data_format: ``"channels_last"`` (default, from ``keras.config.image_data_format()``)
            or ``"channels_first"``.
        dilation_rate: Int or tuple of {rank} ints, the dilation of the window.
        groups: Split input channels into this many groups, each convolved with
            ``filters // groups`` filters.
        activation: Activation name or callable applied to the output (default: none).
        use_bias: Whether to add a bias vector.
        kernel_initializer, bias_initializer: Initializers (``glorot_uniform``, ``zeros``).
        kernel_regularizer, bias_regularizer, activity_regularizer: Optional regularizers.
        kernel_constraint, bias_constraint: Optional constraints.

    The kernel has Keras's shape ``{kernel_shape}``, so weights trained with Keras load
    unchanged.
"""


class Conv1D(BaseConv):
    __doc__ = """1D convolution (temporal convolution).
""" + _ARGS_DOC.format(rank=1, kernel_shape="(kernel_size, in // groups, filters)",
                       causal=', or ``"causal"`` (left padding only: output ``t`` sees no '
                              'input after ``t``)') + """
    Example:

    >>> import numpy as np
    >>> layer = Conv1D(4, 3, padding="causal")
    >>> layer(np.zeros((2, 10, 8), "float32")).shape
    torch.Size([2, 10, 4])
    """

    rank = 1

    def __init__(self, filters, kernel_size, strides=1, padding="valid",
                 data_format=None, dilation_rate=1, groups=1, activation=None,
                 use_bias: bool = True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 **kwargs):
        args = dict(filters=filters, kernel_size=kernel_size, strides=strides,
                    padding=padding, data_format=data_format, dilation_rate=dilation_rate,
                    groups=groups, activation=activation, use_bias=use_bias,
                    kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                    kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
                    activity_regularizer=activity_regularizer,
                    kernel_constraint=kernel_constraint, bias_constraint=bias_constraint)
        super().__init__(1, **args, **kwargs)


class Conv2D(BaseConv):
    __doc__ = """2D convolution over images.
""" + _ARGS_DOC.format(rank=2, kernel_shape="(kh, kw, in // groups, filters)", causal="") + """
    Example:

    >>> import numpy as np
    >>> layer = Conv2D(32, (3, 3), padding="same", activation="relu")
    >>> layer(np.zeros((2, 28, 28, 1), "float32")).shape
    torch.Size([2, 28, 28, 32])
    >>> tuple(layer.kernel.shape)
    (3, 3, 1, 32)
    """

    rank = 2

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid",
                 data_format=None, dilation_rate=(1, 1), groups=1, activation=None,
                 use_bias: bool = True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 **kwargs):
        args = dict(filters=filters, kernel_size=kernel_size, strides=strides,
                    padding=padding, data_format=data_format, dilation_rate=dilation_rate,
                    groups=groups, activation=activation, use_bias=use_bias,
                    kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                    kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
                    activity_regularizer=activity_regularizer,
                    kernel_constraint=kernel_constraint, bias_constraint=bias_constraint)
        super().__init__(2, **args, **kwargs)


class Conv3D(BaseConv):
    __doc__ = """3D convolution over volumes.
""" + _ARGS_DOC.format(rank=3, kernel_shape="(kd, kh, kw, in // groups, filters)", causal="") + """
    Example:

    >>> import numpy as np
    >>> Conv3D(2, 3)(np.zeros((1, 5, 5, 5, 1), "float32")).shape
    torch.Size([1, 3, 3, 3, 2])
    """

    rank = 3

    def __init__(self, filters, kernel_size, strides=(1, 1, 1), padding="valid",
                 data_format=None, dilation_rate=(1, 1, 1), groups=1, activation=None,
                 use_bias: bool = True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 **kwargs):
        args = dict(filters=filters, kernel_size=kernel_size, strides=strides,
                    padding=padding, data_format=data_format, dilation_rate=dilation_rate,
                    groups=groups, activation=activation, use_bias=use_bias,
                    kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                    kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
                    activity_regularizer=activity_regularizer,
                    kernel_constraint=kernel_constraint, bias_constraint=bias_constraint)
        super().__init__(3, **args, **kwargs)
