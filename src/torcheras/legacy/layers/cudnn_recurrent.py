"""Keras 2's ``keras.layers.cudnn_recurrent``: ``CuDNNLSTM`` and ``CuDNNGRU``."""

from torcheras.legacy.layers._cudnn import CuDNNGRU, CuDNNLSTM

__all__ = ["CuDNNGRU", "CuDNNLSTM"]
