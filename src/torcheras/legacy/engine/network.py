"""Keras 2's ``keras.engine.network``: ``Network`` (``keras.Model``) and ``get_source_inputs``."""

from torcheras.models import Model as Network
from torcheras.utils import get_source_inputs

__all__ = ["Network", "get_source_inputs"]
