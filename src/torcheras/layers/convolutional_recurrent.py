"""Keras 2's ``keras.layers.convolutional_recurrent`` module path, kept for old code."""

from torcheras.layers.rnn import ConvLSTM1D, ConvLSTM2D, ConvLSTM3D

__all__ = ["ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D"]
