"""``ZeroPadding1D/2D/3D`` and ``Cropping1D/2D/3D``."""

from __future__ import annotations

import torch.nn.functional as F

from torcheras.layers._input_spec import InputSpec
from torcheras.layers._layer import Layer
from torcheras.layers.convolutional import _args

_ORDINALS = ("1st", "2nd", "3rd")


def _pairs(value, rank: int, name: str) -> tuple:
    """An int, ``rank`` ints or ``rank`` pairs -> ``rank`` (before, after) pairs."""
    if isinstance(value, bool):
        raise ValueError(f"`{name}` should be an int or a tuple. Received: {name}={value!r}.")
    if hasattr(value, "__index__"):
        if int(value) < 0:
            raise ValueError(f"`{name}` cannot be negative. Received: {name}={value!r}.")
        return ((int(value),) * 2,) * rank
    if not hasattr(value, "__len__"):
        raise ValueError(
            f"`{name}` should be an int, a tuple of {rank} ints or a tuple of {rank} tuples "
            f"of 2 ints. Received: {name}={value!r}.")
    if len(value) != rank:
        raise ValueError(
            f"`{name}` should have {rank} elements. Received: {name}={value!r}.")
    return tuple(_args.int_tuple(v, 2, f"{_ORDINALS[i]} entry of {name}", allow_zero=True)
                 for i, v in enumerate(value))


class _Spatial(Layer):
    """Shared data_format handling of the padding/cropping layers."""

    rank = 2

    def _set_format(self, data_format) -> None:
        self.data_format = _args.data_format(data_format)
        self._first = 1 if self.data_format == "channels_last" else 2
        self.input_spec = InputSpec(ndim=self.rank + 2)
        self.built = True


class _ZeroPadding(_Spatial):
    def __init__(self, padding, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self._set_format(data_format)
        self.padding = _pairs(padding, self.rank, "padding")
        flat = []
        for before, after in reversed(self.padding):
            flat += [before, after]
        # F.pad lists the last axis first; channels_last keeps channels unpadded.
        self._flat = ([0, 0] + flat) if self.data_format == "channels_last" else flat

    def call(self, inputs):
        return F.pad(inputs, self._flat)

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        for i, (before, after) in enumerate(self.padding):
            if shape[self._first + i] is not None:
                shape[self._first + i] += before + after
        return tuple(shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"padding": self.padding, "data_format": self.data_format})
        return config


class ZeroPadding1D(_ZeroPadding):
    """Pads the steps axis with zeros.

    Args:
        padding: Int (both sides) or ``(before, after)`` (default 1).
        data_format: ``"channels_last"`` (default, ``(batch, steps, features)``) or
            ``"channels_first"``.

    Example:

    >>> import numpy as np
    >>> ZeroPadding1D(2)(np.ones((1, 3, 1), "float32")).flatten().tolist()
    [0.0, 0.0, 1.0, 1.0, 1.0, 0.0, 0.0]
    """

    rank = 1

    def __init__(self, padding=1, data_format=None, **kwargs):
        padding = (_args.int_tuple(padding, 2, "padding", allow_zero=True),)
        super().__init__(padding, data_format, **kwargs)
        self.padding = self.padding[0]

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        if shape[self._first] is not None:
            shape[self._first] += sum(self.padding)
        return tuple(shape)


class ZeroPadding2D(_ZeroPadding):
    """Pads height and width with zeros.

    Args:
        padding: Int, ``(symmetric_height, symmetric_width)`` or
            ``((top, bottom), (left, right))`` (default ``(1, 1)``).
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.

    Example:

    >>> import numpy as np
    >>> ZeroPadding2D(((1, 0), (0, 2)))(np.ones((1, 2, 2, 3), "float32")).shape
    torch.Size([1, 3, 4, 3])
    """

    rank = 2

    def __init__(self, padding=(1, 1), data_format=None, **kwargs):
        super().__init__(padding, data_format, **kwargs)


