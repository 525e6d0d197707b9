"""``keras.utils.to_categorical`` and ``keras.utils.normalize``."""

from __future__ import annotations

import numbers

import numpy as np
import torch

from torcheras.backend import _config, _device


def _check_num_classes(num_classes) -> int | None:
    if num_classes is None:
        return None
    if isinstance(num_classes, bool) or not isinstance(num_classes, numbers.Integral):
        raise ValueError(
            "Argument `num_classes` must be a positive integer or None. "
            f"Received: num_classes={num_classes!r}"
        )
    if num_classes < 0:
        raise ValueError(
            "Argument `num_classes` must be a positive integer or None. "
            f"Received: num_classes={num_classes}"
        )
    # Keras tests `if not num_classes`, so 0 means "infer from the data".
    return int(num_classes) or None


def _class_indices(x) -> np.ndarray:
    """Turn labels into int64 indices, refusing values that are not whole numbers."""
    try:
        arr = np.asarray(x)
    except (TypeError, ValueError) as e:
        raise ValueError(
            f"Argument `x` must be an array of integer class indices. Received: x={x!r}"
        ) from e
    if arr.dtype == np.bool_ or np.issubdtype(arr.dtype, np.integer):
        return arr.astype(np.int64)
    if np.issubdtype(arr.dtype, np.floating):
        # Float labels are common (e.g. y loaded as float32); only whole numbers are labels.
        bad = ~np.isfinite(arr) | (arr != np.round(arr))
        if bad.any():
            raise ValueError(
                "Argument `x` must contain integer class indices. Received non-integer "
                f"values: {np.unique(arr[bad])[:5].tolist()}"
            )
        return arr.astype(np.int64)
    raise ValueError(
        "Argument `x` must contain integer class indices. "
        f"Received: x of dtype {arr.dtype}"
    )


def to_categorical(x, num_classes: int | None = None):
    """Converts a class vector (integers) to binary class matrix.

    E.g. for use with `categorical_crossentropy`. A trailing axis of size 1 is dropped
    first, so labels of shape `(n, 1)` give a matrix of shape `(n, num_classes)`.

    Args:
        x: Array-like with class values to be converted into a matrix (integers from 0
            to `num_classes - 1`). Whole-number floats are accepted.
        num_classes: Total number of classes. If `None`, this would be inferred as
            `max(x) + 1`. Defaults to `None`.

    Returns:
        A binary matrix representation of the input as a float32 NumPy array (a torch
        tensor for a torch tensor input). The class axis is placed last.

    Example:

    >>> to_categorical([0, 1, 2, 3], num_classes=4)
    array([[1., 0., 0., 0.],
           [0., 1., 0., 0.],
           [0., 0., 1., 0.],
           [0., 0., 0., 1.]], dtype=float32)
    """
    num_classes = _check_num_classes(num_classes)
    is_tensor = isinstance(x, torch.Tensor)
    if is_tensor:
        device = x.device
        x = _device.convert_to_numpy(x)
    labels = _class_indices(x)
    shape = labels.shape
    if len(shape) > 1 and shape[-1] == 1:
        shape = shape[:-1]
    flat = labels.reshape(-1)
    if num_classes is None:
        if flat.size == 0:
            raise ValueError(
                "Cannot infer `num_classes` from an empty `x`; pass `num_classes`. "
                f"Received: x with shape {labels.shape}"
            )
        num_classes = int(flat.max()) + 1
    out_of_range = (flat < 0) | (flat >= num_classes)
    if out_of_range.any():
        raise ValueError(
            "Argument `x` must contain class indices in [0, num_classes). Received: "
            f"x with values {np.unique(flat[out_of_range])[:5].tolist()} out of range, "
            f"num_classes={num_classes}"
        )
    categorical = np.zeros((flat.shape[0], num_classes), dtype=np.float32)
    categorical[np.arange(flat.shape[0]), flat] = 1.0
    categorical = categorical.reshape(tuple(shape) + (num_classes,))
    if is_tensor:
        return torch.from_numpy(categorical).to(
            device=device, dtype=_device.to_torch_dtype(_config.floatx())
        )
    return categorical


def normalize(x, axis: int = -1, order=2):
    """Normalizes an array.

    If the input is a NumPy array (or list), a NumPy array is returned. If it is a torch
    tensor, a torch tensor is returned.

    Args:
        x: Array to normalize.
        axis: axis along which to normalize.
        order: Normalization order (e.g. `order=2` for L2 norm).

    Returns:
        A normalized copy of the array.

    Example:

    >>> normalize(np.array([[3.0, 4.0], [0.0, 0.0]]))
    array([[0.6, 0.8],
           [0. , 0. ]])
    """
    if isinstance(x, torch.Tensor):
        return _normalize_tensor(x, axis, order)
    x = np.asarray(x)
    norm = np.atleast_1d(np.linalg.norm(x, order, axis))
    norm[norm == 0] = 1
    # Keras 3 replaces axis=0 by -1 here, which breaks column normalisation; this is
    # Keras 2's (correct) broadcast, identical for every other axis.
    return x / np.expand_dims(norm, axis)


def _normalize_tensor(x: torch.Tensor, axis: int, order) -> torch.Tensor:
    if isinstance(order, bool) or not isinstance(order, int) or order < 1:
        raise ValueError(f"Argument `order` must be an int >= 1. Received: order={order}")
    if not x.is_floating_point():
        x = x.to(_device.to_torch_dtype(None))
    if x.ndim == 0:
        x = x.unsqueeze(0)
    eps = _config.epsilon()
    if order == 2:
        inv = torch.rsqrt(torch.sum(torch.square(x), dim=axis, keepdim=True))
        return x * torch.clamp(inv, max=1.0 / eps)
    norm = torch.linalg.vector_norm(x, ord=order, dim=axis, keepdim=True)
    return x / torch.clamp(norm, min=eps)
