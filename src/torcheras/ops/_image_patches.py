"""Padding, cropping and patch extraction ops of ``keras.ops.image``."""

from __future__ import annotations

from typing import Any

import torch
import torch.nn.functional as F

from torcheras.backend import _config
from torcheras.ops._image_color import check_images
from torcheras.ops._nn_conv import conv
from torcheras.ops._op import convert, op


def _hw(images: torch.Tensor, data_format: Any) -> tuple:
    cl = _config.standardize_data_format(data_format) == "channels_last"
    h = images.dim() - (3 if cl else 2)
    return h, h + 1, cl


def _check_non_negative(**values) -> None:
    for name, value in values.items():
        if value < 0:
            raise ValueError(f"{name} must be >= 0. Received: {name}={value}")


def _two_of_three(names: tuple, values: tuple, what: str) -> None:
    given = [v is not None for v in values]
    if sum(given) != 2:
        raise ValueError(
            f"Must specify exactly two of {names[0]}, {names[1]}, {names[2]}. Received: "
            + ", ".join(f"{n}={v}" for n, v in zip(names, values))
        )


@op("PadImages")
def pad_images(images: Any, top_padding: int | None = None, left_padding: int | None = None,
               bottom_padding: int | None = None, right_padding: int | None = None,
               target_height: int | None = None, target_width: int | None = None,
               data_format: str | None = None) -> torch.Tensor:
    """Pad images with zeros: two of (top, bottom, target height) and two of (left, right,
    target width) given.

    Args:
        images: Rank 3 or 4 tensor.
        top_padding: Rows added on top.
        left_padding: Columns added on the left.
        bottom_padding: Rows added at the bottom.
        right_padding: Columns added on the right.
        target_height: Height of the output.
        target_width: Width of the output.
        data_format: ``"channels_last"`` or ``"channels_first"``.

    Returns:
        The padded images.

    Example:

    >>> pad_images(torch.ones(2, 2, 1), 1, 0, target_height=4, target_width=3).shape
    torch.Size([4, 3, 1])
    """
    images = convert(images)
    check_images(images)
    _two_of_three(("top_padding", "bottom_padding", "target_height"),
                  (top_padding, bottom_padding, target_height), "height")
    _two_of_three(("left_padding", "right_padding", "target_width"),
                  (left_padding, right_padding, target_width), "width")
    h_axis, w_axis, _ = _hw(images, data_format)
    height, width = images.shape[h_axis], images.shape[w_axis]
    if top_padding is None:
        top_padding = target_height - bottom_padding - height
    if bottom_padding is None:
        bottom_padding = target_height - top_padding - height
    if left_padding is None:
        left_padding = target_width - right_padding - width
    if right_padding is None:
        right_padding = target_width - left_padding - width
    _check_non_negative(top_padding=top_padding, left_padding=left_padding,
                        right_padding=right_padding, bottom_padding=bottom_padding)
    pad = [0, 0] * (images.dim() - 1 - w_axis) + [left_padding, right_padding,
                                                  top_padding, bottom_padding]
    return F.pad(images, pad)


@op("CropImages")
def crop_images(images: Any, top_cropping: int | None = None, left_cropping: int | None = None,
                bottom_cropping: int | None = None, right_cropping: int | None = None,
                target_height: int | None = None, target_width: int | None = None,
                data_format: str | None = None) -> torch.Tensor:
    """Crop images: two of (top, bottom, target height) and two of (left, right, target
    width) given.

    Args:
        images: Rank 3 or 4 tensor.
        top_cropping: Rows removed from the top.
        left_cropping: Columns removed from the left.
        bottom_cropping: Rows removed from the bottom.
        right_cropping: Columns removed from the right.
        target_height: Height of the output.
        target_width: Width of the output.
        data_format: ``"channels_last"`` or ``"channels_first"``.

    Returns:
        The cropped images.
    """
    images = convert(images)
    check_images(images)
    _two_of_three(("top_cropping", "bottom_cropping", "target_height"),
                  (top_cropping, bottom_cropping, target_height), "height")
    _two_of_three(("left_cropping", "right_cropping", "target_width"),
                  (left_cropping, right_cropping, target_width), "width")
    h_axis, w_axis, _ = _hw(images, data_format)
    height, width = images.shape[h_axis], images.shape[w_axis]
    if top_cropping is None:
        top_cropping = height - target_height - bottom_cropping
    if target_height is None:
        target_height = height - bottom_cropping - top_cropping
    if left_cropping is None:
        left_cropping = width - target_width - right_cropping
    if target_width is None:
        target_width = width - right_cropping - left_cropping
    _check_non_negative(top_cropping=top_cropping, target_height=target_height,
                        left_cropping=left_cropping, target_width=target_width)
    if top_cropping + target_height > height or left_cropping + target_width > width:
        raise ValueError(
            "The crop window does not fit in the images. Received: images.shape="
            f"{tuple(images.shape)}, top_cropping={top_cropping}, target_height="
            f"{target_height}, left_cropping={left_cropping}, target_width={target_width}")
    return images.narrow(h_axis, top_cropping, target_height).narrow(
        w_axis, left_cropping, target_width)


