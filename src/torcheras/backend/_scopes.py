"""Keras 3's context managers: ``keras.name_scope``, ``keras.device`` and
``keras.StatelessScope``.

A StatelessScope on torch: the variables it maps (and any variable assigned inside it)
hold the scope's values while it is open; on exit each gets its own value back and the
values it ended with stay readable through ``scope.get_current_value(variable)``. So code
inside the scope computes with the mapped values and leaves the model's state untouched.
"""

from __future__ import annotations

import re
import threading

import torch

from torcheras.backend import _device

_LOCAL = threading.local()
_DEVICE_PATTERN = re.compile(r"^(cpu|gpu|cuda|mps|meta|xpu)(:\d+)?$")


def _stack(attr: str) -> list:
    stack = getattr(_LOCAL, attr, None)
    if stack is None:
        stack = []
        setattr(_LOCAL, attr, stack)
    return stack


class name_scope:  # noqa: N801  (Keras's spelling)
    """Creates a sub-namespace for variable paths.

    Args:
        name: Name of the scope (a non-empty string without ``/`` at its ends).
        caller: Optional object that opened the scope; with ``deduplicate``, a scope opened
            by the same caller with the same name as the current one is not nested again.
        deduplicate: Whether to skip re-entering the same scope (see ``caller``).
        override_parent: A path that replaces the enclosing scopes' path.

    Example:

    >>> with name_scope("outer"):
    ...     with name_scope("inner"):
    ...         current_path()
    'outer/inner'
    """

    def __init__(self, name: str, caller=None, deduplicate: bool = True,
                 override_parent: str | None = None):
        if not isinstance(name, str) or "/" in name:
            raise ValueError(
                "Argument `name` must be a string and cannot contain character `/`. "
                f"Received: name={name!r}"
            )
        self.name = name
        self.caller = caller
        self.deduplicate = deduplicate
        self.override_parent = override_parent
        self._pop_on_exit = False

    def __enter__(self):
        stack = _stack("name_scopes")
        if self.deduplicate and stack and self.caller is not None:
            top = stack[-1]
            if top.caller is self.caller and top.name == self.name:
                return self
        stack.append(self)
        self._pop_on_exit = True
        return self

    def __exit__(self, *exc):
        if self._pop_on_exit:
            _stack("name_scopes").pop()
            self._pop_on_exit = False
        return False


def current_path() -> str:
    """The ``/``-joined names of the open name scopes (``""`` outside any)."""
    parts: list[str] = []
    for scope in _stack("name_scopes"):
        if scope.override_parent is not None:
            parts = [p for p in scope.override_parent.strip("/").split("/") if p]
        parts.append(scope.name)
    return "/".join(parts)


class device:  # noqa: N801  (Keras exports a function-like lower-case name)
    """Places the tensors and weights created inside it on ``device_name``.

    Args:
        device_name: ``"cpu"``, ``"gpu"``, ``"gpu:0"``, ``"cuda:1"``, ... (``gpu`` means
            CUDA, as on Keras's torch backend).

    Example:

    >>> with device("cpu"):
    ...     _device.get_device().type
    'cpu'
    """

    def __init__(self, device_name: str):
        if not isinstance(device_name, str) or not _DEVICE_PATTERN.match(device_name.lower()):
            raise ValueError(
                "Invalid value for argument `device_name`. Expected a string like 'gpu:0' "
                f"or 'cpu'. Received: device_name={device_name!r}"
            )
        name = device_name.lower()
        if name.startswith("gpu"):
            name = "cuda" + name[3:]
        self.device_name = device_name
        self._device = torch.device(name)

    def __enter__(self):
        self._previous = _device._device
        _device._device = self._device
        return self

    def __exit__(self, *exc):
        _device._device = self._previous
        return False


