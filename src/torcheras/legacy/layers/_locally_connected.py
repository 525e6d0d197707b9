"""``LocallyConnected1D/2D``: convolutions whose weights are not shared between positions.

Keras 3 removed them; Keras 2.3 and tf-keras keep them. The weights are Keras's, so weights
saved by Keras load unchanged:

- ``implementation=1`` (the default): ``kernel (output_positions, kernel_elements *
  channels, filters)``, a patch flattened in the input's layout (``(*kernel, channels)``
  for ``channels_last``, ``(channels, *kernel)`` for ``channels_first``); ``"valid"``
  padding only.
- ``implementation=2``: one dense kernel from every input position to every output
  position, ``(*input_spatial, channels, *output_spatial, filters)`` (``channels_last``) or
  ``(channels, *input_spatial, filters, *output_spatial)`` (``channels_first``), multiplied
  by a fixed 0/1 mask of the windows; ``"valid"`` or ``"same"`` padding (Keras's centred
  windows).

The bias is ``(*output_spatial, filters)`` in both.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import torch

from torcheras import activations
from torcheras.layers import InputSpec, Layer
from torcheras.layers._weight_args import set_weight_args, weight_args_config
from torcheras.layers.convolutional import _args


class _LocallyConnected(Layer):
    rank: int

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 implementation=1, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        if isinstance(filters, bool) or not hasattr(filters, "__index__") or filters <= 0:
            raise ValueError(
                "Invalid value for argument `filters`. Expected a strictly positive value. "
                f"Received filters={filters!r}.")
        self.filters = int(filters)
        self.kernel_size = _args.int_tuple(kernel_size, self.rank, "kernel_size")
        self.strides = _args.int_tuple(strides, self.rank, "strides")
        if implementation not in (1, 2) or isinstance(implementation, bool):
            raise ValueError(
                f"Unrecognized implementation mode: {implementation!r}. "
                f"{type(self).__name__} supports 1 and 2 (Keras 2's weight layouts).")
        self.implementation = int(implementation)
        self.padding = _args.padding_mode(padding)
        if self.padding != "valid" and self.implementation == 1:
            raise ValueError(
                f"Invalid border mode for {type(self).__name__} (only \"valid\" is supported "
                f"if implementation is 1): {padding}")
        self.data_format = _args.data_format(data_format)
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        set_weight_args(self, kernel=(kernel_initializer, kernel_regularizer, kernel_constraint),
                        bias=(bias_initializer, bias_regularizer, bias_constraint))
        self.input_spec = InputSpec(ndim=self.rank + 2)

    def _split(self, input_shape):
        shape = tuple(input_shape)
        if self.data_format == "channels_first":
            return shape[2:], shape[1]
        return shape[1:-1], shape[-1]

    def _output_spatial(self, spatial) -> tuple:
        return tuple(_args.conv_output_length(s, k, st, self.padding)
                     for s, k, st in zip(spatial, self.kernel_size, self.strides))

    def _window_mask(self, spatial, out) -> np.ndarray:
        """``mask[*input_position, *output_position]``: the input is in the output's window
        (Keras's ``conv_kernel_mask``: windows centred on ``output * stride`` for
        ``"same"``, starting there for ``"valid"``)."""
        mask = np.zeros(tuple(spatial) + tuple(out), bool)
        for position in itertools.product(*(range(o) for o in out)):
            ranges = []
            for d, k in enumerate(self.kernel_size):
                left = k // 2
                centre = position[d] * self.strides[d] + (left if self.padding == "valid" else 0)
                ranges.append(range(max(0, centre - left), min(spatial[d], centre + k - left)))
            for source in itertools.product(*ranges):
                mask[source + position] = True
        return mask

    def _kernel_shape(self, spatial, channels, out) -> tuple:
        if self.implementation == 1:
            return (math.prod(out), math.prod(self.kernel_size) * channels, self.filters)
        if self.data_format == "channels_first":
            return (channels, *spatial, self.filters, *out)
        return (*spatial, channels, *out, self.filters)

    def build(self, input_shape) -> None:
        spatial, channels = self._split(input_shape)
        if channels is None or any(s is None for s in spatial):
            raise ValueError(
                f"{type(self).__name__} cannot be used with a partially defined input shape: "
                f"every dimension but the batch must be known. Received: "
                f"input_shape={tuple(input_shape)}")
        out = self._output_spatial(spatial)
        if any(o <= 0 for o in out):
            raise ValueError(
                f"The input of {type(self).__name__} is smaller than its kernel: input "
                f"spatial shape {tuple(spatial)}, kernel_size={self.kernel_size}")
        self.output_spatial = out
        if self.implementation == 2:
            # The mask broadcasts over channels and filters, placed as the kernel's axes.
            mask = self._window_mask(spatial, out)
            if self.data_format == "channels_first":
                mask = mask.reshape((1, *spatial, 1, *out))
            else:
                mask = mask.reshape((*spatial, 1, *out, 1))
            self.kernel_mask = torch.as_tensor(mask, dtype=torch.float32)
            self._flat_in = math.prod(spatial) * int(channels)
        self.kernel = self.add_weight(
            shape=self._kernel_shape(tuple(spatial), int(channels), out),
            initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint, name="kernel")
        if self.use_bias:
            self.bias = self.add_weight(
                shape=out + (self.filters,), initializer=self.bias_initializer,
                regularizer=self.bias_regularizer, constraint=self.bias_constraint,
                name="bias")
        else:
            self.bias = None
        axis = 1 if self.data_format == "channels_first" else -1
        self.input_spec = InputSpec(ndim=self.rank + 2, axes={axis: int(channels)})
        self.built = True

    def _patches(self, x):
        """``(batch, output_positions, kernel_elements * channels)`` in Keras's order."""
        first = self.data_format == "channels_first"
        offset = 2 if first else 1
        for d in range(self.rank):
            # unfold appends each window's kernel axis at the end: (B, [C,] o1.., [C,] k1..)
            x = x.unfold(offset + d, self.kernel_size[d], self.strides[d])
        r = self.rank
        if first:  # (B, C, o.., k..) -> (B, o.., C, k..)
            order = [0, *range(2, 2 + r), 1, *range(2 + r, 2 + 2 * r)]
        else:  # (B, o.., C, k..) -> (B, o.., k.., C)
            order = [0, *range(1, 1 + r), *range(2 + r, 2 + 2 * r), 1 + r]
        x = x.permute(order)
        return x.reshape(x.shape[0], math.prod(self.output_spatial), -1)

    def _dense_call(self, inputs):
        """Implementation 2: every input position times the masked dense kernel."""
        kernel = self.kernel * self.kernel_mask.to(device=self.kernel.device,
                                                   dtype=self.kernel.dtype)
        out = inputs.reshape(inputs.shape[0], -1) @ kernel.reshape(self._flat_in, -1)
        if self.data_format == "channels_first":
            return out.reshape((-1, self.filters, *self.output_spatial))
        return out.reshape((-1, *self.output_spatial, self.filters))

    def call(self, inputs):
        if inputs.dtype != self.kernel.dtype:
            inputs = inputs.to(self.kernel.dtype)
        if self.implementation == 2:
            out = self._dense_call(inputs)
        else:
            out = torch.einsum("bpf,pfn->pbn", self._patches(inputs), self.kernel)
            out = out.transpose(0, 1).reshape((-1, *self.output_spatial, self.filters))
            if self.data_format == "channels_first":
                out = out.permute(0, self.rank + 1, *range(1, self.rank + 1))
        if self.data_format == "channels_first":
            if self.bias is not None:
                # Keras's bias_add reshapes (not transposes) the (*out, filters) bias to
                # (filters, *out) in channels_first: kept so that Keras weights give
                # Keras's numbers.
                out = out + self.bias.reshape((1, self.filters, *self.output_spatial))
        elif self.bias is not None:
            out = out + self.bias
        return self.activation(out)

    def compute_output_shape(self, input_shape):
        spatial, _ = self._split(input_shape)
        out = self._output_spatial(spatial)
        if self.data_format == "channels_first":
            return (input_shape[0], self.filters, *out)
        return (input_shape[0], *out, self.filters)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            **weight_args_config(self, "kernel", "bias"),
            "implementation": self.implementation,
        })
        return config


