"""Keras 2's ``ImageDataGenerator``: real-time image augmentation and normalisation."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from torcheras.backend import _config
from torcheras.preprocessing.image._affine import FILL_MODES, apply_affine_transform
from torcheras.preprocessing.image._dataframe import DataFrameIterator
from torcheras.preprocessing.image._directory import DirectoryIterator
from torcheras.preprocessing.image._iterator import NumpyArrayIterator
from torcheras.preprocessing.image._transforms import (
    apply_brightness_shift,
    apply_channel_shift,
    flip_axis,
)


def _zoom_pair(zoom_range: Any) -> list:
    if isinstance(zoom_range, (int, float)):
        return [1 - zoom_range, 1 + zoom_range]
    if isinstance(zoom_range, (tuple, list, np.ndarray)) and len(zoom_range) == 2:
        return [zoom_range[0], zoom_range[1]]
    raise ValueError(
        "`zoom_range` should be a float or a tuple or list of two floats. "
        f"Received: zoom_range={zoom_range!r}"
    )


def _shift(rng: Any, shift_range: Any, size: int) -> float:
    # Keras 2's rule: a list/int means "pick one of these" (with a random sign), a float
    # means a uniform draw; values below 1 are fractions of the size.
    try:
        value = rng.choice(shift_range)
        value *= rng.choice([-1, 1])
    except ValueError:
        value = rng.uniform(-shift_range, shift_range)
    if np.max(shift_range) < 1:
        value *= size
    return value


class ImageDataGenerator:
    """Generate batches of images with real-time augmentation (Keras 2).

    Args:
        featurewise_center: Subtract the dataset mean (per channel; needs ``fit``).
        samplewise_center: Subtract each image's mean.
        featurewise_std_normalization: Divide by the dataset std (per channel; needs ``fit``).
        samplewise_std_normalization: Divide each image by its std.
        zca_whitening: Apply ZCA whitening (needs ``fit``).
        zca_epsilon: Epsilon of the ZCA whitening.
        rotation_range: Largest random rotation, in degrees.
        width_shift_range: Float (fraction of the width, or pixels if >= 1), list of
            allowed values, or int pixels.
        height_shift_range: As ``width_shift_range``, for the height.
        brightness_range: ``(low, high)`` brightness factors, or ``None``.
        shear_range: Largest shear angle, in degrees.
        zoom_range: Float ``z`` for ``[1 - z, 1 + z]``, or ``(low, high)``.
        channel_shift_range: Largest random channel shift.
        fill_mode: ``"constant"``, ``"nearest"``, ``"reflect"`` or ``"wrap"``.
        cval: Fill value for ``fill_mode="constant"``.
        horizontal_flip: Randomly flip columns.
        vertical_flip: Randomly flip rows.
        rescale: Factor multiplied into the data first (after ``preprocessing_function``).
        preprocessing_function: Function applied to each image (3D array) before the rest
            of the normalisation, after augmentation.
        data_format: ``"channels_last"`` or ``"channels_first"`` (the global default).
        validation_split: Fraction of the data kept for ``subset="validation"``.
        interpolation_order: 0 (nearest) or 1 (bilinear) resampling.
        dtype: The array dtype (floatx by default).
    """

    def __init__(self, featurewise_center: bool = False, samplewise_center: bool = False,
                 featurewise_std_normalization: bool = False,
                 samplewise_std_normalization: bool = False, zca_whitening: bool = False,
                 zca_epsilon: float = 1e-6, rotation_range: float = 0,
                 width_shift_range: Any = 0.0, height_shift_range: Any = 0.0,
                 brightness_range: Any = None, shear_range: float = 0.0,
                 zoom_range: Any = 0.0, channel_shift_range: float = 0.0,
                 fill_mode: str = "nearest", cval: float = 0.0, horizontal_flip: bool = False,
                 vertical_flip: bool = False, rescale: float | None = None,
                 preprocessing_function: Callable | None = None,
                 data_format: str | None = None, validation_split: float = 0.0,
                 interpolation_order: int = 1, dtype: str | None = None):
        self.dtype = dtype or _config.floatx()
        self.featurewise_center = featurewise_center
        self.samplewise_center = samplewise_center
        self.featurewise_std_normalization = featurewise_std_normalization
        self.samplewise_std_normalization = samplewise_std_normalization
        self.zca_whitening = zca_whitening
        self.zca_epsilon = zca_epsilon
        self.rotation_range = rotation_range
        self.width_shift_range = width_shift_range
        self.height_shift_range = height_shift_range
        self.shear_range = shear_range
        self.zoom_range = _zoom_pair(zoom_range)
        self.channel_shift_range = channel_shift_range
        if fill_mode not in FILL_MODES:
            raise ValueError(
                f"fill_mode must be one of {list(FILL_MODES)}. Received: fill_mode={fill_mode!r}"
            )
        self.fill_mode = fill_mode
        self.cval = cval
        self.horizontal_flip = horizontal_flip
        self.vertical_flip = vertical_flip
        self.rescale = rescale
        self.preprocessing_function = preprocessing_function
        self.interpolation_order = interpolation_order
        if data_format not in (None, "channels_last", "channels_first"):
            raise ValueError(
                '`data_format` should be `"channels_last"` (channel after row and column) or '
                '`"channels_first"` (channel before row and column). '
                f"Received: data_format={data_format!r}"
            )
        self.data_format = _config.standardize_data_format(data_format)
        if self.data_format == "channels_first":
            self.channel_axis, self.row_axis, self.col_axis = 1, 2, 3
        else:
            self.channel_axis, self.row_axis, self.col_axis = 3, 1, 2
        if validation_split and not 0 < validation_split < 1:
            raise ValueError(
                "`validation_split` must be strictly between 0 and 1. "
                f"Received: validation_split={validation_split!r}"
            )
        self._validation_split = validation_split
        if brightness_range is not None and (
                not isinstance(brightness_range, (tuple, list, np.ndarray))
                or len(brightness_range) != 2):
            raise ValueError(
                "`brightness_range should be tuple or list of two floats. "
                f"Received: brightness_range={brightness_range!r}"
            )
        self.brightness_range = brightness_range
        self.mean = self.std = self.zca_whitening_matrix = None
        self._resolve_normalisation_flags()

    def _resolve_normalisation_flags(self) -> None:
        # Keras 2's rules: ZCA and std normalisation imply centring, and warn when they do.
        if self.zca_whitening:
            if not self.featurewise_center:
                self.featurewise_center = True
                warnings.warn("This ImageDataGenerator specifies `zca_whitening`, which "
                              "overrides setting of `featurewise_center`.", stacklevel=3)
            if self.featurewise_std_normalization:
                self.featurewise_std_normalization = False
                warnings.warn("This ImageDataGenerator specifies `zca_whitening` which "
                              "overrides setting of`featurewise_std_normalization`.",
                              stacklevel=3)
        if self.featurewise_std_normalization and not self.featurewise_center:
            self.featurewise_center = True
            warnings.warn("This ImageDataGenerator specifies `featurewise_std_normalization`, "
                          "which overrides setting of `featurewise_center`.", stacklevel=3)
        if self.samplewise_std_normalization and not self.samplewise_center:
            self.samplewise_center = True
            warnings.warn("This ImageDataGenerator specifies `samplewise_std_normalization`, "
                          "which overrides setting of `samplewise_center`.", stacklevel=3)

    def flow(self, x: Any, y: Any = None, batch_size: int = 32, shuffle: bool = True,
             sample_weight: Any = None, seed: int | None = None, save_to_dir: str | None = None,
             save_prefix: str = "", save_format: str = "png", ignore_class_split: bool = False,
             subset: str | None = None) -> NumpyArrayIterator:
        """Batches of augmented images (and targets) from arrays.

        Args:
            x: Images ``(n, rows, cols, channels)``, or a list of the images and extra arrays.
            y: Optional targets.
            batch_size: Samples per batch.
            shuffle: Whether to shuffle each epoch.
            sample_weight: Optional per-sample weights.
            seed: Optional int seed.
            save_to_dir: Optional folder where the augmented images are saved.
            save_prefix: Prefix of the saved file names.
            save_format: ``"png"`` or ``"jpeg"``.
            ignore_class_split: Skip the same-classes check of ``subset``.
            subset: ``"training"`` or ``"validation"`` (needs ``validation_split``).
        """
        return NumpyArrayIterator(
            x, y, self, batch_size=batch_size, shuffle=shuffle, sample_weight=sample_weight,
            seed=seed, data_format=self.data_format, save_to_dir=save_to_dir,
            save_prefix=save_prefix, save_format=save_format,
            ignore_class_split=ignore_class_split, subset=subset, dtype=self.dtype)

    def flow_from_directory(self, directory: Any, target_size: tuple = (256, 256),
                            color_mode: str = "rgb", classes: list | None = None,
                            class_mode: str | None = "categorical", batch_size: int = 32,
                            shuffle: bool = True, seed: int | None = None,
                            save_to_dir: str | None = None, save_prefix: str = "",
                            save_format: str = "png", follow_links: bool = False,
                            subset: str | None = None, interpolation: str = "nearest",
                            keep_aspect_ratio: bool = False) -> DirectoryIterator:
        """Batches of augmented images read from one sub-folder per class.

        Args:
            directory: The folder holding one sub-folder per class.
            target_size: ``(height, width)`` every image is resized to.
            color_mode: ``"grayscale"``, ``"rgb"`` or ``"rgba"``.
            classes: Sub-folder names to use, in class order (all, sorted, by default).
            class_mode: ``"categorical"``, ``"binary"``, ``"sparse"``, ``"input"`` or ``None``.
            batch_size: Images per batch.
            shuffle: Whether to shuffle each epoch.
            seed: Optional int seed.
            save_to_dir: Optional folder where the augmented images are saved.
            save_prefix: Prefix of the saved file names.
            save_format: ``"png"`` or ``"jpeg"``.
            follow_links: Follow symbolic links.
            subset: ``"training"`` or ``"validation"`` (needs ``validation_split``).
            interpolation: Resampling filter of the resize.
            keep_aspect_ratio: Centre-crop to the target aspect ratio before resizing.
        """
        return DirectoryIterator(
            directory, self, target_size=target_size, color_mode=color_mode, classes=classes,
            class_mode=class_mode, data_format=self.data_format, batch_size=batch_size,
            shuffle=shuffle, seed=seed, save_to_dir=save_to_dir, save_prefix=save_prefix,
            save_format=save_format, follow_links=follow_links, subset=subset,
            interpolation=interpolation, keep_aspect_ratio=keep_aspect_ratio, dtype=self.dtype)

    def flow_from_dataframe(self, dataframe: Any, directory: Any = None,
                            x_col: str = "filename", y_col: Any = "class",
                            weight_col: str | None = None, target_size: tuple = (256, 256),
                            color_mode: str = "rgb", classes: list | None = None,
                            class_mode: str | None = "categorical", batch_size: int = 32,
                            shuffle: bool = True, seed: int | None = None,
                            save_to_dir: str | None = None, save_prefix: str = "",
                            save_format: str = "png", subset: str | None = None,
                            interpolation: str = "nearest", validate_filenames: bool = True,
                            **kwargs: Any) -> DataFrameIterator:
        """Batches of augmented images listed in a pandas DataFrame.

        Args:
            dataframe: DataFrame with file names in ``x_col`` (and targets in ``y_col``).
            directory: Folder the file names are relative to (``None``: full paths).
            x_col: Column of file names.
            y_col: Column (or list of columns for ``"multi_output"``) of targets.
            weight_col: Optional column of sample weights.
            target_size: ``(height, width)`` every image is resized to.
            color_mode: ``"grayscale"``, ``"rgb"`` or ``"rgba"``.
            classes: Class names to keep, in class-index order.
            class_mode: ``"categorical"``, ``"binary"``, ``"sparse"``, ``"input"``,
                ``"multi_output"``, ``"raw"`` or ``None``.
            batch_size: Images per batch.
            shuffle: Whether to shuffle each epoch.
            seed: Optional int seed.
            save_to_dir: Optional folder where the augmented images are saved.
            save_prefix: Prefix of the saved file names.
            save_format: ``"png"`` or ``"jpeg"``.
            subset: ``"training"`` or ``"validation"`` (needs ``validation_split``).
            interpolation: Resampling filter of the resize.
            validate_filenames: Drop rows whose file is missing or not an image.
            **kwargs: Keras 2.2's ``has_ext``, ``sort`` and ``drop_duplicates`` (deprecated
                and ignored, with a warning).
        """
        for name, advice in (
                ("has_ext", "filenames in the dataframe have to contain the extension"),
                ("sort", "batches will be created in the same order than the filenames "
                         "provided if shuffle is set to False"),
                ("drop_duplicates", "you can drop duplicates by using the "
                                    "pandas.DataFrame.drop_duplicates method")):
            if name in kwargs:
                kwargs.pop(name)
                warnings.warn(f"{name} is deprecated, {advice}.", DeprecationWarning,
                              stacklevel=2)
        if kwargs:
            raise TypeError(
                f"flow_from_dataframe() got unexpected keyword arguments: {sorted(kwargs)!r}"
            )
        if class_mode == "other":
            warnings.warn('`class_mode` "other" is deprecated, please use `class_mode` "raw".',
                          DeprecationWarning, stacklevel=2)
            class_mode = "raw"
        return DataFrameIterator(
            dataframe, directory, self, x_col=x_col, y_col=y_col, weight_col=weight_col,
            target_size=target_size, color_mode=color_mode, classes=classes,
            class_mode=class_mode, data_format=self.data_format, batch_size=batch_size,
            shuffle=shuffle, seed=seed, save_to_dir=save_to_dir, save_prefix=save_prefix,
            save_format=save_format, subset=subset, interpolation=interpolation,
            validate_filenames=validate_filenames, dtype=self.dtype)

    def standardize(self, x: np.ndarray) -> np.ndarray:
        """Apply ``preprocessing_function``, ``rescale`` and the normalisations to ``x``.

        Args:
            x: One image or a batch.
        """
        if self.preprocessing_function:
            x = self.preprocessing_function(x)
        if self.rescale:
            x = x * self.rescale
        if self.samplewise_center:
            x = x - np.mean(x, keepdims=True)
        if self.samplewise_std_normalization:
            x = x / (np.std(x, keepdims=True) + 1e-6)
        if self.featurewise_center:
            if self.mean is not None:
                x = x - self.mean
            else:
                self._warn_not_fit("featurewise_center")
        if self.featurewise_std_normalization:
            if self.std is not None:
                x = x / (self.std + 1e-6)
            else:
                self._warn_not_fit("featurewise_std_normalization")
        if self.zca_whitening:
            if self.zca_whitening_matrix is not None:
                flat = np.reshape(x, (-1, int(np.prod(x.shape[-3:]))))
                x = np.reshape(flat @ self.zca_whitening_matrix, x.shape)
            else:
                self._warn_not_fit("zca_whitening")
        return x

    @staticmethod
    def _warn_not_fit(option: str) -> None:
        warnings.warn(f"This ImageDataGenerator specifies `{option}`, but it hasn't been fit "
                      "on any training data. Fit it first by calling `.fit(numpy_data)`.",
                      stacklevel=3)

    def _random_params(self, img_shape: tuple, rng: Any) -> dict:
        rows, cols = img_shape[self.row_axis - 1], img_shape[self.col_axis - 1]
        theta = rng.uniform(-self.rotation_range, self.rotation_range) if self.rotation_range \
            else 0
        tx = _shift(rng, self.height_shift_range, rows) if self.height_shift_range else 0
        ty = _shift(rng, self.width_shift_range, cols) if self.width_shift_range else 0
        shear = rng.uniform(-self.shear_range, self.shear_range) if self.shear_range else 0
        if self.zoom_range[0] == 1 and self.zoom_range[1] == 1:
            zx, zy = 1, 1
        else:
            zx, zy = rng.uniform(self.zoom_range[0], self.zoom_range[1], 2)
        flip_horizontal = (rng.random_sample() < 0.5) * self.horizontal_flip
        flip_vertical = (rng.random_sample() < 0.5) * self.vertical_flip
        channel_shift = None
        if self.channel_shift_range != 0:
            channel_shift = rng.uniform(-self.channel_shift_range, self.channel_shift_range)
        brightness = None
        if self.brightness_range is not None:
            brightness = rng.uniform(self.brightness_range[0], self.brightness_range[1])
        return {"theta": theta, "tx": tx, "ty": ty, "shear": shear, "zx": zx, "zy": zy,
                "flip_horizontal": flip_horizontal, "flip_vertical": flip_vertical,
                "channel_shift_intensity": channel_shift, "brightness": brightness}

    def get_random_transform(self, img_shape: tuple, seed: int | None = None) -> dict:
        """Draw the parameters of one random transform (see ``apply_transform``).

        Args:
            img_shape: The shape of one image (3D).
            seed: Optional int seed.
        """
        rng = np.random.RandomState(seed) if seed is not None else np.random
        return self._random_params(img_shape, rng)

    def apply_transform(self, x: np.ndarray, transform_parameters: dict) -> np.ndarray:
        """Apply a transform to one image.

        Args:
            x: A 3D image array.
            transform_parameters: Any of ``theta``, ``tx``, ``ty``, ``shear``, ``zx``,
                ``zy``, ``flip_horizontal``, ``flip_vertical``, ``channel_shift_intensity``,
                ``brightness``.
        """
        p = transform_parameters
        x = apply_affine_transform(
            x, p.get("theta", 0), p.get("tx", 0), p.get("ty", 0), p.get("shear", 0),
            p.get("zx", 1), p.get("zy", 1), row_axis=self.row_axis - 1,
            col_axis=self.col_axis - 1, channel_axis=self.channel_axis - 1,
            fill_mode=self.fill_mode, cval=self.cval, order=self.interpolation_order)
        if p.get("channel_shift_intensity") is not None:
            x = apply_channel_shift(x, p["channel_shift_intensity"], self.channel_axis - 1)
        if p.get("flip_horizontal", False):
            x = flip_axis(x, self.col_axis - 1)
        if p.get("flip_vertical", False):
            x = flip_axis(x, self.row_axis - 1)
        if p.get("brightness") is not None:
            x = apply_brightness_shift(x, p["brightness"], False)
        return x

    def random_transform(self, x: np.ndarray, seed: int | None = None) -> np.ndarray:
        """Apply a random transform to one image.

        Args:
            x: A 3D image array.
            seed: Optional int seed.
        """
        return self.apply_transform(x, self.get_random_transform(x.shape, seed))

    def fit(self, x: Any, augment: bool = False, rounds: int = 1,
            seed: int | None = None) -> None:
        """Compute the dataset statistics for the featurewise options and ZCA.

        Args:
            x: Images ``(n, rows, cols, channels)``.
            augment: Fit on randomly augmented copies.
            rounds: How many augmented copies of each image with ``augment``.
            seed: Optional int seed for the augmentation.
        """
        x = np.array(x, dtype=self.dtype)
        if x.ndim != 4:
            raise ValueError(
                f"Input to `.fit()` should have rank 4. Got array with shape: {x.shape}"
            )
        if x.shape[self.channel_axis] not in {1, 3, 4}:
            warnings.warn(
                "Expected input to be images (as Numpy array) following the data format "
                f'convention "{self.data_format}" (channels on axis {self.channel_axis}), i.e. '
                f"expected either 1, 3 or 4 channels on axis {self.channel_axis}. However, it "
                f"was passed an array with shape {x.shape} ({x.shape[self.channel_axis]} "
                "channels).", stacklevel=2)
        if self.rescale:
            x *= self.rescale
        if augment:
            rng = np.random.RandomState(seed) if seed is not None else np.random
            x = np.stack([self.apply_transform(img, self._random_params(img.shape, rng))
                          for _ in range(rounds) for img in x]).astype(self.dtype)
        axes = (0, self.row_axis, self.col_axis)
        shape = [1, 1, 1]
        shape[self.channel_axis - 1] = x.shape[self.channel_axis]
        if self.featurewise_center:
            self.mean = np.reshape(np.mean(x, axis=axes), shape)
            x -= self.mean
        if self.featurewise_std_normalization:
            self.std = np.reshape(np.std(x, axis=axes), shape)
            x /= self.std + 1e-6
        if self.zca_whitening:
            n = len(x)
            flat = np.reshape(x, (n, -1))
            u, s, _ = np.linalg.svd(flat.T, full_matrices=False)
            s_inv = np.sqrt(n) / (s + self.zca_epsilon)
            self.zca_whitening_matrix = (u * s_inv).dot(u.T)
