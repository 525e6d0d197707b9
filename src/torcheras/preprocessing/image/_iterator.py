"""Keras 2's batch iterators over images: ``Iterator`` and ``NumpyArrayIterator``.

They are ``keras.utils.PyDataset`` s (``fit`` takes them directly) and plain Python
iterators (``next(it)`` loops forever, reshuffling each pass), as in Keras 2. A ``seed``
gives the same batches and augmentations as Keras 2's, drawn from the iterator's own NumPy
``RandomState`` instead of reseeding NumPy's global generator.
"""

from __future__ import annotations

import os
import threading
import warnings
from typing import Any

import numpy as np

from torcheras.backend import _config
from torcheras.preprocessing.image._pil import array_to_img
from torcheras.utils._py_dataset import PyDataset


class Iterator(PyDataset):
    """Base of the image iterators: batches of indices, shuffled each epoch.

    Args:
        n: Number of samples.
        batch_size: Samples per batch.
        shuffle: Whether to shuffle the order each epoch.
        seed: Optional int seed for the order and the augmentations.
    """

    white_list_formats = ("png", "jpg", "jpeg", "bmp", "ppm", "tif", "tiff")

    def __init__(self, n: int, batch_size: int, shuffle: bool, seed: int | None):
        super().__init__()
        self.n = int(n)
        self.batch_size = int(batch_size)
        self.seed = seed
        self.shuffle = shuffle
        self.batch_index = 0
        self.total_batches_seen = 0
        self.lock = threading.Lock()
        self.index_array: np.ndarray | None = None
        self._rng: Any = np.random
        self.index_generator = self._flow_index()

    def _reseed(self) -> None:
        # Keras 2 called np.random.seed(seed + total_batches_seen) here; the same stream
        # from a private RandomState leaves the program's global NumPy state alone.
        if self.seed is not None:
            self._rng = np.random.RandomState(self.seed + self.total_batches_seen)

    def _set_index_array(self) -> None:
        self.index_array = np.arange(self.n)
        if self.shuffle:
            self.index_array = self._rng.permutation(self.n)

    def __getitem__(self, idx: int) -> Any:
        if idx >= len(self):
            raise ValueError(
                f"Asked to retrieve element {idx}, but the Sequence has length {len(self)}"
            )
        self._reseed()
        self.total_batches_seen += 1
        if self.index_array is None:
            self._set_index_array()
        index_array = self.index_array[self.batch_size * idx:self.batch_size * (idx + 1)]
        return self._get_batches_of_transformed_samples(index_array)

    def __len__(self) -> int:
        return (self.n + self.batch_size - 1) // self.batch_size

    @property
    def num_batches(self) -> int:
        """Batches per epoch."""
        return len(self)

    def on_epoch_end(self) -> None:
        """Reshuffle between epochs."""
        self._set_index_array()

    def reset(self) -> None:
        """Restart the Python iteration from the first batch."""
        self.batch_index = 0

    def _flow_index(self) -> Any:
        self.reset()
        while True:
            self._reseed()
            if self.batch_index == 0:
                self._set_index_array()
            current = (self.batch_index * self.batch_size) % self.n if self.n else 0
            if self.n > current + self.batch_size:
                self.batch_index += 1
            else:
                self.batch_index = 0
            self.total_batches_seen += 1
            yield self.index_array[current:current + self.batch_size]

    def __iter__(self) -> Iterator:
        return self

    def __next__(self) -> Any:
        with self.lock:
            index_array = next(self.index_generator)
        return self._get_batches_of_transformed_samples(index_array)

    def _get_batches_of_transformed_samples(self, index_array: np.ndarray) -> Any:
        raise NotImplementedError

    def _save_batch(self, batch_x: np.ndarray, index_array: np.ndarray) -> None:
        for i, j in enumerate(index_array):
            img = array_to_img(batch_x[i], self.data_format, scale=True)
            fname = f"{self.save_prefix}_{j}_{self._rng.randint(10000)}.{self.save_format}"
            img.save(os.path.join(self.save_to_dir, fname))


