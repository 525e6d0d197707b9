"""Keras 1's ``keras.initializations``: initializer functions ``f(shape, name=None)``.

Keras 1 layers took ``init="glorot_uniform"`` and custom ``init=my_init`` functions built
on these (``initializations.normal(shape, scale=0.01, name=name)``). Each function returns
a tensor of ``shape`` with Keras 1's distribution; ``get(name)`` returns the function.
Fans follow Keras 1's ``dim_ordering="tf"`` rule, the layout of torcheras kernels
(``(*spatial, in, out)``); pass ``dim_ordering="th"`` for ``(out, in, *spatial)`` shapes.
"""

from __future__ import annotations

import math

from torcheras import initializers
from torcheras._lookup import closest

_NAMES = ("uniform", "normal", "lecun_uniform", "glorot_normal", "glorot_uniform", "he_normal",
          "he_uniform", "orthogonal", "identity", "zero", "one")


def get_fans(shape, dim_ordering: str = "tf") -> tuple:
    """Keras 1's ``(fan_in, fan_out)`` of a weight shape.

    Args:
        shape: The weight's shape.
        dim_ordering: ``"tf"`` (channels last, Keras's kernel layout) or ``"th"``.

    >>> get_fans((3, 3, 2, 4)), get_fans((4, 2, 3, 3), "th"), get_fans((5, 6))
    ((18, 36), (18, 36), (5, 6))
    """
    shape = tuple(shape)
    if len(shape) == 2:
        return shape[0], shape[1]
    if len(shape) in (4, 5):
        if dim_ordering == "th":
            field = math.prod(shape[2:])
            return shape[1] * field, shape[0] * field
        if dim_ordering == "tf":
            field = math.prod(shape[:-2])
            return shape[-2] * field, shape[-1] * field
        raise ValueError(f"Invalid dim_ordering: {dim_ordering!r}. Expected 'tf' or 'th'.")
    root = math.isqrt(math.prod(shape))
    return root, root


def _normal(shape, stddev, dtype=None):
    return initializers.RandomNormal(mean=0.0, stddev=stddev)(tuple(shape), dtype=dtype)


def _uniform(shape, limit, dtype=None):
    return initializers.RandomUniform(-limit, limit)(tuple(shape), dtype=dtype)


def uniform(shape, scale=0.05, name=None, dim_ordering="tf", dtype=None):
    """Uniform on ``[-scale, scale]``.

    Args:
        shape: The tensor's shape.
        scale: Half-width of the interval.
        name: Accepted for Keras 1 (unused).
        dim_ordering: Accepted for Keras 1 (unused).
        dtype: The tensor's dtype (default: floatx).
    """
    return _uniform(shape, scale, dtype)


def normal(shape, scale=0.05, name=None, dim_ordering="tf", dtype=None):
    """Normal with mean 0 and standard deviation ``scale``.

    Args:
        shape: The tensor's shape.
        scale: Standard deviation.
        name: Accepted for Keras 1 (unused).
        dim_ordering: Accepted for Keras 1 (unused).
        dtype: The tensor's dtype (default: floatx).
    """
    return _normal(shape, scale, dtype)


def lecun_uniform(shape, name=None, dim_ordering="tf", dtype=None):
    """Uniform on ``[-s, s]``, ``s = sqrt(3 / fan_in)``.

    Args:
        shape: The tensor's shape.
        name: Accepted for Keras 1 (unused).
        dim_ordering: ``"tf"`` or ``"th"``, for the fans.
        dtype: The tensor's dtype (default: floatx).
    """
    fan_in, _ = get_fans(shape, dim_ordering)
    return _uniform(shape, math.sqrt(3.0 / fan_in), dtype)


def glorot_normal(shape, name=None, dim_ordering="tf", dtype=None):
    """Normal (not truncated, as Keras 1) with ``stddev = sqrt(2 / (fan_in + fan_out))``.

    Args:
        shape: The tensor's shape.
        name: Accepted for Keras 1 (unused).
        dim_ordering: ``"tf"`` or ``"th"``, for the fans.
        dtype: The tensor's dtype (default: floatx).
    """
    fan_in, fan_out = get_fans(shape, dim_ordering)
    return _normal(shape, math.sqrt(2.0 / (fan_in + fan_out)), dtype)