def _patches(x: torch.Tensor, size: tuple, strides: Any, dilation_rate: Any, padding: str,
             data_format: Any, rank: int) -> torch.Tensor:
    """Patches as channels: a convolution with an identity kernel (Keras's definition;
    channel order is (*size, channels))."""
    cl = _config.standardize_data_format(data_format) == "channels_last"
    unbatched = x.dim() == rank + 1
    if unbatched:
        x = x.unsqueeze(0)
    channels = x.shape[-1] if cl else x.shape[1]
    work = x if x.is_floating_point() else x.float()
    depth = channels
    for s in size:
        depth *= s
    kernel = torch.eye(depth, dtype=work.dtype, device=x.device).reshape(*size, channels, depth)
    out = conv(work, kernel, strides=size if not strides else strides, padding=padding,
               data_format=data_format, dilation_rate=dilation_rate)
    out = out.to(x.dtype)
    return out.squeeze(0) if unbatched else out


@op("ExtractPatches")
def extract_patches(images: Any, size: Any, strides: Any = None, dilation_rate: Any = 1,
                    padding: str = "valid", data_format: str | None = None) -> torch.Tensor:
    """Extract patches from images (2-D sizes) or volumes (3-D sizes) into the channel axis.

    Args:
        images: Rank 3/4 images (rank 4/5 volumes when `size` has 3 entries).
        size: Int or tuple of 2 (or 3) ints, the patch size.
        strides: Step between patches (default: `size`).
        dilation_rate: Spacing of the patch elements.
        padding: ``"valid"`` or ``"same"``.
        data_format: ``"channels_last"`` or ``"channels_first"``.

    Returns:
        ``(..., out_h, out_w, size_h * size_w * channels)`` (channels_last).

    Example:

    >>> extract_patches(torch.zeros(1, 4, 4, 3), 2).shape
    torch.Size([1, 2, 2, 12])
    """
    if not isinstance(size, int) and len(size) == 3:
        return extract_patches_3d(images, size, strides, dilation_rate, padding, data_format)
    if isinstance(size, int):
        size = (size, size)
    elif len(size) != 2:
        raise TypeError(
            "Invalid `size` argument. Expected an int or a tuple of length 2. "
            f"Received: size={size}")
    x = convert(images)
    check_images(x)
    return _patches(x, tuple(size), strides, dilation_rate, padding, data_format, 2)


@op("ExtractPatches3D")
def extract_patches_3d(volumes: Any, size: Any, strides: Any = None, dilation_rate: Any = 1,
                       padding: str = "valid", data_format: str | None = None):
    """Extract 3-D patches from volumes into the channel axis.

    Args:
        volumes: Rank 4 or 5 tensor.
        size: Int or tuple of 3 ints.
        strides: Step between patches (default: `size`).
        dilation_rate: Spacing of the patch elements.
        padding: ``"valid"`` or ``"same"``.
        data_format: ``"channels_last"`` or ``"channels_first"``.

    Returns:
        ``(..., out_d, out_h, out_w, d * h * w * channels)`` (channels_last).
    """
    if isinstance(size, int):
        size = (size, size, size)
    elif len(size) != 3:
        raise TypeError(
            "Invalid `size` argument. Expected an int or a tuple of length 3. "
            f"Received: size={size}")
    x = convert(volumes)
    if x.dim() not in (4, 5):
        raise ValueError(
            "Invalid volumes rank: expected rank 4 (single volume) or rank 5 (batch of "
            f"volumes). Received input with shape: volumes.shape={tuple(x.shape)}")
    if isinstance(strides, int):
        strides = (strides,) * 3
    return _patches(x, tuple(size), strides, dilation_rate, padding, data_format, 3)
