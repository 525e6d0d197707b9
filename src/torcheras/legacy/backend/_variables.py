"""Keras 2's ``K.*`` variables and constants: ``variable``, ``zeros``, ``update``, ..."""

from __future__ import annotations

from typing import Any

import numpy as np

from torcheras import ops
from torcheras import random as krandom
from torcheras.backend import _config, _session
from torcheras.backend._variable import Variable

_FLAGS = {"manual_variable_initialization": False}


def variable(value: Any, dtype: str | None = None, name: str | None = None,
             constraint: Any = None) -> Variable:
    """A variable holding ``value`` (in floatx unless ``dtype`` says otherwise).

    Args:
        value: A number, array or tensor.
        dtype: The dtype; the default float type when ``None``.
        name: Optional name.
        constraint: Optional projection applied by optimizers after updates.
    """
    v = Variable(ops.convert_to_numpy(value) if ops.is_tensor(value) else np.asarray(value),
                 dtype=dtype or _config.floatx(), name=name)
    v.constraint = constraint
    return v


def constant(value: Any, dtype: str | None = None, shape: Any = None,
             name: str | None = None) -> Any:
    """A constant tensor (a scalar ``value`` with ``shape`` fills that shape).

    Args:
        value: A number or array.
        dtype: The dtype; the default float type when ``None``.
        shape: Optional shape to fill or reshape to.
        name: Ignored (kept for Keras 2 signatures).
    """
    del name
    array = np.asarray(ops.convert_to_numpy(value) if ops.is_tensor(value) else value)
    if shape is not None:
        shape = tuple(shape)
        array = (np.full(shape, array) if array.size == 1 else array.reshape(shape))
    return ops.convert_to_tensor(array, dtype=dtype or _config.floatx())


def zeros(shape: Any, dtype: str | None = None, name: str | None = None) -> Variable:
    """A variable of zeros (Keras 2 returned a variable, not a constant).

    Args:
        shape: The shape.
        dtype: The dtype; floatx when ``None``.
        name: Optional name.
    """
    return Variable(np.zeros(tuple(shape)), dtype=dtype or _config.floatx(), name=name)


def ones(shape: Any, dtype: str | None = None, name: str | None = None) -> Variable:
    """A variable of ones.

    Args:
        shape: The shape.
        dtype: The dtype; floatx when ``None``.
        name: Optional name.
    """
    return Variable(np.ones(tuple(shape)), dtype=dtype or _config.floatx(), name=name)


def eye(size: Any, dtype: str | None = None, name: str | None = None) -> Variable:
    """A variable holding an identity matrix.

    Args:
        size: ``n`` for ``n x n`` or a pair ``(rows, cols)``.
        dtype: The dtype; floatx when ``None``.
        name: Optional name.
    """
    rows, cols = (size, size) if isinstance(size, int) else tuple(size)
    return Variable(np.eye(rows, cols), dtype=dtype or _config.floatx(), name=name)


def zeros_like(x: Any, dtype: str | None = None, name: str | None = None) -> Any:
    """A tensor of zeros with the shape (and, by default, the dtype) of ``x``.

    Args:
        x: A tensor.
        dtype: Optional dtype.
        name: Ignored.
    """
    del name
    return ops.zeros_like(x, dtype=dtype)


def ones_like(x: Any, dtype: str | None = None, name: str | None = None) -> Any:
    """A tensor of ones with the shape (and, by default, the dtype) of ``x``.

    Args:
        x: A tensor.
        dtype: Optional dtype.
        name: Ignored.
    """
    del name
    return ops.ones_like(x, dtype=dtype)


def random_uniform_variable(shape: Any, low: float, high: float, dtype: str | None = None,
                            name: str | None = None, seed: Any = None) -> Variable:
    """A variable of uniform samples in ``[low, high)``.

    Args:
        shape: The shape.
        low: Lower bound.
        high: Upper bound.
        dtype: The dtype; floatx when ``None``.
        name: Optional name.
        seed: Optional int seed.
    """
    values = krandom.uniform(tuple(shape), low, high, dtype=dtype or _config.floatx(),
                             seed=seed)
    return Variable(values, dtype=dtype or _config.floatx(), name=name)


