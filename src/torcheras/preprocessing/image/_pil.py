"""Image files and arrays: ``load_img``, ``img_to_array``, ``array_to_img``, ``save_img``.

Pillow is the image library (the optional ``image`` extra).
"""

from __future__ import annotations

import io
import os
from typing import Any

import numpy as np

from torcheras.backend import _config

try:
    from PIL import Image as _PILImage
    from PIL import ImageEnhance as _PILImageEnhance
except ImportError:  # Pillow is an optional extra
    _PILImage = _PILImageEnhance = None

PILLOW_MISSING = (
    "Loading and saving images needs Pillow, which is not installed. Install the `image` "
    "extra: `pip install torcheras[image]` (or `pip install Pillow`)."
)

_COLOR_MODES = ("grayscale", "rgb", "rgba")


def require_pillow() -> Any:
    """The ``PIL.Image`` module; ``ImportError`` naming the ``image`` extra when missing."""
    if _PILImage is None:
        raise ImportError(PILLOW_MISSING)
    return _PILImage


def _resample_filters() -> dict:
    pil = require_pillow()
    return {"nearest": pil.NEAREST, "bilinear": pil.BILINEAR, "bicubic": pil.BICUBIC,
            "hamming": pil.HAMMING, "box": pil.BOX, "lanczos": pil.LANCZOS}


def load_img(path: Any, color_mode: str = "rgb", target_size: tuple | None = None,
             interpolation: str = "nearest", keep_aspect_ratio: bool = False) -> Any:
    """Load an image file into a PIL image.

    Args:
        path: A path (str or ``pathlib.Path``) or a binary file object.
        color_mode: ``"grayscale"``, ``"rgb"`` or ``"rgba"``.
        target_size: ``(height, width)`` to resize to, or ``None`` for the file's size.
        interpolation: The resampling filter: ``"nearest"``, ``"bilinear"``, ``"bicubic"``,
            ``"hamming"``, ``"box"`` or ``"lanczos"``.
        keep_aspect_ratio: Crop the centre to the target aspect ratio before resizing.
    """
    pil = require_pillow()
    if color_mode not in _COLOR_MODES:
        raise ValueError(
            f"color_mode must be one of {list(_COLOR_MODES)}. Received: "
            f"color_mode={color_mode!r}"
        )
    if isinstance(path, io.BytesIO) or hasattr(path, "read"):
        img = pil.open(path)
    elif isinstance(path, (str, bytes, os.PathLike)):
        with open(os.fspath(path), "rb") as f:
            img = pil.open(io.BytesIO(f.read()))
    else:
        raise TypeError(
            f"path should be a path (str or pathlib.Path) or a file object. Received: "
            f"path={path!r}"
        )
    wanted = {"grayscale": ("L", "I;16", "I"), "rgb": ("RGB",), "rgba": ("RGBA",)}[color_mode]
    if img.mode not in wanted:
        img = img.convert(wanted[0])
    if target_size is not None:
        height, width = int(target_size[0]), int(target_size[1])
        if (img.size[0], img.size[1]) != (width, height):
            filters = _resample_filters()
            if interpolation not in filters:
                raise ValueError(
                    f"Invalid interpolation method: expected one of {sorted(filters)}. "
                    f"Received: interpolation={interpolation!r}"
                )
            if keep_aspect_ratio:
                img = img.crop(_centre_crop_box(img.size, width, height))
            img = img.resize((width, height), filters[interpolation])
    return img


def _centre_crop_box(size: tuple, width: int, height: int) -> tuple:
    w, h = size
    crop_w, crop_h = min(w, int(h * width / height)), min(h, int(w * height / width))
    left, top = (w - crop_w) // 2, (h - crop_h) // 2
    return left, top, left + crop_w, top + crop_h


def img_to_array(img: Any, data_format: str | None = None, dtype: str | None = None) -> Any:
    """A 3D NumPy array ``(height, width, channels)`` (or channels first) of a PIL image.

    Args:
        img: A PIL image.
        data_format: ``"channels_last"`` or ``"channels_first"`` (the global default).
        dtype: The array dtype (floatx by default).
    """
    data_format = _config.standardize_data_format(data_format)
    x = np.asarray(img, dtype=dtype or _config.floatx())
    if x.ndim == 2:
        x = x[..., None]
    elif x.ndim != 3:
        raise ValueError(f"Unsupported image shape: {x.shape!r}")
    if data_format == "channels_first":
        x = x.transpose(2, 0, 1)
    return x


def array_to_img(x: Any, data_format: str | None = None, scale: bool = True,
                 dtype: str | None = None) -> Any:
    """A PIL image from a 3D array (1, 3 or 4 channels).

    Args:
        x: A 3D array or tensor.
        data_format: ``"channels_last"`` or ``"channels_first"`` (the global default).
        scale: Rescale the values to ``[0, 255]`` (min to 0, max to 255).
        dtype: The working dtype (floatx by default).
    """
    pil = require_pillow()
    data_format = _config.standardize_data_format(data_format)
    x = np.asarray(x, dtype=dtype or _config.floatx())
    if x.ndim != 3:
        raise ValueError(
            "Expected image array to have rank 3 (single image). "
            f"Got array with shape: {x.shape!r}"
        )
    if data_format == "channels_first":
        x = x.transpose(1, 2, 0)
    if scale:
        x = x - np.min(x)
        x_max = np.max(x)
        if x_max != 0:
            x = x / x_max
        x = x * 255
    channels = x.shape[2]
    if channels == 4:
        return pil.fromarray(x.astype("uint8"), "RGBA")
    if channels == 3:
        return pil.fromarray(x.astype("uint8"), "RGB")
    if channels == 1:
        if np.max(x) > 255:
            return pil.fromarray(x[:, :, 0].astype("int32"), "I")
        return pil.fromarray(x[:, :, 0].astype("uint8"), "L")
    raise ValueError(f"Unsupported channel number: {channels}. Expected 1, 3 or 4.")


def save_img(path: Any, x: Any, data_format: str | None = None, file_format: str | None = None,
             scale: bool = True, **kwargs: Any) -> None:
    """Save a 3D array as an image file.

    Args:
        path: A path or a binary file object.
        x: A 3D array.
        data_format: ``"channels_last"`` or ``"channels_first"`` (the global default).
        file_format: The format (``"png"``, ``"jpeg"``, ...); from the file name when ``None``.
        scale: Rescale the values to ``[0, 255]``.
        **kwargs: Passed to ``PIL.Image.save``.
    """
    img = array_to_img(x, data_format=data_format, scale=scale)
    if img.mode == "RGBA" and (file_format == "jpg" or file_format == "jpeg"
                               or str(path).lower().endswith((".jpg", ".jpeg"))):
        # JPEG has no alpha channel: Keras 2 dropped it with a warning-free conversion.
        img = img.convert("RGB")
    img.save(path, format=file_format, **kwargs)


def enhance_brightness(img: Any, factor: float) -> Any:
    """A PIL image with its brightness multiplied by ``factor``.

    Args:
        img: A PIL image.
        factor: The brightness factor (1 keeps the image).
    """
    require_pillow()
    return _PILImageEnhance.Brightness(img).enhance(factor)
