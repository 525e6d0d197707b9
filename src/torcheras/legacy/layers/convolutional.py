"""Keras 1/2's ``keras.layers.convolutional``: the convolutions, Keras 1's
``AtrousConvolution1D/2D``, and the padding, cropping, upsampling and pooling layers that
Keras 1 defined in this module (Keras 2 kept them importable from here)."""

from torcheras.layers import (
    Conv2DTranspose,
    Conv3DTranspose,
    Cropping1D,
    Cropping2D,
    Cropping3D,
    UpSampling1D,
    UpSampling2D,
    UpSampling3D,
    ZeroPadding1D,
    ZeroPadding2D,
    ZeroPadding3D,
)
from torcheras.layers.convolutional import *  # noqa: F403 - every modern convolution
from torcheras.layers.convolutional import __all__ as _modern
from torcheras.legacy.layers._atrous import (
    AtrousConv1D,
    AtrousConv2D,
    AtrousConvolution1D,
    AtrousConvolution2D,
)
from torcheras.legacy.layers.pooling import *  # noqa: F403 - Keras 1 defined pooling here
from torcheras.legacy.layers.pooling import __all__ as _pooling

# Keras 2.0-2.3's short names of the transposed convolutions.
Deconv2D = Conv2DTranspose
Deconv3D = Conv3DTranspose

__all__ = ["AtrousConv1D", "AtrousConv2D", "AtrousConvolution1D", "AtrousConvolution2D",
           "Cropping1D", "Cropping2D", "Cropping3D", "Deconv2D", "Deconv3D", "UpSampling1D",
           "UpSampling2D", "UpSampling3D", "ZeroPadding1D", "ZeroPadding2D", "ZeroPadding3D"]
__all__ += _modern + _pooling