class StatelessScope:
    """A scope in which variables read the values given in ``state_mapping`` and
    assignments do not change the variables themselves.

    Args:
        state_mapping: Pairs ``(variable, value)``: inside the scope ``variable`` holds
            ``value`` (same shape).
        collect_losses: Whether losses added by layers inside the scope are collected in
            ``scope.losses``.
        initialize_variables: Kept for Keras compatibility: torch variables always hold
            their initial values, so there is nothing to defer.

    Example:

    >>> import torcheras as keras
    >>> v = keras.Variable(1.0)
    >>> with StatelessScope(state_mapping=[(v, 5.0)]) as scope:
    ...     inside = (v * 2).item()
    ...     _ = v.assign(7.0)
    >>> inside, v.item(), scope.get_current_value(v).item()
    (10.0, 1.0, 7.0)
    """

    def __init__(self, state_mapping=None, collect_losses: bool = False,
                 initialize_variables: bool = True):
        self.collect_losses = bool(collect_losses)
        self.initialize_variables = bool(initialize_variables)
        self.losses: list = []
        self.state_mapping: dict = {}
        self._variables: dict = {}
        self._originals: dict = {}
        for pair in state_mapping or []:
            if not isinstance(pair, (list, tuple)) or len(pair) != 2:
                raise ValueError(
                    "Argument `state_mapping` must be a list of tuples `(variable, value)`. "
                    f"Received an item: {pair!r}"
                )
            variable, value = pair
            if not isinstance(variable, torch.Tensor) or not hasattr(variable, "assign"):
                raise ValueError(
                    "Invalid reference variable in StatelessScope: all keys in argument "
                    "`state_mapping` must be Variable instances. "
                    f"Received instead: {variable!r}"
                )
            value = _device.convert_to_tensor(value, dtype=variable.dtype,
                                              device=variable.device)
            if tuple(value.shape) != tuple(variable.shape):
                raise ValueError(
                    "Invalid variable value in StatelessScope: all values in argument "
                    "`state_mapping` must be tensors with a shape that matches the "
                    f"corresponding variable shape. For variable {variable.path}, received "
                    f"invalid value {value!r} with shape {tuple(value.shape)}."
                )
            self._variables[id(variable)] = variable
            self.state_mapping[id(variable)] = value

    def __enter__(self):
        for key, variable in self._variables.items():
            self._swap_in(variable, self.state_mapping[key])
        _stack("stateless_scopes").append(self)
        return self

    def _swap_in(self, variable, value) -> None:
        self._originals[id(variable)] = variable.data
        variable.data = value.clone()

    def track_assignment(self, variable) -> None:
        """Before ``variable`` is first assigned inside the scope, keep its own value."""
        if id(variable) not in self._originals:
            self._variables[id(variable)] = variable
            self._swap_in(variable, variable.data)

    def add_loss(self, loss) -> None:
        """Collect a loss added inside the scope (with ``collect_losses=True``)."""
        self.losses.append(loss)

    def add_update(self, update) -> None:
        """Record ``(variable, value)`` as the variable's value in this scope."""
        variable, value = update
        self.track_assignment(variable)
        with torch.no_grad():
            variable.data.copy_(_device.convert_to_tensor(value, dtype=variable.dtype,
                                                          device=variable.device))

    def get_current_value(self, variable):
        """The value ``variable`` has (or ended with) in this scope, or ``None`` if the scope
        neither mapped nor assigned it."""
        if id(variable) not in self._variables:
            return None
        if id(variable) in self._originals:  # the scope is open
            return variable.data
        return self.state_mapping.get(id(variable))

    def __exit__(self, *exc):
        stack = _stack("stateless_scopes")
        if stack and stack[-1] is self:
            stack.pop()
        for key, original in self._originals.items():
            variable = self._variables[key]
            self.state_mapping[key] = variable.data
            variable.data = original
        self._originals = {}
        return False


def in_stateless_scope() -> bool:
    """Whether a ``StatelessScope`` is open."""
    return bool(_stack("stateless_scopes"))


def get_stateless_scope() -> StatelessScope | None:
    """The innermost open ``StatelessScope``, or ``None``."""
    stack = _stack("stateless_scopes")
    return stack[-1] if stack else None
