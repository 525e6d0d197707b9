"""``LSTMCell`` and ``LSTM``: Keras's weights (gates i, f, c, o), torch's fused kernel."""

from __future__ import annotations

import torch

from torcheras import activations, initializers
from torcheras.layers._input_spec import InputSpec
from torcheras.layers.rnn._cell_base import BaseCell
from torcheras.layers.rnn._common import is_sigmoid, is_tanh, torch_activation
from torcheras.layers.rnn._layer_base import CellLayer


class LSTMCell(BaseCell):
    """Cell class for the LSTM layer: one step of ``LSTM``.

    Args:
        units: Positive integer, dimensionality of the output space.
        activation: Activation of the cell input and output (``tanh``).
        recurrent_activation: Activation of the gates (``sigmoid``).
        use_bias: Whether the layer uses a bias vector.
        kernel_initializer: Initializer of the ``(input_dim, 4 * units)`` kernel
            (``glorot_uniform``).
        recurrent_initializer: Initializer of the ``(units, 4 * units)`` recurrent kernel
            (``orthogonal``).
        bias_initializer: Initializer of the ``(4 * units,)`` bias (``zeros``).
        unit_forget_bias: Add 1 to the forget-gate bias at initialization (``True``).
        kernel_regularizer, recurrent_regularizer, bias_regularizer: Optional regularizers.
        kernel_constraint, recurrent_constraint, bias_constraint: Optional constraints.
        dropout: Fraction of the inputs to drop (one mask per sequence).
        recurrent_dropout: Fraction of the recurrent state to drop.
        seed: Random seed for dropout.

    Example:

    >>> import numpy as np
    >>> from torcheras.layers import RNN
    >>> rnn = RNN(LSTMCell(4), return_sequences=True, return_state=True)
    >>> seq, h, c = rnn(np.zeros((2, 3, 5), "float32"))
    >>> tuple(seq.shape), tuple(h.shape), tuple(c.shape)
    ((2, 3, 4), (2, 4), (2, 4))
    """

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", unit_forget_bias=True, kernel_regularizer=None,
                 recurrent_regularizer=None, bias_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                 recurrent_dropout=0.0, seed=None, **kwargs):
        super().__init__(
            units, activation=activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer, recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer, bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint, recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint, dropout=dropout,
            recurrent_dropout=recurrent_dropout, seed=seed, **kwargs)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.unit_forget_bias = bool(unit_forget_bias)
        if self.recurrent_dropout != 0.0:
            self.implementation = 1
        if self.implementation == 1:
            self.dropout_mask_count = 4
        self.state_size = [self.units, self.units]

    def build(self, input_shape) -> None:
        self._add_kernels(int(input_shape[-1]), 4)
        init = self.bias_initializer
        if self.unit_forget_bias:
            units = self.units

            def init(shape, dtype=None):
                return torch.cat([self.bias_initializer((units,), dtype=dtype),
                                  initializers.get("ones")((units,), dtype=dtype),
                                  self.bias_initializer((2 * units,), dtype=dtype)])
        self._add_bias((4 * self.units,), init)
        self.built = True

    def call(self, inputs, states, training=False):
        h_tm1, c_tm1 = states[0], states[1]
        act = torch_activation(self.activation)
        ract = torch_activation(self.recurrent_activation)
        u = self.units
        if self.implementation == 1:
            dp = self.get_dropout_mask(inputs) if self._input_dropout_on(training) else None
            rdp = (self.get_recurrent_dropout_mask(h_tm1)
                   if self._recurrent_dropout_on(training) else None)
            xs = [inputs * m for m in dp] if dp is not None else [inputs] * 4
            hs = [h_tm1 * m for m in rdp] if rdp is not None else [h_tm1] * 4
            ks = self.kernel.split(u, 1)
            rs = self.recurrent_kernel.split(u, 1)
            z = [x @ k + h @ r for x, k, h, r in zip(xs, ks, hs, rs)]
            if self.bias is not None:
                z = [zg + bg for zg, bg in zip(z, self.bias.split(u))]
        else:
            if self._input_dropout_on(training):
                inputs = inputs * self.get_dropout_mask(inputs)
            zz = inputs @ self.kernel + h_tm1 @ self.recurrent_kernel
            if self.bias is not None:
                zz = zz + self.bias
            z = zz.chunk(4, 1)
        c = ract(z[1]) * c_tm1 + ract(z[0]) * act(z[2])
        h = ract(z[3]) * act(c)
        return h, [h, c]

    _own_call = call

    # Whole-sequence paths used by the RNN layer -------------------------------------------
    def _fused(self, x, training):
        if not (is_tanh(self.activation) and is_sigmoid(self.recurrent_activation)):
            return None
        if self._recurrent_dropout_on(training):
            return None
        if self._input_dropout_on(training):
            x = x * self._new_masks(x[:, 0], self.dropout, None).unsqueeze(1)
        params = [self.kernel.t(), self.recurrent_kernel.t()]
        if self.bias is not None:
            params += [self.bias, torch.zeros_like(self.bias)]
        return "lstm", x, params, self.bias is not None

    def _projections(self, x, training):
        """Input projections of all steps ``(batch, time, 4u)`` and the recurrent masks."""
        u = self.units
        kernel = self.kernel
        rec_masks = None
        if self._recurrent_dropout_on(training):
            # Keras's implementation 1: one mask per gate for inputs and states.
            if self._input_dropout_on(training):
                dm = self._new_masks(x[:, 0], self.dropout, 4)
                xp = torch.cat([(x * m.unsqueeze(1)) @ k
                                for m, k in zip(dm, kernel.split(u, 1))], -1)
            else:
                xp = x @ kernel
            rec_masks = torch.stack(self._new_masks(
                x.new_empty((x.shape[0], u)), self.recurrent_dropout, 4))
        else:
            if self._input_dropout_on(training):
                x = x * self._new_masks(x[:, 0], self.dropout, None).unsqueeze(1)
            xp = x @ kernel
        if self.bias is not None:
            xp = xp + self.bias
        return xp, rec_masks

    def _sequence_step(self, x, training):
        u = self.units
        act = torch_activation(self.activation)
        ract = torch_activation(self.recurrent_activation)
        rec = self.recurrent_kernel
        xp, rec_masks = self._projections(x, training)
        if rec_masks is not None:
            rec4 = rec.view(u, 4, u).permute(1, 0, 2)
        batch = x.shape[0]
        standard = is_tanh(self.activation) and is_sigmoid(self.recurrent_activation)

        def step(xp_t, states):
            h, c = states
            if rec_masks is None:
                z = torch.addmm(xp_t, h, rec)
            else:
                z = xp_t + torch.bmm(h.unsqueeze(0) * rec_masks, rec4).transpose(
                    0, 1).reshape(batch, 4 * u)
            if standard:  # one sigmoid over all gates: fewer ops per step
                s = torch.sigmoid(z)
                i, f, _, o = s.chunk(4, 1)
                g = torch.tanh(z[:, 2 * u:3 * u])
                c = torch.addcmul(f * c, i, g)
                h = o * torch.tanh(c)
                return h, [h, c]
            i, f, g, o = z.chunk(4, 1)
            c = ract(f) * c + ract(i) * act(g)
            h = ract(o) * act(c)
            return h, [h, c]

        return xp, step

    def get_config(self) -> dict:
        config = super().get_config()
        config["recurrent_activation"] = activations.serialize(self.recurrent_activation)
        config["unit_forget_bias"] = self.unit_forget_bias
        return config


