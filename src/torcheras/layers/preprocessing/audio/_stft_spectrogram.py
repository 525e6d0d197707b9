"""``STFTSpectrogram``: a short-time Fourier transform computed as a strided 1-D convolution
with Fourier-basis kernels (``real_kernel``/``imag_kernel``, Keras's shapes
``(frame_length, 1, fft_length // 2 + 1)``), so the kernels can be trained."""

from __future__ import annotations

import math
import warnings

import torch
import torch.nn.functional as F

from torcheras import initializers
from torcheras.backend import _config
from torcheras.layers._input_spec import InputSpec
from torcheras.layers._layer import Layer
from torcheras.layers.convolutional import _args

_MODES = ["log", "magnitude", "psd", "real", "imag", "angle", "stft"]


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class STFTSpectrogram(Layer):
    """Spectrograms of 1-D signals by the short-time Fourier transform.

    Args:
        mode: Output: ``"log"`` (log magnitude, default), ``"magnitude"``, ``"psd"``
            (power spectral density), ``"real"``, ``"imag"``, ``"angle"`` or ``"stft"``
            (real and imaginary parts side by side).
        frame_length: Samples per frame (window).
        frame_step: Hop between frames (default ``frame_length // 2``).
        fft_length: FFT size, at least ``frame_length`` (default: the next power of two).
        window: ``"hann"`` (default), ``"hamming"``, another SciPy window name, an
            array of ``frame_length`` values, or None.
        periodic: Whether the window is periodic (else symmetric).
        scaling: ``"density"`` (default), ``"spectrum"`` or None: how the window is
            normalized.
        padding: ``"valid"`` or ``"same"``.
        expand_dims: Keep channels and frequencies on separate axes (an image-like
            output) instead of merging them.
        data_format: ``"channels_last"`` (``(batch, time, channels)``) or
            ``"channels_first"``.

    Example:

    >>> import numpy as np
    >>> layer = STFTSpectrogram(mode="real", frame_length=4, frame_step=4, fft_length=4,
    ...                         window=None, scaling=None)
    >>> layer(np.ones((1, 8, 1), "float32"))[0].round(decimals=4).abs().tolist()
    [[4.0, 0.0, 0.0], [4.0, 0.0, 0.0]]
    """

    def __init__(self, mode="log", frame_length=256, frame_step=None, fft_length=None,
                 window="hann", periodic=False, scaling="density", padding="valid",
                 expand_dims=False, data_format=None, **kwargs):
        if not _is_int(frame_length) or frame_length < 1:
            raise ValueError(
                "Argument `frame_length` must be a positive integer. Received: "
                f"frame_length={frame_length!r}")
        if frame_step is not None and (not _is_int(frame_step) or frame_step > frame_length
                                       or frame_step < 1):
            raise ValueError(
                "`frame_step` should be a positive integer not greater than `frame_length`. "
                f"Received frame_step={frame_step!r}, frame_length={frame_length}")
        if fft_length is not None and (not _is_int(fft_length) or fft_length < frame_length):
            raise ValueError(
                "`fft_length` should be not less than `frame_length`. "
                f"Received fft_length={fft_length!r}, frame_length={frame_length}")
        if fft_length is not None and (fft_length & -fft_length) != fft_length:
            warnings.warn(
                f"`fft_length` is recommended to be a power of two. Received "
                f"fft_length={fft_length}", stacklevel=2)
        if mode not in _MODES:
            raise ValueError(
                f"Output mode is invalid, it must be one of {', '.join(_MODES)}. "
                f"Received: mode={mode!r}")
        if scaling is not None and scaling not in ("density", "spectrum"):
            raise ValueError(
                "Scaling is invalid, it must be `None`, 'density' or 'spectrum'. "
                f"Received scaling={scaling!r}")
        if padding not in ("valid", "same"):
            raise ValueError(
                f"Padding is invalid, it should be 'valid', 'same'. Received: "
                f"padding={padding!r}")
        # The initializer checks the window name (the same check as when it builds).
        initializers.STFT("real", window, scaling, periodic)
        super().__init__(**kwargs)
        self.mode = mode
        self.frame_length = frame_length
        self.frame_step = frame_step
        self._frame_step = frame_step or frame_length // 2
        self.fft_length = fft_length
        self._fft_length = fft_length or 2 ** int(math.ceil(math.log2(frame_length)))
        self.window = window
        self.periodic = periodic
        self.scaling = scaling
        self.padding = padding
        self.expand_dims = expand_dims
        self.data_format = _args.data_format(data_format)
        self.input_spec = InputSpec(ndim=3)

    def build(self, input_shape) -> None:
        shape = (self.frame_length, 1, self._fft_length // 2 + 1)
        for side in ("real", "imag"):
            if self.mode != ("imag" if side == "real" else "real"):
                setattr(self, f"{side}_kernel", self.add_weight(
                    name=f"{side}_kernel", shape=shape,
                    initializer=initializers.STFT(side, self.window, self.scaling,
                                                  self.periodic)))
        self.built = True

    def _conv(self, signals: torch.Tensor, kernel: torch.Tensor) -> torch.Tensor:
        """``signals`` ``(batch * channels, 1, time)`` -> ``(batch*channels, freq, frames)``."""
        weight = kernel.to(signals.dtype).permute(2, 1, 0)  # (freq, 1, frame_length)
        if self.padding == "same":
            left, right = _args.same_pads(signals.shape[-1], self.frame_length,
                                          self._frame_step)
            signals = F.pad(signals, (left, right))
        return F.conv1d(signals, weight, stride=self._frame_step)

    def _adjust(self, x: torch.Tensor) -> torch.Tensor:
        """``(batch, channels, freq, frames)`` to the layer's output layout."""
        batch, channels, freq, frames = x.shape
        if self.data_format == "channels_last":
            if self.expand_dims:
                return x.permute(0, 3, 2, 1)
            return x.reshape(batch, channels * freq, frames).transpose(1, 2)
        if self.expand_dims:
            return x.transpose(2, 3)
        return x.reshape(batch, channels * freq, frames)

    def call(self, inputs):
        if inputs.dtype not in (torch.float16, torch.float32, torch.float64):
            raise TypeError(
                "Invalid input type. Expected `float16`, `float32` or `float64`. "
                f"Received: input type={str(inputs.dtype).replace('torch.', '')}")
        if self.data_format == "channels_last":
            inputs = inputs.transpose(1, 2)
        batch, channels, time = inputs.shape
        signals = inputs.reshape(batch * channels, 1, time)

        def spectrum(kernel):
            out = self._conv(signals, kernel)
            return out.reshape(batch, channels, out.shape[1], out.shape[2])

        real = spectrum(self.real_kernel) if self.mode != "imag" else None
        imag = spectrum(self.imag_kernel) if self.mode != "real" else None
        if self.mode == "real":
            return self._adjust(real)
        if self.mode == "imag":
            return self._adjust(imag)
        if self.mode == "angle":
            return self._adjust(torch.atan2(imag, real))
        if self.mode == "stft":
            return self._adjust(torch.cat([real, imag], dim=2))
        power = real.square() + imag.square()
        if self.mode == "psd":
            # One-sided density: every bin but DC and Nyquist counts twice.
            return self._adjust(power + F.pad(power[:, :, 1:-1, :], (0, 0, 1, 1)))
        eps = _config.epsilon()
        magnitude = self._adjust(torch.sqrt(torch.clamp(power, min=eps)))
        if self.mode == "magnitude":
            return magnitude
        return torch.log(torch.clamp(magnitude, min=eps))

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        if self.data_format == "channels_last":
            batch, time, channels = input_shape
        else:
            batch, channels, time = input_shape
        freq = self._fft_length // 2 + 1
        if self.mode == "stft":
            freq *= 2
        frames = _args.conv_output_length(time, self.frame_length, self._frame_step,
                                          self.padding)
        if self.expand_dims:
            if self.data_format == "channels_last":
                return (batch, frames, freq, channels)
            return (batch, channels, frames, freq)
        merged = None if channels is None else freq * channels
        if self.data_format == "channels_last":
            return (batch, frames, merged)
        return (batch, merged, frames)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "mode": self.mode, "frame_length": self.frame_length,
            "frame_step": self.frame_step, "fft_length": self.fft_length,
            "window": self.window, "periodic": self.periodic, "scaling": self.scaling,
            "padding": self.padding, "data_format": self.data_format,
            "expand_dims": self.expand_dims,
        })
        return config