def random_normal_variable(shape: Any, mean: float, scale: float, dtype: str | None = None,
                           name: str | None = None, seed: Any = None) -> Variable:
    """A variable of normal samples.

    Args:
        shape: The shape.
        mean: Mean.
        scale: Standard deviation.
        dtype: The dtype; floatx when ``None``.
        name: Optional name.
        seed: Optional int seed.
    """
    values = krandom.normal(tuple(shape), mean, scale, dtype=dtype or _config.floatx(),
                            seed=seed)
    return Variable(values, dtype=dtype or _config.floatx(), name=name)


def batch_get_value(tensors: list) -> list:
    """The values of several variables or tensors, as NumPy arrays.

    Args:
        tensors: A list of variables or tensors.
    """
    return [_session.get_value(t) for t in tensors]


def batch_set_value(tuples: list) -> None:
    """Assign several variables at once.

    Args:
        tuples: A list of ``(variable, value)`` pairs.
    """
    for x, value in tuples:
        _session.set_value(x, value)


def eval(x: Any) -> Any:  # noqa: A001 (Keras's name)
    """The value of a variable or tensor, as NumPy.

    Args:
        x: A variable or tensor.
    """
    return _session.get_value(x)


def count_params(x: Any) -> int:
    """The number of scalars in a variable or tensor.

    Args:
        x: A variable or tensor.
    """
    return int(np.prod(ops.shape(x), dtype="int64"))


def update(x: Variable, new_x: Any) -> Variable:
    """Set ``x`` to ``new_x`` and return it.

    Args:
        x: A variable.
        new_x: Its new value.
    """
    return x.assign(new_x)


def update_add(x: Variable, increment: Any) -> Variable:
    """Add ``increment`` to ``x`` in place and return it.

    Args:
        x: A variable.
        increment: The value to add.
    """
    return x.assign_add(increment)


def update_sub(x: Variable, decrement: Any) -> Variable:
    """Subtract ``decrement`` from ``x`` in place and return it.

    Args:
        x: A variable.
        decrement: The value to subtract.
    """
    return x.assign_sub(decrement)


def moving_average_update(x: Variable, value: Any, momentum: float) -> Variable:
    """``x = momentum * x + (1 - momentum) * value``, in place.

    Args:
        x: A variable.
        value: The new observation.
        momentum: The weight of the old value.
    """
    value = ops.convert_to_tensor(value, dtype=ops.dtype(x))
    return x.assign_sub((ops.convert_to_tensor(x) - value) * (1.0 - momentum))


def print_tensor(x: Any, message: str = "", summarize: int = 3) -> Any:
    """Print ``message`` and the value of ``x``; return ``x`` unchanged.

    Args:
        x: A tensor.
        message: Printed before the value.
        summarize: Ignored (kept for Keras 2 signatures).
    """
    del summarize
    print(message, ops.convert_to_numpy(x))
    return x


def stop_gradient(variables: Any) -> Any:
    """``variables`` with gradients blocked (a list in gives a list out).

    Args:
        variables: A tensor or a list of tensors.
    """
    if isinstance(variables, (list, tuple)):
        return [ops.stop_gradient(v) for v in variables]
    return ops.stop_gradient(variables)


def is_sparse(tensor: Any) -> bool:
    """Whether ``tensor`` is a sparse tensor.

    Args:
        tensor: A tensor.
    """
    return bool(getattr(tensor, "is_sparse", False))


def to_dense(tensor: Any) -> Any:
    """A dense version of ``tensor`` (dense tensors come back unchanged).

    Args:
        tensor: A tensor.
    """
    return tensor.to_dense() if is_sparse(tensor) else tensor


def manual_variable_initialization(value: bool) -> None:
    """Record Keras 2's flag; variables here always hold their value from creation.

    Args:
        value: The flag.
    """
    _FLAGS["manual_variable_initialization"] = bool(value)


def identity(x: Any, name: str | None = None) -> Any:
    """A tensor with the same content as ``x`` (a copy, not a view).

    Args:
        x: A tensor.
        name: Ignored.
    """
    del name
    return ops.copy(x)


def is_tensor(x: Any) -> bool:
    """Whether ``x`` is a tensor or variable (Keras 2.2's ``K.is_tensor``).

    Args:
        x: Any value.
    """
    return ops.is_tensor(x)
