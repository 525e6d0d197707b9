"""Keras 2's ``keras.layers.recurrent`` module path, kept for old code."""

from torcheras.layers.rnn import (
    GRU,
    LSTM,
    RNN,
    GRUCell,
    LSTMCell,
    SimpleRNN,
    SimpleRNNCell,
    StackedRNNCells,
)

__all__ = ["GRU", "GRUCell", "LSTM", "LSTMCell", "RNN", "SimpleRNN", "SimpleRNNCell",
           "StackedRNNCells"]