class LocallyConnected1D(_LocallyConnected):
    """Locally-connected layer for 1D inputs: a ``Conv1D`` with a separate filter bank at
    every output step.

    Input ``(batch, steps, channels)`` (or ``(batch, channels, steps)`` for
    ``channels_first``), every dimension but the batch known; output ``(batch, new_steps,
    filters)`` with ``new_steps = (steps - kernel_size) // strides + 1``.

    Args:
        filters: Positive integer, the number of output channels.
        kernel_size: An integer or tuple of 1 integer, the window length.
        strides: An integer or tuple of 1 integer, the step between windows.
        padding: ``"valid"``, or with ``implementation=2`` also ``"same"``.
        data_format: ``"channels_last"`` (default from the config) or ``"channels_first"``.
        activation: Activation function (default: none).
        use_bias: Whether to add the ``(new_steps, filters)`` bias.
        kernel_initializer, bias_initializer: Initializers of the
            kernel (``(new_steps, kernel_size * channels, filters)`` with
            ``implementation=1``) and of the bias.
        kernel_regularizer, bias_regularizer, activity_regularizer: Optional regularizers.
        kernel_constraint, bias_constraint: Optional constraints.
        implementation: ``1`` (per-position kernels, the default) or ``2`` (one masked
            dense kernel; see the module docstring for the layouts).
        **kwargs: Base layer arguments (``name``, ``input_shape``, ...).

    Example:

    >>> import numpy as np
    >>> layer = LocallyConnected1D(1, 2, kernel_initializer="ones", use_bias=False)
    >>> layer(np.arange(3, dtype="float32").reshape(1, 3, 1)).tolist()
    [[[1.0], [3.0]]]
    """

    rank = 1


