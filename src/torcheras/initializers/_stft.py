"""The STFT initializer: Fourier-basis kernels for the ``STFTSpectrogram`` layer."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from torcheras._lookup import unknown_name_error
from torcheras.backend import _device
from torcheras.initializers._base import Initializer, standardize_shape


def _boxcar(n: int, periodic: bool, dtype: torch.dtype) -> torch.Tensor:
    return torch.ones(n, dtype=dtype)


# The windows of `scipy.signal.get_window` that torch also computes (same formulas).
_WINDOWS: dict[str, Callable[..., torch.Tensor]] = {
    "hann": lambda n, periodic, dtype: torch.hann_window(n, periodic=periodic, dtype=dtype),
    "hamming": lambda n, periodic, dtype: torch.hamming_window(n, periodic=periodic,
                                                               dtype=dtype),
    "blackman": lambda n, periodic, dtype: torch.blackman_window(n, periodic=periodic,
                                                                 dtype=dtype),
    "bartlett": lambda n, periodic, dtype: torch.bartlett_window(n, periodic=periodic,
                                                                 dtype=dtype),
    "boxcar": _boxcar,
    "box": _boxcar,
    "ones": _boxcar,
    "rect": _boxcar,
    "rectangular": _boxcar,
}


def _named_window(name: str, n: int, periodic: bool) -> torch.Tensor:
    maker = _WINDOWS.get(name)
    if maker is not None:
        return maker(n, periodic, torch.float64)
    try:  # Other SciPy windows work when SciPy is installed.
        from scipy.signal import get_window
    except ImportError:
        raise unknown_name_error("window", name, _WINDOWS, "window") from None
    try:
        values = get_window(name, n, fftbins=periodic)
    except ValueError as err:
        # The same message with or without SciPy, plus SciPy's reason.
        message = unknown_name_error("window", name, _WINDOWS, "window").args[0]
        raise ValueError(f"{message} SciPy's get_window refused it too: {err}") from None
    return torch.from_numpy(np.asarray(values, dtype="float64"))


class STFT(Initializer):
    """Initializer of Conv kernels for Short-term Fourier Transformation (STFT).

    Since the formula involves complex numbers, this class compute either the
    real or the imaginary components of the final output.

    Additionally, this initializer supports windowing functions across the time
    dimension as commonly used in STFT. The `hann`, `hamming`, `blackman`,
    `bartlett` and `boxcar` windows are built in; other names of
    `scipy.signal.windows` work when SciPy is installed.

    Args:
        side: String, `"real"` or `"imag"` deciding if the kernel will compute
            the real side or the imaginary side of the output. Defaults to `"real"`.
        window: String for the name of the windowing function, or array_like for
            the window values, or `None` for no windowing.
        scaling: String, `"density"` or `"spectrum"` for scaling of the window
            for normalization, either L2 or L1 normalization. `None` for no scaling.
        periodic: Boolean, if True, the window function will be treated as
            periodic. Defaults to `False`.

    Example:

    >>> import torcheras
    >>> torcheras.initializers.STFT(window=None, scaling=None)((4, 1, 3))[:, 0, 0].tolist()
    [1.0, 1.0, 1.0, 1.0]
    """

    def __init__(self, side: str = "real", window: Any = "hann",
                 scaling: str | None = "density", periodic: bool = False) -> None:
        if side not in ("real", "imag"):
            raise ValueError(f"side should be 'real' or 'imag', not {side!r}")
        if isinstance(window, str):
            _named_window(window, 1, bool(periodic))  # fails early for unknown names
        if scaling is not None and scaling not in ("density", "spectrum"):
            raise ValueError(
                "Scaling is invalid, it must be `None`, 'density' or 'spectrum'. "
                f"Received scaling={scaling!r}"
            )
        self.side = side
        self.window = window
        self.scaling = scaling
        self.periodic = periodic

    def __call__(self, shape: Any, dtype: Any = None) -> torch.Tensor:
        """Returns the kernel, of shape `(frame_length, 1, fft_length // 2 + 1)`.

        Args:
            shape: `(frame_length, input_channels, fft_bins)`.
            dtype: Optional dtype of the tensor. Defaults to `keras.config.floatx()`.
        """
        dims = standardize_shape(shape)
        if len(dims) != 3:
            raise ValueError(
                "STFT initializer expects a shape `(frame_length, input_channels, "
                f"fft_bins)`. Received: shape={shape}"
            )
        frame_length, _, fft_length = dims
        torch_dtype = _device.to_torch_dtype(dtype)
        device = _device.get_device()
        win = self._window(frame_length, torch_dtype, device)
        denominator = (fft_length - 1) * 2
        freq = torch.arange(fft_length, dtype=torch_dtype, device=device).reshape(1, 1, -1)
        freq = freq / denominator
        time = torch.arange(frame_length, dtype=torch_dtype, device=device).reshape(-1, 1, 1)
        args = (-2 * time) * freq * torch.tensor(math.pi, dtype=torch_dtype)
        kernel = torch.cos(args) if self.side == "real" else torch.sin(args)
        if win is None:
            return kernel
        if self.scaling == "density":
            scale = torch.sqrt(torch.sum(win * win))
        elif self.scaling == "spectrum":
            scale = torch.sum(torch.abs(win))
        else:
            scale = 1
        return kernel * win / scale

    def _window(self, frame_length: int, dtype: torch.dtype,
                device: torch.device) -> torch.Tensor | None:
        if self.window is None:
            return None
        if isinstance(self.window, str):
            win = _named_window(self.window, frame_length, bool(self.periodic))
        else:
            win = torch.as_tensor(np.asarray(_device.convert_to_numpy(self.window)))
        if win.ndim != 1 or win.shape[-1] != frame_length:
            raise ValueError(
                "The shape of `window` must be equal to [frame_length]. "
                f"Received: window shape={tuple(win.shape)}"
            )
        return win.to(dtype=dtype, device=device).reshape(frame_length, 1, 1)

    def get_config(self) -> dict:
        window = self.window
        if window is not None and not isinstance(window, str):
            window = _device.convert_to_numpy(window).tolist()
        return {"side": self.side, "window": window, "periodic": self.periodic,
                "scaling": self.scaling}
