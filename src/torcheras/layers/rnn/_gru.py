"""``GRUCell`` and ``GRU``: Keras's weights (gates z, r, h), torch's fused kernel."""

from __future__ import annotations

import torch

from torcheras import activations
from torcheras.layers._input_spec import InputSpec
from torcheras.layers.rnn._cell_base import BaseCell
from torcheras.layers.rnn._common import is_sigmoid, is_tanh, torch_activation
from torcheras.layers.rnn._layer_base import CellLayer


class GRUCell(BaseCell):
    """Cell class for the GRU layer: one step of ``GRU``.

    Args:
        units: Positive integer, dimensionality of the output space.
        activation: Activation of the candidate state (``tanh``).
        recurrent_activation: Activation of the update and reset gates (``sigmoid``).
        use_bias: Whether the layer uses a bias vector.
        kernel_initializer: Initializer of the ``(input_dim, 3 * units)`` kernel.
        recurrent_initializer: Initializer of the ``(units, 3 * units)`` recurrent kernel.
        bias_initializer: Initializer of the bias: ``(2, 3 * units)`` (input and recurrent
            biases) with ``reset_after``, else ``(3 * units,)``.
        kernel_regularizer, recurrent_regularizer, bias_regularizer: Optional regularizers.
        kernel_constraint, recurrent_constraint, bias_constraint: Optional constraints.
        dropout: Fraction of the inputs to drop.
        recurrent_dropout: Fraction of the recurrent state to drop.
        reset_after: Apply the reset gate after the recurrent matrix product (``True``,
            the cuDNN-compatible variant).
        seed: Random seed for dropout.

    Example:

    >>> import numpy as np
    >>> from torcheras.layers import RNN
    >>> tuple(RNN(GRUCell(4))(np.zeros((2, 3, 5), "float32")).shape)
    (2, 4)
    """

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, reset_after=True,
                 seed=None, **kwargs):
        super().__init__(
            units, activation=activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer, recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer, bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint, recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint, dropout=dropout,
            recurrent_dropout=recurrent_dropout, seed=seed, **kwargs)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.reset_after = bool(reset_after)
        if self.recurrent_dropout != 0.0:
            self.implementation = 1
        if self.implementation == 1:
            self.dropout_mask_count = 3
        self.state_size = self.units

    def build(self, input_shape) -> None:
        self._add_kernels(int(input_shape[-1]), 3)
        self._add_bias((2, 3 * self.units) if self.reset_after else (3 * self.units,))
        self.built = True

    def _biases(self):
        if self.bias is None:
            return None, None
        if self.reset_after:
            return self.bias[0], self.bias[1]
        return self.bias, None

    def call(self, inputs, states, training=False):
        h_tm1 = states[0] if isinstance(states, (list, tuple)) else states
        u = self.units
        dp = self.get_dropout_mask(inputs) if self._input_dropout_on(training) else None
        rdp = (self.get_recurrent_dropout_mask(h_tm1)
               if self._recurrent_dropout_on(training) else None)
        if self.implementation == 1:
            xs = [inputs * m for m in dp] if dp is not None else [inputs] * 3
            hs = [h_tm1 * m for m in rdp] if rdp is not None else [h_tm1] * 3
        else:
            xs = [inputs * dp if dp is not None else inputs] * 3
            hs = [h_tm1] * 3
        x_proj = [x @ k for x, k in zip(xs, self.kernel.split(u, 1))]
        in_bias, rec_bias = self._biases()
        if in_bias is not None:
            x_proj = [p + b for p, b in zip(x_proj, in_bias.split(u))]
        h, _ = self._gru_math(x_proj, hs, h_tm1, rec_bias)
        new_state = [h] if isinstance(states, (list, tuple)) else h
        return h, new_state

    _own_call = call

    def _gru_math(self, x_proj, hs, h_tm1, rec_bias):
        u = self.units
        act = torch_activation(self.activation)
        ract = torch_activation(self.recurrent_activation)
        rks = self.recurrent_kernel.split(u, 1)
        rec_z = hs[0] @ rks[0]
        rec_r = hs[1] @ rks[1]
        if rec_bias is not None:
            rb = rec_bias.split(u)
            rec_z, rec_r = rec_z + rb[0], rec_r + rb[1]
        z = ract(x_proj[0] + rec_z)
        r = ract(x_proj[1] + rec_r)
        if self.reset_after:
            rec_h = hs[2] @ rks[2]
            if rec_bias is not None:
                rec_h = rec_h + rb[2]
            rec_h = r * rec_h
        else:
            rec_h = (r * hs[2]) @ rks[2]
        hh = act(x_proj[2] + rec_h)
        return z * h_tm1 + (1 - z) * hh, None

    # Whole-sequence paths used by the RNN layer -------------------------------------------
    def _fused(self, x, training):
        if not (self.reset_after and is_tanh(self.activation)
                and is_sigmoid(self.recurrent_activation)):
            return None
        if self._recurrent_dropout_on(training):
            return None
        if self._input_dropout_on(training):
            x = x * self._new_masks(x[:, 0], self.dropout, None).unsqueeze(1)
        u = self.units
        # torch orders the gates r, z, n; Keras z, r, h.
        kz, kr, kh = self.kernel.split(u, 1)
        rz, rr, rh = self.recurrent_kernel.split(u, 1)
        params = [torch.cat([kr, kz, kh], 1).t(), torch.cat([rr, rz, rh], 1).t()]
        if self.bias is not None:
            bz, br, bh = self.bias.split(u, 1)
            params += [torch.cat([br[0], bz[0], bh[0]]), torch.cat([br[1], bz[1], bh[1]])]
        return "gru", x, params, self.bias is not None

    def _sequence_step(self, x, training):
        u = self.units
        rec_masks = None
        in_bias, rec_bias = self._biases()
        if self._recurrent_dropout_on(training):
            if self._input_dropout_on(training):
                dm = self._new_masks(x[:, 0], self.dropout, 3)
                xp = torch.cat([(x * m.unsqueeze(1)) @ k
                                for m, k in zip(dm, self.kernel.split(u, 1))], -1)
            else:
                xp = x @ self.kernel
            rec_masks = self._new_masks(x.new_empty((x.shape[0], u)), self.recurrent_dropout, 3)
        else:
            if self._input_dropout_on(training):
                x = x * self._new_masks(x[:, 0], self.dropout, None).unsqueeze(1)
            xp = x @ self.kernel
        if in_bias is not None:
            xp = xp + in_bias
        fast = rec_masks is None and self.reset_after
        act = torch_activation(self.activation)
        ract = torch_activation(self.recurrent_activation)
        rec = self.recurrent_kernel

        def step(xp_t, states):
            h = states[0]
            if fast:
                inner = h @ rec if rec_bias is None else torch.addmm(rec_bias, h, rec)
                xz, xr, xh = xp_t.chunk(3, 1)
                hz, hr, hh = inner.chunk(3, 1)
                z = ract(xz + hz)
                r = ract(xr + hr)
                new = z * h + (1 - z) * act(xh + r * hh)
                return new, [new]
            hs = [h * m for m in rec_masks] if rec_masks is not None else [h] * 3
            new, _ = self._gru_math(list(xp_t.chunk(3, 1)), hs, h, rec_bias)
            return new, [new]

        return xp, step

    def get_config(self) -> dict:
        config = super().get_config()
        config["recurrent_activation"] = activations.serialize(self.recurrent_activation)
        config["reset_after"] = self.reset_after
        return config


