"""Keras 2's ``keras.utils.np_utils``: ``to_categorical`` and ``normalize`` (and Keras 1's
``probas_to_classes``, ``categorical_probas_to_classes``).

Old tutorials do ``from keras.utils import np_utils`` and
``np_utils.to_categorical(y, 10)``; this module keeps them running. Keras 2's
``to_categorical`` also took ``dtype`` (default ``"float32"``).
"""

from __future__ import annotations

import numpy as np

from torcheras.backend._device import convert_to_numpy
from torcheras.utils._numerical import normalize
from torcheras.utils._numerical import to_categorical as _to_categorical


def to_categorical(y, num_classes: int | None = None, dtype="float32"):
    """Converts a class vector (integers) to binary class matrix (Keras 2 signature).

    Args:
        y: Array-like with class values to be converted into a matrix (integers from 0
            to `num_classes - 1`).
        num_classes: Total number of classes. If `None`, inferred as `max(y) + 1`.
        dtype: The data type of the output. Defaults to `"float32"`.

    Returns:
        A binary matrix representation of the input as a NumPy array.

    Example:

    >>> to_categorical([0, 2], 3)
    array([[1., 0., 0.],
           [0., 0., 1.]], dtype=float32)
    """
    try:
        np_dtype = np.dtype(dtype)
    except TypeError as e:
        raise ValueError(f"Argument `dtype` is not a valid dtype. Received: dtype={dtype!r}") from e
    # Keras 2 always answered with NumPy, whatever the input.
    out = _to_categorical(convert_to_numpy(y), num_classes)
    return out if out.dtype == np_dtype else out.astype(np_dtype)


def categorical_probas_to_classes(p) -> np.ndarray:
    """Keras 1: the class of each row of probabilities (its argmax).

    Args:
        p: Probabilities ``(samples, classes)``.

    >>> categorical_probas_to_classes([[0.1, 0.9], [0.8, 0.2]]).tolist()
    [1, 0]
    """
    return np.argmax(convert_to_numpy(p), axis=1)


def probas_to_classes(y_pred) -> np.ndarray:
    """Keras 1: classes from predictions, by argmax over several columns, else by
    thresholding one probability at 0.5.

    Args:
        y_pred: Probabilities ``(samples, classes)`` or ``(samples,)``/``(samples, 1)``.

    >>> probas_to_classes([[0.2], [0.7]]).tolist(), probas_to_classes([[0.2, 0.8]]).tolist()
    ([0, 1], [1])
    """
    y_pred = np.asarray(convert_to_numpy(y_pred))
    if y_pred.ndim > 1 and y_pred.shape[1] > 1:
        return categorical_probas_to_classes(y_pred)
    return (y_pred.reshape(-1) > 0.5).astype("int64")


__all__ = ["categorical_probas_to_classes", "normalize", "probas_to_classes", "to_categorical"]