class ZeroPadding3D(_ZeroPadding):
    """Pads the three spatial axes with zeros.

    Args:
        padding: Int, 3 ints or 3 ``(before, after)`` pairs (default 1 everywhere).
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.

    Example:

    >>> import numpy as np
    >>> ZeroPadding3D(1)(np.ones((1, 2, 2, 2, 1), "float32")).shape
    torch.Size([1, 4, 4, 4, 1])
    """

    rank = 3

    def __init__(self, padding=((1, 1), (1, 1), (1, 1)), data_format=None, **kwargs):
        super().__init__(padding, data_format, **kwargs)


class _Cropping(_Spatial):
    def __init__(self, cropping, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self._set_format(data_format)
        self.cropping = _pairs(cropping, self.rank, "cropping")

    def _pairs_list(self) -> tuple:
        return self.cropping

    def call(self, inputs):
        x = inputs
        for i, (before, after) in enumerate(self._pairs_list()):
            axis = self._first + i
            size = x.shape[axis]
            if before + after >= size:
                raise ValueError(
                    f"Values in `cropping` argument should be smaller than the corresponding "
                    f"spatial dimension of the input. Received: inputs.shape="
                    f"{tuple(inputs.shape)}, cropping={self.cropping}")
            x = x.narrow(axis, before, size - before - after)
        return x

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        for i, (before, after) in enumerate(self._pairs_list()):
            axis = self._first + i
            if shape[axis] is None:
                continue
            shape[axis] -= before + after
            if shape[axis] <= 0:
                raise ValueError(
                    f"Values in `cropping` argument should be smaller than the corresponding "
                    f"spatial dimension of the input. Received: input_shape="
                    f"{tuple(input_shape)}, cropping={self.cropping}")
        return tuple(shape)

    def get_config(self) -> dict:
        config = super().get_config()
        config["cropping"] = self.cropping
        if self.rank > 1:
            config["data_format"] = self.data_format
        return config


class Cropping1D(_Cropping):
    """Crops the steps axis of ``(batch, steps, features)`` inputs.

    Args:
        cropping: Int (both sides) or ``(before, after)`` (default ``(1, 1)``).

    Example:

    >>> import numpy as np
    >>> Cropping1D((1, 2))(np.arange(6, dtype="float32").reshape(1, 6, 1)).flatten().tolist()
    [1.0, 2.0, 3.0]
    """

    rank = 1

    def __init__(self, cropping=(1, 1), **kwargs):
        super().__init__((_args.int_tuple(cropping, 2, "cropping", allow_zero=True),),
                         None, **kwargs)
        self.data_format = "channels_last"
        self._first = 1
        self.cropping = self.cropping[0]

    def _pairs_list(self) -> tuple:
        return (self.cropping,)


class Cropping2D(_Cropping):
    """Crops height and width.

    Args:
        cropping: Int, ``(symmetric_height, symmetric_width)`` or
            ``((top, bottom), (left, right))`` (default no cropping).
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.

    Example:

    >>> import numpy as np
    >>> Cropping2D(((2, 2), (4, 4)))(np.zeros((2, 28, 28, 3), "float32")).shape
    torch.Size([2, 24, 20, 3])
    """

    rank = 2

    def __init__(self, cropping=((0, 0), (0, 0)), data_format=None, **kwargs):
        super().__init__(cropping, data_format, **kwargs)


class Cropping3D(_Cropping):
    """Crops the three spatial axes.

    Args:
        cropping: Int, 3 ints or 3 ``(before, after)`` pairs (default 1 everywhere).
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.

    Example:

    >>> import numpy as np
    >>> Cropping3D(1)(np.zeros((1, 4, 4, 4, 2), "float32")).shape
    torch.Size([1, 2, 2, 2, 2])
    """

    rank = 3

    def __init__(self, cropping=((1, 1), (1, 1), (1, 1)), data_format=None, **kwargs):
        super().__init__(cropping, data_format, **kwargs)
