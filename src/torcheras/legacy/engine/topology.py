"""Keras 1/2's ``keras.engine.topology``: ``from keras.engine.topology import Layer``.

Old custom layers import their base class from here; it is Keras 3's ``keras.layers.Layer``.
"""

from torcheras.layers import Input, InputLayer, InputSpec, Layer
from torcheras.models import Model as Network
from torcheras.utils import get_source_inputs

__all__ = ["Input", "InputLayer", "InputSpec", "Layer", "Network", "get_source_inputs"]
