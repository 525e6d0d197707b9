"""Keras 2's ``keras.engine.sequential``: ``Sequential``."""

from torcheras.models import Sequential

__all__ = ["Sequential"]
