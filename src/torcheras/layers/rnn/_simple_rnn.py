"""``SimpleRNNCell`` and ``SimpleRNN``: ``h = activation(x @ kernel + bias + h @ recurrent)``."""

from __future__ import annotations

import torch

from torcheras.layers._input_spec import InputSpec
from torcheras.layers.rnn._cell_base import BaseCell
from torcheras.layers.rnn._common import is_relu, is_tanh, torch_activation
from torcheras.layers.rnn._layer_base import CellLayer


class SimpleRNNCell(BaseCell):
    """Cell class for SimpleRNN: one step of a fully connected recurrence.

    Args:
        units: Positive integer, dimensionality of the output space.
        activation: Activation function (``tanh``).
        use_bias: Whether the layer uses a bias vector.
        kernel_initializer: Initializer of the ``(input_dim, units)`` kernel.
        recurrent_initializer: Initializer of the ``(units, units)`` recurrent kernel.
        bias_initializer: Initializer of the ``(units,)`` bias.
        kernel_regularizer, recurrent_regularizer, bias_regularizer: Optional regularizers.
        kernel_constraint, recurrent_constraint, bias_constraint: Optional constraints.
        dropout: Fraction of the inputs to drop.
        recurrent_dropout: Fraction of the recurrent state to drop.
        seed: Random seed for dropout.

    Example:

    >>> import numpy as np
    >>> from torcheras.layers import RNN
    >>> tuple(RNN(SimpleRNNCell(4))(np.zeros((2, 3, 5), "float32")).shape)
    (2, 4)
    """

    def __init__(self, units, activation="tanh", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, seed=None,
                 **kwargs):
        kwargs.pop("implementation", None)
        super().__init__(
            units, activation=activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer, recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer, bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint, recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint, dropout=dropout,
            recurrent_dropout=recurrent_dropout, seed=seed, **kwargs)
        self.state_size = self.units

    def build(self, input_shape) -> None:
        self._add_kernels(int(input_shape[-1]), 1)
        self._add_bias((self.units,))
        self.built = True

    def call(self, sequence, states, training=False):
        prev = states[0] if isinstance(states, (list, tuple)) else states
        if self._input_dropout_on(training):
            sequence = sequence * self.get_dropout_mask(sequence)
        h = sequence @ self.kernel
        if self.bias is not None:
            h = h + self.bias
        if self._recurrent_dropout_on(training):
            prev = prev * self.get_recurrent_dropout_mask(prev)
        output = torch_activation(self.activation)(h + prev @ self.recurrent_kernel)
        return output, ([output] if isinstance(states, (list, tuple)) else output)

    _own_call = call

    # Whole-sequence paths used by the RNN layer -------------------------------------------
    def _fused(self, x, training):
        if is_tanh(self.activation):
            kind = "rnn_tanh"
        elif is_relu(self.activation):
            kind = "rnn_relu"
        else:
            return None
        if self._recurrent_dropout_on(training):
            return None
        if self._input_dropout_on(training):
            x = x * self._new_masks(x[:, 0], self.dropout, None).unsqueeze(1)
        params = [self.kernel.t(), self.recurrent_kernel.t()]
        if self.bias is not None:
            params += [self.bias, torch.zeros_like(self.bias)]
        return kind, x, params, self.bias is not None

    def _sequence_step(self, x, training):
        if self._input_dropout_on(training):
            x = x * self._new_masks(x[:, 0], self.dropout, None).unsqueeze(1)
        xp = x @ self.kernel
        if self.bias is not None:
            xp = xp + self.bias
        rec_mask = None
        if self._recurrent_dropout_on(training):
            rec_mask = self._new_masks(x.new_empty((x.shape[0], self.units)),
                                       self.recurrent_dropout, None)
        act = torch_activation(self.activation)
        rec = self.recurrent_kernel

        def step(xp_t, states):
            h = states[0] if rec_mask is None else states[0] * rec_mask
            out = act(torch.addmm(xp_t, h, rec))
            return out, [out]

        return xp, step


class SimpleRNN(CellLayer):
    """Fully connected RNN whose output is fed back as its next input.

    With ``tanh`` or ``relu`` and no recurrent dropout while training, the layer runs
    PyTorch's fused RNN kernel.

    Args:
        units: Positive integer, dimensionality of the output space.
        activation, use_bias, kernel_initializer, recurrent_initializer, bias_initializer,
        kernel_regularizer, recurrent_regularizer, bias_regularizer, kernel_constraint,
        recurrent_constraint, bias_constraint, dropout, recurrent_dropout, seed: As for
            ``SimpleRNNCell``.
        activity_regularizer: Regularizer of the layer's output.
        return_sequences, return_state, go_backwards, stateful, unroll: As for ``LSTM``.

    Example:

    >>> import numpy as np
    >>> tuple(SimpleRNN(4)(np.zeros((32, 10, 8), "float32")).shape)
    (32, 4)
    """

    _cell_class = SimpleRNNCell
    _cell_name = "simple_rnn_cell"
    _cell_args = ("units", "activation", "use_bias", "kernel_initializer",
                  "recurrent_initializer", "bias_initializer", "kernel_regularizer",
                  "recurrent_regularizer", "bias_regularizer", "kernel_constraint",
                  "recurrent_constraint", "bias_constraint", "dropout", "recurrent_dropout",
                  "seed")
    _config_skip = ("seed",)

    def __init__(self, units, activation="tanh", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                 recurrent_dropout=0.0, return_sequences=False, return_state=False,
                 go_backwards=False, stateful=False, unroll=False, seed=None, **kwargs):
        cell_kwargs = dict(
            units=units, activation=activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer, recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer, bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint, recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint, dropout=dropout,
            recurrent_dropout=recurrent_dropout, seed=seed)
        super().__init__(cell_kwargs, kwargs, activity_regularizer=activity_regularizer,
                         return_sequences=return_sequences, return_state=return_state,
                         go_backwards=go_backwards, stateful=stateful, unroll=unroll)
        self.input_spec = InputSpec(ndim=3)
