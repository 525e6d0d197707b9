"""torcheras: Keras, running on PyTorch."""

__version__ = "0.1.0"
