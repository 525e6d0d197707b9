"""``Conv1DTranspose``, ``Conv2DTranspose``, ``Conv3DTranspose`` (deconvolutions)."""

from __future__ import annotations

from torcheras import activations
from torcheras._validation import CONV_MESSAGE, check_positive_int
from torcheras.layers._weight_args import set_weight_args, weight_args_config
from torcheras.layers.convolutional import _args, _ops
from torcheras.layers.convolutional._base_conv import ConvLayer


class BaseConvTranspose(ConvLayer):
    """Transposed convolution with Keras's ``(*kernel_size, filters, in)`` kernel."""

    def __init__(self, rank: int, filters, kernel_size, strides=1, padding="valid",
                 output_padding=None, data_format=None, dilation_rate=1, activation=None,
                 use_bias: bool = True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.rank = rank
        self.filters = check_positive_int(filters, "filters", message=CONV_MESSAGE)
        self._set_geometry(kernel_size, strides, padding, data_format, dilation_rate)
        self.output_padding = None if output_padding is None else _args.int_tuple(
            output_padding, rank, "output_padding", allow_zero=True)
        if self.output_padding is not None:
            for i, (op, s) in enumerate(zip(self.output_padding, self.strides)):
                if op >= s:
                    raise ValueError(
                        "`output_padding` must be strictly less than `strides` for all "
                        f"dimensions. At dimension {i}, `output_padding` is {op} but "
                        f"`strides` is {s}. Received: output_padding={self.output_padding}, "
                        f"strides={self.strides}"
                    )
        self._t_output_padding = (None if self.output_padding is None
                                  else _ops.lift(self.output_padding, rank, 0))
        self._set_activation(activation)
        self.use_bias = bool(use_bias)
        set_weight_args(self, kernel=(kernel_initializer, kernel_regularizer, kernel_constraint),
                        bias=(bias_initializer, bias_regularizer, bias_constraint))

    def build(self, input_shape) -> None:
        channels = self._input_channels(input_shape)
        self.kernel = self.add_weight(
            shape=self.kernel_size + (self.filters, channels),
            initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint, name="kernel")
        self.bias = self.add_weight(
            shape=(self.filters,), initializer=self.bias_initializer,
            regularizer=self.bias_regularizer, constraint=self.bias_constraint,
            name="bias") if self.use_bias else None
        self._lock_channels(channels)
        self.built = True

    def call(self, inputs):
        kernel = self.kernel
        if inputs.dtype != kernel.dtype:
            inputs = inputs.to(kernel.dtype)
        x = _ops.to_torch(inputs, self.rank, self._channels_last)
        output_padding = self._t_output_padding or (None,) * len(self._t_kernel)
        if self.rank == 1 and self._t_output_padding is None:
            output_padding = (0, None)  # the added height of 1 stays 1
        y = _ops.conv_transpose(x, _ops.conv_transpose_kernel(kernel, self.rank), self.bias,
                                self.rank, self._t_strides, self.padding, output_padding,
                                self._t_dilation, self._t_kernel)
        return self._activate(_ops.from_torch(y, self.rank, self._channels_last))

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        _args.check_rank(self, input_shape)
        sizes = _args.spatial_dims(input_shape, self.data_format)
        ops = self.output_padding or (None,) * self.rank
        out = tuple(None if n is None else _ops.transpose_window(n, k, s, self.padding, op, d)[1]
                    for n, k, s, op, d in zip(sizes, self.kernel_size, self.strides, ops,
                                              self.dilation_rate))
        return _args.with_spatial(input_shape, out, self.filters, self.data_format)

    def get_config(self) -> dict:
        config = super().get_config()
        geometry = self._geometry_config()
        config.update({"filters": self.filters, "kernel_size": geometry["kernel_size"],
                       "strides": self.strides, "padding": self.padding,
                       "output_padding": self.output_padding,
                       "data_format": self.data_format, "dilation_rate": self.dilation_rate,
                       "activation": activations.serialize(self.activation),
                       "use_bias": self.use_bias,
                       **weight_args_config(self, "kernel", "bias")})
        return config


def _transpose_class(rank: int, name: str, example: str):
    defaults = {1: 1, 2: (1, 1), 3: (1, 1, 1)}[rank]

    def __init__(self, filters, kernel_size, strides=defaults, padding="valid",
                 output_padding=None, data_format=None, dilation_rate=defaults,
                 activation=None, use_bias: bool = True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 **kwargs):
        args = dict(filters=filters, kernel_size=kernel_size, strides=strides,
                    padding=padding, output_padding=output_padding, data_format=data_format,
                    dilation_rate=dilation_rate, activation=activation, use_bias=use_bias,
                    kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                    kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
                    activity_regularizer=activity_regularizer,
                    kernel_constraint=kernel_constraint, bias_constraint=bias_constraint)
        BaseConvTranspose.__init__(self, rank, **args, **kwargs)

    doc = f"""{rank}D transposed convolution (the gradient of a {rank}D convolution).

    Args:
        filters: Number of output channels.
        kernel_size: Int or tuple of {rank} ints.
        strides: Int or tuple of {rank} ints (default 1).
        padding: ``"valid"`` (output ``(size - 1) * stride + max(kernel, stride)``) or
            ``"same"`` (output ``size * stride``).
        output_padding: Optional int or tuple of {rank} ints (each < its stride) fixing the
            output size to ``(size - 1) * stride + kernel`` (valid) or
            ``(size - 1) * stride + kernel % 2`` (same), plus this amount.
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.
        dilation_rate: Int or tuple of {rank} ints.
        activation, use_bias, kernel_initializer, bias_initializer, kernel_regularizer,
        bias_regularizer, activity_regularizer, kernel_constraint, bias_constraint: as in
            ``Conv{rank}D``.

    The kernel has Keras's shape ``(*kernel_size, filters, in)``.

    Example:

    >>> import numpy as np
{example}
    """
    return type(name, (BaseConvTranspose,), {"__init__": __init__, "__doc__": doc,
                                              "rank": rank, "__module__": __name__})


Conv1DTranspose = _transpose_class(1, "Conv1DTranspose", """\
    >>> Conv1DTranspose(3, 3, strides=2, padding="same")(np.zeros((1, 5, 2), "float32")).shape
    torch.Size([1, 10, 3])""")
Conv2DTranspose = _transpose_class(2, "Conv2DTranspose", """\
    >>> layer = Conv2DTranspose(8, 3, strides=2, padding="same")
    >>> layer(np.zeros((1, 7, 7, 16), "float32")).shape
    torch.Size([1, 14, 14, 8])""")
Conv3DTranspose = _transpose_class(3, "Conv3DTranspose", """\
    >>> Conv3DTranspose(2, 2, strides=2)(np.zeros((1, 2, 2, 2, 1), "float32")).shape
    torch.Size([1, 4, 4, 4, 2])""")
