"""The affine image transform behind ``ImageDataGenerator`` (rotation, shift, shear, zoom).

Keras 2 resampled with ``scipy.ndimage.affine_transform`` (bilinear, ``order=1``); this is
the same resampling in NumPy, with the same edge modes, so scipy is not needed.
"""

from __future__ import annotations

from typing import Any

import numpy as np

FILL_MODES = ("constant", "nearest", "reflect", "wrap")


def transform_matrix_offset_center(matrix: np.ndarray, x: float, y: float) -> np.ndarray:
    """Re-centre a 3x3 transform on the image centre (``x`` rows, ``y`` columns).

    Args:
        matrix: The transform about the origin.
        x: Size along the first image axis.
        y: Size along the second image axis.
    """
    # The pixel-centre convention of tf-keras 2.x (Keras 2.3 used ``size / 2 + 0.5``, an
    # off-centre pivot that tf-keras fixed).
    o_x, o_y = float(x) / 2 - 0.5, float(y) / 2 - 0.5
    offset = np.array([[1, 0, o_x], [0, 1, o_y], [0, 0, 1]])
    reset = np.array([[1, 0, -o_x], [0, 1, -o_y], [0, 0, 1]])
    return offset @ matrix @ reset


def _map_coordinates(coords: np.ndarray, size: int, mode: str) -> tuple:
    # Returns the coordinates folded into the image and a mask of the valid ones
    # (only "constant" has invalid ones: they take `cval`).
    valid = np.ones(coords.shape, dtype=bool)
    if mode == "constant":
        valid = (coords > -1e-6) & (coords < size - 1 + 1e-6)
        coords = np.clip(coords, 0, size - 1)
    elif mode == "nearest":
        coords = np.clip(coords, 0, size - 1)
    elif mode == "reflect":
        # Half-sample symmetric: d c b a | a b c d | d c b a
        period = 2 * size
        folded = np.mod(coords + 0.5, period) - 0.5
        coords = np.where(folded > size - 0.5, period - 1 - folded, folded)
        coords = np.clip(coords, 0, size - 1)
    elif size > 1:  # wrap: the first and last samples overlap (period size - 1)
        coords = np.mod(coords, size - 1)
    else:
        coords = np.zeros_like(coords)
    return coords, valid


def _affine_channel(image: np.ndarray, matrix: np.ndarray, offset: np.ndarray, mode: str,
                    cval: float, order: int) -> np.ndarray:
    rows, cols = image.shape
    grid = np.indices((rows, cols), dtype="float64").reshape(2, -1)
    source = matrix @ grid + offset[:, None]
    r, valid_r = _map_coordinates(source[0], rows, mode)
    c, valid_c = _map_coordinates(source[1], cols, mode)
    if order == 0:
        out = image[np.rint(r).astype(int), np.rint(c).astype(int)]
    else:
        r0, c0 = np.floor(r).astype(int), np.floor(c).astype(int)
        r1, c1 = np.minimum(r0 + 1, rows - 1), np.minimum(c0 + 1, cols - 1)
        dr, dc = r - r0, c - c0
        out = (image[r0, c0] * (1 - dr) * (1 - dc) + image[r1, c0] * dr * (1 - dc)
               + image[r0, c1] * (1 - dr) * dc + image[r1, c1] * dr * dc)
    out = np.where(valid_r & valid_c, out, cval)
    return out.reshape(rows, cols)


def apply_affine_transform(x: Any, theta: float = 0, tx: float = 0, ty: float = 0,
                           shear: float = 0, zx: float = 1, zy: float = 1, row_axis: int = 1,
                           col_axis: int = 2, channel_axis: int = 0,
                           fill_mode: str = "nearest", cval: float = 0.0,
                           order: int = 1) -> np.ndarray:
    """Rotate, shift, shear and zoom one image (a 3D array), as tf-keras 2.x did.

    The matrices are built in ``(x, y)`` = ``(column, row)`` terms and re-centred with
    ``(rows / 2 - 0.5, cols / 2 - 0.5)`` before the swap to array order, so on non-square
    images the pivot is tf-keras's, not the exact centre (kept for the same numbers).

    Args:
        x: A 3D array.
        theta: Rotation in degrees.
        tx: Width shift (along the column axis), in pixels.
        ty: Height shift (along the row axis), in pixels.
        shear: Shear angle in degrees.
        zx: Width zoom (above 1 shrinks the content).
        zy: Height zoom.
        row_axis: Index of the row axis.
        col_axis: Index of the column axis.
        channel_axis: Index of the channel axis.
        fill_mode: Outside points: ``"constant"``, ``"nearest"``, ``"reflect"`` or ``"wrap"``.
        cval: The value outside with ``fill_mode="constant"``.
        order: Interpolation order: 0 (nearest) or 1 (bilinear).
    """
    if fill_mode not in FILL_MODES:
        raise ValueError(
            f"fill_mode must be one of {list(FILL_MODES)}. Received: fill_mode={fill_mode!r}"
        )
    if order not in (0, 1):
        raise ValueError(f"order must be 0 or 1. Received: order={order!r}")
    x = np.asarray(x)
    if x.ndim != 3:
        raise ValueError(
            f"Input arrays must be multi-channel 2D images. Received: x.shape={x.shape!r}"
        )
    if {row_axis, col_axis, channel_axis} != {0, 1, 2}:
        raise ValueError(
            "row_axis, col_axis and channel_axis must be 0, 1 and 2 in some order. Received: "
            f"row_axis={row_axis!r}, col_axis={col_axis!r}, channel_axis={channel_axis!r}"
        )
    matrix = np.eye(3)
    changed = False
    if theta != 0:
        t = np.deg2rad(theta)
        matrix = matrix @ np.array([[np.cos(t), -np.sin(t), 0], [np.sin(t), np.cos(t), 0],
                                    [0, 0, 1]])
        changed = True
    if tx != 0 or ty != 0:
        matrix = matrix @ np.array([[1, 0, tx], [0, 1, ty], [0, 0, 1]])
        changed = True
    if shear != 0:
        s = np.deg2rad(shear)
        matrix = matrix @ np.array([[1, -np.sin(s), 0], [0, np.cos(s), 0], [0, 0, 1]])
        changed = True
    if zx != 1 or zy != 1:
        matrix = matrix @ np.array([[zx, 0, 0], [0, zy, 0], [0, 0, 1]])
        changed = True
    if not changed:
        return x
    h, w = x.shape[row_axis], x.shape[col_axis]
    matrix = transform_matrix_offset_center(matrix, h, w)
    if col_axis > row_axis:
        # The matrices are written for (x, y) = (column, row) coordinates; arrays index
        # (row, column): conjugate by the swap, as Keras 2 did.
        matrix[:, [0, 1]] = matrix[:, [1, 0]]
        matrix[[0, 1]] = matrix[[1, 0]]
    channels = np.moveaxis(x, channel_axis, 0)
    out = np.stack([_affine_channel(ch.astype("float64"), matrix[:2, :2], matrix[:2, 2],
                                    fill_mode, cval, order) for ch in channels])
    return np.moveaxis(out, 0, channel_axis).astype(x.dtype)
