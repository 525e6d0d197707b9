"""``DirectoryIterator``: batches of images read from one sub-folder per class (Keras 2)."""

from __future__ import annotations

import os
import warnings
from typing import Any

import numpy as np

from torcheras.preprocessing.image._files import FileBatchIterator

CLASS_MODES = ("categorical", "binary", "sparse", "input", None)


def _valid_files(directory: str, formats: tuple, follow_links: bool) -> list:
    found = []
    for root, _, files in sorted(os.walk(directory, followlinks=follow_links),
                                 key=lambda entry: entry[0]):
        for fname in sorted(files):
            if fname.lower().endswith(".tiff"):
                warnings.warn(
                    'Using ".tiff" files with multiple bands will cause distortion. Please '
                    "verify your output.", stacklevel=3)
            if fname.lower().endswith(formats):
                found.append(os.path.join(root, fname))
    return found


class DirectoryIterator(FileBatchIterator):
    """Batches of (augmented) images from ``directory/<class>/*.png``-style folders.

    Args:
        directory: The folder holding one sub-folder per class.
        image_data_generator: The ``ImageDataGenerator`` (or ``None`` for no augmentation).
        target_size: ``(height, width)`` every image is resized to.
        color_mode: ``"grayscale"``, ``"rgb"`` or ``"rgba"``.
        classes: Sub-folder names to use, in class-index order (all, sorted, by default).
        class_mode: ``"categorical"`` (one-hot), ``"binary"``, ``"sparse"`` (indices),
            ``"input"`` (the images themselves) or ``None`` (images only).
        batch_size: Images per batch.
        shuffle: Whether to shuffle each epoch.
        seed: Optional int seed.
        data_format: ``"channels_last"`` or ``"channels_first"`` (the global default).
        save_to_dir: Optional folder where the augmented images are saved.
        save_prefix: Prefix of the saved file names.
        save_format: ``"png"`` or ``"jpeg"``.
        follow_links: Follow symbolic links inside the class folders.
        subset: ``"training"`` or ``"validation"`` with the generator's ``validation_split``.
        interpolation: Resampling filter for the resize (see ``load_img``).
        keep_aspect_ratio: Centre-crop to the target aspect ratio before resizing.
        dtype: The batch dtype (floatx by default).
    """

    def __init__(self, directory: Any, image_data_generator: Any,
                 target_size: tuple = (256, 256), color_mode: str = "rgb",
                 classes: list | None = None, class_mode: str | None = "categorical",
                 batch_size: int = 32, shuffle: bool = True, seed: int | None = None,
                 data_format: str | None = None, save_to_dir: str | None = None,
                 save_prefix: str = "", save_format: str = "png", follow_links: bool = False,
                 subset: str | None = None, interpolation: str = "nearest",
                 keep_aspect_ratio: bool = False, dtype: str | None = None):
        if class_mode not in CLASS_MODES:
            raise ValueError(
                f"Invalid class_mode: {class_mode!r}; expected one of: {list(CLASS_MODES)}"
            )
        self._set_image_params(image_data_generator, target_size, color_mode, data_format,
                               save_to_dir, save_prefix, save_format, subset, interpolation,
                               keep_aspect_ratio, dtype)
        self.directory = os.fspath(directory)
        self.class_mode = class_mode
        if not classes:
            classes = sorted(d for d in os.listdir(self.directory)
                             if os.path.isdir(os.path.join(self.directory, d)))
        self.num_classes = len(classes)
        self.class_indices = dict(zip(classes, range(len(classes))))
        self.filenames: list = []
        labels: list = []
        for name in classes:
            files = _valid_files(os.path.join(self.directory, name), self.white_list_formats,
                                 follow_links)
            start, stop = int(self.split[0] * len(files)), int(self.split[1] * len(files))
            for path in files[start:stop]:
                self.filenames.append(os.path.relpath(path, self.directory))
                labels.append(self.class_indices[name])
        self.classes = np.array(labels, dtype="int32")
        self.samples = len(self.filenames)
        self._filepaths = [os.path.join(self.directory, f) for f in self.filenames]
        print(f"Found {self.samples} images belonging to {self.num_classes} classes.")
        super().__init__(self.samples, batch_size, shuffle, seed)
