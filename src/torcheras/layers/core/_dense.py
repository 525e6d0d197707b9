"""``Dense``: ``activation(inputs @ kernel + bias)`` with the kernel in Keras's ``(in, units)``."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from torcheras import activations
from torcheras._validation import DENSE_MESSAGE, check_positive_int
from torcheras.layers._input_spec import InputSpec
from torcheras.layers._layer import Layer
from torcheras.layers._lora import LoRAMixin
from torcheras.layers._weight_args import set_weight_args, weight_args_config


class Dense(LoRAMixin, Layer):
    """Densely connected layer.

    Args:
        units: Positive integer, dimensionality of the output space.
        activation: Activation function name or callable (default: none).
        use_bias: Whether to add a bias vector.
        kernel_initializer: Initializer for the ``(in, units)`` kernel (``glorot_uniform``).
        bias_initializer: Initializer for the bias (``zeros``).
        kernel_regularizer, bias_regularizer, activity_regularizer: Optional regularizers.
        kernel_constraint, bias_constraint: Optional constraints.
        lora_rank: When set, the layer is built with LoRA enabled at this rank (see
            :meth:`enable_lora`): the kernel is frozen and a low-rank update
            ``lora_kernel_a @ lora_kernel_b`` is learned instead.
        lora_alpha: Scale of the LoRA update is ``lora_alpha / lora_rank`` (default:
            ``lora_rank``). Keras 3's Dense forgets this argument when it builds (the scale
            is then always 1); here it is honoured, as Keras's Conv layers do.

    Example:

    >>> import numpy as np
    >>> layer = Dense(2, kernel_initializer="ones")
    >>> layer(np.ones((1, 3), "float32")).tolist()
    [[3.0, 3.0]]
    """

    def __init__(self, units, activation=None, use_bias: bool = True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, lora_rank=None, lora_alpha=None,
                 **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.units = check_positive_int(units, "units", message=DENSE_MESSAGE)
        self.activation = activations.get(activation)
        self._activation_is_linear = activation is None or activation == "linear" or (
            getattr(self.activation, "__name__", "") == "linear")
        self.use_bias = bool(use_bias)
        set_weight_args(self, kernel=(kernel_initializer, kernel_regularizer, kernel_constraint),
                        bias=(bias_initializer, bias_regularizer, bias_constraint))
        self._init_lora(lora_rank, lora_alpha)
        self.input_spec = InputSpec(min_ndim=2)
        self.supports_masking = True

    def build(self, input_shape) -> None:
        input_dim = input_shape[-1]
        if input_dim is None:
            raise ValueError(
                f"The last dimension of the inputs to a Dense layer should be defined. "
                f"Found None. Full input shape received: {tuple(input_shape)}"
            )
        self.kernel = self.add_weight(
            shape=(input_dim, self.units), initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer, constraint=self.kernel_constraint,
            name="kernel")
        if self.use_bias:
            self.bias = self.add_weight(
                shape=(self.units,), initializer=self.bias_initializer,
                regularizer=self.bias_regularizer, constraint=self.bias_constraint,
                name="bias")
        else:
            self.bias = None
        self.input_spec = InputSpec(min_ndim=2, axes={-1: int(input_dim)})
        self.built = True
        self._build_lora()

    def call(self, inputs):
        kernel = self._effective_kernel()
        if inputs.dtype != kernel.dtype:
            inputs = inputs.to(kernel.dtype)
        if inputs.dim() == 2:
            if self.bias is not None:
                x = torch.addmm(self.bias, inputs, kernel)
            else:
                x = inputs @ kernel
        else:
            x = F.linear(inputs, kernel.T, self.bias)
        if self._activation_is_linear:
            return x
        return self.activation(x)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)[:-1] + (self.units,)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "units": self.units,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            **weight_args_config(self, "kernel", "bias"),
        })
        return self._lora_config(config)
