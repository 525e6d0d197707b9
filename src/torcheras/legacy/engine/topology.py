"""Keras 1/2's ``keras.engine.topology``: ``from keras.engine.topology import Layer``.

Old custom layers import their base class from here; it is Keras 3's ``keras.layers.Layer``.
Keras 1 also defined ``Merge`` and ``merge`` here.
"""

from torcheras.layers import Input, InputLayer, InputSpec, Layer
from torcheras.legacy.layers import merge
from torcheras.legacy.layers.merge import Merge
from torcheras.models import Model as Network
from torcheras.utils import get_source_inputs

__all__ = ["Input", "InputLayer", "InputSpec", "Layer", "Merge", "Network",
           "get_source_inputs", "merge"]