class NumpyArrayIterator(Iterator):
    """Batches of augmented images from NumPy arrays (what ``ImageDataGenerator.flow`` returns).

    Args:
        x: Images ``(n, rows, cols, channels)`` (channels first with that data format), or a
            list whose first item is the images and the rest extra arrays passed through.
        y: Optional targets.
        image_data_generator: The ``ImageDataGenerator`` applying augmentation and
            normalisation.
        batch_size: Samples per batch.
        shuffle: Whether to shuffle each epoch.
        sample_weight: Optional per-sample weights.
        seed: Optional int seed.
        data_format: ``"channels_last"`` or ``"channels_first"`` (the global default).
        save_to_dir: Optional folder where the augmented images are saved.
        save_prefix: Prefix of the saved file names.
        save_format: ``"png"`` or ``"jpeg"``.
        subset: ``"training"`` or ``"validation"`` with the generator's ``validation_split``.
        ignore_class_split: Skip the check that both subsets hold the same classes.
        dtype: The batch dtype (floatx by default).
    """

    def __init__(self, x: Any, y: Any, image_data_generator: Any, batch_size: int = 32,
                 shuffle: bool = False, sample_weight: Any = None, seed: int | None = None,
                 data_format: str | None = None, save_to_dir: str | None = None,
                 save_prefix: str = "", save_format: str = "png", subset: str | None = None,
                 ignore_class_split: bool = False, dtype: str | None = None):
        self.dtype = dtype or _config.floatx()
        x_misc: list = []
        if isinstance(x, (tuple, list)):
            x_misc = [np.asarray(xx) for xx in x[1:]]
            x = x[0]
            for xx in x_misc:
                if len(x) != len(xx):
                    raise ValueError(
                        "All of the arrays in `x` should have the same length. Found a pair "
                        f"with: len(x[0]) = {len(x)}, len(x[?]) = {len(xx)}"
                    )
        if y is not None and len(x) != len(y):
            raise ValueError(
                "`x` (images tensor) and `y` (labels) should have the same length. Found: "
                f"x.shape = {np.asarray(x).shape}, y.shape = {np.asarray(y).shape}"
            )
        if sample_weight is not None and len(x) != len(sample_weight):
            raise ValueError(
                "`x` (images tensor) and `sample_weight` should have the same length. Found: "
                f"x.shape = {np.asarray(x).shape}, "
                f"sample_weight.shape = {np.asarray(sample_weight).shape}"
            )
        if subset is not None:
            x, y, sample_weight, x_misc = self._split(
                x, y, sample_weight, x_misc, subset, image_data_generator, ignore_class_split)
        self.x = np.asarray(x, dtype=self.dtype)
        self.x_misc = x_misc
        if self.x.ndim != 4:
            raise ValueError(
                "Input data in `NumpyArrayIterator` should have rank 4. You passed an array "
                f"with shape {self.x.shape}"
            )
        self.data_format = _config.standardize_data_format(data_format)
        channels_axis = 3 if self.data_format == "channels_last" else 1
        if self.x.shape[channels_axis] not in {1, 3, 4}:
            warnings.warn(
                f'NumpyArrayIterator is set to use the data format convention "'
                f'{self.data_format}" (channels on axis {channels_axis}), i.e. expected either '
                f"1, 3, or 4 channels on axis {channels_axis}. However, it was passed an array "
                f"with shape {self.x.shape} ({self.x.shape[channels_axis]} channels).",
                stacklevel=2,
            )
        self.y = np.asarray(y) if y is not None else None
        self.sample_weight = np.asarray(sample_weight) if sample_weight is not None else None
        self.image_data_generator = image_data_generator
        self.save_to_dir = save_to_dir
        self.save_prefix = save_prefix
        self.save_format = save_format
        super().__init__(self.x.shape[0], batch_size, shuffle, seed)

    @staticmethod
    def _split(x: Any, y: Any, sample_weight: Any, x_misc: list, subset: str,
               generator: Any, ignore_class_split: bool) -> tuple:
        if subset not in {"training", "validation"}:
            raise ValueError(
                f"Invalid subset name: {subset!r}; expected 'training' or 'validation'"
            )
        split_idx = int(len(x) * generator._validation_split)
        if (y is not None and not ignore_class_split
                and not np.array_equal(np.unique(y[:split_idx]), np.unique(y[split_idx:]))):
            raise ValueError(
                "Training and validation subsets have different number of classes after "
                "the split. If your numpy arrays are sorted by the label, you might want to "
                "shuffle them."
            )
        part = slice(None, split_idx) if subset == "validation" else slice(split_idx, None)
        x_misc = [np.asarray(xx[part]) for xx in x_misc]
        y = y[part] if y is not None else None
        sample_weight = sample_weight[part] if sample_weight is not None else None
        return x[part], y, sample_weight, x_misc

    def _get_batches_of_transformed_samples(self, index_array: np.ndarray) -> Any:
        batch_x = np.zeros((len(index_array),) + self.x.shape[1:], dtype=self.dtype)
        gen = self.image_data_generator
        for i, j in enumerate(index_array):
            params = gen._random_params(self.x[j].shape, self._rng)
            x = gen.apply_transform(self.x[j].astype(self.dtype), params)
            batch_x[i] = gen.standardize(x)
        if self.save_to_dir:
            self._save_batch(batch_x, index_array)
        misc = [xx[index_array] for xx in self.x_misc]
        inputs = [batch_x] + misc if misc else batch_x
        if self.y is None:
            return inputs
        output = (inputs, self.y[index_array])
        if self.sample_weight is not None:
            output += (self.sample_weight[index_array],)
        return output
