"""``keras.utils.image_dataset_from_directory``: a lazy dataset of images in class folders.

Images are decoded with Pillow (the ``image`` extra) by the dataset's worker threads when
it is iterated, and resized with the same ``torch`` interpolation as ``keras.layers.
Resizing`` (``bilinear``, ``nearest``, ``bicubic``, ``area``).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import torch

from torcheras.backend import _config
from torcheras.layers.preprocessing.image._resizing import _crop_box, resize_images
from torcheras.preprocessing.image._pil import load_img
from torcheras.utils._batch_dataset import DEFAULT_WORKERS, BatchDataset
from torcheras.utils._dataset_from_directory import (
    check_labels_args,
    check_validation_split_arg,
    encode_label,
    index_directory,
    split_files,
)

ALLOWLIST_FORMATS = (".bmp", ".gif", ".jpeg", ".jpg", ".png")
_CHANNELS = {"rgb": 3, "rgba": 4, "grayscale": 1}
_INTERPOLATIONS = ("bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5",
                   "gaussian", "mitchellcubic")
_TORCH_INTERPOLATIONS = ("bilinear", "nearest", "bicubic", "area")


def decode_image(path: str, color_mode: str, image_size: tuple, interpolation: str,
                 crop_to_aspect_ratio: bool, pad_to_aspect_ratio: bool,
                 data_format: str) -> torch.Tensor:
    """One image file as a ``float32`` tensor of ``image_size`` (Keras's ``_load_image``).

    Args:
        path: The file.
        color_mode: ``"rgb"``, ``"rgba"`` or ``"grayscale"``.
        image_size: ``(height, width)``.
        interpolation: The resize method.
        crop_to_aspect_ratio: Crop the largest centred window of the target ratio first.
        pad_to_aspect_ratio: Pad to the target ratio first.
        data_format: ``"channels_last"`` or ``"channels_first"``.
    """
    try:
        # Animated GIFs: the first frame, as Keras (`expand_animations=False`).
        img = load_img(path, color_mode="rgb" if color_mode == "grayscale" else color_mode)
        array = np.asarray(img)
    except (OSError, ValueError) as e:
        raise ValueError(f"Could not read the image file {path!r}: {e}") from e
    if color_mode == "grayscale":
        # TensorFlow's decoder (libpng's fixed-point ITU-R 601 weights, truncated); Pillow's
        # "L" mode rounds differently.
        array = (array.astype(np.int64) @ np.array([9798, 19234, 3736])) >> 15
    x = torch.from_numpy(np.ascontiguousarray(array, dtype="float32"))
    if x.dim() == 2:
        x = x[:, :, None]
    size = (int(image_size[0]), int(image_size[1]))
    if crop_to_aspect_ratio:
        top, left, height, width = _crop_box(x.shape[0], x.shape[1], *size)
        x = x[top:top + height, left:left + width]
    if pad_to_aspect_ratio:
        x = _resize_with_pad(x, size, interpolation)
    else:
        x = _resize(x, size, interpolation)
    if data_format == "channels_first":
        x = x.permute(2, 0, 1)
    return x.contiguous()


def _area_weights(n_in: int, n_out: int) -> torch.Tensor:
    """``(n_out, n_in)``: the share of each input pixel in each output pixel's box
    ``[i * scale, (i + 1) * scale)`` (TensorFlow's ``ResizeArea``)."""
    scale = n_in / n_out
    starts = torch.arange(n_out, dtype=torch.float64) * scale
    ends = starts + scale
    pixels = torch.arange(n_in, dtype=torch.float64)
    overlap = (torch.minimum(ends[:, None], pixels[None, :] + 1)
               - torch.maximum(starts[:, None], pixels[None, :])).clamp(min=0)
    return overlap / scale


def _resize(x: torch.Tensor, size: tuple, interpolation: str) -> torch.Tensor:
    if tuple(x.shape[:2]) == size:
        return x
    if interpolation == "area":
        rows = _area_weights(x.shape[0], size[0])
        cols = _area_weights(x.shape[1], size[1])
        return torch.einsum("ih,hwc,jw->ijc", rows, x.double(), cols).float()
    return resize_images(x, size, interpolation)


def _resize_with_pad(x: torch.Tensor, size: tuple, interpolation: str) -> torch.Tensor:
    """``tf.image.resize_with_pad``: resize to fit inside ``size`` keeping the aspect
    ratio, then centre it on zeros."""
    height, width = x.shape[:2]
    ratio = max(width / size[1], height / size[0])
    new_height, new_width = height / ratio, width / ratio
    top = max(0, int(math.floor((size[0] - new_height) / 2)))
    left = max(0, int(math.floor((size[1] - new_width) / 2)))
    resized = _resize(x, (int(math.floor(new_height)), int(math.floor(new_width))),
                      interpolation)
    out = x.new_zeros((size[0], size[1], x.shape[2]))
    out[top:top + resized.shape[0], left:left + resized.shape[1]] = resized
    return out


class ImageDataset(BatchDataset):
    """Batches of ``(images, labels)`` read from image files when iterated.

    Attributes:
        file_paths: The image files, in sample order.
        class_names: The class names (label ``i`` is ``class_names[i]``), or ``None``.

    Args:
        file_paths: The image files.
        labels: One integer label per file, or ``None``.
        label_mode: ``"int"``, ``"categorical"``, ``"binary"`` or ``None``.
        class_names: The class names.
        image_options: ``decode_image``'s keyword arguments.
        batch_size: Images per batch (``None``: single images).
        shuffle: New order each pass.
        seed: Seed of the orders.
    """

    def __init__(self, file_paths: list, labels: Any, label_mode: str | None,
                 class_names: list | None, image_options: dict, batch_size: int | None,
                 shuffle: bool, seed: int | None) -> None:
        super().__init__(len(file_paths), batch_size, shuffle=shuffle, seed=seed,
                         workers=DEFAULT_WORKERS)
        self.file_paths = list(file_paths)
        self.labels = labels
        self.label_mode = label_mode
        self.class_names = class_names
        self.image_options = dict(image_options)

    def sample(self, index: int) -> Any:
        image = decode_image(self.file_paths[index], **self.image_options)
        if self.label_mode is None:
            return image
        return image, encode_label(self.labels[index], self.label_mode,
                                   len(self.class_names or ()))


def _image_size(image_size: Any) -> tuple:
    if isinstance(image_size, int) and not isinstance(image_size, bool):
        return (image_size, image_size)
    if not isinstance(image_size, (list, tuple)) or len(image_size) != 2:
        raise ValueError(
            "Invalid `image_size` value. Expected a tuple of 2 integers. "
            f"Received: image_size={image_size}"
        )
    return tuple(int(s) for s in image_size)


def _check_image_args(color_mode: str, interpolation: str, crop_to_aspect_ratio: bool,
                      pad_to_aspect_ratio: bool, batch_size: Any) -> str:
    if color_mode not in _CHANNELS:
        raise ValueError(
            '`color_mode` must be one of {"rgb", "rgba", "grayscale"}. '
            f"Received: color_mode={color_mode}"
        )
    interpolation = str(interpolation).lower()
    if interpolation not in _INTERPOLATIONS:
        raise ValueError(
            f"Argument `interpolation` should be one of {_INTERPOLATIONS}. "
            f"Received: interpolation={interpolation}"
        )
    if interpolation not in _TORCH_INTERPOLATIONS:
        raise ValueError(
            f"Resizing with {interpolation!r} interpolation is not supported by torcheras "
            f"(TensorFlow-only). Use one of {_TORCH_INTERPOLATIONS}. "
            f"Received: interpolation={interpolation}"
        )
    if pad_to_aspect_ratio and crop_to_aspect_ratio:
        raise ValueError(
            "Only one of `pad_to_aspect_ratio`, `crop_to_aspect_ratio` can be set to `True`."
        )
    if batch_size is not None and (isinstance(batch_size, bool) or not isinstance(
            batch_size, int) or batch_size < 1):
        raise ValueError(
            f"`batch_size` must be a positive integer or None. Received: batch_size={batch_size!r}"
        )
    return interpolation


def image_dataset_from_directory(
    directory: Any, labels: Any = "inferred", label_mode: str | None = "int",
    class_names: list | None = None, color_mode: str = "rgb", batch_size: int | None = 32,
    image_size: Any = (256, 256), shuffle: bool = True, seed: int | None = None,
    validation_split: float | None = None, subset: str | None = None,
    interpolation: str = "bilinear", follow_links: bool = False,
    crop_to_aspect_ratio: bool = False, pad_to_aspect_ratio: bool = False,
    data_format: str | None = None, verbose: bool = True,
) -> Any:
    """Generates a dataset from image files in a directory.

    If your directory structure is `main_directory/class_a/a_image_1.jpg`,
    `main_directory/class_b/b_image_1.jpg`, ..., then
    `image_dataset_from_directory(main_directory, labels="inferred")` returns a dataset
    that yields batches of images from the subdirectories `class_a` and `class_b`,
    together with labels 0 and 1.

    Supported image formats: `.jpeg`, `.jpg`, `.png`, `.bmp`, `.gif`. Animated gifs are
    truncated to the first frame. Decoding needs Pillow (the `image` extra).

    The returned dataset is lazy: nothing is decoded until it is iterated (by `fit` or a
    `for` loop), then worker threads decode a few batches ahead. It yields `(images,
    labels)` tuples of `torch` tensors (`images` alone without labels), has
    `class_names` and `file_paths` attributes, `len()` (the number of batches) and
    tf.data-style `map`, `take` and `prefetch`. With `shuffle=True` every pass visits the
    images in a new order (a full seeded shuffle, where `tf.data` shuffles in a buffer
    of 8 batches).

    Args:
        directory: Directory where the data is located. If `labels` is `"inferred"`, it
            should contain subdirectories, each containing images for a class.
            Otherwise, the directory structure is ignored.
        labels: Either `"inferred"` (labels are generated from the directory
            structure), `None` (no labels), or a list/tuple of integer labels of the same
            size as the number of image files found in the directory, sorted in the
            alphanumeric order of the image file paths.
        label_mode: `"int"` (`int32` labels), `"categorical"` (`float32` one-hot),
            `"binary"` (`float32` of shape `(batch_size, 1)`, exactly 2 classes) or
            `None` (no labels).
        class_names: Only valid if `labels` is `"inferred"`: the explicit list of class
            names (subdirectory names), in label order.
        color_mode: One of `"grayscale"`, `"rgb"`, `"rgba"` (1, 3 or 4 channels).
        batch_size: Size of the batches of data. If `None`, the data is not batched
            (the dataset yields individual samples).
        image_size: Size to resize images to, `(height, width)` (or one int).
        shuffle: Whether to shuffle the data. If `False`, sorts the data in alphanumeric
            order.
        seed: Optional random seed for shuffling.
        validation_split: Optional float between 0 and 1, fraction of data to reserve
            for validation.
        subset: `"training"`, `"validation"` or `"both"` (a list of the two datasets).
            Only used if `validation_split` is set.
        interpolation: The resize method: `"bilinear"`, `"nearest"`, `"bicubic"` or
            `"area"` (Keras's TensorFlow-only methods raise an error).
        follow_links: Whether to visit subdirectories pointed to by symlinks.
        crop_to_aspect_ratio: Resize without aspect ratio distortion by cropping the
            largest centred window with the target aspect ratio.
        pad_to_aspect_ratio: Resize without aspect ratio distortion by padding to the
            target aspect ratio.
        data_format: `"channels_last"` or `"channels_first"` (default: the global one).
        verbose: Whether to print the number of files and classes found.

    Returns:
        An `ImageDataset`, or a list `[train_dataset, val_dataset]` for
        `subset="both"`.
    """
    check_labels_args(labels, label_mode, class_names, "image", "images")
    if labels is None or label_mode is None:
        labels, label_mode = None, None
    interpolation = _check_image_args(color_mode, interpolation, crop_to_aspect_ratio,
                                      pad_to_aspect_ratio, batch_size)
    image_size = _image_size(image_size)
    check_validation_split_arg(validation_split, subset, shuffle, seed)
    if seed is None:
        seed = np.random.randint(1e6)
    paths, label_array, class_names = index_directory(
        directory, labels, ALLOWLIST_FORMATS, class_names=class_names, shuffle=shuffle,
        seed=seed, follow_links=follow_links, verbose=verbose)
    if label_mode == "binary" and len(class_names) != 2:
        raise ValueError(
            'When passing `label_mode="binary"`, there must be exactly 2 class_names. '
            f"Received: class_names={class_names}"
        )
    options = {"color_mode": color_mode, "image_size": image_size,
               "interpolation": interpolation, "crop_to_aspect_ratio": crop_to_aspect_ratio,
               "pad_to_aspect_ratio": pad_to_aspect_ratio,
               "data_format": _config.standardize_data_format(data_format)}
    parts = split_files(paths, label_array, validation_split, subset, directory, "images",
                        f"Allowed formats: {ALLOWLIST_FORMATS}")
    datasets = [ImageDataset(p, lab, label_mode, class_names, options, batch_size,
                             shuffle=shuffle and i == 0, seed=seed)
                for i, (p, lab) in enumerate(parts)]
    return datasets if subset == "both" else datasets[0]
