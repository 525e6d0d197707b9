"""Keras 2's ``keras.utils.*`` modules (``np_utils``, ``generic_utils``, ``data_utils``, ...).

``torcheras.utils`` serves them on first use (``from keras.utils import np_utils``).
"""
