"""Keras 2's ``keras.engine.training``: ``Model``."""

from torcheras.models import Model

__all__ = ["Model"]
