"""Resampling ops of ``keras.ops.image``: resize, affine and perspective transforms,
``map_coordinates``, elastic deformation and ``scale_and_translate``.

Resizing and affine warps run on the preprocessing layers' kernels (``Resizing``,
``RandomRotation``...), so ops and layers agree; the sampling rules (nearest rounds half
to even, bilinear weights, the five fill modes) are theirs too.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import torch

from torcheras.backend import _config
from torcheras.layers.preprocessing.image import _affine, _resizing
from torcheras.ops._image_color import _depthwise_same, _gaussian_1d, check_images, to_layout
from torcheras.ops._op import convert, keras_tensor, op, result_type, to_torch_dtype
from torcheras.random._seed_generator import torch_generator

_INTERPOLATIONS = {"nearest": 0, "bilinear": 1}
_RESIZE_TF_ONLY = ("lanczos3", "lanczos5", "area", "gaussian", "mitchellcubic")


def _check_choice(value: Any, allowed, name: str) -> None:
    if value not in allowed:
        raise ValueError(
            f"Invalid value for argument `{name}`. Expected of one {set(allowed)}. "
            f"Received: {name}={value}"
        )


def _resize_spec_shape(shape, size, data_format):
    shape = list(shape)
    h = -3 if _config.standardize_data_format(data_format) == "channels_last" else -2
    shape[h], shape[h + 1] = size
    return tuple(shape)


@op("Resize")
def resize(images: Any, size: Any, interpolation: str = "bilinear", antialias: bool = False,
           crop_to_aspect_ratio: bool = False, pad_to_aspect_ratio: bool = False,
           fill_mode: str = "constant", fill_value: float = 0.0,
           data_format: str | None = None) -> torch.Tensor:
    """Resize images to `size`.

    Args:
        images: Rank 3 or 4 tensor.
        size: ``(height, width)``.
        interpolation: ``"bilinear"``, ``"nearest"`` or ``"bicubic"``.
        antialias: Anti-aliasing filter when downsampling (bilinear, bicubic).
        crop_to_aspect_ratio: First crop the largest centered window with the target
            aspect ratio.
        pad_to_aspect_ratio: First pad (with `fill_value`) to the target aspect ratio.
        fill_mode: Only ``"constant"``.
        fill_value: Padding value for `pad_to_aspect_ratio`.
        data_format: ``"channels_last"`` or ``"channels_first"``.

    Returns:
        The resized images; integer images stay integer (rounded).

    Example:

    >>> resize(torch.zeros(2, 8, 8, 3), (4, 5)).shape
    torch.Size([2, 4, 5, 3])
    """
    if len(size) != 2:
        raise ValueError(f"Expected `size` to be a tuple of 2 integers. Received: size={size}")
    if size[0] <= 0 or size[1] <= 0:
        raise ValueError(f"`size` must have positive height and width. Received: size={size}")
    images = convert(images)
    check_images(images)
    if pad_to_aspect_ratio and crop_to_aspect_ratio:
        raise ValueError(
            "Only one of `pad_to_aspect_ratio` & `crop_to_aspect_ratio` can be `True`.")
    if interpolation in _RESIZE_TF_ONLY:
        raise ValueError(
            f"Resizing with {interpolation!r} interpolation is not supported by the PyTorch "
            f"backend. Received: interpolation={interpolation}.")
    _check_choice(interpolation, ("bilinear", "nearest", "bicubic"), "interpolation")
    if fill_mode != "constant":
        raise ValueError(
            "Invalid value for argument `fill_mode`. Only `'constant'` is supported. "
            f"Received: fill_mode={fill_mode}")
    return _resizing.resize_images(
        images, (int(size[0]), int(size[1])), interpolation, antialias, crop_to_aspect_ratio,
        pad_to_aspect_ratio, fill_value, _config.standardize_data_format(data_format))


def _sample(images: torch.Tensor, y_in: torch.Tensor, x_in: torch.Tensor, order: int,
            fill_mode: str, fill_value: float) -> torch.Tensor:
    """Sample NHWC ``images`` at per-image coordinates ``(B, H', W')`` (channels_last)."""
    batch, height, width, channels = images.shape
    flat = images.reshape(batch, height * width, channels)
    interp = "nearest" if order == 0 else "bilinear"
    out = None
    for iy, wy in _affine._nodes(y_in, interp):
        for ix, wx in _affine._nodes(x_in, interp):
            fy = _affine._fix_index(iy, height, fill_mode)
            fx = _affine._fix_index(ix, width, fill_mode)
            value = _affine._gather(flat, (fy * width + fx).reshape(batch, -1), True)
            if fill_mode == "constant":
                valid = ((iy >= 0) & (iy < height) & (ix >= 0) & (ix < width)).reshape(
                    batch, -1, 1)
                value = torch.where(valid, value, torch.as_tensor(fill_value, dtype=value.dtype))
            if wy is not None:
                value = (wy * wx).reshape(batch, -1, 1).to(value.dtype) * value
            out = value if out is None else out + value
    return out.reshape(batch, *y_in.shape[1:], channels)


def _grid(batch: int, height: int, width: int, dtype, device) -> tuple:
    y = torch.arange(height, dtype=dtype, device=device).view(1, height, 1)
    x = torch.arange(width, dtype=dtype, device=device).view(1, 1, width)
    return y.expand(batch, height, width), x.expand(batch, height, width)


@op("AffineTransform", compute_output_spec=lambda images, *a, **k: keras_tensor(
    images.shape, images.dtype))
def affine_transform(images: Any, transform: Any, interpolation: str = "bilinear",
                     fill_mode: str = "constant", fill_value: float = 0,
                     data_format: str | None = None) -> torch.Tensor:
    """Warp images by projective transforms given as 8 numbers per image.

    An output pixel ``(x, y)`` samples the input at ``((a0 x + a1 y + a2) / k,
    (b0 x + b1 y + b2) / k)`` with ``k = c0 x + c1 y + 1``.

    Args:
        images: Rank 3 or 4 tensor.
        transform: ``(8,)`` or ``(batch, 8)``: ``[a0, a1, a2, b0, b1, b2, c0, c1]``.
        interpolation: ``"nearest"`` or ``"bilinear"``.
        fill_mode: ``"constant"``, ``"nearest"``, ``"wrap"``, ``"mirror"`` or
            ``"reflect"``: how points outside the input are filled.
        fill_value: The value outside the input with ``"constant"``.
        data_format: ``"channels_last"`` or ``"channels_first"``.

    Returns:
        The transformed images.
    """
    _check_choice(interpolation, _INTERPOLATIONS, "interpolation")
    _check_choice(fill_mode, _affine.FILL_MODES, "fill_mode")
    images = convert(images)
    check_images(images)
    transform = convert(transform)
    if transform.dim() not in (1, 2):
        raise ValueError(
            "Invalid transform rank: expected rank 1 (single transform) or rank 2 (batch of "
            f"transforms). Received input with shape: transform.shape={tuple(transform.shape)}"
        )
    x, restore = to_layout(images, data_format, channels_last=True)
    dtype = x.dtype if x.is_floating_point() else torch.float32
    t = transform.reshape(-1, 8).to(dtype).expand(x.shape[0], 8)
    if not bool((t[:, 6:] != 0).any()):
        out = _affine.affine_transform(x.to(dtype), t, interpolation, fill_mode, fill_value,
                                       "channels_last")
    else:
        gy, gx = _grid(x.shape[0], x.shape[1], x.shape[2], dtype, x.device)
        a0, a1, a2, b0, b1, b2, c0, c1 = (t[:, i].view(-1, 1, 1) for i in range(8))
        k = c0 * gx + c1 * gy + 1.0
        out = _sample(x.to(dtype), (b0 * gx + b1 * gy + b2) / k, (a0 * gx + a1 * gy + a2) / k,
                      _INTERPOLATIONS[interpolation], fill_mode, fill_value)
    return restore(out.to(images.dtype) if images.is_floating_point() else
                   torch.round(out).to(images.dtype))


def _homography(start: torch.Tensor, end: torch.Tensor) -> torch.Tensor:
    """The 8 projective coefficients mapping `end` points onto `start` points."""
    rows, rhs = [], []
    zeros, ones = torch.zeros_like(end[:, 0, 0]), torch.ones_like(end[:, 0, 0])
    for i in range(4):
        ex, ey = end[:, i, 0], end[:, i, 1]
        sx, sy = start[:, i, 0], start[:, i, 1]
        rows.append(torch.stack([ex, ey, ones, zeros, zeros, zeros, -sx * ex, -sx * ey], -1))
        rows.append(torch.stack([zeros, zeros, zeros, ex, ey, ones, -sy * ex, -sy * ey], -1))
        rhs += [sx, sy]
    return torch.linalg.solve(torch.stack(rows, 1), torch.stack(rhs, 1))


def _points(points: Any, dtype, name: str) -> torch.Tensor:
    p = convert(points).to(dtype)
    if p.dim() not in (2, 3) or tuple(p.shape[-2:]) != (4, 2):
        raise ValueError(
            f"Invalid {name} shape: expected (4,2) for a single image or (N,4,2) for a "
            f"batch. Received shape: {tuple(p.shape)}"
        )
    return p.reshape(-1, 4, 2)


def _same_as_images(images, *args, **kwargs):
    return keras_tensor(images.shape, images.dtype)


@op("PerspectiveTransform", compute_output_spec=_same_as_images)
def perspective_transform(images: Any, start_points: Any, end_points: Any,
                          interpolation: str = "bilinear", fill_value: float = 0,
                          data_format: str | None = None) -> torch.Tensor:
    """Warp images so that the four `start_points` move to the `end_points`.

    Args:
        images: Rank 3 or 4 tensor.
        start_points: ``(4, 2)`` or ``(batch, 4, 2)`` ``(x, y)`` corners in the input.
        end_points: Same shape: where those corners go in the output.
        interpolation: ``"nearest"`` or ``"bilinear"``.
        fill_value: Value of the pixels that map outside the input.
        data_format: ``"channels_last"`` or ``"channels_first"``.

    Returns:
        The transformed images.
    """
    _check_choice(interpolation, _INTERPOLATIONS, "interpolation")
    images = convert(images)
    check_images(images)
    x, restore = to_layout(images, data_format, channels_last=True)
    dtype = x.dtype if x.is_floating_point() else torch.float32
    start = _points(start_points, dtype, "start_points")
    end = _points(end_points, dtype, "end_points")
    if start.shape != end.shape:
        raise ValueError(
            "start_points and end_points must have the same shape. Received "
            f"start_points.shape={tuple(start.shape)}, end_points.shape={tuple(end.shape)}")
    coeffs = _homography(start.double(), end.double()).to(dtype).expand(x.shape[0], 8)
    transform = coeffs
    out = affine_transform(x.to(dtype), transform, interpolation, "constant", fill_value,
                           "channels_last")
    return restore(out.to(images.dtype))


@op("MapCoordinates")
def map_coordinates(inputs: Any, coordinates: Any, order: int, fill_mode: str = "constant",
                    fill_value: float = 0) -> torch.Tensor:
    """Sample an N-D array at arbitrary coordinates (nearest or linear interpolation).

    Args:
        inputs: N-D tensor.
        coordinates: ``N`` arrays (or a tensor ``(N, ...)``) of coordinates, one per
            input axis, all of the output's shape.
        order: 0 (nearest, half to even) or 1 (linear).
        fill_mode: ``"constant"``, ``"nearest"``, ``"wrap"``, ``"mirror"`` or
            ``"reflect"``.
        fill_value: Value outside the input with ``"constant"``.

    Returns:
        A tensor of the coordinates' shape.

    Example:

    >>> map_coordinates(torch.arange(4.0), [[0.5, 2.0, 5.0]], order=1).tolist()
    [0.5, 2.0, 0.0]
    """
    x = convert(inputs)
    coords = [convert(c) for c in coordinates]
    if len(coords) != x.dim():
        raise ValueError(
            "First dim of `coordinates` must be the same as the rank of `inputs`. Received "
            f"inputs with shape: {tuple(x.shape)} and coordinate leading dim of {len(coords)}")
    if coords[0].dim() < 1:
        raise ValueError(
            "Invalid coordinates rank: expected at least rank 2. Received input with shape: "
            f"{(len(coords),) + tuple(coords[0].shape)}")
    _check_choice(fill_mode, _affine.FILL_MODES, "fill_mode")
    if order not in (0, 1):
        raise NotImplementedError("map_coordinates currently requires order<=1")
    dtype = x.dtype if x.is_floating_point() else torch.float32
    interp = "nearest" if order == 0 else "bilinear"
    per_axis = []
    for c, size in zip(coords, x.shape):
        nodes = []
        for index, weight in _affine._nodes(c.to(dtype), interp):
            valid = (index >= 0) & (index < size) if fill_mode == "constant" else None
            nodes.append((_affine._fix_index(index, size, fill_mode), valid, weight))
        per_axis.append(nodes)
    out = None
    for combo in itertools.product(*per_axis):
        value = x[tuple(idx for idx, _, _ in combo)].to(dtype)
        valids = [v for _, v, _ in combo if v is not None]
        if valids:
            ok = valids[0]
            for v in valids[1:]:
                ok = ok & v
            value = torch.where(ok, value, torch.as_tensor(fill_value, dtype=dtype))
        weights = [w for _, _, w in combo if w is not None]
        if weights:
            value = value * math.prod(weights) if len(weights) > 1 else value * weights[0]
        out = value if out is None else out + value
    if not x.is_floating_point():
        out = torch.round(out)
    return out.to(x.dtype)


@op("ElasticTransform")
def elastic_transform(images: Any, alpha: float = 20.0, sigma: float = 5.0,
                      interpolation: str = "bilinear", fill_mode: str = "reflect",
                      fill_value: float = 0.0, seed: Any = None,
                      data_format: str | None = None) -> torch.Tensor:
    """Elastic deformation: pixels displaced by smoothed random fields.

    Standard-normal displacement fields (one for x, one for y, per image) are scaled by
    `sigma`, blurred with a Gaussian of std `sigma` (kernel ``int(6 * sigma) | 1``),
    scaled by `alpha`, and the image is resampled at the displaced points.

    Args:
        images: Rank 3 or 4 tensor.
        alpha: Strength of the displacement.
        sigma: Smoothness of the displacement.
        interpolation: ``"nearest"`` or ``"bilinear"``.
        fill_mode: ``"constant"``, ``"nearest"``, ``"wrap"``, ``"mirror"`` or
            ``"reflect"``.
        fill_value: Value outside the input with ``"constant"``.
        seed: An integer, a `keras.random.SeedGenerator` or `None`.
        data_format: ``"channels_last"`` or ``"channels_first"``.

    Returns:
        The deformed images.
    """
    _check_choice(interpolation, _INTERPOLATIONS, "interpolation")
    _check_choice(fill_mode, _affine.FILL_MODES, "fill_mode")
    images = convert(images)
    check_images(images)
    x, restore = to_layout(images, data_format, channels_last=True)
    dtype = x.dtype if x.is_floating_point() else torch.float32
    batch, height, width, _ = x.shape
    size = int(6 * float(sigma)) | 1
    kernel = torch.outer(_gaussian_1d(size, sigma, dtype, x.device),
                         _gaussian_1d(size, sigma, dtype, x.device))
    noise = torch.normal(0.0, 1.0, (batch, 2, height, width), generator=torch_generator(seed),
                         dtype=dtype, device=x.device) * float(sigma)
    fields = _depthwise_same(noise, kernel) * float(alpha)
    gy, gx = _grid(batch, height, width, dtype, x.device)
    out = _sample(x.to(dtype), gy + fields[:, 1], gx + fields[:, 0],
                  _INTERPOLATIONS[interpolation], fill_mode, fill_value)
    return restore(out.to(images.dtype))


_SCALE_METHODS = ("linear", "bilinear", "trilinear", "triangle", "cubic", "bicubic",
                  "tricubic", "lanczos3", "lanczos5")


def _kernel(method: str):
    if method in ("linear", "bilinear", "trilinear", "triangle"):
        return lambda x: torch.clamp(1 - x.abs(), min=0)
    if method in ("cubic", "bicubic", "tricubic"):
        def cubic(x):  # Keys cubic, a = -0.5
            x = x.abs()
            near = ((1.5 * x - 2.5) * x) * x + 1
            far = ((-0.5 * x + 2.5) * x - 4) * x + 2
            return torch.where(x >= 1, torch.where(x >= 2, 0.0, far), near)
        return cubic
    radius = 3.0 if method == "lanczos3" else 5.0

    def lanczos(x):
        y = radius * torch.sin(math.pi * x) * torch.sin(math.pi * x / radius)
        out = torch.where(x > 1e-3, y / torch.where(x > 1e-3, math.pi ** 2 * x * x, 1), 1)
        return torch.where(x > radius, 0.0, out)
    return lanczos


def _weights(in_size: int, out_size: int, scale, translation, kernel, antialias: bool,
             dtype) -> torch.Tensor:
    inv = 1.0 / scale
    kernel_scale = torch.clamp(inv, min=1.0) if antialias else 1.0
    sample = (torch.arange(out_size, dtype=dtype) + 0.5) * inv - translation * inv - 0.5
    dist = (sample[None, :] - torch.arange(in_size, dtype=dtype)[:, None]).abs() / kernel_scale
    w = kernel(dist)
    total = w.sum(dim=0, keepdim=True)
    w = torch.where(total.abs() > 1000.0 * float(torch.finfo(torch.float32).eps),
                    w / torch.where(total != 0, total, 1), 0)
    inside = (sample >= -0.5) & (sample <= in_size - 0.5)
    return torch.where(inside[None, :], w, 0)


@op("ScaleAndTranslate")
def scale_and_translate(images: Any, output_shape: Any, scale: Any, translation: Any,
                        spatial_dims: Any, method: str, antialias: bool = True):
    """Resample along `spatial_dims` with a scale and a translation (JAX's
    ``scale_and_translate``): output sample ``i`` reads the input at
    ``(i + 0.5 - translation) / scale - 0.5``.

    Args:
        images: Input tensor.
        output_shape: Full output shape (only the `spatial_dims` entries change).
        scale: One scale per spatial dimension.
        translation: One translation per spatial dimension.
        spatial_dims: The axes resampled.
        method: ``"linear"`` (``"bilinear"``, ``"trilinear"``, ``"triangle"``),
            ``"cubic"`` (``"bicubic"``, ``"tricubic"``), ``"lanczos3"`` or
            ``"lanczos5"``.
        antialias: Widen the kernel when downsampling.

    Returns:
        The resampled tensor; integer inputs are rounded and clipped to their range.
    """
    _check_choice(method, _SCALE_METHODS, "method")
    x = convert(images)
    scale_t, trans_t = convert(scale), convert(translation)
    dtype = to_torch_dtype(result_type(scale_t.dtype, trans_t.dtype))
    scale_t, trans_t = scale_t.to(dtype).reshape(-1), trans_t.to(dtype).reshape(-1)
    kernel = _kernel(method)
    is_int = not x.is_floating_point()
    out = x.float() if is_int else x
    for i, d in enumerate(spatial_dims):
        d %= x.dim()
        w = _weights(x.shape[d], int(output_shape[d]), scale_t[i].cpu(), trans_t[i].cpu(),
                     kernel, antialias, dtype).to(device=out.device, dtype=out.dtype)
        out = torch.tensordot(out, w, dims=([d], [0])).movedim(-1, d)
    if is_int:
        out = torch.clamp(torch.round(out), x.min(), x.max()).to(x.dtype)
    return out