class GRU(CellLayer):
    """Gated Recurrent Unit (Cho et al. 2014), Keras 3's ``reset_after=True`` variant by
    default.

    The weights are Keras's (``kernel (input_dim, 3*units)``, ``recurrent_kernel
    (units, 3*units)``, ``bias (2, 3*units)``, gates in the order z, r, h). With
    ``reset_after``, ``tanh``/``sigmoid`` and no recurrent dropout while training, the layer
    runs PyTorch's fused GRU kernel, whose formulation is the same.

    Args:
        units: Positive integer, dimensionality of the output space.
        activation, recurrent_activation, use_bias, kernel_initializer,
        recurrent_initializer, bias_initializer, kernel_regularizer, recurrent_regularizer,
        bias_regularizer, kernel_constraint, recurrent_constraint, bias_constraint,
        dropout, recurrent_dropout, reset_after, seed: As for ``GRUCell``.
        activity_regularizer: Regularizer of the layer's output.
        return_sequences, return_state, go_backwards, stateful, unroll, use_cudnn: As for
            ``LSTM``.

    Example:

    >>> import numpy as np
    >>> seq, state = GRU(4, return_sequences=True, return_state=True)(
    ...     np.zeros((32, 10, 8), "float32"))
    >>> tuple(seq.shape), tuple(state.shape)
    ((32, 10, 4), (32, 4))
    """

    _cell_class = GRUCell
    _cell_name = "gru_cell"
    _cell_args = ("units", "activation", "recurrent_activation", "use_bias",
                  "kernel_initializer", "recurrent_initializer", "bias_initializer",
                  "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
                  "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout",
                  "recurrent_dropout", "reset_after", "seed")

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                 recurrent_dropout=0.0, seed=None, return_sequences=False, return_state=False,
                 go_backwards=False, stateful=False, unroll=False, reset_after=True,
                 use_cudnn="auto", **kwargs):
        cell_kwargs = dict(
            units=units, activation=activation, recurrent_activation=recurrent_activation,
            use_bias=use_bias, kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint, bias_constraint=bias_constraint,
            dropout=dropout, recurrent_dropout=recurrent_dropout, reset_after=reset_after,
            seed=seed)
        super().__init__(cell_kwargs, kwargs, activity_regularizer=activity_regularizer,
                         return_sequences=return_sequences, return_state=return_state,
                         go_backwards=go_backwards, stateful=stateful, unroll=unroll,
                         use_cudnn=use_cudnn)
        self.input_spec = InputSpec(ndim=3)
