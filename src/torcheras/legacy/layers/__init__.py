"""Keras 1/2's ``keras.layers.*`` module paths (``keras.layers.core``, ``.convolutional``, ...).

Each module holds the names Keras 2.3 had at that path, re-exported from ``keras.layers``;
the layers Keras 3 removed (``LocallyConnected1D/2D``, ``CuDNNLSTM``/``CuDNNGRU``,
``ThresholdedReLU``, ``AtrousConvolution1D/2D``, Keras 1's ``Merge``) are defined here.
"""
