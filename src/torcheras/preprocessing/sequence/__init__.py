"""``keras.preprocessing.sequence``: padding, and Keras 2's skip-gram helpers."""

from torcheras.preprocessing.sequence._skipgrams import make_sampling_table, skipgrams
from torcheras.utils._sequence import pad_sequences

__all__ = ["make_sampling_table", "pad_sequences", "skipgrams"]
