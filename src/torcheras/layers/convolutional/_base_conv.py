"""Shared machinery of the convolution layers: arguments, weights, the call path."""

from __future__ import annotations

import torch

from torcheras import activations
from torcheras._validation import CONV_MESSAGE, check_positive_int
from torcheras.layers._input_spec import InputSpec
from torcheras.layers._layer import Layer
from torcheras.layers._lora import LoRAMixin
from torcheras.layers._weight_args import set_weight_args, weight_args_config
from torcheras.layers.convolutional import _args, _ops


class ConvLayer(Layer):
    """What every convolution shares: geometry arguments, activation, call helpers."""

    rank = 2

    def _set_geometry(self, kernel_size, strides, padding, data_format, dilation_rate,
                      allow_causal: bool = False) -> None:
        rank = self.rank
        self.kernel_size = _args.int_tuple(kernel_size, rank, "kernel_size")
        self.strides = _args.int_tuple(strides, rank, "strides")
        self.dilation_rate = _args.int_tuple(dilation_rate, rank, "dilation_rate")
        self.padding = _args.padding_mode(padding, allow_causal=allow_causal)
        self.data_format = _args.data_format(data_format)
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError(
                "`strides > 1` not supported in conjunction with `dilation_rate > 1`. "
                f"Received: strides={self.strides} and dilation_rate={self.dilation_rate}"
            )
        self._channels_last = self.data_format == "channels_last"
        self._t_kernel = _ops.lift(self.kernel_size, rank, 1)
        self._t_strides = _ops.lift(self.strides, rank, 1)
        self._t_dilation = _ops.lift(self.dilation_rate, rank, 1)
        self.input_spec = InputSpec(min_ndim=rank + 2)

    def _set_activation(self, activation) -> None:
        self.activation = activations.get(activation)
        name = getattr(self.activation, "__name__", "")
        self._linear = activation is None or name == "linear"
        self._relu = name == "relu" and self.activation is activations.get("relu")

    def _activate(self, y: torch.Tensor) -> torch.Tensor:
        if self._linear:
            return y
        if self._relu:
            return torch.relu(y)
        return self.activation(y)

    def _input_channels(self, input_shape) -> int:
        _args.check_rank(self, input_shape)
        channels = _args.channel_dim(tuple(input_shape), self.data_format)
        if channels is None:
            raise ValueError(
                f"The channel dimension of the inputs to {type(self).__name__} should be "
                f"defined. Found None. Full input shape received: {tuple(input_shape)}"
            )
        return int(channels)

    def _lock_channels(self, channels: int) -> None:
        axis = -1 if self._channels_last else 1
        self.input_spec = InputSpec(ndim=self.rank + 2, axes={axis: channels})

    def _padded(self, x: torch.Tensor):
        """``x`` in torch layout and the padding argument for torch's conv."""
        if self.padding == "valid":
            return x, 0
        if self.padding == "causal":
            return _ops.causal_pad(x, self.kernel_size[0], self.dilation_rate[0]), 0
        return _ops.pad_same(x, self._t_kernel, self._t_strides, self._t_dilation)

    def _raise_shape_error(self, inputs, error: RuntimeError):
        shape = tuple(inputs.shape)
        try:
            self.compute_output_shape(shape)
        except ValueError as clear:
            raise clear from None
        raise error

    def _geometry_config(self) -> dict:
        return {"kernel_size": self.kernel_size, "strides": self.strides,
                "padding": self.padding, "data_format": self.data_format,
                "dilation_rate": self.dilation_rate}


class BaseConv(LoRAMixin, ConvLayer):
    """N-D convolution with a ``(*kernel_size, in // groups, filters)`` kernel."""

    def __init__(self, rank: int, filters, kernel_size, strides=1, padding="valid",
                 data_format=None, dilation_rate=1, groups=1, activation=None,
                 use_bias: bool = True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 lora_rank=None, lora_alpha=None, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.rank = rank
        self.filters = check_positive_int(filters, "filters", message=CONV_MESSAGE)
        self.groups = check_positive_int(groups, "groups", message=CONV_MESSAGE)
        if self.filters % self.groups:
            raise ValueError(
                "The number of filters must be evenly divisible by the number of groups. "
                f"Received: groups={self.groups}, filters={self.filters}."
            )
        self._set_geometry(kernel_size, strides, padding, data_format, dilation_rate,
                           allow_causal=rank == 1)
        self._set_activation(activation)
        self.use_bias = bool(use_bias)
        set_weight_args(self, kernel=(kernel_initializer, kernel_regularizer, kernel_constraint),
                        bias=(bias_initializer, bias_regularizer, bias_constraint))
        self._init_lora(lora_rank, lora_alpha)

    def build(self, input_shape) -> None:
        channels = self._input_channels(input_shape)
        if channels % self.groups:
            raise ValueError(
                "The number of input channels must be evenly divisible by the number of "
                f"groups. Received groups={self.groups}, but the input has {channels} "
                f"channels (full input shape is {tuple(input_shape)})."
            )
        self.compute_output_shape(input_shape)
        self.kernel = self.add_weight(
            shape=self.kernel_size + (channels // self.groups, self.filters),
            initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint, name="kernel")
        self.bias = self.add_weight(
            shape=(self.filters,), initializer=self.bias_initializer,
            regularizer=self.bias_regularizer, constraint=self.bias_constraint,
            name="bias") if self.use_bias else None
        self._lock_channels(channels)
        self.built = True
        self._build_lora()

    def call(self, inputs):
        kernel = self._effective_kernel()
        if inputs.dtype != kernel.dtype:
            inputs = inputs.to(kernel.dtype)
        x, pad = self._padded(_ops.to_torch(inputs, self.rank, self._channels_last))
        weight = _ops.conv_kernel(kernel, self.rank)
        try:
            if self._relu:
                y = _ops.conv_relu(x, weight, self.bias, self._t_strides, pad,
                                   self._t_dilation, self.groups)
                return _ops.from_torch(y, self.rank, self._channels_last)
            y = _ops.CONV[x.dim() - 2](x, weight, self.bias, self._t_strides, pad,
                                       self._t_dilation, self.groups)
        except RuntimeError as error:
            self._raise_shape_error(inputs, error)
        return self._activate(_ops.from_torch(y, self.rank, self._channels_last))

    def compute_output_shape(self, input_shape):
        return _args.conv_output_shape(self, input_shape, self.filters)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"filters": self.filters, **self._geometry_config(),
                       "groups": self.groups,
                       "activation": activations.serialize(self.activation),
                       "use_bias": self.use_bias,
                       **weight_args_config(self, "kernel", "bias")})
        return self._lora_config(config)
