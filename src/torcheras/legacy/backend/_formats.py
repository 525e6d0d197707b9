"""Keras 1's ``image_dim_ordering`` (``"tf"``/``"th"``) on top of ``image_data_format``."""

from __future__ import annotations

from torcheras.backend import _config

_TO_FORMAT = {"tf": "channels_last", "th": "channels_first"}
_TO_ORDERING = {v: k for k, v in _TO_FORMAT.items()}


def image_dim_ordering() -> str:
    """``"tf"`` for channels-last images, ``"th"`` for channels-first (Keras 1's spelling)."""
    return _TO_ORDERING[_config.image_data_format()]


def set_image_dim_ordering(dim_ordering: str) -> None:
    """Set the image format the Keras 1 way: ``"tf"`` (channels last) or ``"th"``.

    Args:
        dim_ordering: ``"tf"`` or ``"th"``.
    """
    if dim_ordering not in _TO_FORMAT:
        raise ValueError(
            "Unknown `dim_ordering`: expected 'tf' (channels_last) or 'th' "
            f"(channels_first). Received: dim_ordering={dim_ordering!r}"
        )
    _config.set_image_data_format(_TO_FORMAT[dim_ordering])
