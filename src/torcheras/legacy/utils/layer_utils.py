"""Keras 2's ``keras.utils.layer_utils``: parameter counts, summaries, kernel flipping."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any

from torcheras.legacy.utils.conv_utils import convert_kernel
from torcheras.models._summary import print_summary as _print_summary
from torcheras.utils import get_source_inputs

# The layers whose kernels Keras 2's convert_all_kernels_in_model flipped.
_CONV_CLASSES = ("Conv1D", "Conv2D", "Conv3D", "Conv2DTranspose")


def count_params(weights: Iterable) -> int:
    """The number of scalars in ``weights`` (a weight listed twice is counted once).

    Args:
        weights: Variables or arrays.

    >>> import numpy as np
    >>> w = np.zeros((3, 2))
    >>> count_params([w, w, np.zeros(4)])
    10
    """
    unique = {id(w): w for w in weights}.values()
    return int(sum(math.prod(tuple(w.shape)) for w in unique))


def print_summary(model: Any, line_length: int | None = None, positions=None,
                  print_fn: Callable | None = None) -> None:
    """Print ``model``'s summary (as ``model.summary()``).

    Args:
        model: A Keras model.
        line_length: Total width of the table.
        positions: Right edges of the columns (fractions, or Keras 2's absolute positions).
        print_fn: Called with the summary text (default: print).
    """
    _print_summary(model, line_length=line_length, positions=positions, print_fn=print_fn)


def convert_all_kernels_in_model(model: Any) -> None:
    """Flip the spatial axes of every ``Conv1D/2D/3D`` and ``Conv2DTranspose`` kernel.

    Keras 2 used it to move weights between Theano (which flipped kernels) and TensorFlow.

    Args:
        model: A built model.
    """
    for layer in model.layers:
        if type(layer).__name__ in _CONV_CLASSES:
            layer.kernel.assign(convert_kernel(layer.kernel.detach().cpu().numpy()))


__all__ = ["convert_all_kernels_in_model", "count_params", "get_source_inputs",
           "print_summary"]
