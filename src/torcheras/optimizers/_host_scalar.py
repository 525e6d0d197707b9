"""Scalar optimizer state that lives on the host: the step counter and the learning rate.

Keras keeps ``iterations`` and ``learning_rate`` as 0-d device variables. Reading them
back every step would cost a device sync, and updating them would cost a kernel launch,
so torcheras keeps them as Python numbers wrapped in a small object that still answers
the Keras variable surface (``numpy()``, ``assign()``, ``float()``, arithmetic) used by
callbacks and old programs (``K.set_value(opt.lr, 1e-4)``).
"""

from __future__ import annotations

import operator

import numpy as np
import torch

from torcheras.backend import _device


class HostScalar:
    """A 0-d, non-trainable optimizer variable held as a Python number.

    Args:
        value: Initial value.
        dtype: Keras dtype name: ``"int64"`` for counters, a float type otherwise.
        name: Short name, e.g. ``"iteration"``.
        path: ``"<optimizer name>/<name>"``.
        read_only: Refuse ``assign`` (used for derived values).
    """

    __slots__ = ("_value", "_dtype", "_name", "_path", "_read_only", "__weakref__")

    def __init__(self, value, dtype: str, name: str, path: str | None = None,
                 read_only: bool = False) -> None:
        self._dtype = dtype
        self._name = name
        self._path = path or name
        self._read_only = read_only
        self._value = self._coerce(value)

    # Keras variable surface -------------------------------------------------------------
    @property
    def name(self) -> str:
        return self._name

    @property
    def path(self) -> str:
        return self._path

    @property
    def dtype(self) -> str:
        return self._dtype

    @property
    def shape(self) -> tuple:
        return ()

    @property
    def ndim(self) -> int:
        return 0

    @property
    def trainable(self) -> bool:
        return False

    @property
    def value(self) -> torch.Tensor:
        return torch.tensor(self._value, dtype=_device.to_torch_dtype(self._dtype))

    def numpy(self) -> np.ndarray:
        return np.array(self._value, dtype=self._dtype)

    def assign(self, value) -> HostScalar:
        if self._read_only:
            raise ValueError(
                f"`{self._path}` is derived from other optimizer state and cannot be "
                f"assigned. Received: value={value!r}"
            )
        self._value = self._coerce(value)
        return self

    def assign_add(self, value) -> HostScalar:
        return self.assign(self._value + self._coerce(value))

    def assign_sub(self, value) -> HostScalar:
        return self.assign(self._value - self._coerce(value))

    # Hooks read by torcheras.backend.get_value / set_value (Keras 2 spelling).
    def _get_value_for_keras(self):
        return self.numpy()[()]

    def _set_value_for_keras(self, value) -> None:
        self.assign(value)

    def _coerce(self, value):
        if isinstance(value, HostScalar):
            value = value._value
        elif isinstance(value, torch.Tensor):
            value = _device.convert_to_numpy(value)
        if isinstance(value, np.ndarray):
            if value.size != 1:
                raise ValueError(
                    f"`{self._path}` is a scalar; it can only be assigned a single "
                    f"number. Received: value with shape {value.shape}"
                )
            value = value.reshape(()).item()
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.number)):
            raise TypeError(
                f"`{self._path}` can only be assigned a number. "
                f"Received: value={value!r} (of type {type(value).__name__})"
            )
        if self._dtype.startswith("int"):
            return int(value)
        # Round through the stored dtype, as a Keras float32 variable would.
        return float(np.array(value, dtype=self._dtype))

    # Python number protocol -------------------------------------------------------------
    def __float__(self) -> float:
        return float(self._value)

    def __int__(self) -> int:
        return int(self._value)

    def __index__(self) -> int:
        if not isinstance(self._value, int):
            raise TypeError(f"`{self._path}` is a float and cannot be used as an index.")
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __array__(self, dtype=None, copy=None):
        out = self.numpy()
        return out if dtype is None else out.astype(dtype)

    def __format__(self, spec: str) -> str:
        return format(self._value, spec)

    def __repr__(self) -> str:
        return (f"<Variable path={self._path}, shape=(), dtype={self._dtype}, "
                f"value={self._value}>")

    def __hash__(self) -> int:
        return id(self)

    def __neg__(self):
        return -self._value

    def __abs__(self):
        return abs(self._value)


def _binary(op, reflected: bool = False, compare: bool = False):
    def method(self, other):
        if isinstance(other, HostScalar):
            other = other._value
        elif not isinstance(other, (int, float, np.number)):
            return NotImplemented
        elif compare and isinstance(self._value, float):
            # Compare in the variable's dtype, as a float32 Keras variable would.
            other = float(np.array(other, dtype=self._dtype))
        return op(other, self._value) if reflected else op(self._value, other)
    return method


for _name, _op in [("add", operator.add), ("sub", operator.sub), ("mul", operator.mul),
                   ("truediv", operator.truediv), ("floordiv", operator.floordiv),
                   ("mod", operator.mod), ("pow", operator.pow)]:
    setattr(HostScalar, f"__{_name}__", _binary(_op))
    setattr(HostScalar, f"__r{_name}__", _binary(_op, reflected=True))
for _name, _op in [("eq", operator.eq), ("ne", operator.ne), ("lt", operator.lt),
                   ("le", operator.le), ("gt", operator.gt), ("ge", operator.ge)]:
    setattr(HostScalar, f"__{_name}__", _binary(_op, compare=True))
