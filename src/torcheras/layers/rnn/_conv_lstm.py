"""``ConvLSTM1D/2D/3D``: an LSTM whose input and recurrent transformations are convolutions.

Weights are Keras's: ``kernel (*kernel_size, channels, 4 * filters)``, ``recurrent_kernel
(*kernel_size, filters, 4 * filters)``, ``bias (4 * filters,)``, gates i, f, c, o. The layer
converts the sequence to channels-first once, convolves the inputs of all steps in one call,
and runs one recurrent convolution per step (the four per-gate dropout masks become one
grouped convolution).
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F

from torcheras import activations, constraints, initializers, regularizers
from torcheras.backend import _config, _device
from torcheras.layers._input_spec import InputSpec
from torcheras.layers._layer import Layer
from torcheras.layers.rnn._common import DropoutRNNCell, clip_rate, torch_activation
from torcheras.layers.rnn._loop import step_loop
from torcheras.layers.rnn._rnn import RNN

_CONV = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}


def _int_tuple(value, n: int, name: str, allow_zero: bool = False) -> tuple:
    values = (value,) * n if isinstance(value, int) and not isinstance(value, bool) else value
    try:
        values = tuple(values)
    except TypeError:
        values = ()
    low = 0 if allow_zero else 1
    if len(values) != n or not all(isinstance(v, int) and not isinstance(v, bool)
                                   and v >= low for v in values):
        raise ValueError(
            f"The `{name}` argument must be a tuple of {n} integers"
            f"{' >= 0' if allow_zero else ' > 0'}. Received {name}={value!r}")
    return values


def _out_length(size, kernel, stride, padding, dilation):
    if size is None:
        return None
    if padding == "same":
        return math.ceil(size / stride)
    return (size - dilation * (kernel - 1) - 1) // stride + 1


class ConvLSTMCell(Layer, DropoutRNNCell):
    """One step of a convolutional LSTM (used by ``ConvLSTM1D/2D/3D``)."""

    dropout_mask_count = 4

    def __init__(self, rank, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, activation="tanh", recurrent_activation="sigmoid",
                 use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias=True, kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, seed=None,
                 **kwargs):
        if rank not in (1, 2, 3):
            raise ValueError(
                f"Rank {rank} convolutions are not currently implemented. Received: "
                f"rank={rank}")
        if isinstance(filters, bool) or not isinstance(filters, int) or filters <= 0:
            raise ValueError(
                "Invalid value for argument `filters`. Expected a strictly positive value. "
                f"Received filters={filters!r}.")
        super().__init__(**kwargs)
        self.rank, self.filters, self.seed = rank, filters, seed
        self.kernel_size = _int_tuple(kernel_size, rank, "kernel_size")
        self.strides = _int_tuple(strides, rank, "strides")
        padding = str(padding).lower()
        if padding not in ("valid", "same"):
            raise ValueError(
                "The `padding` argument must be a list/tuple or one of \"valid\", \"same\". "
                f"Received: padding={padding!r}")
        self.padding = padding
        self.data_format = _config.standardize_data_format(data_format)
        self.dilation_rate = _int_tuple(dilation_rate, rank, "dilation_rate")
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError(
                "Specifying `strides > 1` is not compatible with `dilation_rate > 1`. Please "
                "provide `strides=1` or `dilation_rate=1`. Received: "
                f"strides={self.strides} and dilation_rate={self.dilation_rate}")
        self.activation = activations.get(activation)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.unit_forget_bias = bool(unit_forget_bias)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = regularizers.get(recurrent_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.recurrent_constraint = constraints.get(recurrent_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.dropout = clip_rate(dropout, "dropout")
        self.recurrent_dropout = clip_rate(recurrent_dropout, "recurrent_dropout")
        self.state_size = -1  # as Keras: the state shapes depend on the input

    # ------------------------------------------------------------------ building
    def build(self, inputs_shape) -> None:
        inputs_shape = tuple(inputs_shape)
        first = self.data_format == "channels_first"
        self.spatial_dims = inputs_shape[2:] if first else inputs_shape[1:-1]
        channels = inputs_shape[1] if first else inputs_shape[-1]
        if None in self.spatial_dims:
            raise ValueError(
                "ConvLSTM layers only support static input shapes for the spatial dimension. "
                f"Received invalid input shape: input_shape={inputs_shape}")
        if channels is None:
            raise ValueError(
                "The channel dimension of the inputs (last axis) should be defined. Found "
                f"None. Full input shape received: input_shape={inputs_shape}")
        self.input_dim = int(channels)
        f4 = self.filters * 4
        self.kernel = self.add_weight(
            shape=self.kernel_size + (self.input_dim, f4), initializer=self.kernel_initializer,
            name="kernel", regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint)
        self.recurrent_kernel = self.add_weight(
            shape=self.kernel_size + (self.filters, f4),
            initializer=self.recurrent_initializer, name="recurrent_kernel",
            regularizer=self.recurrent_regularizer, constraint=self.recurrent_constraint)
        if self.use_bias:
            init = self.bias_initializer
            if self.unit_forget_bias:
                filters = self.filters

                def init(shape, dtype=None):
                    return torch.cat([self.bias_initializer((filters,), dtype=dtype),
                                      initializers.get("ones")((filters,), dtype=dtype),
                                      self.bias_initializer((2 * filters,), dtype=dtype)])
            self.bias = self.add_weight(
                shape=(f4,), name="bias", initializer=init, regularizer=self.bias_regularizer,
                constraint=self.bias_constraint)
        else:
            self.bias = None
        self.built = True

    def compute_output_shape(self, inputs_shape, states_shape=None):
        inputs_shape = tuple(inputs_shape)
        first = self.data_format == "channels_first"
        spatial = inputs_shape[2:] if first else inputs_shape[1:-1]
        out = tuple(_out_length(s, k, st, self.padding, d) for s, k, st, d in zip(
            spatial, self.kernel_size, self.strides, self.dilation_rate))
        shape = ((inputs_shape[0], self.filters) + out if first
                 else (inputs_shape[0],) + out + (self.filters,))
        return shape, [shape, shape]

    def get_initial_state(self, batch_size=None):
        first = self.data_format == "channels_first"
        shape = ((batch_size, self.input_dim) + tuple(self.spatial_dims) if first
                 else (batch_size,) + tuple(self.spatial_dims) + (self.input_dim,))
        state = self.compute_output_shape(shape)[0]
        dtype = _device.to_torch_dtype(self.compute_dtype)
        return [torch.zeros(state, dtype=dtype, device=_device.get_device()) for _ in range(2)]

    # ------------------------------------------------------------------ math (channels first)
    def _torch_kernels(self):
        r = self.rank
        order = (r + 1, r) + tuple(range(r))
        return self.kernel.permute(order), self.recurrent_kernel.permute(order)

    def _input_conv(self, x, kernel, groups=1):
        if self.padding == "same":
            pads = []
            for size, k, s, d in reversed(list(zip(x.shape[2:], self.kernel_size, self.strides,
                                                   self.dilation_rate))):
                total = max((math.ceil(size / s) - 1) * s + (k - 1) * d + 1 - size, 0)
                pads += [total // 2, total - total // 2]
            x = F.pad(x, pads)
        return _CONV[self.rank](x, kernel, stride=self.strides, dilation=self.dilation_rate,
                                groups=groups)

    def _recurrent_conv(self, h, kernel, groups=1):
        pads = []
        for k in reversed(self.kernel_size):
            pads += [(k - 1) // 2, k - 1 - (k - 1) // 2]
        return _CONV[self.rank](F.pad(h, pads), kernel, groups=groups)

    def _gates(self, z, c):
        act = torch_activation(self.activation)
        ract = torch_activation(self.recurrent_activation)
        i, f, g, o = z.chunk(4, 1)
        c = ract(f) * c + ract(i) * act(g)
        return ract(o) * act(c), c

    def _to_first(self, t, time_axis: bool = False):
        if self.data_format == "channels_first":
            return t
        lead = 2 if time_axis else 1
        dims = list(range(t.dim()))
        return t.permute(*dims[:lead], dims[-1], *dims[lead:-1])

    def _to_last(self, t, time_axis: bool = False):
        if self.data_format == "channels_first":
            return t
        lead = 2 if time_axis else 1
        dims = list(range(t.dim()))
        return t.permute(*dims[:lead], *dims[lead + 1:], dims[lead])

    def _stack_masked(self, t, masks):
        """Four masked copies side by side on the channel axis: a ``groups=4`` convolution
        with the (4F, C, *k) kernel then gives gate g the input masked by mask g."""
        return torch.cat([t * m for m in masks], 1)

    def call(self, inputs, states, training=False):
        kin, krec = self._torch_kernels()
        x = self._to_first(inputs)
        h, c = self._to_first(states[0]), self._to_first(states[1])
        if training and 0.0 < self.dropout < 1.0:
            dp = [self._to_first(m) for m in self.get_dropout_mask(inputs)]
            xp = self._input_conv(self._stack_masked(x, dp), kin, groups=4)
        else:
            xp = self._input_conv(x, kin)
        if self.bias is not None:
            xp = xp + self.bias.view(1, -1, *([1] * self.rank))
        if training and 0.0 < self.recurrent_dropout < 1.0:
            rdp = [self._to_first(m) for m in self.get_recurrent_dropout_mask(states[0])]
            rec = self._recurrent_conv(self._stack_masked(h, rdp), krec, groups=4)
        else:
            rec = self._recurrent_conv(h, krec)
        h, c = self._gates(xp + rec, c)
        h, c = self._to_last(h), self._to_last(c)
        return h, [h, c]

    def _run_sequence(self, x, states, mask, training, order):
        """The whole sequence, channels first inside: ``(last, outputs, states)``."""
        kin, krec = self._torch_kernels()
        xs = self._to_first(x, time_axis=True)
        batch, steps = xs.shape[:2]
        flat = xs.reshape(batch * steps, *xs.shape[2:])
        if training and 0.0 < self.dropout < 1.0:
            masks = self._new_masks(xs[:, 0], self.dropout, 4)
            flat = torch.cat([(xs * m.unsqueeze(1)).reshape(flat.shape) for m in masks], 1)
            xp = self._input_conv(flat, kin, groups=4)
        else:
            xp = self._input_conv(flat, kin)
        if self.bias is not None:
            xp = xp + self.bias.view(1, -1, *([1] * self.rank))
        xp = xp.reshape(batch, steps, *xp.shape[1:])
        rec_masks = None
        if training and 0.0 < self.recurrent_dropout < 1.0:
            rec_masks = self._new_masks(xp[:, 0, :self.filters], self.recurrent_dropout, 4)

        def step(xp_t, st):
            h, c = st
            if rec_masks is None:
                rec = self._recurrent_conv(h, krec)
            else:
                rec = self._recurrent_conv(self._stack_masked(h, rec_masks), krec, groups=4)
            h, c = self._gates(xp_t + rec, c)
            return h, [h, c]

        states = [self._to_first(s) for s in states]
        last, seq, states = step_loop(step, xp, states, mask, **order)
        last = self._to_last(last)
        seq = self._to_last(seq, time_axis=True) if seq is not None else None
        return last, seq, [self._to_last(s) for s in states]

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(_cell_config(self))
        return config


def _cell_config(cell) -> dict:
    return {
        "filters": cell.filters, "kernel_size": cell.kernel_size, "strides": cell.strides,
        "padding": cell.padding, "data_format": cell.data_format,
        "dilation_rate": cell.dilation_rate,
        "activation": activations.serialize(cell.activation),
        "recurrent_activation": activations.serialize(cell.recurrent_activation),
        "use_bias": cell.use_bias,
        "kernel_initializer": initializers.serialize(cell.kernel_initializer),
        "recurrent_initializer": initializers.serialize(cell.recurrent_initializer),
        "bias_initializer": initializers.serialize(cell.bias_initializer),
        "unit_forget_bias": cell.unit_forget_bias,
        "kernel_regularizer": regularizers.serialize(cell.kernel_regularizer),
        "recurrent_regularizer": regularizers.serialize(cell.recurrent_regularizer),
        "bias_regularizer": regularizers.serialize(cell.bias_regularizer),
        "kernel_constraint": constraints.serialize(cell.kernel_constraint),
        "recurrent_constraint": constraints.serialize(cell.recurrent_constraint),
        "bias_constraint": constraints.serialize(cell.bias_constraint),
        "dropout": cell.dropout, "recurrent_dropout": cell.recurrent_dropout,
        "seed": cell.seed,
    }


_CELL_ARGS = ("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate",
              "activation", "recurrent_activation", "use_bias", "kernel_initializer",
              "recurrent_initializer", "bias_initializer", "unit_forget_bias",
              "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
              "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout",
              "recurrent_dropout")


class ConvLSTM(RNN):
    """Base of ``ConvLSTM1D/2D/3D``: an LSTM with convolutional transformations."""

    _rank = 2

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, activation="tanh", recurrent_activation="sigmoid",
                 use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias=True, kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                 recurrent_dropout=0.0, seed=None, return_sequences=False, return_state=False,
                 go_backwards=False, stateful=False, **kwargs):
        cell = ConvLSTMCell(
            rank=self._rank, filters=filters, kernel_size=kernel_size, strides=strides,
            padding=padding, data_format=data_format, dilation_rate=dilation_rate,
            activation=activation, recurrent_activation=recurrent_activation,
            use_bias=use_bias, kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer, bias_initializer=bias_initializer,
            unit_forget_bias=unit_forget_bias, kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer, bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint, recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint, dropout=dropout,
            recurrent_dropout=recurrent_dropout, seed=seed, name="conv_lstm_cell",
            dtype=kwargs.get("dtype"))
        super().__init__(cell, return_sequences=return_sequences, return_state=return_state,
                         go_backwards=go_backwards, stateful=stateful,
                         activity_regularizer=activity_regularizer, **kwargs)
        self.input_spec = InputSpec(ndim=self._rank + 3)

    def __getattr__(self, name: str):
        if name in _CELL_ARGS:
            cell = self._modules.get("cell")
            if cell is not None:
                return getattr(cell, name)
        return super().__getattr__(name)

    def compute_output_shape(self, sequences_shape, initial_state_shape=None):
        sequences_shape = tuple(sequences_shape)
        batch, steps = sequences_shape[0], sequences_shape[1]
        state = self.cell.compute_output_shape((batch,) + sequences_shape[2:])[0][1:]
        output = (batch, steps) + state if self.return_sequences else (batch,) + state
        if self.return_state:
            return [output, (batch,) + state, (batch,) + state]
        return output

    def compute_mask(self, inputs, mask=None):
        if isinstance(mask, (list, tuple)):
            mask = mask[0] if mask else None
        output_mask = mask if self.return_sequences else None
        return [output_mask, None, None] if self.return_state else output_mask

    def _run(self, x, states, mask, training):
        order = dict(go_backwards=self.go_backwards, return_sequences=self.return_sequences,
                     zero_output_for_mask=self.zero_output_for_mask)
        return self.cell._run_sequence(x, states, mask, training, order)

    def get_config(self) -> dict:
        config = super().get_config()
        del config["cell"]
        config.update(_cell_config(self.cell))
        config["activity_regularizer"] = regularizers.serialize(self.activity_regularizer)
        return config

    @classmethod
    def from_config(cls, config: dict, custom_objects=None):
        return cls(**config)


class ConvLSTM1D(ConvLSTM):
    """1D convolutional LSTM: inputs ``(batch, time, steps, channels)``.

    Args:
        filters: Number of output filters.
        kernel_size, strides, padding, data_format, dilation_rate: As for ``Conv1D``; the
            recurrent convolution always uses stride 1 and ``"same"`` padding.
        activation, recurrent_activation, use_bias, kernel_initializer,
        recurrent_initializer, bias_initializer, unit_forget_bias, regularizers,
        constraints, dropout, recurrent_dropout, seed: As for ``LSTM``.
        return_sequences, return_state, go_backwards, stateful: As for ``LSTM``.

    Example:

    >>> import numpy as np
    >>> tuple(ConvLSTM1D(4, 3)(np.zeros((2, 5, 10, 3), "float32")).shape)
    (2, 8, 4)
    """

    _rank = 1


class ConvLSTM2D(ConvLSTM):
    """2D convolutional LSTM: inputs ``(batch, time, rows, cols, channels)``.

    Args:
        filters: Number of output filters.
        kernel_size, strides, padding, data_format, dilation_rate: As for ``Conv2D``; the
            recurrent convolution always uses stride 1 and ``"same"`` padding.
        activation, recurrent_activation, use_bias, kernel_initializer,
        recurrent_initializer, bias_initializer, unit_forget_bias, regularizers,
        constraints, dropout, recurrent_dropout, seed: As for ``LSTM``.
        return_sequences, return_state, go_backwards, stateful: As for ``LSTM``.

    Example:

    >>> import numpy as np
    >>> x = np.zeros((2, 5, 8, 8, 3), "float32")
    >>> tuple(ConvLSTM2D(4, 3, padding="same", return_sequences=True)(x).shape)
    (2, 5, 8, 8, 4)
    """

    _rank = 2


class ConvLSTM3D(ConvLSTM):
    """3D convolutional LSTM: inputs ``(batch, time, dim1, dim2, dim3, channels)``.

    Args:
        filters: Number of output filters.
        kernel_size, strides, padding, data_format, dilation_rate: As for ``Conv3D``.
        Other arguments: As for ``ConvLSTM2D``.

    Example:

    >>> import numpy as np
    >>> tuple(ConvLSTM3D(2, 2)(np.zeros((1, 3, 4, 4, 4, 1), "float32")).shape)
    (1, 3, 3, 3, 2)
    """

    _rank = 3
