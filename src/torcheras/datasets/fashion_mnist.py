"""``keras.datasets.fashion_mnist``: Zalando's 70,000 28x28 grayscale fashion images.

The four files are Keras's: gzipped IDX files under ``fashion-mnist/``. Debian's package
``dataset-fashion-mnist`` installs the same files in ``/usr/share/datasets/fashion-mnist``
(re-gzipped with another header: same deflate stream, same IDX bytes), so it is one more
local source. Files are accepted for their content: the sha256 of the decompressed IDX
bytes, whatever the gzip container or the source.
"""

from __future__ import annotations

import gzip
import hashlib
import os

import numpy as np

from torcheras.backend import _config
from torcheras.datasets import _source
from torcheras.utils._file import get_file

_SUBDIR = "fashion-mnist"
_BASE = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
# Debian's dataset-fashion-mnist package.
_SYSTEM_DIR = "/usr/share/datasets/fashion-mnist"
_FILES = ("train-labels-idx1-ubyte", "train-images-idx3-ubyte", "t10k-labels-idx1-ubyte",
          "t10k-images-idx3-ubyte")
# sha256 of the decompressed IDX files.
_CONTENT_SHA256 = {
    "train-labels-idx1-ubyte": "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
    "train-images-idx3-ubyte": "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
    "t10k-labels-idx1-ubyte": "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
    "t10k-images-idx3-ubyte": "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
}
# sha256 of the .gz files at Keras's URLs (Zalando's originals, whose md5s Zalando publishes).
_DOWNLOAD_SHA256 = {
    "train-labels-idx1-ubyte": "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
    "train-images-idx3-ubyte": "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
    "t10k-labels-idx1-ubyte": "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
    "t10k-images-idx3-ubyte": "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
}
_IMAGES_MAGIC, _LABELS_MAGIC = 2051, 2049


def _read(folder: str, name: str) -> bytes:
    """The IDX bytes of ``name`` (``name.gz`` or an uncompressed ``name``), verified."""
    gz_path, raw_path = os.path.join(folder, name + ".gz"), os.path.join(folder, name)
    if os.path.isfile(gz_path):
        with gzip.open(gz_path, "rb") as f:
            data = f.read()
    else:
        with open(raw_path, "rb") as f:
            data = f.read()
    digest = hashlib.sha256(data).hexdigest()
    if digest != _CONTENT_SHA256[name]:
        raise ValueError(f"{name} content has sha256 {digest[:16]}…, expected "
                         f"{_CONTENT_SHA256[name][:16]}…")
    return data


def parse_idx(data: bytes) -> np.ndarray:
    """A uint8 array from IDX bytes (magic 2049: labels, 2051: images)."""
    if len(data) < 8:
        raise ValueError("truncated IDX header")
    magic, count = int.from_bytes(data[0:4], "big"), int.from_bytes(data[4:8], "big")
    if magic == _LABELS_MAGIC:
        shape, offset = (count,), 8
    elif magic == _IMAGES_MAGIC:
        rows, cols = int.from_bytes(data[8:12], "big"), int.from_bytes(data[12:16], "big")
        shape, offset = (count, rows, cols), 16
    else:
        raise ValueError(f"not an IDX file of uint8 images or labels (magic {magic})")
    array = np.frombuffer(data, np.uint8, offset=offset)
    if array.size != int(np.prod(shape)):
        raise ValueError(f"IDX body holds {array.size} bytes, header says {shape}")
    return array.reshape(shape)


def _load(folder: str):
    arrays = [parse_idx(_read(folder, name)) for name in _FILES]
    y_train, x_train, y_test, x_test = arrays
    if len(x_train) != len(y_train) or len(x_test) != len(y_test):
        raise ValueError("image and label counts differ")
    return (x_train, y_train), (x_test, y_test)


def _folder_with_files(folder: str) -> str:
    for name in _FILES:
        if not (os.path.isfile(os.path.join(folder, name + ".gz"))
                or os.path.isfile(os.path.join(folder, name))):
            raise _source.SourceSkipped(f"no {name}(.gz) in {folder}")
    return folder


