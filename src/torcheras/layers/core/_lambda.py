"""``Lambda``: wraps a Python function as a layer."""

from __future__ import annotations

import codecs
import inspect
import marshal
import types
from typing import Any

import torcheras
from torcheras import activations
from torcheras.layers import _shape_inference
from torcheras.layers._keras_tensor import KerasTensor
from torcheras.layers._layer import Layer, _spec_from_shape
from torcheras.tree import flatten, map_structure

_PLAIN = (int, float, str, bool, type(None))


def _is_python_lambda(fn) -> bool:
    return isinstance(fn, types.LambdaType) and fn.__name__ == "<lambda>"


def _plain_data(value) -> bool:
    if isinstance(value, _PLAIN):
        return True
    if isinstance(value, (list, tuple)):
        return all(_plain_data(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain_data(v) for k, v in value.items())
    return False


def _shape_like(value) -> bool:
    return isinstance(value, (list, tuple)) and all(
        d is None or (hasattr(d, "__index__") and not isinstance(d, bool)) for d in value)


def dump_lambda(fn, layer_name: str) -> dict:
    """Keras's ``__lambda__`` config: the bytecode in base64, defaults and closure."""
    defaults = fn.__defaults__
    closure = tuple(c.cell_contents for c in fn.__closure__) if fn.__closure__ else None
    for what, value in (("default arguments", defaults), ("closure", closure)):
        if value is not None and not _plain_data(value):
            kinds = sorted({type(v).__name__ for v in value if not _plain_data(v)})
            raise ValueError(
                f"The Python lambda of Lambda layer '{layer_name}' cannot be serialized: "
                f"its {what} hold objects of type {', '.join(kinds)}, which cannot be "
                "stored in a config. Use a named function (`def`) instead and pass it in "
                "`custom_objects` when loading."
            )
    code = codecs.encode(marshal.dumps(fn.__code__), "base64").decode("ascii")
    return {"class_name": "__lambda__",
            "config": {"code": code, "defaults": defaults, "closure": closure}}


def load_lambda(config: dict):
    """Inverse of :func:`dump_lambda` (runs stored bytecode: only for trusted configs)."""
    inner = config["config"]
    code = marshal.loads(codecs.decode(inner["code"].encode("ascii"), "base64"))
    closure = inner.get("closure")
    cells = None
    if closure is not None:
        cells = tuple(types.CellType(v) for v in closure)
    defaults = inner.get("defaults")
    if isinstance(defaults, list):
        defaults = tuple(defaults)
    return types.FunctionType(code, _lambda_globals(), code.co_name, defaults, cells)


def _lambda_globals() -> dict:
    import numpy
    import torch

    return {"__builtins__": __builtins__, "torch": torch, "np": numpy, "numpy": numpy,
            "keras": torcheras, "torcheras": torcheras}


def serialize_function(fn, layer_name: str):
    if _is_python_lambda(fn):
        return dump_lambda(fn, layer_name)
    name = getattr(fn, "__name__", None)
    if name is None:
        raise ValueError(
            f"Invalid input type for serialization. Received: {fn!r} of type {type(fn)}."
        )
    # Keras stores plain functions by name; they are found again through custom_objects.
    return {"module": "builtins", "class_name": "function", "config": name,
            "registered_name": "function"}


def deserialize_function(config, custom_objects, safe_mode, argument: str):
    if isinstance(config, dict) and config.get("class_name") == "__lambda__":
        if safe_mode:
            raise ValueError(
                "Requested the deserialization of a `Lambda` layer whose "
                f"`{argument}` is a Python lambda. This carries a potential risk of "
                "arbitrary code execution and thus it is disallowed by default. If you "
                "trust the source of the config, pass `safe_mode=False`."
            )
        return load_lambda(config)
    if callable(config):
        return config
    if isinstance(config, dict) and config.get("class_name") == "function":
        name = config.get("config")
    elif isinstance(config, str):
        name = config
    else:
        return config
    if custom_objects and name in custom_objects:
        return custom_objects[name]
    if name in activations.__all__:
        return getattr(activations, name)
    raise ValueError(
        f"Could not locate function '{name}' for the `{argument}` of a Lambda layer. "
        f"Pass it in `custom_objects`, e.g. custom_objects={{'{name}': {name}}}."
    )


class Lambda(Layer):
    """Wraps an arbitrary expression as a layer.

    Args:
        function: Callable taking the input tensor (or list of tensors) as first argument.
        output_shape: Output shape without the batch dimension (a tuple, or a list of
            tuples for several outputs), or a function of the full input shape. When
            ``None`` it is found by running ``function`` on a small zero tensor.
        mask: ``None``, a callable ``mask(inputs, previous_mask)``, or a fixed mask.
        arguments: Dict of keyword arguments passed to ``function``.

    Example:

    >>> import torcheras as keras
    >>> Lambda(lambda x: x[:, :2])(keras.Input(shape=(4,))).shape
    (None, 2)
    """

    def __init__(self, function, output_shape=None, mask=None, arguments=None, **kwargs):
        super().__init__(**kwargs)
        if not callable(function):
            raise TypeError(
                "Argument `function` of Lambda must be callable. "
                f"Received: function={function!r} (of type {type(function).__name__})"
            )
        if arguments is not None and not isinstance(arguments, dict):
            raise TypeError(
                f"Argument `arguments` of Lambda must be a dict. Received: arguments={arguments!r}"
            )
        if output_shape is not None and not callable(output_shape):
            output_shape = self._standardize_output_shape(output_shape)
        self.function = function
        self.arguments = dict(arguments or {})
        self.mask = mask
        self.supports_masking = mask is not None
        self._output_shape = output_shape
        try:
            params = inspect.signature(function).parameters
        except (TypeError, ValueError):  # builtins such as torch.square have no signature
            params = {}
        self._fn_expects_training_arg = "training" in params
        self._fn_expects_mask_arg = "mask" in params
        self.built = True

    @staticmethod
    def _standardize_output_shape(shape):
        if _shape_like(shape):
            return tuple(None if d is None else int(d) for d in shape)
        if isinstance(shape, (list, tuple)) and shape and all(_shape_like(s) for s in shape):
            return [tuple(s) for s in shape]
        raise TypeError(
            "Argument `output_shape` of Lambda must be a tuple of integers, a list of "
            f"tuples, or a function. Received: output_shape={shape!r}"
        )

    def call(self, inputs, mask=None, training=None):
        kwargs = dict(self.arguments)
        if self._fn_expects_mask_arg:
            kwargs["mask"] = mask
        if self._fn_expects_training_arg:
            kwargs["training"] = training
        return self.function(inputs, **kwargs)

    def compute_mask(self, inputs, previous_mask=None):
        if callable(self.mask):
            return self.mask(inputs, previous_mask)
        return self.mask

    def compute_output_shape(self, input_shape):
        if self._output_shape is None:
            inputs = _shape_structure_to_tensors(input_shape, self.compute_dtype)
            try:
                spec = _shape_inference.trace_output_spec(self, (inputs,), {})
            except Exception as e:
                raise NotImplementedError(
                    "We could not automatically infer the shape of the Lambda's output. "
                    "Please specify the `output_shape` argument for this Lambda layer."
                ) from e
            return map_structure(lambda t: t.shape, spec)
        if callable(self._output_shape):
            return self._output_shape(input_shape)
        batch = flatten(_shape_tuples(input_shape))[0]
        if isinstance(self._output_shape, list):
            return [(batch,) + s for s in self._output_shape]
        return (batch,) + self._output_shape

    def compute_output_spec(self, *args, **kwargs):
        if self._output_shape is None:
            return _shape_inference.trace_output_spec(self, args, kwargs)
        first = args[0]
        shape = self.compute_output_shape(map_structure(
            lambda t: t.shape if isinstance(t, KerasTensor) else t, first))
        return _spec_from_shape(shape, self.compute_dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        config["function"] = serialize_function(self.function, self.name)
        if self._output_shape is not None:
            config["output_shape"] = (serialize_function(self._output_shape, self.name)
                                      if callable(self._output_shape) else self._output_shape)
        if self.mask is not None:
            if callable(self.mask):
                config["mask"] = serialize_function(self.mask, self.name)
            else:
                config["mask"] = self.mask
        config["arguments"] = dict(self.arguments)
        return config

    @classmethod
    def from_config(cls, config: dict, custom_objects: dict | None = None,
                    safe_mode: bool | None = None):
        config = dict(config)
        safe = safe_mode is not False
        config["function"] = deserialize_function(config["function"], custom_objects, safe,
                                                  "function")
        shape = config.get("output_shape")
        if isinstance(shape, dict):
            config["output_shape"] = deserialize_function(shape, custom_objects, safe,
                                                          "output_shape")
        if isinstance(config.get("mask"), dict):
            config["mask"] = deserialize_function(config["mask"], custom_objects, safe, "mask")
        return cls(**config)


def _shape_tuples(shape):
    """A shape, or a nested list of shapes, as tuples (flatten-able to dimensions)."""
    if isinstance(shape, (list, tuple)) and shape and isinstance(shape[0], (list, tuple)):
        return [tuple(s) for s in shape]
    return [tuple(shape)]


def _shape_structure_to_tensors(shape, dtype: str) -> Any:
    if isinstance(shape, dict):
        return {k: _shape_structure_to_tensors(v, dtype) for k, v in shape.items()}
    if isinstance(shape, (list, tuple)) and shape and isinstance(shape[0], (list, tuple, dict)):
        return [_shape_structure_to_tensors(s, dtype) for s in shape]
    return KerasTensor(tuple(shape), dtype)
