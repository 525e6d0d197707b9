"""What the iterators over image files share: loading, augmenting and labelling a batch."""

from __future__ import annotations

from typing import Any

import numpy as np

from torcheras.backend import _config
from torcheras.preprocessing.image._iterator import Iterator
from torcheras.preprocessing.image._pil import img_to_array, load_img

CHANNELS = {"rgb": 3, "rgba": 4, "grayscale": 1}


def subset_split(subset: str | None, generator: Any) -> tuple:
    """The ``(start, stop)`` fractions of the data a ``subset`` keeps."""
    if subset is None:
        return (0.0, 1.0)
    if subset not in {"training", "validation"}:
        raise ValueError(f"Invalid subset name: {subset!r}; expected 'training' or 'validation'")
    fraction = getattr(generator, "_validation_split", 0.0)
    return (0.0, fraction) if subset == "validation" else (fraction, 1.0)


class FileBatchIterator(Iterator):
    """Base of ``DirectoryIterator`` and ``DataFrameIterator``: batches of image files.

    Subclasses set ``_filepaths``, ``classes``, ``class_indices``, ``class_mode`` and
    optionally ``_targets`` and ``_sample_weight`` before calling ``Iterator.__init__``.

    Args:
        n: Number of samples.
        batch_size: Samples per batch.
        shuffle: Whether to shuffle each epoch.
        seed: Optional int seed.
    """

    _targets: Any = None
    _sample_weight: Any = None

    def _set_image_params(self, image_data_generator: Any, target_size: tuple,
                          color_mode: str, data_format: str | None, save_to_dir: str | None,
                          save_prefix: str, save_format: str, subset: str | None,
                          interpolation: str, keep_aspect_ratio: bool,
                          dtype: str | None) -> None:
        if color_mode not in CHANNELS:
            raise ValueError(
                f"Invalid color mode: {color_mode!r}; expected 'rgb', 'rgba', or 'grayscale'."
            )
        self.image_data_generator = image_data_generator
        self.target_size = tuple(int(d) for d in target_size)
        self.color_mode = color_mode
        self.data_format = _config.standardize_data_format(data_format)
        self.dtype = dtype or _config.floatx()
        channels = CHANNELS[color_mode]
        self.image_shape = (self.target_size + (channels,) if self.data_format == "channels_last"
                            else (channels,) + self.target_size)
        self.save_to_dir = save_to_dir
        self.save_prefix = save_prefix
        self.save_format = save_format
        self.interpolation = interpolation
        self.keep_aspect_ratio = keep_aspect_ratio
        self.split = subset_split(subset, image_data_generator)
        self.subset = subset

    @property
    def filepaths(self) -> list:
        """Paths of the images, in index order."""
        return list(self._filepaths)

    @property
    def labels(self) -> Any:
        """The class index of each image (the raw targets for ``"raw"``/``"multi_output"``)."""
        if self.class_mode in {"multi_output", "raw"}:
            return self._targets
        return self.classes

    @property
    def sample_weight(self) -> Any:
        """Per-image weights, or ``None``."""
        return self._sample_weight

    def _load(self, j: int) -> np.ndarray:
        img = load_img(self._filepaths[j], color_mode=self.color_mode,
                       target_size=self.target_size, interpolation=self.interpolation,
                       keep_aspect_ratio=self.keep_aspect_ratio)
        x = img_to_array(img, data_format=self.data_format, dtype=self.dtype)
        img.close()
        gen = self.image_data_generator
        if gen is not None:
            x = gen.standardize(gen.apply_transform(x, gen._random_params(x.shape, self._rng)))
        return x

    def _get_batches_of_transformed_samples(self, index_array: np.ndarray) -> Any:
        batch_x = np.zeros((len(index_array),) + self.image_shape, dtype=self.dtype)
        for i, j in enumerate(index_array):
            batch_x[i] = self._load(j)
        if self.save_to_dir:
            self._save_batch(batch_x, index_array)
        mode = self.class_mode
        if mode == "input":
            batch_y = batch_x.copy()
        elif mode in {"binary", "sparse"}:
            batch_y = np.array([self.classes[j] for j in index_array], dtype=self.dtype)
        elif mode == "categorical":
            batch_y = np.zeros((len(batch_x), len(self.class_indices)), dtype=self.dtype)
            for i, j in enumerate(index_array):
                batch_y[i, self.classes[j]] = 1.0
        elif mode == "multi_output":
            batch_y = [output[index_array] for output in self._targets]
        elif mode == "raw":
            batch_y = self._targets[index_array]
        else:
            return batch_x
        if self._sample_weight is None:
            return batch_x, batch_y
        return batch_x, batch_y, self._sample_weight[index_array]
