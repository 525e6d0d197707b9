"""``keras.Operation``: a callable that computes eagerly or records a node on KerasTensors.

Every op of ``keras.ops`` called on a ``KerasTensor`` creates one of these; users subclass it
to write their own ops, as in Keras 3. Operations are shown by ``summary()`` and
``plot_model`` but are not part of ``model.layers``.
"""

from __future__ import annotations

import inspect

from torcheras.layers import _shape_inference
from torcheras.layers._keras_tensor import any_symbolic
from torcheras.layers._layer import Layer
from torcheras.layers._node import Node


class Operation(Layer):
    """Base class of ops: ``call`` computes on tensors, ``compute_output_spec`` on symbols.

    Args:
        name: Optional name; a unique one is made from the class name otherwise.

    Example:

    >>> import torch
    >>> class Double(Operation):
    ...     def call(self, x):
    ...         return x * 2
    >>> Double()(torch.tensor([1.0, 2.0]))
    tensor([2., 4.])
    """

    _is_operation = True
    _auto_config = None

    def __new__(cls, *args, **kwargs):
        instance = super().__new__(cls)
        # As Keras: remember plain constructor arguments, so that subclasses without their
        # own get_config() still serialize.
        object.__setattr__(instance, "_auto_config", _plain_arguments(cls, args, kwargs))
        return instance

    def __init__(self, name: str | None = None, **kwargs):
        if name is not None and (not isinstance(name, str) or "/" in name):
            raise ValueError(
                "Argument `name` must be a string and cannot contain character `/`. "
                f"Received: name={name!r} (of type {type(name)})"
            )
        super().__init__(name=name, autocast=False, **kwargs)
        self.built = True

    def __call__(self, *args, **kwargs):
        if any_symbolic(args) or any_symbolic(kwargs):
            return self.symbolic_call(*args, **kwargs)
        return self.call(*args, **kwargs)

    def symbolic_call(self, *args, **kwargs):
        """Record a node for a call on KerasTensors and return its symbolic outputs."""
        outputs = self.compute_output_spec(*args, **kwargs)
        Node(self, args, kwargs, outputs)
        return outputs

    def call(self, *args, **kwargs):
        raise NotImplementedError(
            f"Operation {type(self).__name__} does not implement `call()`."
        )

    def compute_output_spec(self, *args, **kwargs):
        """KerasTensors describing the outputs; by default found by running ``call`` on
        small stand-in tensors."""
        return _shape_inference.trace_output_spec(self, args, kwargs)

    def get_config(self) -> dict:
        """``{"name": ...}`` plus, for subclasses that do not define ``get_config``, the
        arguments their constructor received (when they are plain Python values)."""
        config = {"name": self.name}
        if type(self).get_config is not Operation.get_config:
            return config
        if self._auto_config is None:
            raise NotImplementedError(
                f"Object {type(self).__name__} was created by passing non-serializable "
                "argument values in `__init__()`, and therefore the object must override "
                "`get_config()` in order to be serializable. Please implement "
                "`get_config()`."
            )
        config.update(self._auto_config)
        return config

    @classmethod
    def from_config(cls, config: dict):
        return cls(**config)


_PLAIN = (str, int, float, bool, type(None))


def _is_plain(value) -> bool:
    if isinstance(value, (list, tuple)):
        return all(_is_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _is_plain(v) for k, v in value.items())
    return isinstance(value, _PLAIN)


def _plain_arguments(cls, args, kwargs) -> dict | None:
    """The constructor's arguments by name, or None when some are not plain values."""
    try:
        bound = inspect.signature(cls.__init__).bind(None, *args, **kwargs)
    except TypeError:
        return None
    config = {}
    for name, value in list(bound.arguments.items())[1:]:
        param = bound.signature.parameters[name]
        if param.kind is param.VAR_KEYWORD:
            config.update(value)
        elif param.kind is param.VAR_POSITIONAL:
            if value:
                return None
        else:
            config[name] = value
    config.pop("name", None)
    return config if _is_plain(config) else None
