"""Recurrent layers, their cells, ``Masking`` and the sequence wrappers."""

from torcheras.layers.rnn._bidirectional import Bidirectional
from torcheras.layers.rnn._conv_lstm import ConvLSTM1D, ConvLSTM2D, ConvLSTM3D
from torcheras.layers.rnn._gru import GRU, GRUCell
from torcheras.layers.rnn._lstm import LSTM, LSTMCell
from torcheras.layers.rnn._masking import Masking
from torcheras.layers.rnn._rnn import RNN
from torcheras.layers.rnn._simple_rnn import SimpleRNN, SimpleRNNCell
from torcheras.layers.rnn._stacked import StackedRNNCells
from torcheras.layers.rnn._time_distributed import TimeDistributed
from torcheras.layers.rnn._wrapper import Wrapper

__all__ = [
    "GRU",
    "Bidirectional",
    "ConvLSTM1D",
    "ConvLSTM2D",
    "ConvLSTM3D",
    "GRUCell",
    "LSTM",
    "LSTMCell",
    "Masking",
    "RNN",
    "SimpleRNN",
    "SimpleRNNCell",
    "StackedRNNCells",
    "TimeDistributed",
    "Wrapper",
]
