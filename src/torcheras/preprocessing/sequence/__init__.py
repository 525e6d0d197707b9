"""``keras.preprocessing.sequence``: padding (and Keras 2's skip-gram helpers)."""

from torcheras.utils._sequence import pad_sequences

__all__ = ["pad_sequences"]
