"""Keras 2's single-image transforms: channel shift, brightness, flips and random_* helpers."""

from __future__ import annotations

import numpy as np

from torcheras.preprocessing.image._affine import apply_affine_transform
from torcheras.preprocessing.image._pil import array_to_img, enhance_brightness, img_to_array


def apply_channel_shift(x: np.ndarray, intensity: float, channel_axis: int = 0) -> np.ndarray:
    """Add ``intensity`` to every channel, clipped to the image's original value range.

    Args:
        x: A 3D array.
        intensity: The shift.
        channel_axis: Index of the channel axis.
    """
    x = np.moveaxis(x, channel_axis, 0)
    low, high = np.min(x), np.max(x)
    shifted = [np.clip(ch + intensity, low, high) for ch in x]
    return np.moveaxis(np.stack(shifted, axis=0), 0, channel_axis)


def random_channel_shift(x: np.ndarray, intensity_range: float,
                         channel_axis: int = 0) -> np.ndarray:
    """Channel shift by a uniform draw in ``[-intensity_range, intensity_range]``.

    Args:
        x: A 3D array.
        intensity_range: The largest shift.
        channel_axis: Index of the channel axis.
    """
    intensity = np.random.uniform(-intensity_range, intensity_range)
    return apply_channel_shift(x, intensity, channel_axis=channel_axis)


def apply_brightness_shift(x: np.ndarray, brightness: float, scale: bool = True) -> np.ndarray:
    """Multiply the brightness by ``brightness`` (through PIL, as Keras 2 did).

    Args:
        x: A 3D channels-last array.
        brightness: The factor.
        scale: Whether to return values in ``[0, 255]`` (``False`` maps arrays outside
            ``[0, 255]`` back to their own range).
    """
    x_min, x_max = np.min(x), np.max(x)
    local_scale = x_min < 0 or x_max > 255
    img = enhance_brightness(array_to_img(x, scale=local_scale or scale), brightness)
    out = img_to_array(img)
    if not scale and local_scale:
        out = out / 255 * (x_max - x_min) + x_min
    return out


def random_brightness(x: np.ndarray, brightness_range: tuple, scale: bool = True) -> np.ndarray:
    """Brightness shift by a uniform factor in ``brightness_range``.

    Args:
        x: A 3D channels-last array.
        brightness_range: ``(low, high)`` factors.
        scale: See :func:`apply_brightness_shift`.
    """
    if len(brightness_range) != 2:
        raise ValueError(
            "`brightness_range` should be a tuple or list of two floats. "
            f"Received: brightness_range={brightness_range!r}"
        )
    factor = np.random.uniform(brightness_range[0], brightness_range[1])
    return apply_brightness_shift(x, factor, scale)


def flip_axis(x: np.ndarray, axis: int) -> np.ndarray:
    """Reverse ``x`` along ``axis``.

    Args:
        x: An array.
        axis: The axis.
    """
    return np.flip(np.asarray(x), axis=axis)


def random_rotation(x: np.ndarray, rg: float, row_axis: int = 1, col_axis: int = 2,
                    channel_axis: int = 0, fill_mode: str = "nearest", cval: float = 0.0,
                    interpolation_order: int = 1) -> np.ndarray:
    """Rotate by a uniform angle in ``[-rg, rg]`` degrees.

    Args:
        x: A 3D array.
        rg: The largest angle, in degrees.
        row_axis: Index of the row axis.
        col_axis: Index of the column axis.
        channel_axis: Index of the channel axis.
        fill_mode: See ``apply_affine_transform``.
        cval: See ``apply_affine_transform``.
        interpolation_order: 0 or 1.
    """
    theta = np.random.uniform(-rg, rg)
    return apply_affine_transform(x, theta=theta, row_axis=row_axis, col_axis=col_axis,
                                  channel_axis=channel_axis, fill_mode=fill_mode, cval=cval,
                                  order=interpolation_order)


def random_shift(x: np.ndarray, wrg: float, hrg: float, row_axis: int = 1, col_axis: int = 2,
                 channel_axis: int = 0, fill_mode: str = "nearest", cval: float = 0.0,
                 interpolation_order: int = 1) -> np.ndarray:
    """Shift by uniform fractions of the width (``wrg``) and height (``hrg``).

    Args:
        x: A 3D array.
        wrg: Largest width shift, as a fraction of the width.
        hrg: Largest height shift, as a fraction of the height.
        row_axis: Index of the row axis.
        col_axis: Index of the column axis.
        channel_axis: Index of the channel axis.
        fill_mode: See ``apply_affine_transform``.
        cval: See ``apply_affine_transform``.
        interpolation_order: 0 or 1.
    """
    h, w = x.shape[row_axis], x.shape[col_axis]
    tx = np.random.uniform(-hrg, hrg) * h
    ty = np.random.uniform(-wrg, wrg) * w
    return apply_affine_transform(x, tx=tx, ty=ty, row_axis=row_axis, col_axis=col_axis,
                                  channel_axis=channel_axis, fill_mode=fill_mode, cval=cval,
                                  order=interpolation_order)


def random_shear(x: np.ndarray, intensity: float, row_axis: int = 1, col_axis: int = 2,
                 channel_axis: int = 0, fill_mode: str = "nearest", cval: float = 0.0,
                 interpolation_order: int = 1) -> np.ndarray:
    """Shear by a uniform angle in ``[-intensity, intensity]`` degrees.

    Args:
        x: A 3D array.
        intensity: The largest shear angle, in degrees.
        row_axis: Index of the row axis.
        col_axis: Index of the column axis.
        channel_axis: Index of the channel axis.
        fill_mode: See ``apply_affine_transform``.
        cval: See ``apply_affine_transform``.
        interpolation_order: 0 or 1.
    """
    shear = np.random.uniform(-intensity, intensity)
    return apply_affine_transform(x, shear=shear, row_axis=row_axis, col_axis=col_axis,
                                  channel_axis=channel_axis, fill_mode=fill_mode, cval=cval,
                                  order=interpolation_order)


def random_zoom(x: np.ndarray, zoom_range: tuple, row_axis: int = 1, col_axis: int = 2,
                channel_axis: int = 0, fill_mode: str = "nearest", cval: float = 0.0,
                interpolation_order: int = 1) -> np.ndarray:
    """Zoom by uniform factors in ``zoom_range`` along rows and columns independently.

    Args:
        x: A 3D array.
        zoom_range: ``(low, high)``.
        row_axis: Index of the row axis.
        col_axis: Index of the column axis.
        channel_axis: Index of the channel axis.
        fill_mode: See ``apply_affine_transform``.
        cval: See ``apply_affine_transform``.
        interpolation_order: 0 or 1.
    """
    if len(zoom_range) != 2:
        raise ValueError(
            "`zoom_range` should be a tuple or list of two floats. "
            f"Received: zoom_range={zoom_range!r}"
        )
    if zoom_range[0] == 1 and zoom_range[1] == 1:
        zx, zy = 1, 1
    else:
        zx, zy = np.random.uniform(zoom_range[0], zoom_range[1], 2)
    return apply_affine_transform(x, zx=zx, zy=zy, row_axis=row_axis, col_axis=col_axis,
                                  channel_axis=channel_axis, fill_mode=fill_mode, cval=cval,
                                  order=interpolation_order)