def _download() -> str:
    cache = os.path.dirname(_source.cache_dir())
    paths = [get_file(name + ".gz", origin=_BASE + name + ".gz",
                      file_hash=_DOWNLOAD_SHA256[name],
                      cache_subdir=os.path.join("datasets", _SUBDIR), cache_dir=cache)
             for name in _FILES]
    return os.path.dirname(paths[0])


def _sources() -> list[_source.Source]:
    def data_dir() -> str:
        folder = os.environ.get("TORCHERAS_DATA_DIR")
        if not folder:
            raise _source.SourceSkipped("TORCHERAS_DATA_DIR is not set")
        return _folder_with_files(os.path.join(os.path.expanduser(folder), _SUBDIR))

    def cache(home: str):
        return lambda: _folder_with_files(os.path.join(home(), "datasets", _SUBDIR))

    return [
        _source.Source("TORCHERAS_DATA_DIR", data_dir),
        _source.Source("torcheras cache", cache(_config.torcheras_home)),
        _source.Source("Keras cache", cache(_config.keras_home)),
        _source.system_package_source("dataset-fashion-mnist", _SYSTEM_DIR,
                                      lambda: _folder_with_files(_SYSTEM_DIR)),
        _source.Source(f"download {_BASE}", _download, network=True),
    ]


def load_data():
    """Loads the Fashion-MNIST dataset.

    This is a dataset of 60,000 28x28 grayscale images of 10 fashion categories, along
    with a test set of 10,000 images. This dataset can be used as a drop-in replacement
    for MNIST.

    The classes are:

    | Label | Description |
    |:-----:|-------------|
    |   0   | T-shirt/top |
    |   1   | Trouser     |
    |   2   | Pullover    |
    |   3   | Dress       |
    |   4   | Coat        |
    |   5   | Sandal      |
    |   6   | Shirt       |
    |   7   | Sneaker     |
    |   8   | Bag         |
    |   9   | Ankle boot  |

    The four files (`train-images-idx3-ubyte.gz`, ...) are looked for, in order, in
    `$TORCHERAS_DATA_DIR/fashion-mnist/`, in our cache (`~/.torcheras/datasets/fashion-mnist`),
    in Keras's cache (`~/.keras/datasets/fashion-mnist`), in Debian's package
    `dataset-fashion-mnist` (`/usr/share/datasets/fashion-mnist`), and then downloaded from
    Keras's URLs (sha256 checked). Every file's decompressed content is checked against
    its sha256 before it is used.

    Returns:
        Tuple of NumPy arrays: `(x_train, y_train), (x_test, y_test)`.

    **`x_train`**: `uint8` NumPy array of grayscale image data with shapes
    `(60000, 28, 28)`, containing the training data.

    **`y_train`**: `uint8` NumPy array of labels (integers in range 0-9) with shape
    `(60000,)` for the training data.

    **`x_test`**: `uint8` NumPy array of grayscale image data with shapes (10000, 28, 28),
    containing the test data.

    **`y_test`**: `uint8` NumPy array of labels (integers in range 0-9) with shape
    `(10000,)` for the test data.

    Raises:
        DatasetUnavailableError: (an `OSError`) when no source works; the message lists
            every source tried and why it failed.

    Example:

    ```python
    (x_train, y_train), (x_test, y_test) = fashion_mnist.load_data()
    assert x_train.shape == (60000, 28, 28)
    assert x_test.shape == (10000, 28, 28)
    assert y_train.shape == (60000,)
    assert y_test.shape == (10000,)
    ```

    License:

    The copyright for Fashion-MNIST is held by Zalando SE. Fashion-MNIST is licensed
    under the [MIT license](https://github.com/zalandoresearch/fashion-mnist/blob/master/LICENSE).
    """
    return _source.load_first("Fashion-MNIST", _sources(), _load,
                              f"{_SUBDIR}/{_FILES[1]}.gz")
