"""Fourier ops of ``keras.ops``: FFTs on ``(real, imag)`` pairs, framing and the STFT.

Keras passes complex values as a ``(real, imag)`` tuple of float tensors and returns them
the same way; torch's complex FFTs do the work.
"""

from __future__ import annotations

from typing import Any

import torch
import torch.nn.functional as F

from torcheras.ops._math import _float
from torcheras.ops._op import convert, op


def _complex(x: Any) -> torch.Tensor:
    if not isinstance(x, (tuple, list)) or len(x) != 2:
        raise ValueError(
            "Input `x` should be a tuple of two tensors - real and imaginary. "
            f"Received: x={x!r}"
        )
    real, imag = convert(x[0]), convert(x[1])
    if real.shape != imag.shape:
        raise ValueError(
            "Input `x` should be a tuple of two tensors - real and imaginary. Both the real "
            f"and imaginary parts should have the same shape. Received: "
            f"x[0].shape = {tuple(real.shape)}, x[1].shape = {tuple(imag.shape)}"
        )
    if not real.is_floating_point() or not imag.is_floating_point():
        raise ValueError(f"At least one tensor in input `x` is not of type float. Received: "
                         f"x={x!r}.")
    return torch.complex(real, imag.to(real.dtype))


def _pair(z: torch.Tensor) -> tuple:
    return z.real, z.imag


@op("FFT")
def fft(x: tuple) -> tuple:
    """Fast Fourier transform along the last axis.

    Args:
        x: Tuple ``(real, imag)`` of float tensors of the same shape.

    Returns:
        Tuple ``(real, imag)`` of the transform.

    Example:

    >>> real, imag = fft((torch.tensor([1.0, 0.0]), torch.tensor([0.0, 0.0])))
    >>> real.tolist(), imag.tolist()
    ([1.0, 1.0], [0.0, 0.0])
    """
    return _pair(torch.fft.fft(_complex(x)))


@op("FFT2")
def fft2(x: tuple) -> tuple:
    """2-D fast Fourier transform over the last two axes.

    Args:
        x: Tuple ``(real, imag)`` of float tensors of the same shape (rank >= 2).

    Returns:
        Tuple ``(real, imag)`` of the transform.
    """
    return _pair(torch.fft.fft2(_complex(x)))


@op("IFFT2")
def ifft2(x: tuple) -> tuple:
    """Inverse 2-D fast Fourier transform over the last two axes.

    Args:
        x: Tuple ``(real, imag)`` of float tensors of the same shape (rank >= 2).

    Returns:
        Tuple ``(real, imag)``.
    """
    return _pair(torch.fft.ifft2(_complex(x)))


@op("RFFT")
def rfft(x: Any, fft_length: int | None = None) -> tuple:
    """FFT of a real signal along the last axis (the ``fft_length // 2 + 1`` unique bins).

    Args:
        x: Real input tensor.
        fft_length: FFT size (the signal is cropped or zero-padded); default its length.

    Returns:
        Tuple ``(real, imag)``.
    """
    return _pair(torch.fft.rfft(_float(x), n=fft_length, dim=-1))


@op("IRFFT")
def irfft(x: tuple, fft_length: int | None = None) -> torch.Tensor:
    """Inverse of `rfft`: a real signal from its unique frequency bins.

    Args:
        x: Tuple ``(real, imag)``.
        fft_length: Output length (default ``2 * (bins - 1)``).

    Returns:
        The real signal.
    """
    return torch.fft.irfft(_complex(x), n=fft_length, dim=-1)


