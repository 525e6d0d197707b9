"""TensorFlow 2.x's ``keras.layers.experimental``: its ``preprocessing`` layers."""

from torcheras.legacy.layers.experimental import preprocessing

__all__ = ["preprocessing"]
