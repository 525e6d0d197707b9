"""Color-space and filter ops of ``keras.ops.image``: grayscale, HSV, Gaussian blur, Sobel
edges and SSIM."""

from __future__ import annotations

from typing import Any

import torch
import torch.nn.functional as F

from torcheras.backend import _config
from torcheras.ops._op import convert, keras_tensor, op, result_type, to_torch_dtype


def check_images(images: torch.Tensor, name: str = "images") -> None:
    if images.dim() not in (3, 4):
        raise ValueError(
            f"Invalid {name} rank: expected rank 3 (single image) or rank 4 (batch of "
            f"images). Received input with shape: {name}.shape={tuple(images.shape)}"
        )


def channel_axis(data_format: Any) -> int:
    return -1 if _config.standardize_data_format(data_format) == "channels_last" else -3


@op("RGBToGrayscale")
def rgb_to_grayscale(images: Any, data_format: str | None = None) -> torch.Tensor:
    """Convert RGB images to grayscale (ITU-R 601 luma weights), keeping a channel axis
    of size 1.

    Args:
        images: Rank 3 or 4 tensor with 3 (or 1) channels.
        data_format: ``"channels_last"`` or ``"channels_first"``.

    Returns:
        The grayscale images, same dtype.

    Example:

    >>> rgb_to_grayscale([[[1.0, 1.0, 1.0]]]).shape
    torch.Size([1, 1, 1])
    """
    images = convert(images)
    check_images(images)
    axis = channel_axis(data_format)
    if images.shape[axis] not in (1, 3):
        raise ValueError(
            "Invalid channel size: expected 3 (RGB) or 1 (Grayscale). Received input with "
            f"shape: images.shape={tuple(images.shape)}"
        )
    if images.shape[axis] == 1:
        return images.clone()
    r, g, b = images.unbind(dim=axis)
    return (0.2989 * r + 0.587 * g + 0.114 * b).to(images.dtype).unsqueeze(axis)


def _float_images(images: Any) -> torch.Tensor:
    images = convert(images)
    check_images(images)
    if not images.is_floating_point():
        raise ValueError(
            "Invalid images dtype: expected float dtype. "
            f"Received: images.dtype={str(images.dtype).replace('torch.', '')}"
        )
    return images


@op("RGBToHSV")
def rgb_to_hsv(images: Any, data_format: str | None = None) -> torch.Tensor:
    """Convert RGB images (values in ``[0, 1]``) to HSV (hue in ``[0, 1)``).

    Args:
        images: Float rank 3 or 4 tensor with 3 channels.
        data_format: ``"channels_last"`` or ``"channels_first"``.

    Returns:
        HSV images.
    """
    images = _float_images(images)
    axis = channel_axis(data_format)
    eps = torch.finfo(images.dtype).eps
    images = torch.where(images.abs() < eps, 0.0, images)
    r, g, b = images.unbind(dim=axis)
    value = torch.maximum(torch.maximum(r, g), b)
    spread = value - torch.minimum(torch.minimum(r, g), b)
    saturation = torch.where(value > 0, spread / torch.where(value > 0, value, 1.0), 0.0)
    norm = 1.0 / (6.0 * torch.where(spread > 0, spread, 1.0))
    hue = torch.where(value == g, norm * (b - r) + 2.0 / 6.0, norm * (r - g) + 4.0 / 6.0)
    hue = torch.where(value == r, norm * (g - b), hue)
    hue = torch.where(spread > 0, hue, 0.0) + (hue < 0.0).to(hue.dtype)
    return torch.stack([hue, saturation, value], dim=axis)


@op("HSVToRGB")
def hsv_to_rgb(images: Any, data_format: str | None = None) -> torch.Tensor:
    """Convert HSV images to RGB.

    Args:
        images: Float rank 3 or 4 tensor with 3 channels (hue, saturation, value).
        data_format: ``"channels_last"`` or ``"channels_first"``.

    Returns:
        RGB images.
    """
    images = _float_images(images)
    axis = channel_axis(data_format)
    hue, saturation, value = images.unbind(dim=axis)
    dh = torch.remainder(hue, 1.0) * 6.0
    parts = ((dh - 3.0).abs() - 1.0, 2.0 - (dh - 2.0).abs(), 2.0 - (dh - 4.0).abs())
    rgb = [value * ((1.0 - saturation) + saturation * p.clamp(0.0, 1.0)) for p in parts]
    return torch.stack(rgb, dim=axis)


def to_layout(images: torch.Tensor, data_format: Any, channels_last: bool) -> tuple:
    """A batch (rank 4) in the layout a kernel wants; returns ``(x, restore)`` where
    ``restore(out)`` gives an output of the caller's layout and rank back."""
    unbatched = images.dim() == 3
    if unbatched:
        images = images.unsqueeze(0)
    given_last = _config.standardize_data_format(data_format) == "channels_last"
    moved = given_last != channels_last
    if moved:
        images = images.movedim(1, -1) if channels_last else images.movedim(-1, 1)

    def restore(out: torch.Tensor) -> torch.Tensor:
        if moved:
            out = out.movedim(-1, 1) if channels_last else out.movedim(1, -1)
        return out.squeeze(0) if unbatched else out

    return images, restore


def _batched_nchw(images: torch.Tensor, data_format: Any) -> tuple:
    return to_layout(images, data_format, channels_last=False)