class LSTM(CellLayer):
    """Long Short-Term Memory layer (Hochreiter 1997).

    The weights are Keras's (``kernel (input_dim, 4*units)``, ``recurrent_kernel
    (units, 4*units)``, ``bias (4*units,)``, gates in the order i, f, c, o), so weights
    saved by Keras load unchanged. With ``tanh``/``sigmoid`` activations and no recurrent
    dropout while training, the layer runs PyTorch's fused LSTM kernel (any mask works).

    Args:
        units: Positive integer, dimensionality of the output space.
        activation, recurrent_activation, use_bias, kernel_initializer,
        recurrent_initializer, bias_initializer, unit_forget_bias, kernel_regularizer,
        recurrent_regularizer, bias_regularizer, kernel_constraint, recurrent_constraint,
        bias_constraint, dropout, recurrent_dropout, seed: As for ``LSTMCell``.
        activity_regularizer: Regularizer of the layer's output.
        return_sequences: Return the whole output sequence, not just the last output.
        return_state: Also return the last states ``h`` and ``c``.
        go_backwards: Process the sequence backwards (and return it reversed).
        stateful: Keep the last states of each batch as the next batch's initial states.
        unroll: Accepted for compatibility; the computation is the same.
        use_cudnn: ``"auto"``, ``True`` or ``False``: whether the fused kernel may be used.

    Example:

    >>> import numpy as np
    >>> out = LSTM(4)(np.zeros((32, 10, 8), "float32"))
    >>> tuple(out.shape)
    (32, 4)
    """

    _cell_class = LSTMCell
    _cell_name = "lstm_cell"
    _cell_args = ("units", "activation", "recurrent_activation", "use_bias",
                  "kernel_initializer", "recurrent_initializer", "bias_initializer",
                  "unit_forget_bias", "kernel_regularizer", "recurrent_regularizer",
                  "bias_regularizer", "kernel_constraint", "recurrent_constraint",
                  "bias_constraint", "dropout", "recurrent_dropout", "seed")

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", unit_forget_bias=True, kernel_regularizer=None,
                 recurrent_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, recurrent_constraint=None, bias_constraint=None,
                 dropout=0.0, recurrent_dropout=0.0, seed=None, return_sequences=False,
                 return_state=False, go_backwards=False, stateful=False, unroll=False,
                 use_cudnn="auto", **kwargs):
        cell_kwargs = dict(
            units=units, activation=activation, recurrent_activation=recurrent_activation,
            use_bias=use_bias, kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer, bias_initializer=bias_initializer,
            unit_forget_bias=unit_forget_bias, kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer, bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint, recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint, dropout=dropout,
            recurrent_dropout=recurrent_dropout, seed=seed)
        super().__init__(cell_kwargs, kwargs, activity_regularizer=activity_regularizer,
                         return_sequences=return_sequences, return_state=return_state,
                         go_backwards=go_backwards, stateful=stateful, unroll=unroll,
                         use_cudnn=use_cudnn)
        self.input_spec = InputSpec(ndim=3)
