"""``keras.datasets.california_housing``: California housing price regression."""

from __future__ import annotations

import os

import numpy as np

from torcheras.datasets import _npz, _source, _tabular
from torcheras.utils._file import validate_file

_KERAS_NAME = "california_housing.npz"
_ORIGIN = ("https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
           "california_housing.npz")
_FILE_HASH = "1a2e3a52e0398de6463aebe6f4a8da34fb21fbb6b934cf88c3425e766f2a1a6f"
_ROWS, _FEATURES = 20640, 8
_VERSIONS = ("small", "large")


def _read_checked(path: str) -> tuple[np.ndarray, np.ndarray]:
    """``(x, y)`` of Keras's file (by its hash) or of a copy with the right layout.

    No content digest is recorded for this dataset (no verified copy was available when
    it was written), so a copy that is not Keras's exact file is checked by array names,
    shapes and a floating dtype.
    """
    arrays = _npz.load_npz(path)
    if validate_file(path, _FILE_HASH):
        return arrays["x"], arrays["y"]
    missing = [n for n in ("x", "y") if n not in arrays]
    if missing:
        raise ValueError(f"missing arrays {missing}; found {sorted(arrays)}")
    x, y = arrays["x"], arrays["y"]
    if x.shape != (_ROWS, _FEATURES) or y.shape != (_ROWS,):
        raise ValueError(f"arrays are x{x.shape} and y{y.shape}, expected "
                         f"x{(_ROWS, _FEATURES)} and y{(_ROWS,)}")
    if x.dtype.kind != "f" or y.dtype.kind != "f":
        raise ValueError(f"arrays are {x.dtype} and {y.dtype}, expected floating point")
    return x, y


def load_data(version: str = "large", path: str | os.PathLike = "california_housing.npz",
              test_split: float = 0.2, seed: int | None = 113):
    """Loads the California Housing dataset.

    This dataset was obtained from the [StatLib repository](
    https://www.dcc.fc.up.pt/~ltorgo/Regression/cal_housing.html). It's a continuous
    regression dataset with 20,640 samples with 8 features each (MedInc, HouseAge,
    AveRooms, AveBedrms, Population, AveOccup, Latitude, Longitude), derived from the 1990
    U.S. census, one row per census block group. The target variable is the median house
    value for California districts, in dollars.

    The file is looked for in the folder named by `TORCHERAS_DATA_DIR` (as
    `california_housing.npz`), our cache, Keras's cache, then downloaded from Keras's URL
    (checked against Keras's published sha256).

    Args:
        version: `"small"` or `"large"`. The small version contains the first 600
            samples, the large version all 20,640. The small version is meant as an
            approximate replacement for the deprecated `boston_housing` dataset.
        path: Name of the file in the caches, or the path of an existing `.npz` file.
        test_split: fraction of the data to reserve as test set.
        seed: Random seed for shuffling the data before computing the test split.

    Returns:
        Tuple of NumPy arrays: `(x_train, y_train), (x_test, y_test)`.

    **`x_train`, `x_test`**: arrays with shape `(num_samples, 8)`.

    **`y_train`, `y_test`**: arrays of shape `(num_samples,)`: prices in dollars,
    typically between 25,000 and 500,000.

    Raises:
        ValueError: `version` not `"small"`/`"large"`, or `test_split` outside `[0, 1)`.
        DatasetUnavailableError: (an `OSError`) when no source has a valid file.

    Example:

    ```python
    (x_train, y_train), (x_test, y_test) = load_data(version="small")
    assert x_train.shape == (480, 8)
    ```
    """
    if version not in _VERSIONS:
        raise ValueError(
            "Argument `version` must be one of 'small', 'large'. "
            f"Received: version={version!r}"
        )
    _tabular.check_test_split(test_split, seed)
    sources = _source.path_sources(path, _KERAS_NAME, _ORIGIN, _FILE_HASH)
    x, y = _source.load_first("California housing", sources, _read_checked, _KERAS_NAME)
    if version == "small":
        x, y = x[:600], y[:600]
    return _tabular.shuffle_split(x, y, test_split, seed)
