"""Keras 2's ``keras.layers.noise``: ``GaussianNoise``, ``GaussianDropout``, ``AlphaDropout``."""

from torcheras.layers import AlphaDropout, GaussianDropout, GaussianNoise

__all__ = ["AlphaDropout", "GaussianDropout", "GaussianNoise"]
