"""Keras 2's ``keras.layers.local``: ``LocallyConnected1D`` and ``LocallyConnected2D``."""

from torcheras.legacy.layers._locally_connected import LocallyConnected1D, LocallyConnected2D

__all__ = ["LocallyConnected1D", "LocallyConnected2D"]
