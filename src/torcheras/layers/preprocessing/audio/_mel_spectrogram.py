"""``MelSpectrogram``: raw audio -> (decibel) mel spectrogram, as Keras computes it.

The power spectrum comes from a centered STFT (reflection padding of ``fft_length // 2``);
the mel filter bank is HTK's (``mel = 1127 * ln(1 + f / 700)``, triangles peaking at 1, the
DC bin left out), and the decibel floor ``max - top_db`` is taken over the whole batch.
"""

from __future__ import annotations

import math

import torch

from torcheras.backend import _device
from torcheras.layers._layer import Layer
from torcheras.ops._math_fft import stft

_MEL_BREAK_FREQUENCY_HERTZ = 700.0
_MEL_HIGH_FREQUENCY_Q = 1127.0


def _hertz_to_mel(hertz: torch.Tensor) -> torch.Tensor:
    return _MEL_HIGH_FREQUENCY_Q * torch.log(1.0 + hertz / _MEL_BREAK_FREQUENCY_HERTZ)


def linear_to_mel_weight_matrix(num_mel_bins: int, num_spectrogram_bins: int,
                                sampling_rate: float, lower_edge_hertz: float,
                                upper_edge_hertz: float,
                                dtype: torch.dtype = torch.float32) -> torch.Tensor:
    """``(num_spectrogram_bins, num_mel_bins)`` matrix taking linear bins to mel bins."""
    nyquist = torch.tensor(float(sampling_rate), dtype=dtype) / 2.0
    linear = torch.linspace(0.0, float(nyquist), num_spectrogram_bins, dtype=dtype)[1:]
    bins_mel = _hertz_to_mel(linear).unsqueeze(1)
    edges = torch.linspace(float(_hertz_to_mel(torch.tensor(lower_edge_hertz, dtype=dtype))),
                           float(_hertz_to_mel(torch.tensor(upper_edge_hertz, dtype=dtype))),
                           num_mel_bins + 2, dtype=dtype)
    lower, center, upper = edges[:-2], edges[1:-1], edges[2:]
    lower_slopes = (bins_mel - lower) / (center - lower)
    upper_slopes = (upper - bins_mel) / (upper - center)
    weights = torch.clamp(torch.minimum(lower_slopes, upper_slopes), min=0.0)
    return torch.cat([torch.zeros((1, num_mel_bins), dtype=dtype), weights], dim=0)


def _check_positive_int(value, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(
            f"Argument `{name}` must be a positive integer. Received: {name}={value!r}")


class MelSpectrogram(Layer):
    """A preprocessing layer to convert raw audio signals to Mel spectrograms.

    Args:
        fft_length: FFT size.
        sequence_stride: Samples between successive STFT frames.
        sequence_length: Window length (default ``fft_length``).
        window: ``"hann"`` (default), ``"hamming"``, an array of ``sequence_length``
            values, or None.
        sampling_rate: Sample rate of the signal (Hz).
        num_mel_bins: Number of mel bins.
        min_freq: Lowest edge of the mel bins (Hz).
        max_freq: Highest edge (default ``sampling_rate / 2``).
        power_to_db: Convert power to decibels.
        top_db: Decibel floor below the batch's maximum.
        mag_exp: Exponent of the magnitude (1 magnitude, 2 power).
        min_power: Floor of the power and of ``ref_power``.
        ref_power: Decibels are ``10 * log10(S / ref_power)``.

    Input ``(samples,)`` or ``(batch, samples)``; output ``(num_mel_bins, frames)`` or
    ``(batch, num_mel_bins, frames)`` with ``frames = 1 + samples // sequence_stride``.

    Example:

    >>> import numpy as np
    >>> layer = MelSpectrogram(fft_length=64, sequence_stride=32, num_mel_bins=8,
    ...                        sampling_rate=8000)
    >>> tuple(layer(np.zeros((2, 256), "float32")).shape)
    (2, 8, 9)
    """

    def __init__(self, fft_length=2048, sequence_stride=512, sequence_length=None,
                 window="hann", sampling_rate=16000, num_mel_bins=128, min_freq=20.0,
                 max_freq=None, power_to_db=True, top_db=80.0, mag_exp=2.0, min_power=1e-10,
                 ref_power=1.0, **kwargs):
        for name, value in (("fft_length", fft_length), ("sequence_stride", sequence_stride),
                            ("num_mel_bins", num_mel_bins)):
            _check_positive_int(value, name)
        if sequence_length is not None:
            _check_positive_int(sequence_length, "sequence_length")
        self.fft_length = fft_length
        self.sequence_stride = sequence_stride
        self.sequence_length = sequence_length or fft_length
        if self.fft_length < self.sequence_length:
            raise ValueError(
                "`fft_length` must be greater than or equal to   `sequence_length`. "
                f"Received: `sequence_length`={self.sequence_length}, "
                f"`fft_length`={self.fft_length}.")
        if isinstance(window, str) and window not in ("hann", "hamming"):
            raise ValueError(
                'If a string is passed to `window`, it must be one of `"hann"`, '
                f'`"hamming"`. Received: window={window!r}')
        self.window = window
        self.sampling_rate = sampling_rate
        self.num_mel_bins = num_mel_bins
        self.min_freq = min_freq
        self.max_freq = max_freq or int(sampling_rate / 2)
        self.power_to_db = power_to_db
        self.top_db = top_db
        self.mag_exp = mag_exp
        self.min_power = min_power
        self.ref_power = ref_power
        super().__init__(**kwargs)
        self.built = True

    def call(self, inputs):
        dtype = self.compute_dtype
        if dtype not in ("float32", "float64"):
            dtype = "float32"  # the STFT runs in float32 or float64 only, as Keras's
        torch_dtype = _device.to_torch_dtype(dtype)
        inputs = inputs.to(torch_dtype)
        real, imag = stft(inputs, self.sequence_length, self.sequence_stride,
                          self.fft_length, window=self.window, center=True)
        spec = torch.sqrt(real.square() + imag.square()).pow(self.mag_exp)
        matrix = linear_to_mel_weight_matrix(
            self.num_mel_bins, spec.shape[-1], self.sampling_rate, self.min_freq,
            self.max_freq).to(torch_dtype).to(spec.device)
        out = torch.tensordot(spec, matrix, dims=1)
        if self.power_to_db:
            out = self._dbscale(out)
        out = out.transpose(-1, -2)
        return out.to(_device.to_torch_dtype(self.compute_dtype))

    def _dbscale(self, power: torch.Tensor) -> torch.Tensor:
        log_spec = 10.0 * torch.log10(torch.clamp(power, min=self.min_power))
        ref = max(abs(float(self.ref_power)), self.min_power)
        log_spec = log_spec - 10.0 * math.log10(ref)
        return torch.maximum(log_spec, log_spec.max() - self.top_db)

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        samples = input_shape[-1]
        # The centered STFT pads fft_length // 2 on each side.
        frames = None if samples is None else 1 + (
            samples + 2 * (self.fft_length // 2) - self.fft_length) // self.sequence_stride
        return (*input_shape[:-1], self.num_mel_bins, frames)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "fft_length": self.fft_length, "sequence_stride": self.sequence_stride,
            "sequence_length": self.sequence_length, "window": self.window,
            "sampling_rate": self.sampling_rate, "num_mel_bins": self.num_mel_bins,
            "min_freq": self.min_freq, "max_freq": self.max_freq,
            "power_to_db": self.power_to_db, "top_db": self.top_db,
            "mag_exp": self.mag_exp, "min_power": self.min_power,
            "ref_power": self.ref_power,
        })
        return config
