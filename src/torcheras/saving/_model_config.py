"""Configs of layers and models in Keras 3's layout, and models rebuilt from them.

A functional model's config lists every layer with the calls (``inbound_nodes``) that
connect it: each argument tensor is ``__keras_tensor__`` with ``keras_history =
[layer name, node index, tensor index]``, node indices counting only this model's calls.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping

import numpy as np
import torch

from torcheras.layers._input_layer import InputLayer
from torcheras.layers._keras_tensor import KerasTensor
from torcheras.layers._layer import Layer
from torcheras.layers._tensor_op import TensorOp
from torcheras.layers.core._lambda import Lambda
from torcheras.saving import _ops
from torcheras.saving import _serialization as ser
from torcheras.saving._model_class import model_class
from torcheras.saving._safe_mode import LAMBDA_LAYER_REFUSED
from torcheras.tree import flatten, map_structure


def _model_classes():
    return model_class("Model"), model_class("Sequential"), model_class("Functional")


def _uses_default_config(layer, cls) -> bool:
    """True when ``layer``'s class keeps ``cls``'s own ``get_config`` (not a user's)."""
    Model, Sequential, Functional = _model_classes()
    own = type(layer).get_config
    return own in (cls.get_config, Model.get_config, Layer.get_config)


# ---------------------------------------------------------------------------------------
# writing
# ---------------------------------------------------------------------------------------
def layer_config(layer: Layer) -> dict:
    """The ``config`` entry of a layer's serialized dict."""
    Model, Sequential, Functional = _model_classes()
    if isinstance(layer, Sequential) and _uses_default_config(layer, Sequential):
        return sequential_config(layer)
    if isinstance(layer, Functional) and _uses_default_config(layer, Functional):
        return functional_config(layer)
    if isinstance(layer, TensorOp):
        return {"name": layer.name}
    config = layer.get_config()
    if not isinstance(config, dict):
        raise TypeError(
            f"The `get_config()` method of {layer!r} should return a dict. "
            f"It returned: {config!r}"
        )
    config = _complete_headers(ser.serialize_dict(config))
    if isinstance(config.get("dtype"), str) and not isinstance(layer, InputLayer):
        config["dtype"] = ser.dtype_policy(config["dtype"])
    if isinstance(layer, Lambda):
        _lambda_functions(layer, config)
    return config


def _lambda_functions(layer, config: dict) -> None:
    """A Lambda's functions as Keras writes them: a lambda's bytecode in Keras's
    ``__lambda__`` layout, a named function by its registered name and module."""
    for key, fn in (("function", layer.function), ("output_shape", layer._output_shape),
                    ("mask", layer.mask)):
        value = config.get(key)
        if isinstance(value, dict) and value.get("class_name") == "__lambda__":
            config[key] = ser.to_keras_lambda(value)
        elif isinstance(value, dict) and value.get("class_name") == "function" and callable(fn):
            config[key] = ser.serialize_keras_object(fn)


def _complete_headers(value):
    """Nested ``{"class_name", "config"}`` dicts (a wrapper's layer, an RNN's cell) with
    the ``module`` and ``registered_name`` Keras 3 needs to find their class."""
    if isinstance(value, list):
        return [_complete_headers(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_complete_headers(v) for v in value)
    if not isinstance(value, Mapping):
        return value
    out = {k: _complete_headers(v) for k, v in value.items()}
    if "class_name" in out and isinstance(out.get("config"), Mapping) and "module" not in out:
        cls = _public_class(out["class_name"])
        if cls is not None:
            header = ser.class_header(cls)
            out = {"module": header["module"], "class_name": out["class_name"],
                   "config": out["config"], "registered_name": header["registered_name"],
                   **{k: v for k, v in out.items()
                      if k not in ("module", "class_name", "config", "registered_name")}}
    return out


def _public_class(name):
    for table in ser._tables().values():
        obj = table.get(name)
        if isinstance(obj, type):
            return obj
    return None


def get_build_config(layer: Layer) -> dict | None:
    """``{"input_shape": ...}``: the shape a layer was built for (Keras's build config)."""
    if hasattr(layer, "get_build_config"):
        return layer.get_build_config()
    return default_build_config(layer)


def default_build_config(layer: Layer) -> dict | None:
    Model, Sequential, Functional = _model_classes()
    if isinstance(layer, (InputLayer, TensorOp)) or not layer.built:
        return None
    if isinstance(layer, Functional):
        return {"input_shape": None}
    if isinstance(layer, Sequential):
        first = layer._input_layer()
        return {"input_shape": list(first.batch_shape)} if first is not None else None
    if layer._inbound_nodes:
        shapes = _call_shapes(layer, layer._inbound_nodes[0])
        if len(shapes) > 1:
            return {"shapes_dict": shapes}
        if shapes:
            return {"input_shape": next(iter(shapes.values()))}
    shape = getattr(layer, "_build_input_shape", None)
    if shape is not None and isinstance(layer, Model) and _is_shape(shape) and shape:
        shape = [None] + list(shape[1:])  # any batch size
    if shape is None:
        return None
    return {"input_shape": _shapes_list(shape)}


def _shapes_list(shape):
    if _is_shape(shape):
        return list(shape)
    if isinstance(shape, Mapping):
        return {k: _shapes_list(v) for k, v in shape.items()}
    return [_shapes_list(s) for s in shape]


def _call_shapes(layer, node) -> dict:
    """Keras's build shapes of a call: ``{"<argument>_shape": shape}`` for each tensor
    argument (masks left out), in the order of ``call``'s signature."""
    try:
        bound = inspect.signature(layer.call).bind(*node.call_args, **node.call_kwargs)
    except TypeError:
        args = node.call_args
        return {"inputs_shape": _shapes(args[0])} if args else {}
    out = {}
    for name, value in bound.arguments.items():
        if name in ("args", "kwargs") or name == "mask" or name.endswith("_mask"):
            continue
        if any(isinstance(t, KerasTensor) for t in flatten(value)):
            out[f"{name}_shape"] = _shapes(value)
    return out


def _shapes(x):
    if isinstance(x, KerasTensor):
        return list(x.shape)
    if isinstance(x, (list, tuple)):
        return [_shapes(v) for v in x]
    if isinstance(x, Mapping):
        return {k: _shapes(v) for k, v in x.items()}
    return None


def sequential_config(model) -> dict:
    layers = [ser.serialize_keras_object(layer) for layer in model._stack]
    config = {"name": model.name, "trainable": model.trainable,
              "dtype": ser.dtype_policy(model.dtype), "layers": layers}
    first = model._input_layer()
    if first is not None:
        config["build_input_shape"] = list(first.batch_shape)
    return config


def _model_nodes(model) -> list:
    """The nodes of ``model``'s graph, parents first."""
    order, seen = [], set()
    inputs = {id(t) for t in model._model_inputs}

    def visit(tensor):
        history = tensor._keras_history
        if history is None:
            return
        layer, index, _ = history
        node = layer._inbound_nodes[index]
        if id(node) in seen:
            return
        seen.add(id(node))
        if id(tensor) not in inputs:
            for t in node.input_tensors:
                visit(t)
        order.append(node)

    for t in model._model_inputs:
        visit(t)
    for t in model._model_outputs:
        visit(t)
    return order


def functional_config(model) -> dict:
    nodes = _model_nodes(model)
    kept = {id(n) for n in nodes}
    # (layer id, original node index) -> index among this model's calls of that layer
    reindex: dict[tuple[int, int], int] = {}
    for layer in model._operations:
        count = 0
        for i, node in enumerate(layer._inbound_nodes):
            if id(node) in kept:
                reindex[(id(layer), i)] = count
                count += 1

    def tensor_config(t: KerasTensor) -> dict:
        layer, index, tensor_index = t._keras_history
        return {"class_name": "__keras_tensor__", "config": {
            "shape": list(t.shape), "dtype": t.dtype,
            "keras_history": [layer.name, reindex.get((id(layer), index), index),
                              tensor_index]}}

    def encode(value):
        if isinstance(value, KerasTensor):
            return tensor_config(value)
        if isinstance(value, (list, tuple)):
            return [encode(v) for v in value]
        if isinstance(value, Mapping):
            return {k: encode(v) for k, v in value.items()}
        return ser.serialize_keras_object(value)

    layer_configs = []
    for layer in model._operations:
        entry = ser.serialize_keras_object(layer)
        entry["name"] = layer.name
        inbound = []
        for node in layer._inbound_nodes:
            if id(node) not in kept or isinstance(layer, InputLayer):
                continue
            args, kwargs = list(node.call_args), dict(node.call_kwargs)
            if isinstance(layer, TensorOp):
                args, kwargs = _ops.node_arguments(layer, args, kwargs)
            inbound.append({"args": encode(args), "kwargs": encode(kwargs)})
        entry["inbound_nodes"] = inbound
        layer_configs.append(entry)

    def io_config(struct):
        if isinstance(struct, KerasTensor):
            layer, index, tensor_index = struct._keras_history
            return [layer.name, reindex.get((id(layer), index), index), tensor_index]
        if isinstance(struct, Mapping):
            return {k: io_config(v) for k, v in struct.items()}
        return [io_config(v) for v in struct]

    return {"name": model.name, "trainable": model.trainable, "layers": layer_configs,
            "input_layers": io_config(model._inputs_struct),
            "output_layers": io_config(model._outputs_struct)}


# ---------------------------------------------------------------------------------------
# reading
# ---------------------------------------------------------------------------------------
def layer_from_config(cls, inner: dict, objects: dict, safe: bool):
    """An instance of layer class ``cls`` from its config (models included)."""
    Model, Sequential, Functional = _model_classes()
    if isinstance(cls, type) and issubclass(cls, Sequential) and (
            cls.from_config.__func__ is Sequential.from_config.__func__):
        return sequential_from_config(cls, inner, objects, safe)
    if isinstance(cls, type) and issubclass(cls, Model) and "layers" in inner and (
            "input_layers" in inner and "output_layers" in inner) and (
            cls.from_config.__func__ in (Model.from_config.__func__,
                                         Layer.from_config.__func__)):
        # (Model.from_config itself lands here too, with this call's objects and mode.)
        return functional_from_config(cls, inner, objects, safe)
    if isinstance(cls, type) and issubclass(cls, InputLayer):
        inner = dict(inner)
        if not inner.pop("ragged", False):
            return cls(**inner)
        raise ValueError(f"Ragged inputs are not supported. Received: {inner!r}")
    if isinstance(cls, type) and issubclass(cls, Lambda):
        return _lambda_from_config(cls, inner, objects, safe)
    return ser._from_config(cls, strip_keras_only(inner), objects)


def strip_keras_only(config: dict) -> dict:
    """``config`` without the keys of :data:`_KERAS_ONLY_DEFAULTS` at their defaults, in
    nested layer configs too (a wrapper's layer, an RNN's cell)."""
    out = {}
    for key, value in config.items():
        if key in _KERAS_ONLY_DEFAULTS and value == _KERAS_ONLY_DEFAULTS[key]:
            continue
        if isinstance(value, Mapping) and isinstance(value.get("config"), Mapping):
            value = {**value, "config": strip_keras_only(dict(value["config"]))}
        elif isinstance(value, list):
            value = [{**v, "config": strip_keras_only(dict(v["config"]))}
                     if isinstance(v, Mapping) and isinstance(v.get("config"), Mapping)
                     else v for v in value]
        out[key] = value
    return out


# Keys newer Keras versions write into layer configs that mean nothing here at these values
# (quantization and LoRA are off); other values still reach the layer, which rejects them.
_KERAS_ONLY_DEFAULTS = {"quantization_config": None, "lora_rank": None, "lora_alpha": None,
                        "lora_enabled": False}


def _lambda_from_config(cls, inner: dict, objects: dict, safe: bool):
    inner = _keras2_lambda(dict(inner))
    for key in ("function", "output_shape", "mask"):
        value = inner.get(key)
        if isinstance(value, dict) and value.get("class_name") == "__lambda__":
            if safe:
                raise ValueError(LAMBDA_LAYER_REFUSED.format(argument=key))
            inner[key] = ser.from_keras_lambda(value)
        elif isinstance(value, dict) and value.get("class_name") == "function":
            try:
                inner[key] = ser._deserialize(value, objects, safe)
            except TypeError:
                pass  # left to Lambda.from_config, whose error names the function
    return cls.from_config(inner, custom_objects=objects, safe_mode=safe)


def _keras2_lambda(inner: dict) -> dict:
    """Keras 2's Lambda config (``function`` as ``[code, defaults, closure]`` with
    ``function_type``) in Keras 3's form."""
    for key, kind in (("function", "function_type"), ("output_shape", "output_shape_type")):
        style = inner.pop(kind, None)
        inner.pop("module" if key == "function" else "output_shape_module", None)
        value = inner.get(key)
        if style == "lambda" and isinstance(value, (list, tuple)):
            code, defaults, closure = (list(value) + [None, None])[:3]
            inner[key] = {"class_name": "__lambda__", "config": {
                "code": code, "defaults": defaults, "closure": closure}}
        elif style == "function" and isinstance(value, str):
            inner[key] = {"module": "builtins", "class_name": "function", "config": value,
                          "registered_name": value}
    return inner


def build_from_config(layer: Layer, build_config: Mapping) -> None:
    """Build ``layer`` for the shape in its build config, without recording a call."""
    if hasattr(layer, "build_from_config"):
        layer.build_from_config(dict(build_config))
        return
    default_build_from_config(layer, build_config)


def default_build_from_config(layer: Layer, build_config: Mapping) -> None:
    Model, Sequential, Functional = _model_classes()
    shape = build_config.get("input_shape")
    if shape is None or layer.built:
        return
    if isinstance(layer, Sequential):
        layer.build(tuple(shape))
        return
    if isinstance(layer, Model):
        with torch.no_grad():
            layer(_zeros(shape, layer.dtype))
        layer._build_input_shape = shape
        return
    layer._build_with_shapes((_spec(shape),))
    layer._build_input_shape = shape


def _is_shape(value) -> bool:
    return isinstance(value, (list, tuple)) and all(
        d is None or isinstance(d, int) for d in value)


def _spec(shape):
    if _is_shape(shape):
        return KerasTensor(tuple(shape))
    if isinstance(shape, Mapping):
        return {k: _spec(v) for k, v in shape.items()}
    return [_spec(s) for s in shape]


def _zeros(shape, dtype):
    if _is_shape(shape):
        return np.zeros([1 if d is None else d for d in shape], dtype=dtype)
    if isinstance(shape, Mapping):
        return {k: _zeros(v, dtype) for k, v in shape.items()}
    return [_zeros(s, dtype) for s in shape]


def sequential_from_config(cls, config: dict, objects: dict, safe: bool):
    config = dict(config)
    layer_configs = config.pop("layers", [])
    if isinstance(config.get("name"), dict):
        config["name"] = None
    model = cls(name=config.get("name"), trainable=config.get("trainable", True))
    for item in layer_configs:
        layer = ser._deserialize(item, objects, safe)
        model.add(layer, rebuild=False)
    model._maybe_rebuild()
    shape = config.get("build_input_shape")
    if not model.built and shape is not None:
        model.build(tuple(shape))
    return model


def functional_from_config(cls, config: dict, objects: dict, safe: bool):
    Model, Sequential, Functional = _model_classes()
    created: dict[str, object] = {}
    pending: list[tuple[str, list]] = []
    for entry in config["layers"]:
        entry = dict(entry)
        name = entry.pop("name", None) or entry.get("config", {}).get("name")
        nodes = entry.pop("inbound_nodes", [])
        layer = ser._deserialize(entry, objects, safe)
        created[name] = layer
        pending.append((name, _legacy_nodes(nodes)))
    outputs: dict[tuple[str, int], list] = {}
    for name, layer in created.items():
        if isinstance(layer, InputLayer):
            outputs[(name, 0)] = [layer.output_tensor]
    counters = {name: 0 for name in created}
    progress = True
    while progress:
        progress = False
        for name, nodes in pending:
            while counters[name] < len(nodes):
                node = nodes[counters[name]]
                try:
                    args = _resolve(node.get("args", []), outputs, objects, safe)
                    kwargs = _resolve(node.get("kwargs", {}), outputs, objects, safe)
                except _NotReady:
                    break
                result = _call(created[name], args, kwargs)
                outputs[(name, counters[name])] = [
                    t for t in flatten(result) if isinstance(t, KerasTensor)]
                counters[name] += 1
                progress = True
    missing = [name for name, nodes in pending if counters[name] < len(nodes)]
    if missing:
        raise ValueError(
            f"Could not rebuild the functional model {config.get('name')!r}: the calls of "
            f"layers {missing} need tensors that no layer in the config produces."
        )

    def pick(spec):
        if isinstance(spec, Mapping):
            return {k: pick(v) for k, v in spec.items()}
        if _is_history(spec):
            return outputs[(spec[0], spec[1])][spec[2]]
        return [pick(s) for s in spec]

    inputs = pick(config["input_layers"])
    outs = pick(config["output_layers"])
    name = config.get("name")
    trainable = config.get("trainable", True)
    if cls in (Model, Functional):
        model = Functional(inputs, outs, name=name, trainable=trainable)
    else:
        model = cls(inputs=inputs, outputs=outs, name=name, trainable=trainable)
    return model


def _legacy_nodes(nodes) -> list:
    """Keras 2 wrote each call as ``[[layer, node, tensor, kwargs], ...]``."""
    out = []
    for node in nodes:
        if isinstance(node, Mapping):
            out.append(node)
            continue
        args = []
        kwargs = {}
        for item in node:
            args.append({"class_name": "__keras_tensor__",
                         "config": {"keras_history": list(item[:3])}})
            if len(item) > 3 and isinstance(item[3], Mapping):
                kwargs.update(item[3])
        out.append({"args": [args[0]] if len(args) == 1 else [args], "kwargs": kwargs})
    return out


def _is_history(spec) -> bool:
    return (isinstance(spec, (list, tuple)) and len(spec) == 3 and isinstance(spec[0], str)
            and isinstance(spec[1], int) and isinstance(spec[2], int))


class _NotReady(Exception):
    pass


def _resolve(value, outputs: dict, objects: dict, safe: bool):
    if isinstance(value, Mapping) and value.get("class_name") == "__keras_tensor__":
        history = value["config"]["keras_history"]
        key = (history[0], history[1])
        if key not in outputs:
            raise _NotReady
        return outputs[key][history[2]]
    if isinstance(value, Mapping) and "class_name" in value and "config" in value:
        return ser._deserialize(value, objects, safe)
    if isinstance(value, Mapping):
        return {k: _resolve(v, outputs, objects, safe) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_resolve(v, outputs, objects, safe) for v in value]
    return value


def _call(layer, args: list, kwargs: dict):
    # `training` recorded at build time must not freeze the mode of the rebuilt call, and
    # `mask=None` is what a call receives anyway.
    kwargs = {k: v for k, v in kwargs.items()
              if k != "training" and not (k == "mask" and v is None)}
    if isinstance(layer, _ops.OpSpec):
        return layer.call_on(args, kwargs)
    return layer(*args, **kwargs)


__all__ = ["functional_config", "functional_from_config", "layer_config",
           "layer_from_config", "sequential_config", "sequential_from_config",
           "map_structure"]


ser.install_layer_codec(layer_config=layer_config, get_build_config=get_build_config,
                        layer_from_config=layer_from_config,
                        build_from_config=build_from_config)
