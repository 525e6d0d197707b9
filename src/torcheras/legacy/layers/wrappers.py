"""Keras 2's ``keras.layers.wrappers``: ``Wrapper``, ``TimeDistributed``, ``Bidirectional``."""

from torcheras.layers import Bidirectional, TimeDistributed, Wrapper

__all__ = ["Bidirectional", "TimeDistributed", "Wrapper"]
