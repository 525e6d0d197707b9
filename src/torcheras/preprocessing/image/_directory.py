"""``DirectoryIterator``: batches of images read from one sub-folder per class (Keras 2)."""

from __future__ import annotations

import os
import warnings
from typing import Any

import numpy as np

from torcheras.backend import _config
from torcheras.preprocessing.image._iterator import Iterator
from torcheras.preprocessing.image._pil import img_to_array, load_img

CLASS_MODES = ("categorical", "binary", "sparse", "input", None)
_CHANNELS = {"rgb": 3, "rgba": 4, "grayscale": 1}


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


class DirectoryIterator(Iterator):
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
        if color_mode not in _CHANNELS:
            raise ValueError(
                f"Invalid color mode: {color_mode!r}; expected 'rgb', 'rgba', or 'grayscale'."
            )
        if class_mode not in CLASS_MODES:
            raise ValueError(
                f"Invalid class_mode: {class_mode!r}; expected one of: {list(CLASS_MODES)}"
            )
        self.directory = os.fspath(directory)
        self.image_data_generator = image_data_generator
        self.target_size = tuple(int(d) for d in target_size)
        self.color_mode = color_mode
        self.data_format = _config.standardize_data_format(data_format)
        self.dtype = dtype or _config.floatx()
        channels = _CHANNELS[color_mode]
        self.image_shape = (self.target_size + (channels,) if self.data_format == "channels_last"
                            else (channels,) + self.target_size)
        self.class_mode = class_mode
        self.save_to_dir = save_to_dir
        self.save_prefix = save_prefix
        self.save_format = save_format
        self.interpolation = interpolation
        self.keep_aspect_ratio = keep_aspect_ratio
        self.split = self._subset_split(subset, image_data_generator)
        self.subset = subset
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

    @staticmethod
    def _subset_split(subset: str | None, generator: Any) -> tuple:
        if subset is None:
            return (0.0, 1.0)
        if subset not in {"training", "validation"}:
            raise ValueError(
                f"Invalid subset name: {subset!r}; expected 'training' or 'validation'"
            )
        fraction = getattr(generator, "_validation_split", 0.0)
        return (0.0, fraction) if subset == "validation" else (fraction, 1.0)

    @property
    def filepaths(self) -> list:
        """Absolute paths of the images, in index order."""
        return list(self._filepaths)

    @property
    def labels(self) -> np.ndarray:
        """The class index of each image."""
        return self.classes

    def _get_batches_of_transformed_samples(self, index_array: np.ndarray) -> Any:
        batch_x = np.zeros((len(index_array),) + self.image_shape, dtype=self.dtype)
        gen = self.image_data_generator
        for i, j in enumerate(index_array):
            img = load_img(self._filepaths[j], color_mode=self.color_mode,
                           target_size=self.target_size, interpolation=self.interpolation,
                           keep_aspect_ratio=self.keep_aspect_ratio)
            x = img_to_array(img, data_format=self.data_format, dtype=self.dtype)
            img.close()
            if gen is not None:
                x = gen.standardize(gen.apply_transform(x, gen._random_params(x.shape,
                                                                              self._rng)))
            batch_x[i] = x
        if self.save_to_dir:
            self._save_batch(batch_x, index_array)
        if self.class_mode == "input":
            return batch_x, batch_x.copy()
        if self.class_mode == "sparse":
            return batch_x, self.classes[index_array]
        if self.class_mode == "binary":
            return batch_x, self.classes[index_array].astype(self.dtype)
        if self.class_mode == "categorical":
            batch_y = np.zeros((len(batch_x), self.num_classes), dtype=self.dtype)
            batch_y[np.arange(len(batch_x)), self.classes[index_array]] = 1.0
            return batch_x, batch_y
        return batch_x
