"""``DataFrameIterator``: batches of images listed in a pandas DataFrame (Keras 2.2+).

The DataFrame is used through its own methods; pandas itself is never imported here.
"""

from __future__ import annotations

import os
import warnings
from typing import Any

import numpy as np

from torcheras.preprocessing.image._files import FileBatchIterator

CLASS_MODES = ("binary", "categorical", "input", "multi_output", "raw", "sparse", None)
_NO_CLASSES = ("input", "multi_output", "raw", None)


def _check_columns(df: Any, x_col: str, y_col: Any, weight_col: str | None,
                   classes: Any, class_mode: str | None) -> None:
    if class_mode not in CLASS_MODES:
        raise ValueError(
            f"Invalid class_mode: {class_mode!r}; expected one of: {list(CLASS_MODES)}"
        )
    if class_mode == "multi_output" and not isinstance(y_col, list):
        raise TypeError(
            f'If class_mode="multi_output", y_col must be a list. Received: y_col={y_col!r}'
        )
    if not all(isinstance(v, str) for v in df[x_col]):
        raise TypeError(f"All values in column x_col={x_col!r} must be strings.")
    if class_mode in {"binary", "sparse"} and not all(isinstance(v, str) for v in df[y_col]):
        raise TypeError(
            f'If class_mode="{class_mode}", y_col={y_col!r} column values must be strings.'
        )
    if class_mode == "binary":
        count = len(set(classes)) if classes else len(set(df[y_col]))
        if count != 2:
            raise ValueError(
                f'If class_mode="binary" there must be 2 classes. Found {count} classes.'
            )
    if class_mode == "categorical" and not all(isinstance(v, (str, list, tuple))
                                               for v in df[y_col]):
        raise TypeError(
            f'If class_mode="categorical", y_col={y_col!r} column values must be type '
            "string, list or tuple."
        )
    if classes and class_mode in _NO_CLASSES:
        warnings.warn(f'`classes` will be ignored given the class_mode="{class_mode}"',
                      stacklevel=4)
    if weight_col and not np.issubdtype(np.asarray(df[weight_col]).dtype, np.number):
        raise TypeError(f"Column weight_col={weight_col!r} must be numeric.")


def _filter_classes(df: Any, y_col: str, classes: Any) -> tuple:
    def keep(labels: Any) -> Any:
        if isinstance(labels, (list, tuple)):
            return [c for c in labels if c in classes] or None
        if isinstance(labels, str):
            return labels if labels in classes else None
        raise TypeError(
            f"Expect string, list or tuple but found {type(labels)} in {y_col!r} column"
        )

    df = df.copy()
    if classes:
        classes = list(dict.fromkeys(classes))
        df[y_col] = df[y_col].apply(keep)
    else:
        found: set = set()
        for value in df[y_col]:
            found.update(value if isinstance(value, (list, tuple)) else [value])
        classes = found
    return df.dropna(subset=[y_col]), sorted(classes)


class DataFrameIterator(FileBatchIterator):
    """Batches of (augmented) images whose file names (and labels) are DataFrame columns.

    Args:
        dataframe: A pandas DataFrame with the file names in ``x_col``.
        directory: Folder the file names are relative to (``None``: they are full paths).
        image_data_generator: The ``ImageDataGenerator`` (or ``None``).
        x_col: Column of file names.
        y_col: Column (or list of columns for ``"multi_output"``) of targets.
        weight_col: Optional column of sample weights.
        target_size: ``(height, width)`` every image is resized to.
        color_mode: ``"grayscale"``, ``"rgb"`` or ``"rgba"``.
        classes: Class names to keep, in class-index order (all, sorted, by default).
        class_mode: ``"categorical"``, ``"binary"``, ``"sparse"``, ``"input"``,
            ``"multi_output"``, ``"raw"`` or ``None``.
        batch_size: Images per batch.
        shuffle: Whether to shuffle each epoch.
        seed: Optional int seed.
        data_format: ``"channels_last"`` or ``"channels_first"`` (the global default).
        save_to_dir: Optional folder where the augmented images are saved.
        save_prefix: Prefix of the saved file names.
        save_format: ``"png"`` or ``"jpeg"``.
        subset: ``"training"`` or ``"validation"`` with the generator's ``validation_split``.
        interpolation: Resampling filter for the resize (see ``load_img``).
        keep_aspect_ratio: Centre-crop to the target aspect ratio before resizing.
        dtype: The batch dtype (floatx by default).
        validate_filenames: Drop rows whose file is missing or not an image (with a warning).
    """

    def __init__(self, dataframe: Any, directory: Any = None, image_data_generator: Any = None,
                 x_col: str = "filename", y_col: Any = "class", weight_col: str | None = None,
                 target_size: tuple = (256, 256), color_mode: str = "rgb",
                 classes: list | None = None, class_mode: str | None = "categorical",
                 batch_size: int = 32, shuffle: bool = True, seed: int | None = None,
                 data_format: str | None = None, save_to_dir: str | None = None,
                 save_prefix: str = "", save_format: str = "png", subset: str | None = None,
                 interpolation: str = "nearest", keep_aspect_ratio: bool = False,
                 dtype: str | None = None, validate_filenames: bool = True):
        self._set_image_params(image_data_generator, target_size, color_mode, data_format,
                               save_to_dir, save_prefix, save_format, subset, interpolation,
                               keep_aspect_ratio, dtype)
        df = dataframe.copy()
        self.directory = os.fspath(directory) if directory is not None else ""
        self.class_mode = class_mode
        _check_columns(df, x_col, y_col, weight_col, classes, class_mode)
        if class_mode not in _NO_CLASSES:
            df, classes = _filter_classes(df, y_col, classes)
            self.class_indices = dict(zip(classes, range(len(classes))))
        if validate_filenames:
            df = self._valid_rows(df, x_col)
        if subset:
            split_idx = int(len(df) * self.split[1 if subset == "validation" else 0])
            df = df[:split_idx] if subset == "validation" else df[split_idx:]
        if class_mode not in _NO_CLASSES:
            self.classes = [[self.class_indices[c] for c in label]
                            if isinstance(label, (list, tuple)) else self.class_indices[label]
                            for label in df[y_col]]
        self.filenames = list(df[x_col])
        if weight_col:
            self._sample_weight = np.asarray(df[weight_col])
        if class_mode == "multi_output":
            self._targets = [np.array(list(df[col])) for col in y_col]
        elif class_mode == "raw":
            self._targets = np.asarray(df[y_col])
        self.samples = len(self.filenames)
        checked = "validated" if validate_filenames else "non-validated"
        if class_mode in _NO_CLASSES:
            print(f"Found {self.samples} {checked} image filenames.")
        else:
            print(f"Found {self.samples} {checked} image filenames belonging to "
                  f"{len(self.class_indices)} classes.")
        self._filepaths = [os.path.join(self.directory, f) for f in self.filenames]
        super().__init__(self.samples, batch_size, shuffle, seed)

    def _valid_rows(self, df: Any, x_col: str) -> Any:
        mask = np.array([
            fname.lower().endswith(self.white_list_formats)
            and os.path.isfile(os.path.join(self.directory, fname)) for fname in df[x_col]
        ], dtype=bool)
        if (~mask).sum():
            warnings.warn(
                f'Found {int((~mask).sum())} invalid image filename(s) in x_col="{x_col}". '
                "These filename(s) will be ignored.", stacklevel=3)
        return df[mask]
