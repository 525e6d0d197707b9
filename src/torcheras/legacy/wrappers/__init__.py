"""Keras 2's ``keras.wrappers``: its ``scikit_learn`` module."""
