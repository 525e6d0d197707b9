"""Keras 1's ``AtrousConvolution1D/2D``: a convolution with ``dilation_rate=atrous_rate``.

Calling one builds the modern ``Conv1D``/``Conv2D`` (through Keras 1's ``Convolution1D/2D``
spelling, so ``AtrousConvolution2D(64, 3, 3, atrous_rate=(2, 2), border_mode="same")``
works); ``isinstance(layer, AtrousConvolution2D)`` holds for any ``Conv2D``.
"""

from __future__ import annotations

from torcheras.layers import Conv1D, Conv2D, Convolution1D, Convolution2D
from torcheras.legacy._arguments_core import warn_once


class _Atrous(type):
    def __call__(cls, *args, **kwargs):
        # Keras 1's positional order: ..., border_mode, subsample, atrous_rate, dim_ordering.
        if len(args) > cls._rate_position:
            args = list(args)
            if "atrous_rate" in kwargs:
                raise TypeError(f"{cls.__name__}() got multiple values for argument "
                                "'atrous_rate'")
            kwargs["atrous_rate"] = args.pop(cls._rate_position)
        rate = kwargs.pop("atrous_rate", cls._default_rate)
        if "dilation_rate" in kwargs:
            raise TypeError(f"{cls.__name__}() takes `atrous_rate` (Keras 1's name for "
                            f"`dilation_rate`), not both. Received: atrous_rate={rate!r}, "
                            f"dilation_rate={kwargs['dilation_rate']!r}")
        warn_once(f"{cls.__name__}(atrous_rate=...)",
                  f"use `{cls._target.__name__}(..., dilation_rate=...)`")
        return cls._builder(*args, dilation_rate=rate, **kwargs)

    def __instancecheck__(cls, obj) -> bool:
        return isinstance(obj, cls._target)

    def __subclasscheck__(cls, sub) -> bool:
        return issubclass(sub, cls._target)


class AtrousConvolution1D(metaclass=_Atrous):
    """Keras 1's dilated 1D convolution: ``Conv1D`` with ``dilation_rate=atrous_rate``.

    Takes Keras 1's arguments ``(nb_filter, filter_length, init, activation, weights,
    border_mode, subsample_length, atrous_rate, ...)`` or Keras 2's, plus ``atrous_rate``
    (default 1).

    Example:

    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")  # the Keras 1 spelling warns once
    ...     layer = AtrousConvolution1D(4, 3, atrous_rate=2, border_mode="same")
    >>> type(layer).__name__, layer.dilation_rate
    ('Conv1D', (2,))
    """

    _target = Conv1D
    _builder = Convolution1D
    _default_rate = 1
    _rate_position = 7


class AtrousConvolution2D(metaclass=_Atrous):
    """Keras 1's dilated 2D convolution: ``Conv2D`` with ``dilation_rate=atrous_rate``.

    Takes Keras 1's arguments ``(nb_filter, nb_row, nb_col, init, activation, weights,
    border_mode, subsample, atrous_rate, dim_ordering, ...)`` or Keras 2's, plus
    ``atrous_rate`` (default ``(1, 1)``).

    Example:

    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")  # the Keras 1 spelling warns once
    ...     layer = AtrousConvolution2D(8, 3, 3, atrous_rate=(2, 2), border_mode="same")
    >>> type(layer).__name__, layer.kernel_size, layer.dilation_rate
    ('Conv2D', (3, 3), (2, 2))
    """

    _target = Conv2D
    _builder = Convolution2D
    _default_rate = (1, 1)
    _rate_position = 8


AtrousConv1D = AtrousConvolution1D
AtrousConv2D = AtrousConvolution2D
