"""Symbolic tensors: a shape and a dtype, and the layer call that produced them.

Calling a layer on a ``KerasTensor`` records a node instead of computing, which is how
functional models (and Sequential models, once their input shape is known) are built.
"""

from __future__ import annotations

from torcheras.backend import _device

# The nested-structure helpers live in keras.tree; re-exported for existing importers.
from torcheras.tree import flatten, map_structure  # noqa: F401
from torcheras.tree import pack_sequence_as as pack_like  # noqa: F401


class KerasTensor:
    """A placeholder with a shape (``None`` for unknown dimensions) and a dtype.

    Args:
        shape: Tuple of ints or ``None``.
        dtype: Keras dtype name.
        name: Optional name.

    Example:

    >>> x = KerasTensor((None, 4))
    >>> x.shape, x.dtype
    ((None, 4), 'float32')
    """

    # NumPy defers to our reflected operators (`array @ x` records a layer).
    __array_ufunc__ = None

    def __init__(self, shape, dtype="float32", name: str | None = None, sparse: bool = False):
        self.shape = tuple(None if d is None else int(d) for d in shape)
        self.dtype = _device.standardize_dtype(dtype)
        self.name = name
        self.sparse = bool(sparse)
        # (layer, node_index, tensor_index): which call produced this tensor.
        self._keras_history = None
        self._keras_mask = None

    @property
    def ndim(self) -> int:
        return len(self.shape)

    def __repr__(self) -> str:
        return f"<KerasTensor shape={self.shape}, dtype={self.dtype}, name={self.name}>"

    def __len__(self):
        raise TypeError("A symbolic KerasTensor has no length; use `.shape`.")

    def __bool__(self):
        raise TypeError("A symbolic KerasTensor cannot be used as a Python bool.")

    def __iter__(self):
        raise TypeError("A symbolic KerasTensor is not iterable; index it instead.")

    # Operators record tensor-op layers, as Keras records its op layers.
    def _op(self, fn_name, *args, **kwargs):
        # Cycle: tensor_op's layers subclass Layer, which imports this module for KerasTensor.
        from torcheras.layers._tensor_op import tensor_op

        return tensor_op(fn_name, kwargs)(self, *args)

    def __add__(self, other):
        return self._op("add", other)

    def __radd__(self, other):
        return self._op("radd", other)

    def __sub__(self, other):
        return self._op("sub", other)

    def __rsub__(self, other):
        return self._op("rsub", other)

    def __mul__(self, other):
        return self._op("mul", other)

    def __rmul__(self, other):
        return self._op("rmul", other)

    def __truediv__(self, other):
        return self._op("truediv", other)

    def __rtruediv__(self, other):
        return self._op("rtruediv", other)

    def __matmul__(self, other):
        return self._op("matmul", other)

    def __pow__(self, other):
        return self._op("pow", other)

    def __neg__(self):
        return self._op("neg")

    def __abs__(self):
        return self._op("abs")

    def __rmatmul__(self, other):
        return self._op("rmatmul", other)

    def __rpow__(self, other):
        return self._op("rpow", other)

    def __floordiv__(self, other):
        return self._op("floordiv", other)

    def __rfloordiv__(self, other):
        return self._op("rfloordiv", other)

    def __mod__(self, other):
        return self._op("mod", other)

    def __rmod__(self, other):
        return self._op("rmod", other)

    # Comparisons and logic, as Keras's KerasTensor has them (`==` stays identity).
    def __lt__(self, other):
        return self._op("lt", other)

    def __le__(self, other):
        return self._op("le", other)

    def __gt__(self, other):
        return self._op("gt", other)

    def __ge__(self, other):
        return self._op("ge", other)

    def __ne__(self, other):
        return self._op("ne", other)

    __hash__ = object.__hash__

    def __and__(self, other):
        return self._op("and", other)

    def __rand__(self, other):
        return self._op("rand", other)

    def __or__(self, other):
        return self._op("or", other)

    def __ror__(self, other):
        return self._op("ror", other)

    def __xor__(self, other):
        return self._op("xor", other)

    def __rxor__(self, other):
        return self._op("rxor", other)

    def __invert__(self):
        return self._op("invert")

    def __round__(self, ndigits=None):
        return self._op("round", decimals=ndigits or 0)

    def __getitem__(self, key):
        return self._op("getitem", key=key)


def is_symbolic(x) -> bool:
    return isinstance(x, KerasTensor)


def any_symbolic(structure) -> bool:
    if isinstance(structure, KerasTensor):
        return True
    if isinstance(structure, (list, tuple)):
        return any(any_symbolic(s) for s in structure)
    if isinstance(structure, dict):
        return any(any_symbolic(s) for s in structure.values())
    return False
