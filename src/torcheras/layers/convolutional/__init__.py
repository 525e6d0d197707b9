"""Convolution layers; also Keras 2's ``keras.layers.convolutional`` module path.

Keras 2 programs wrote ``from keras.layers.convolutional import Conv2D, MaxPooling2D``:
that module also carried the pooling, padding, cropping and upsampling layers, so those
names resolve here too (lazily, to keep the packages' import order free).
"""

from torcheras.layers.convolutional._conv import Conv1D, Conv2D, Conv3D
from torcheras.layers.convolutional._conv_transpose import (
    Conv1DTranspose,
    Conv2DTranspose,
    Conv3DTranspose,
)
from torcheras.layers.convolutional._depthwise import (
    DepthwiseConv1D,
    DepthwiseConv2D,
    SeparableConv1D,
    SeparableConv2D,
)

# Keras's other names for the same classes (Keras 2: `Convolution2D = Conv2D`; the Keras 1
# positional form `Convolution2D(32, 3, 3)` is translated by the legacy-argument table).
Convolution1D = Conv1D
Convolution2D = Conv2D
Convolution3D = Conv3D
Convolution1DTranspose = Conv1DTranspose
Convolution2DTranspose = Conv2DTranspose
Convolution3DTranspose = Conv3DTranspose
Deconvolution2D = Conv2DTranspose  # Keras 2
Deconvolution3D = Conv3DTranspose  # Keras 2
SeparableConvolution1D = SeparableConv1D
SeparableConvolution2D = SeparableConv2D

__all__ = [
    "Conv1D",
    "Conv1DTranspose",
    "Conv2D",
    "Conv2DTranspose",
    "Conv3D",
    "Conv3DTranspose",
    "Convolution1D",
    "Convolution1DTranspose",
    "Convolution2D",
    "Convolution2DTranspose",
    "Convolution3D",
    "Convolution3DTranspose",
    "Deconvolution2D",
    "Deconvolution3D",
    "DepthwiseConv1D",
    "DepthwiseConv2D",
    "SeparableConv1D",
    "SeparableConv2D",
    "SeparableConvolution1D",
    "SeparableConvolution2D",
]

_KERAS2_EXTRAS = {"pooling", "reshaping"}


def __getattr__(name: str):
    import importlib

    for package in _KERAS2_EXTRAS:
        module = importlib.import_module(f"torcheras.layers.{package}")
        if name in module.__all__:
            return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
