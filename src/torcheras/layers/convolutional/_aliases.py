"""Keras 1's ``Convolution1D/2D/3D`` names, which also take Keras 1's positional form.

``Convolution2D(32, 3, 3, border_mode="same")`` is Keras 1 for
``Conv2D(32, (3, 3), padding="same")``; Keras 2 kept converting it. Calling an alias builds
the Keras 3 class itself, so summaries, names and ``isinstance`` checks see a ``Conv2D``.
"""

from __future__ import annotations

from torcheras.layers.convolutional._conv import Conv1D, Conv2D, Conv3D

# Keras 1 positional arguments after the kernel dimensions.
_KERAS1_TAIL = ("init", "activation", "weights", "border_mode", "subsample", "dim_ordering")
_KERAS1_TAIL_1D = ("init", "activation", "weights", "border_mode", "subsample_length")


def _is_int(value) -> bool:
    return not isinstance(value, bool) and hasattr(value, "__index__")


class _Keras1Alias(type):
    """Metaclass: calling the alias translates Keras 1 positionals and builds the target."""

    def __call__(cls, *args, **kwargs):
        args, kwargs = cls._translate(args, kwargs)
        return cls._target(*args, **kwargs)

    def __instancecheck__(cls, obj) -> bool:
        return isinstance(obj, cls._target)

    def __subclasscheck__(cls, sub) -> bool:
        return issubclass(sub, cls._target)

    def __getattr__(cls, name: str):
        return getattr(cls._target, name)


def _keras1_args(args: tuple, kwargs: dict, dims: int, tail: tuple):
    """``(nb_filter, d1, .., d_dims, *tail)`` -> ``(filters, kernel_size)`` + keywords."""
    if len(args) > dims and all(_is_int(a) for a in args[1:dims + 1]) and (
            dims > 1 or (len(args) > 2 and isinstance(args[2], str))):
        kernel = tuple(int(a) for a in args[1:dims + 1])
        rest = args[dims + 1:]
        if len(rest) > len(tail):
            raise TypeError(
                f"Too many positional arguments for a Keras 1 convolution: {args!r}")
        kwargs = {**dict(zip(tail, rest)), **kwargs}
        return (args[0], kernel[0] if dims == 1 else kernel), kwargs
    return args, kwargs


class Convolution1D(metaclass=_Keras1Alias):
    """Alias of ``Conv1D``; also accepts Keras 1's ``Convolution1D(nb_filter,
    filter_length, init, activation, weights, border_mode, subsample_length)``.

    Example:

    >>> import numpy as np
    >>> layer = Convolution1D(4, 3, border_mode="same")
    >>> type(layer).__name__, layer(np.zeros((1, 5, 2), "float32")).shape
    ('Conv1D', torch.Size([1, 5, 4]))
    """

    _target = Conv1D

    @staticmethod
    def _translate(args, kwargs):
        return _keras1_args(args, kwargs, 1, _KERAS1_TAIL_1D)


class Convolution2D(metaclass=_Keras1Alias):
    """Alias of ``Conv2D``; also accepts Keras 1's ``Convolution2D(nb_filter, nb_row,
    nb_col, init=..., border_mode=..., subsample=..., dim_ordering=...)``.

    Example:

    >>> import numpy as np
    >>> layer = Convolution2D(8, 3, 3, border_mode="same", input_shape=(6, 6, 1))
    >>> type(layer).__name__, layer.kernel_size, layer.padding
    ('Conv2D', (3, 3), 'same')
    """

    _target = Conv2D

    @staticmethod
    def _translate(args, kwargs):
        return _keras1_args(args, kwargs, 2, _KERAS1_TAIL)


class Convolution3D(metaclass=_Keras1Alias):
    """Alias of ``Conv3D``; also accepts Keras 1's ``Convolution3D(nb_filter,
    kernel_dim1, kernel_dim2, kernel_dim3, ...)``.

    Example:

    >>> Convolution3D(2, 3, 3, 3).kernel_size
    (3, 3, 3)
    """

    _target = Conv3D

    @staticmethod
    def _translate(args, kwargs):
        return _keras1_args(args, kwargs, 3, _KERAS1_TAIL)
