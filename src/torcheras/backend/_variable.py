"""``keras.Variable``: a ``torch.nn.Parameter`` with Keras's name, path and methods.

Being a Parameter keeps it a first-class torch object (``state_dict``, optimizers,
``torch.compile``) at no per-op cost: Parameter subclasses skip ``__torch_function__``.
"""

from __future__ import annotations

import numpy as np
import torch

from torcheras.backend import _device, _scopes
from torcheras.backend._trainable_version import TRAINABLE_VERSION


class Variable(torch.nn.Parameter):
    """A weight: a tensor with a name, a ``trainable`` flag and Keras's methods.

    Args:
        initializer: Initial value (array or tensor) or a callable ``(shape, dtype)``.
        shape: Needed when ``initializer`` is a callable.
        dtype: Keras dtype string; defaults to ``keras.config.floatx()``.
        trainable: Whether the optimizer updates it.
        name: Short name, e.g. ``"kernel"``.

    Example:

    >>> v = Variable(np.ones((2, 3)), name="kernel")
    >>> tuple(v.shape), v.name
    ((2, 3), 'kernel')
    """

    def __new__(cls, initializer=None, shape=None, dtype=None, trainable=True, name=None,
                **kwargs):
        if callable(initializer) and not isinstance(initializer, (torch.Tensor, np.ndarray)):
            if shape is None:
                raise ValueError(
                    "When creating a Variable from a callable initializer, "
                    f"pass `shape`. Received: shape={shape!r}"
                )
            value = initializer(tuple(shape), dtype=dtype)
        else:
            value = initializer
        torch_dtype = _device.to_torch_dtype(dtype) if dtype is not None else None
        data = _device.convert_to_tensor(value, dtype=torch_dtype)
        if torch_dtype is None and data.is_floating_point():
            data = data.to(_device.to_torch_dtype(None))
        requires_grad = bool(trainable) and (data.is_floating_point() or data.is_complex())
        self = super().__new__(cls, data.detach().clone(), requires_grad=requires_grad)
        self._trainable = bool(trainable)
        # Keras lists a layer's weights by this, not by the current flag: a kernel frozen
        # after creation (LoRA) keeps its place in `weights` and in saved files.
        self._created_trainable = self._trainable
        self._kname = name or "variable"
        scope_path = _scopes.current_path()
        self._path = f"{scope_path}/{self._kname}" if scope_path else self._kname
        return self

    def __init__(self, *args, **kwargs):  # state is set in __new__
        pass

    # Keras surface ---------------------------------------------------------------------
    @property
    def name(self) -> str:
        return self._kname

    @property
    def path(self) -> str:
        return self._path

    @property
    def trainable(self) -> bool:
        return self._trainable

    @trainable.setter
    def trainable(self, value: bool) -> None:
        self._trainable = bool(value)
        self.requires_grad_(self._trainable and self.is_floating_point())
        TRAINABLE_VERSION.bump()

    @property
    def value(self) -> torch.Tensor:
        """The tensor itself, as Keras's torch backend returns its Parameter: autograd
        fills ``v.value.grad`` (the Keras 3 "custom train_step in torch" guide reads it)."""
        return self

    def numpy(self) -> np.ndarray:
        # A copy, as in Keras: `w0 = model.get_weights()` must not follow later training
        # (on the CPU, torch's `.numpy()` would share the weight's memory).
        array = _device.convert_to_numpy(self)
        return array.copy() if self.device.type == "cpu" else array

    def assign(self, value) -> Variable:
        new = _device.convert_to_tensor(value)
        if tuple(new.shape) != tuple(self.shape):
            raise ValueError(
                f"The shape of the target variable and the shape of the target value in "
                f"`variable.assign(value)` must match. variable.shape={tuple(self.shape)}, "
                f"Received: value.shape={tuple(new.shape)}. Target variable: {self.path}"
            )
        _track_in_stateless_scope(self)
        with torch.no_grad():
            self.copy_(new)
        return self

    def assign_add(self, value) -> Variable:
        _track_in_stateless_scope(self)
        with torch.no_grad():
            self.add_(_device.convert_to_tensor(value, dtype=self.dtype))
        return self

    def assign_sub(self, value) -> Variable:
        _track_in_stateless_scope(self)
        with torch.no_grad():
            self.sub_(_device.convert_to_tensor(value, dtype=self.dtype))
        return self

    def __repr__(self) -> str:
        return (
            f"<Variable path={self._path}, shape={tuple(self.shape)}, "
            f"dtype={_device.standardize_dtype(self.dtype)}, value={self.numpy()!r}>"
        )

    def __deepcopy__(self, memo):
        if id(self) in memo:
            return memo[id(self)]
        new = Variable(self.detach().clone(), trainable=self._trainable, name=self._kname)
        new._path = self._path
        memo[id(self)] = new
        return new

    def __reduce_ex__(self, proto):
        return (_rebuild_variable, (self.numpy(), self._trainable, self._kname, self._path))


def _track_in_stateless_scope(variable: Variable) -> None:
    # Inside a StatelessScope an assignment must not outlive the scope.
    scope = _scopes.get_stateless_scope()
    if scope is not None:
        scope.track_assignment(variable)


def _rebuild_variable(array, trainable, name, path):
    v = Variable(array, trainable=trainable, name=name)
    v._path = path
    return v