class LocallyConnected2D(_LocallyConnected):
    """Locally-connected layer for 2D inputs: a ``Conv2D`` with a separate filter bank at
    every output pixel.

    Input ``(batch, rows, cols, channels)`` (or ``channels_first``), every dimension but the
    batch known; output ``(batch, new_rows, new_cols, filters)``.

    Args:
        filters: Positive integer, the number of output channels.
        kernel_size: An integer or tuple of 2 integers, the window's height and width.
        strides: An integer or tuple of 2 integers, the steps between windows.
        padding: ``"valid"``, or with ``implementation=2`` also ``"same"``.
        data_format: ``"channels_last"`` (default from the config) or ``"channels_first"``.
        activation: Activation function (default: none).
        use_bias: Whether to add the ``(new_rows, new_cols, filters)`` bias.
        kernel_initializer, bias_initializer: Initializers of the
            kernel (``(new_rows * new_cols, rows_k * cols_k * channels, filters)`` with
            ``implementation=1``) and of the bias.
        kernel_regularizer, bias_regularizer, activity_regularizer: Optional regularizers.
        kernel_constraint, bias_constraint: Optional constraints.
        implementation: ``1`` (per-position kernels, the default) or ``2`` (one masked
            dense kernel; see the module docstring for the layouts).
        **kwargs: Base layer arguments (``name``, ``input_shape``, ...).

    Example:

    >>> import numpy as np
    >>> layer = LocallyConnected2D(1, 2, kernel_initializer="ones", use_bias=False)
    >>> layer(np.ones((1, 3, 3, 1), "float32")).shape
    torch.Size([1, 2, 2, 1])
    """

    rank = 2
