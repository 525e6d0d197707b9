"""Affine resampling of image batches with Keras's coordinate, interpolation and fill rules.

``transform`` rows are Keras's 8 numbers ``[a0, a1, a2, b0, b1, b2, c0, c1]``: the output
pixel ``(x, y)`` samples the input at ``x_in = a0*x + a1*y + a2``,
``y_in = b0*x + b1*y + b2`` (pixel-index coordinates; nonzero projective ``c0, c1``
divide both by ``c0*x + c1*y + 1``). Sampling gathers the 1 (nearest, rounding half to even)
or 4 (bilinear) neighbours from the flattened image, for all channels at once, instead of
Keras's per-image ``map_coordinates`` loop; the arithmetic and the order of the sums are
Keras's, so results agree to float32 rounding.

Fill modes for points outside the image: ``constant`` (``fill_value``), ``nearest`` (edge
pixel), ``wrap`` (tiling), ``mirror`` (reflection about the edge pixels) and ``reflect``
(reflection about the edge).
"""

from __future__ import annotations

import torch

INTERPOLATIONS = ("nearest", "bilinear")
FILL_MODES = ("constant", "nearest", "wrap", "mirror", "reflect")


def _mirror(index: torch.Tensor, size: int) -> torch.Tensor:
    s = size - 1
    if s == 0:
        return torch.zeros_like(index)
    return torch.abs((index + s) % (2 * s) - s)


def _fix_index(index: torch.Tensor, size: int, fill_mode: str) -> torch.Tensor:
    if fill_mode in ("constant", "nearest"):
        return index.clamp(0, size - 1)
    if fill_mode == "wrap":
        return index % size
    if fill_mode == "mirror":
        return _mirror(index, size)
    # reflect
    return torch.div(_mirror(2 * index + 1, 2 * size + 1) - 1, 2, rounding_mode="floor")


def _fixed(index: torch.Tensor, size: int, fill_mode: str, stride: int):
    """``(fixed index * stride, inside the image)`` for an integer index tensor, read from
    a table over the indices' range (one lookup instead of the fill mode's arithmetic on
    every pixel)."""
    if index.numel() == 0:
        return index * stride, index >= 0
    low, high = int(index.min()), int(index.max())
    if high - low > 8 * size + 64:  # far-off points (e.g. a strong perspective): compute
        return _fix_index(index, size, fill_mode) * stride, (index >= 0) & (index < size)
    span = torch.arange(low, high + 1, device=index.device)
    table = _fix_index(span, size, fill_mode) * stride
    inside = (span >= 0) & (span < size)
    offset = index - low
    return table[offset], inside[offset]


def _nodes(coord: torch.Tensor, interpolation: str):
    """(index, weight) pairs of the 1-D interpolation at ``coord``."""
    if interpolation == "nearest":
        return [(torch.round(coord).to(torch.int64), None)]
    lower = torch.floor(coord)
    upper_weight = coord - lower
    index = lower.to(torch.int64)
    return [(index, 1 - upper_weight), (index + 1, upper_weight)]


def affine_transform(images: torch.Tensor, transform: torch.Tensor,
                     interpolation: str = "bilinear", fill_mode: str = "constant",
                     fill_value: float = 0.0,
                     data_format: str = "channels_last") -> torch.Tensor:
    """Resample a float batch ``images`` (rank 4) with one transform row per image (the
    projective ``c0, c1`` divide the coordinates, as Keras's perspective transform)."""
    batch = images.shape[0]
    if data_format == "channels_last":
        height, width = images.shape[1:3]
    else:
        height, width = images.shape[2:4]
    transform = transform.to(torch.float32)
    if transform.dim() == 1:
        transform = transform.unsqueeze(0)
    transform = transform.expand(batch, 8)
    dev = images.device
    y = torch.arange(height, dtype=torch.float32, device=dev).view(1, height, 1)
    x = torch.arange(width, dtype=torch.float32, device=dev).view(1, 1, width)
    a0, a1, a2, b0, b1, b2, c0, c1 = (transform[:, i].view(batch, 1, 1) for i in range(8))
    y_in = (y * b1 + x * b0) + b2
    x_in = (y * a1 + x * a0) + a2
    if bool((transform[:, 6:] != 0).any()):
        k = c0 * x + c1 * y + 1.0
        y_in, x_in = y_in / k, x_in / k
    return resample(images, y_in, x_in, interpolation, fill_mode, fill_value, data_format)


def resample(images: torch.Tensor, y_in: torch.Tensor, x_in: torch.Tensor,
             interpolation: str = "bilinear", fill_mode: str = "constant",
             fill_value: float = 0.0, data_format: str = "channels_last") -> torch.Tensor:
    """Sample a float batch at the input coordinates ``(y_in, x_in)`` given for every output
    pixel (each ``(batch, height, width)``)."""
    channels_last = data_format == "channels_last"
    if channels_last:
        batch, height, width, channels = images.shape
        flat = images.reshape(batch, height * width, channels)
    else:
        batch, channels, height, width = images.shape
        flat = images.reshape(batch, channels, height * width)
    # Per axis, once: each interpolation node's fixed index, validity and weight (the
    # combinations below only add, gather and multiply).
    rows = [(*_fixed(iy, height, fill_mode, width), wy)
            for iy, wy in _nodes(y_in, interpolation)]
    cols = [(*_fixed(ix, width, fill_mode, 1), wx)
            for ix, wx in _nodes(x_in, interpolation)]
    fill = torch.as_tensor(fill_value, dtype=images.dtype, device=images.device)
    out = None
    for row, row_ok, wy in rows:
        for col, col_ok, wx in cols:
            value = _gather(flat, (row + col).reshape(batch, -1), channels_last)
            if fill_mode == "constant":
                valid = (row_ok & col_ok).reshape(batch, -1)
                valid = valid.unsqueeze(-1) if channels_last else valid.unsqueeze(1)
                value = torch.where(valid, value, fill)
            if wy is not None:
                weight = (wy * wx).reshape(batch, -1)
                weight = weight.unsqueeze(-1) if channels_last else weight.unsqueeze(1)
                value = weight.to(value.dtype) * value
            out = value if out is None else out + value
    return out.reshape(images.shape)


def _gather(flat: torch.Tensor, index: torch.Tensor, channels_last: bool) -> torch.Tensor:
    if channels_last:
        return torch.gather(flat, 1, index.unsqueeze(-1).expand(-1, -1, flat.shape[-1]))
    return torch.gather(flat, 2, index.unsqueeze(1).expand(-1, flat.shape[1], -1))


def affine_matrix(angle, translate_x, translate_y, scale, shear_x, shear_y, height: int,
                  width: int, center_x: float = 0.5, center_y: float = 0.5) -> torch.Tensor:
    """Keras's rotation/scale/shear/translation matrix rows (angles in degrees)."""
    rad = torch.pi / 180.0
    angle = angle * rad
    shear_x = torch.tan(shear_x * rad)
    shear_y = torch.tan(shear_y * rad)
    cx = center_x * (float(width) - 1)
    cy = center_y * (float(height) - 1)
    cos, sin = torch.cos(angle), torch.sin(angle)
    a0 = scale * (cos + shear_x * sin)
    a1 = scale * (-sin + shear_x * cos)
    a2 = translate_x + cx - cx * a0 - cy * a1
    b0 = scale * (shear_y * cos + sin)
    b1 = scale * (shear_y * -sin + cos)
    b2 = translate_y + cy - cx * b0 - cy * b1
    zeros = torch.zeros_like(a0)
    return torch.stack([a0, a1, a2, b0, b1, b2, zeros, zeros], dim=1)
