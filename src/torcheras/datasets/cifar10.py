"""``keras.datasets.cifar10``: 60,000 32x32 colour images in 10 classes."""

from __future__ import annotations

import numpy as np

from torcheras.datasets import _cifar, _source

_SPEC = _cifar.CifarSpec(
    dataset="CIFAR-10",
    folder="cifar-10-batches-py",
    archive="cifar-10-python.tar.gz",
    origin="https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz",
    archive_sha256="6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce",
    # md5 of each file as published with the dataset.
    md5={
        "data_batch_1": "c99cafc152244af753f735de768cd75f",
        "data_batch_2": "d4bba439e000b95fd0a9bffe97cbabec",
        "data_batch_3": "54ebc095f3ab1f0389bbae665268c751",
        "data_batch_4": "634d18415352ddfa80567beed471001a",
        "data_batch_5": "482c414d41f54cd18b22e5b47cb7c3cb",
        "test_batch": "40351d587109b95175f43aff81a1287e",
        "batches.meta": "5ff9c542aee3614f3951f8cda6e48888",
    },
    keras_name="cifar-10-batches-py-target",
)
_TRAIN = [f"data_batch_{i}" for i in range(1, 6)]


def _load(location: str):
    files = _cifar.read_files(location, _TRAIN + ["test_batch"], _SPEC)
    parts = [_cifar.load_batch(files.pop(name)) for name in _TRAIN]
    x_train = np.concatenate([p[0] for p in parts])
    y_train = np.concatenate([np.asarray(p[1], dtype=np.uint8) for p in parts])
    del parts
    x_test, y_test = _cifar.load_batch(files.pop("test_batch"))
    y_train = y_train.reshape(len(y_train), 1)
    y_test = np.asarray(y_test).reshape(len(y_test), 1).astype(y_train.dtype)
    if y_train.size and (y_train.max() > 9 or y_test.max() > 9):
        raise ValueError("CIFAR-10 labels must be in 0-9")
    return (_cifar.to_data_format(x_train), y_train), (_cifar.to_data_format(x_test), y_test)


def load_data():
    """Loads the CIFAR10 dataset.

    This is a dataset of 50,000 32x32 color training images and 10,000 test images,
    labeled over 10 categories (airplane, automobile, bird, cat, deer, dog, frog, horse,
    ship, truck). See the [CIFAR homepage](https://www.cs.toronto.edu/~kriz/cifar.html).

    The data is looked for, in order, in the folder named by `TORCHERAS_DATA_DIR` (the
    extracted `cifar-10-batches-py/` or the archive `cifar-10-python.tar.gz`), in our cache
    (`~/.torcheras/datasets`), in Keras's cache (`~/.keras/datasets`, as Keras 3 or tf.keras
    left it), and then downloaded from Keras's URL (the archive's sha256 checked) and
    unpacked into our cache. Every batch file is checked against its published md5 before
    it is read.

    Returns:
        Tuple of NumPy arrays: `(x_train, y_train), (x_test, y_test)`.

    **`x_train`**: `uint8` NumPy array of image data with shape `(50000, 32, 32, 3)`
    (`(50000, 3, 32, 32)` when `keras.config.image_data_format()` is `"channels_first"`).
    Pixel values range from 0 to 255.

    **`y_train`**: `uint8` NumPy array of labels (integers in range 0-9) with shape
    `(50000, 1)`.

    **`x_test`**: `uint8` NumPy array with shape `(10000, 32, 32, 3)`.

    **`y_test`**: `uint8` NumPy array with shape `(10000, 1)`.

    Raises:
        DatasetUnavailableError: (an `OSError`) when no source works; the message lists
            every source tried and why it failed.

    Example:

    ```python
    (x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
    assert x_train.shape == (50000, 32, 32, 3)
    assert y_train.shape == (50000, 1)
    ```
    """
    return _source.load_first(_SPEC.dataset, _cifar.sources(_SPEC), _load, _SPEC.archive)
