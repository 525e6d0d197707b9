"""``CuDNNLSTM`` and ``CuDNNGRU``: Keras 2's cuDNN-only recurrent layers, on any device.

They are ``LSTM``/``GRU`` fixed to what cuDNN computes: ``tanh`` and ``sigmoid``, a bias,
no dropout, and for the GRU the reset gate after the recurrent product
(``reset_after=True``). Their weights keep Keras 2's cuDNN layout: cuDNN adds an input bias
and a recurrent bias, so ``bias`` is ``(8 * units,)`` for the LSTM (input half, then
recurrent half) and ``(6 * units,)`` for the GRU; the cell computes with their sum (LSTM) or
with the two halves as the rows of GRU's ``(2, 3 * units)`` bias. Both halves are trained,
as in Keras 2.
"""

from __future__ import annotations

import torch

from torcheras import initializers
from torcheras.layers import GRU, LSTM
from torcheras.layers.rnn._gru import GRUCell
from torcheras.layers.rnn._lstm import LSTMCell

# Arguments cuDNN fixes: Keras 2's configs of these layers never held them.
_FIXED = ("activation", "recurrent_activation", "use_bias", "dropout", "recurrent_dropout",
          "seed", "unroll", "reset_after", "use_cudnn", "zero_output_for_mask",
          "implementation")


def _raw_bias(cell):
    # Before build there is no bias: hasattr() must say so, or add_weight cannot register it.
    if "bias" not in cell.__dict__:
        raise AttributeError("bias")
    return cell.__dict__["bias"]


class _CuDNNLSTMCell(LSTMCell):
    def build(self, input_shape) -> None:
        self._add_kernels(int(input_shape[-1]), 4)
        units, base = self.units, self.bias_initializer
        init = base
        if self.unit_forget_bias:
            # Keras 2: the forget gate's recurrent half starts at 1, all else from the
            # bias initializer.
            def init(shape, dtype=None):
                return torch.cat([base((5 * units,), dtype=dtype),
                                  initializers.get("ones")((units,), dtype=dtype),
                                  base((2 * units,), dtype=dtype)])
        self._add_bias((8 * units,), init)
        self.built = True

    @property
    def bias(self):
        # The cell's maths reads one (4 * units,) bias: the two cuDNN halves' sum. The
        # weight itself (registered by add_weight) stays in the instance dict.
        raw = _raw_bias(self)
        return None if raw is None else raw[:4 * self.units] + raw[4 * self.units:]

    @bias.setter
    def bias(self, value) -> None:
        self.__dict__["bias"] = value


class _CuDNNGRUCell(GRUCell):
    def build(self, input_shape) -> None:
        self._add_kernels(int(input_shape[-1]), 3)
        self._add_bias((6 * self.units,))
        self.built = True

    @property
    def bias(self):
        # GRU with reset_after=True reads a (2, 3 * units) bias: input row, recurrent row.
        raw = _raw_bias(self)
        return None if raw is None else raw.view(2, 3 * self.units)

    @bias.setter
    def bias(self, value) -> None:
        self.__dict__["bias"] = value


def _cudnn_config(config: dict) -> dict:
    return {k: v for k, v in config.items() if k not in _FIXED}


class CuDNNLSTM(LSTM):
    """Keras 2's fast LSTM backed by cuDNN: an ``LSTM`` with cuDNN's fixed settings.

    Args:
        units: Positive integer, dimensionality of the output space.
        kernel_initializer: Initializer of the ``(input_dim, 4 * units)`` kernel.
        recurrent_initializer: Initializer of the ``(units, 4 * units)`` recurrent kernel.
        bias_initializer: Initializer of the ``(8 * units,)`` bias (input then recurrent).
        unit_forget_bias: Start the recurrent half's forget-gate bias at 1 (Keras 2).
        kernel_regularizer, recurrent_regularizer, bias_regularizer: Optional regularizers.
        activity_regularizer: Regularizer of the layer's output.
        kernel_constraint, recurrent_constraint, bias_constraint: Optional constraints.
        return_sequences: Return the whole output sequence, not just the last output.
        return_state: Also return the last states ``h`` and ``c``.
        go_backwards: Process the sequence backwards.
        stateful: Keep the last states of each batch as the next batch's initial states.
        **kwargs: Base layer arguments (``name``, ``input_shape``, ...).

    Example:

    >>> import numpy as np
    >>> layer = CuDNNLSTM(4)
    >>> tuple(layer(np.zeros((2, 3, 5), "float32")).shape), tuple(layer.cell.weights[2].shape)
    ((2, 4), (32,))
    """

    _cell_class = _CuDNNLSTMCell

    def __init__(self, units, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias=True, kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, return_sequences=False,
                 return_state=False, go_backwards=False, stateful=False, **kwargs):
        super().__init__(
            units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
            kernel_initializer=kernel_initializer, recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer, unit_forget_bias=unit_forget_bias,
            kernel_regularizer=kernel_regularizer, recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint, recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint, return_sequences=return_sequences,
            return_state=return_state, go_backwards=go_backwards, stateful=stateful, **kwargs)

    def get_config(self) -> dict:
        return _cudnn_config(super().get_config())


class CuDNNGRU(GRU):
    """Keras 2's fast GRU backed by cuDNN: a ``GRU`` with cuDNN's fixed settings
    (``reset_after=True``).

    Args:
        units: Positive integer, dimensionality of the output space.
        kernel_initializer: Initializer of the ``(input_dim, 3 * units)`` kernel.
        recurrent_initializer: Initializer of the ``(units, 3 * units)`` recurrent kernel.
        bias_initializer: Initializer of the ``(6 * units,)`` bias (input then recurrent).
        kernel_regularizer, recurrent_regularizer, bias_regularizer: Optional regularizers.
        activity_regularizer: Regularizer of the layer's output.
        kernel_constraint, recurrent_constraint, bias_constraint: Optional constraints.
        return_sequences: Return the whole output sequence, not just the last output.
        return_state: Also return the last state.
        go_backwards: Process the sequence backwards.
        stateful: Keep the last states of each batch as the next batch's initial states.
        **kwargs: Base layer arguments (``name``, ``input_shape``, ...).

    Example:

    >>> import numpy as np
    >>> layer = CuDNNGRU(4)
    >>> tuple(layer(np.zeros((2, 3, 5), "float32")).shape), tuple(layer.cell.weights[2].shape)
    ((2, 4), (24,))
    """

    _cell_class = _CuDNNGRUCell

    def __init__(self, units, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros",
                 kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, return_sequences=False, return_state=False,
                 go_backwards=False, stateful=False, **kwargs):
        super().__init__(
            units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
            kernel_initializer=kernel_initializer, recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer, bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint, bias_constraint=bias_constraint,
            return_sequences=return_sequences, return_state=return_state,
            go_backwards=go_backwards, stateful=stateful, reset_after=True, **kwargs)

    def get_config(self) -> dict:
        return _cudnn_config(super().get_config())