@op("ExtractSequences")
def extract_sequences(x: Any, sequence_length: int, sequence_stride: int) -> torch.Tensor:
    """Frames of `sequence_length` samples every `sequence_stride` samples along the last
    axis.

    Args:
        x: Input tensor ``(..., samples)``.
        sequence_length: Frame length.
        sequence_stride: Hop between frame starts.

    Returns:
        ``(..., num_frames, sequence_length)``.

    Example:

    >>> extract_sequences(torch.arange(5), 2, 2).tolist()
    [[0, 1], [2, 3]]
    """
    x = convert(x)
    for name, value in (("sequence_length", sequence_length),
                        ("sequence_stride", sequence_stride)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(
                f"Argument `{name}` must be a positive integer. Received: {name}={value!r}")
    if x.dim() < 1 or sequence_length > x.shape[-1]:
        raise ValueError(
            "Argument `sequence_length` must not exceed the length of the last axis of `x`. "
            f"Received: sequence_length={sequence_length}, x.shape={tuple(x.shape)}"
        )
    return x.unfold(-1, sequence_length, sequence_stride)


def _window(window: Any, length: int, dtype: torch.dtype, device) -> torch.Tensor | None:
    if window is None:
        return None
    if isinstance(window, str):
        if window not in ("hann", "hamming"):
            raise ValueError(
                'If a string is passed to `window`, it must be one of `"hann"`, '
                f'`"hamming"`. Received: window={window}'
            )
        fn = torch.hann_window if window == "hann" else torch.hamming_window
        return fn(length, periodic=True, dtype=dtype, device=device)
    win = convert(window).to(dtype)
    if win.dim() != 1 or win.shape[0] != length:
        raise ValueError(
            "The shape of `window` must be equal to [sequence_length]. "
            f"Received: window shape={tuple(win.shape)}"
        )
    return win


@op("STFT")
def stft(x: Any, sequence_length: int, sequence_stride: int, fft_length: int,
         window: Any = "hann", center: bool = True) -> tuple:
    """Short-time Fourier transform of real signals along the last axis.

    Args:
        x: Float32/float64 signals ``(..., samples)``.
        sequence_length: Frame (window) length.
        sequence_stride: Hop between frames.
        fft_length: FFT size, at least `sequence_length`.
        window: ``"hann"``, ``"hamming"``, a 1-D tensor of `sequence_length` values, or
            `None` (rectangular).
        center: Pad the signal (reflection) so frames are centered on their times.

    Returns:
        Tuple ``(real, imag)``, each ``(..., num_frames, fft_length // 2 + 1)``.
    """
    x = convert(x)
    if x.dtype not in (torch.float32, torch.float64):
        raise TypeError(
            "Invalid input type. Expected `float32` or `float64`. "
            f"Received: input type={x.dtype}"
        )
    if fft_length < sequence_length:
        raise ValueError(
            "`fft_length` must equal or larger than `sequence_length`. Received: "
            f"sequence_length={sequence_length}, fft_length={fft_length}"
        )
    win = _window(window, sequence_length, x.dtype, x.device)
    if win is None:
        win = torch.ones(sequence_length, dtype=x.dtype, device=x.device)
    batch_shape = x.shape[:-1]
    z = torch.stft(x.reshape(-1, x.shape[-1]), n_fft=fft_length, hop_length=sequence_stride,
                   win_length=sequence_length, window=win, center=center,
                   return_complex=True)
    z = z.reshape(*batch_shape, *z.shape[-2:]).transpose(-2, -1)
    return z.real, z.imag


def _overlap_add(frames: torch.Tensor, stride: int) -> torch.Tensor:
    """Sum frames ``(B, N, L)`` placed every `stride` samples: ``(B, stride * (N-1) + L)``."""
    b, n, length = frames.shape
    total = stride * (n - 1) + length
    out = F.fold(frames.transpose(1, 2), output_size=(1, total), kernel_size=(1, length),
                 stride=(1, stride))
    return out.reshape(b, total)


@op("ISTFT")
def istft(x: tuple, sequence_length: int, sequence_stride: int, fft_length: int,
          length: int | None = None, window: Any = "hann", center: bool = True):
    """Inverse short-time Fourier transform: signals back from `stft` output.

    Args:
        x: Tuple ``(real, imag)``, each ``(..., num_frames, fft_length // 2 + 1)``.
        sequence_length: Frame (window) length used by `stft`.
        sequence_stride: Hop between frames.
        fft_length: FFT size used by `stft`.
        length: Optional output length (cropped or zero-padded).
        window: The analysis window (see `stft`).
        center: Whether `stft` centered its frames.

    Returns:
        The signals ``(..., samples)``.
    """
    z = _complex(x)
    dtype = z.real.dtype
    win = _window(window, sequence_length, dtype, z.device)
    batch_shape = z.shape[:-2]
    if sequence_length == fft_length and center and win is not None:
        out = torch.istft(z.reshape(-1, *z.shape[-2:]).transpose(-2, -1), n_fft=fft_length,
                          hop_length=sequence_stride, win_length=sequence_length, window=win,
                          center=True, length=length, return_complex=False)
        return out.reshape(*batch_shape, out.shape[-1])
    frames = torch.fft.irfft(z, n=fft_length, dim=-1)
    if win is not None:
        # The synthesis window: the analysis window centered in fft_length, divided by the
        # sum of its squares over the frames overlapping each sample (TensorFlow's
        # inverse_stft_window_fn).
        left = (fft_length - sequence_length) // 2
        win = F.pad(win, (left, fft_length - sequence_length - left))
        hops = -(-fft_length // sequence_stride)
        sq = F.pad(win * win, (0, hops * sequence_stride - fft_length))
        denom = sq.reshape(hops, sequence_stride).sum(0).repeat(hops)[:fft_length]
        frames = frames * (win / denom)
    flat = frames.reshape(-1, *frames.shape[-2:])
    signal = _overlap_add(flat, sequence_stride)
    start = fft_length // 2 if center else 0
    end = signal.shape[-1] - (fft_length // 2 if center else 0) if length is None else (
        start + length)
    signal = signal[:, start:end]
    if length is not None and signal.shape[-1] < length:
        signal = F.pad(signal, (0, length - signal.shape[-1]))
    return signal.reshape(*batch_shape, signal.shape[-1])
