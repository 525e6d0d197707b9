"""Audio preprocessing layers: ``STFTSpectrogram`` and ``MelSpectrogram``."""

from torcheras.layers.preprocessing.audio._mel_spectrogram import MelSpectrogram
from torcheras.layers.preprocessing.audio._stft_spectrogram import STFTSpectrogram

__all__ = ["MelSpectrogram", "STFTSpectrogram"]
