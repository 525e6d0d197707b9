"""Keras 2's ``keras.layers.wrappers`` module path, kept for old code."""

from torcheras.layers.rnn import Bidirectional, TimeDistributed, Wrapper

__all__ = ["Bidirectional", "TimeDistributed", "Wrapper"]
