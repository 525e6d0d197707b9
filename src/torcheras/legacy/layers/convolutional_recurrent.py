"""Keras 2's ``keras.layers.convolutional_recurrent``: ``ConvLSTM2D`` (and its 1D/3D kin)."""

from torcheras.layers import ConvLSTM1D, ConvLSTM2D, ConvLSTM3D

__all__ = ["ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D"]