def glorot_uniform(shape, name=None, dim_ordering="tf", dtype=None):
    """Uniform on ``[-s, s]``, ``s = sqrt(6 / (fan_in + fan_out))``.

    Args:
        shape: The tensor's shape.
        name: Accepted for Keras 1 (unused).
        dim_ordering: ``"tf"`` or ``"th"``, for the fans.
        dtype: The tensor's dtype (default: floatx).
    """
    fan_in, fan_out = get_fans(shape, dim_ordering)
    return _uniform(shape, math.sqrt(6.0 / (fan_in + fan_out)), dtype)


def he_normal(shape, name=None, dim_ordering="tf", dtype=None):
    """Normal (not truncated, as Keras 1) with ``stddev = sqrt(2 / fan_in)``.

    Args:
        shape: The tensor's shape.
        name: Accepted for Keras 1 (unused).
        dim_ordering: ``"tf"`` or ``"th"``, for the fans.
        dtype: The tensor's dtype (default: floatx).
    """
    fan_in, _ = get_fans(shape, dim_ordering)
    return _normal(shape, math.sqrt(2.0 / fan_in), dtype)


def he_uniform(shape, name=None, dim_ordering="tf", dtype=None):
    """Uniform on ``[-s, s]``, ``s = sqrt(6 / fan_in)``.

    Args:
        shape: The tensor's shape.
        name: Accepted for Keras 1 (unused).
        dim_ordering: ``"tf"`` or ``"th"``, for the fans.
        dtype: The tensor's dtype (default: floatx).
    """
    fan_in, _ = get_fans(shape, dim_ordering)
    return _uniform(shape, math.sqrt(6.0 / fan_in), dtype)


def orthogonal(shape, scale=1.1, name=None, dim_ordering="tf", dtype=None):
    """A random orthogonal matrix times ``scale`` (Keras 1's default gain 1.1).

    Args:
        shape: The tensor's shape (flattened to ``(shape[0], prod(shape[1:]))``).
        scale: Gain.
        name: Accepted for Keras 1 (unused).
        dim_ordering: Accepted for Keras 1 (unused).
        dtype: The tensor's dtype (default: floatx).
    """
    return initializers.Orthogonal(gain=scale)(tuple(shape), dtype=dtype)


def identity(shape, scale=1, name=None, dim_ordering="tf", dtype=None):
    """``scale`` times the identity matrix; ``shape`` must be square and 2D.

    Args:
        shape: The tensor's shape.
        scale: Value on the diagonal.
        name: Accepted for Keras 1 (unused).
        dim_ordering: Accepted for Keras 1 (unused).
        dtype: The tensor's dtype (default: floatx).

    Raises:
        ValueError: ``shape`` is not a square 2D shape.
    """
    if len(shape) != 2 or shape[0] != shape[1]:
        raise ValueError("Identity matrix initialization can only be used for 2D square "
                         f"matrices. Received: shape={tuple(shape)!r}")
    return initializers.Identity(gain=scale)(tuple(shape), dtype=dtype)


def zero(shape, name=None, dim_ordering="tf", dtype=None):
    """Zeros.

    Args:
        shape: The tensor's shape.
        name: Accepted for Keras 1 (unused).
        dim_ordering: Accepted for Keras 1 (unused).
        dtype: The tensor's dtype (default: floatx).
    """
    return initializers.Zeros()(tuple(shape), dtype=dtype)


def one(shape, name=None, dim_ordering="tf", dtype=None):
    """Ones.

    Args:
        shape: The tensor's shape.
        name: Accepted for Keras 1 (unused).
        dim_ordering: Accepted for Keras 1 (unused).
        dtype: The tensor's dtype (default: floatx).
    """
    return initializers.Ones()(tuple(shape), dtype=dtype)


def get(identifier, **kwargs):
    """The Keras 1 initializer function named ``identifier`` (a callable is returned as is).

    Args:
        identifier: A name (``"glorot_uniform"``, ``"normal"``, ``"zero"``, ...) or a
            callable.
        **kwargs: Accepted for Keras 1 (unused).

    Raises:
        ValueError: Unknown name.

    >>> get("zero")((2,)).tolist()
    [0.0, 0.0]
    """
    if callable(identifier):
        return identifier
    if isinstance(identifier, str) and identifier in _NAMES:
        return globals()[identifier]
    hint = closest(str(identifier), _NAMES) if isinstance(identifier, str) else None
    raise ValueError(f"Invalid initialization: {identifier!r}. Expected one of "
                     f"{list(_NAMES)}." + (f" Did you mean {hint!r}?" if hint else ""))


__all__ = ["get", "get_fans", *_NAMES]
