"""``keras.datasets.cifar100``: 60,000 32x32 colour images in 100 classes (20 superclasses)."""

from __future__ import annotations

import numpy as np

from torcheras.datasets import _cifar, _source

_SPEC = _cifar.CifarSpec(
    dataset="CIFAR-100",
    folder="cifar-100-python",
    archive="cifar-100-python.tar.gz",
    origin="https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz",
    archive_sha256="85cd44d02ba6437773c5bbd22e183051d648de2e7d6b014e1ef29b855ba677a7",
    # md5 of each file as published with the dataset.
    md5={
        "train": "16019d7e3df5f24257cddd939b257f8d",
        "test": "f0ef6b0ae62326f3e7ffdfab6717acfc",
        "meta": "7973b15100ade9c7d40fb424638fde48",
    },
    keras_name="cifar-100-python-target",
)
_CLASSES = {"fine": 100, "coarse": 20}


def _loader(label_mode: str):
    def load(location: str):
        files = _cifar.read_files(location, ["train", "test"], _SPEC)
        key = f"{label_mode}_labels"
        x_train, y_train = _cifar.load_batch(files.pop("train"), label_key=key)
        x_test, y_test = _cifar.load_batch(files.pop("test"), label_key=key)
        # As in Keras: the label lists become int64 arrays of shape (N, 1).
        y_train = np.reshape(np.asarray(y_train, dtype=np.int64), (len(y_train), 1))
        y_test = np.reshape(np.asarray(y_test, dtype=np.int64), (len(y_test), 1))
        for y in (y_train, y_test):
            if y.size and (y.min() < 0 or y.max() >= _CLASSES[label_mode]):
                raise ValueError(f"CIFAR-100 {label_mode} labels out of range")
        return ((_cifar.to_data_format(x_train), y_train),
                (_cifar.to_data_format(x_test), y_test))

    return load


def load_data(label_mode: str = "fine"):
    """Loads the CIFAR100 dataset.

    This is a dataset of 50,000 32x32 color training images and 10,000 test images,
    labeled over 100 fine-grained classes that are grouped into 20 coarse-grained classes.
    See the [CIFAR homepage](https://www.cs.toronto.edu/~kriz/cifar.html).

    Sources are tried as for `cifar10.load_data()` (`cifar-100-python/` or
    `cifar-100-python.tar.gz` in `TORCHERAS_DATA_DIR`, the caches, Keras's URL), and every
    file is checked against its published md5 before it is read.

    Args:
        label_mode: one of `"fine"`, `"coarse"`. If it is `"fine"`, the category labels
            are the fine-grained labels, and if it is `"coarse"`, the output labels are the
            coarse-grained superclasses.

    Returns:
        Tuple of NumPy arrays: `(x_train, y_train), (x_test, y_test)`.

    **`x_train`**: `uint8` NumPy array of image data with shape `(50000, 32, 32, 3)`
    (channels first under `image_data_format() == "channels_first"`), pixel values 0-255.

    **`y_train`**: `int64` NumPy array of labels with shape `(50000, 1)`: integers in
    range 0-99 (fine) or 0-19 (coarse).

    **`x_test`**: `uint8` NumPy array with shape `(10000, 32, 32, 3)`.

    **`y_test`**: `int64` NumPy array with shape `(10000, 1)`.

    Raises:
        ValueError: for an unknown `label_mode`.
        DatasetUnavailableError: (an `OSError`) when no source works.

    Example:

    ```python
    (x_train, y_train), (x_test, y_test) = keras.datasets.cifar100.load_data("coarse")
    assert x_train.shape == (50000, 32, 32, 3)
    assert y_train.max() == 19
    ```
    """
    if label_mode not in _CLASSES:
        raise ValueError(
            '`label_mode` must be one of `"fine"`, `"coarse"`. '
            f"Received: label_mode={label_mode!r}."
        )
    return _source.load_first(_SPEC.dataset, _cifar.sources(_SPEC), _loader(label_mode),
                              _SPEC.archive)