def _gaussian_1d(size: int, sigma: Any, dtype: torch.dtype, device) -> torch.Tensor:
    x = torch.arange(size, dtype=dtype, device=device) - (size - 1) / 2
    k = torch.exp(-0.5 * (x / convert(sigma, dtype)) ** 2)
    return k / k.sum()


def _depthwise_same(x: torch.Tensor, kernel2d: torch.Tensor) -> torch.Tensor:
    """Per-channel 2-D convolution of NCHW ``x`` with zero "same" padding."""
    kh, kw = kernel2d.shape
    pad = ((kw - 1) // 2, kw - 1 - (kw - 1) // 2, (kh - 1) // 2, kh - 1 - (kh - 1) // 2)
    weight = kernel2d.expand(x.shape[1], 1, kh, kw)
    return F.conv2d(F.pad(x, pad), weight, groups=x.shape[1])


@op("GaussianBlur")
def gaussian_blur(images: Any, kernel_size: Any = (3, 3), sigma: Any = (1.0, 1.0),
                  data_format: str | None = None) -> torch.Tensor:
    """Blur images with a Gaussian filter (zero padding, same size out).

    Args:
        images: Rank 3 or 4 tensor.
        kernel_size: ``(size_x, size_y)``: the filter's width and height, as in Keras.
        sigma: ``(sigma_x, sigma_y)``: standard deviations along width and height.
        data_format: ``"channels_last"`` or ``"channels_first"``.

    Returns:
        Blurred images.
    """
    x = convert(images)
    check_images(x)
    if not x.is_floating_point():
        x = x.to(to_torch_dtype(_config.floatx()))
    x, restore = _batched_nchw(x, data_format)
    size_x, size_y = (int(k) for k in kernel_size)
    sigma_x, sigma_y = sigma
    kernel = torch.outer(_gaussian_1d(size_y, sigma_y, x.dtype, x.device),
                         _gaussian_1d(size_x, sigma_x, x.dtype, x.device))
    return restore(_depthwise_same(x, kernel))


@op("SobelEdges")
def sobel_edges(images: Any, data_format: str | None = None) -> torch.Tensor:
    """Sobel gradients of each channel: a last axis of 2 holding ``(dy, dx)``.

    Args:
        images: Rank 4 tensor.
        data_format: ``"channels_last"`` or ``"channels_first"``.

    Returns:
        ``images.shape + (2,)``.
    """
    x = convert(images)
    if x.dim() != 4:
        raise ValueError(
            "Invalid images rank: expected rank 4 (batch of images). Received input with "
            f"shape: images.shape={tuple(x.shape)}"
        )
    if not x.is_floating_point():
        x = x.to(to_torch_dtype(_config.floatx()))
    cl = _config.standardize_data_format(data_format) == "channels_last"
    x, _ = _batched_nchw(x, data_format)
    kx = torch.tensor([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]],
                      dtype=x.dtype, device=x.device)
    edges = torch.stack([_depthwise_same(x, kx.T), _depthwise_same(x, kx)], dim=-1)
    return edges.permute(0, 2, 3, 1, 4) if cl else edges


def _ssim_spec(image1, image2, *args, **kwargs):
    shape = () if len(image1.shape) == 3 else (image1.shape[0],)
    return keras_tensor(shape, image1.dtype)


@op("SSIM", compute_output_spec=_ssim_spec)
def ssim(image1: Any, image2: Any, max_val: float = 1.0, filter_size: int = 11,
         filter_sigma: float = 1.5, k1: float = 0.01, k2: float = 0.03,
         data_format: str | None = None) -> torch.Tensor:
    """Structural similarity index between two images (or batches), averaged over pixels
    and channels.

    Args:
        image1: Rank 3 or 4 tensor.
        image2: Same shape as `image1`.
        max_val: Dynamic range of the pixel values.
        filter_size: Size of the Gaussian window.
        filter_sigma: Standard deviation of the Gaussian window.
        k1: Luminance stabilizer.
        k2: Contrast stabilizer.
        data_format: ``"channels_last"`` or ``"channels_first"``.

    Returns:
        One value per image (a scalar for a single image).
    """
    a, b = convert(image1), convert(image2)
    original = a.dtype
    dtype = to_torch_dtype(result_type(a.dtype, float))
    a, b = a.to(dtype), b.to(dtype)
    check_images(a, "image1")
    check_images(b, "image2")
    unbatched = a.dim() == 3
    a, _ = _batched_nchw(a, data_format)
    b, _ = _batched_nchw(b, data_format)
    g = _gaussian_1d(filter_size, filter_sigma, dtype, a.device)
    kernel = torch.outer(g, g)
    c1, c2 = (k1 * max_val) ** 2, (k2 * max_val) ** 2

    weight = kernel.expand(a.shape[1], 1, filter_size, filter_size)

    def blur(t):  # "valid" windows, as Keras's ssim
        return F.conv2d(t, weight, groups=t.shape[1])

    mu1, mu2 = blur(a), blur(b)
    s1 = blur(a * a) - mu1 * mu1
    s2 = blur(b * b) - mu2 * mu2
    s12 = blur(a * b) - mu1 * mu2
    ssim_map = ((2 * mu1 * mu2 + c1) * (2 * s12 + c2)) / (
        (mu1 * mu1 + mu2 * mu2 + c1) * (s1 + s2 + c2))
    out = ssim_map.mean(dim=(1, 2, 3))
    out = out.squeeze(0) if unbatched else out
    return out.to(original) if original.is_floating_point else out
