"""``serialize_keras_object`` / ``deserialize_keras_object``: Keras 3's config dicts.

Every object is written as ``{"module", "class_name", "config", "registered_name"}`` (plus
``build_config``/``compile_config`` for layers and models), with the public Keras module
(``keras.layers``, ``keras.optimizers``, ...) for built-in classes, so files load in real
Keras; reading accepts Keras 3's internal module paths (``keras.src....``) as well.
"""

from __future__ import annotations

import importlib
import inspect
import types
import warnings
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import torch

from torcheras.backend import _device
from torcheras.layers._keras_tensor import KerasTensor
from torcheras.layers._layer import Layer
from torcheras.layers._tensor_op import TensorOp
from torcheras.layers.core._lambda import dump_lambda, load_lambda
from torcheras.legacy._serve import legacy_classes
from torcheras.ops._op import OPERATIONS
from torcheras.saving import _registration as reg
from torcheras.saving import _safe_mode
from torcheras.saving._model_class import model_class
from torcheras.saving._ops import op_class

# How a layer's config is written and read (``layer_config``, ``get_build_config``,
# ``layer_from_config``, ``build_from_config``). ``_model_config`` builds on this module, so
# it installs its functions here when imported rather than being imported from here.
LAYER_CODEC: dict[str, Callable] = {}


def install_layer_codec(**functions: Callable) -> None:
    """Installs the layer config functions of ``_model_config`` (see ``LAYER_CODEC``).

    Args:
        **functions: ``layer_config``, ``get_build_config``, ``layer_from_config`` and
            ``build_from_config``.
    """
    LAYER_CODEC.update(functions)

PLAIN_TYPES = (str, int, float, bool)

# Public namespace (as Keras spells it) -> torcheras module. Models are looked up here too,
# lazily, because torcheras.models itself uses this package to save.
_NAMESPACES = {
    "keras.layers": "torcheras.layers",
    "keras.optimizers": "torcheras.optimizers",
    "keras.optimizers.schedules": "torcheras.optimizers.schedules",
    "keras.losses": "torcheras.losses",
    "keras.metrics": "torcheras.metrics",
    "keras.initializers": "torcheras.initializers",
    "keras.regularizers": "torcheras.regularizers",
    "keras.constraints": "torcheras.constraints",
    "keras.activations": "torcheras.activations",
    "keras.models": "torcheras.models",
}
# Keras 3 internal module fragments -> public namespace, for files written by real Keras.
_MODULE_HINTS = (
    ("schedules", "keras.optimizers.schedules"),
    ("optimizers", "keras.optimizers"),
    ("losses", "keras.losses"),
    ("metrics", "keras.metrics"),
    ("initializers", "keras.initializers"),
    ("regularizers", "keras.regularizers"),
    ("constraints", "keras.constraints"),
    ("activations", "keras.activations"),
    ("models", "keras.models"),
    ("layers", "keras.layers"),
)
_TABLES: dict[str, dict[str, Any]] = {}
_PUBLIC_NAME: dict[int, tuple[str, str]] = {}


def _tables() -> dict[str, dict[str, Any]]:
    if not _TABLES:
        for public, module_name in _NAMESPACES.items():
            module = importlib.import_module(module_name)
            names = getattr(module, "__all__", [])
            table = {}
            for name in names:
                obj = getattr(module, name, None)
                if obj is None or isinstance(obj, types.ModuleType):
                    continue
                if name in ("get", "serialize", "deserialize"):
                    continue
                table[name] = obj
            if public == "keras.models":
                table["Functional"] = model_class("Functional")
            # Keras 1/2 layers Keras 3 removed (LocallyConnected2D, CuDNNLSTM, ...) are saved
            # and found under keras.layers, as tf-keras saves them.
            table.update(legacy_classes(module_name))
            _TABLES[public] = table
            for name, obj in table.items():
                # The canonical name is the object's own (Conv2D, not its alias Convolution2D).
                key = id(obj)
                own = getattr(obj, "__name__", name)
                if key not in _PUBLIC_NAME or own == name:
                    _PUBLIC_NAME[key] = (public, name)
    return _TABLES


def public_name(obj) -> tuple[str, str] | None:
    """``(keras module, name)`` when ``obj`` is a built-in class or function."""
    _tables()
    return _PUBLIC_NAME.get(id(obj))


# ---------------------------------------------------------------------------------------
# serialize
# ---------------------------------------------------------------------------------------
def dtype_policy(name: str) -> dict:
    """Keras 3's ``DTypePolicy`` config for a dtype name (what layer configs hold)."""
    return {"module": "keras", "class_name": "DTypePolicy", "config": {"name": name},
            "registered_name": None}


def serialize_keras_object(obj):
    """Retrieve the config dict by serializing the Keras object.

    The reciprocal of :func:`deserialize_keras_object`: layers, models, optimizers,
    losses, metrics, schedules, initializers, regularizers, constraints and functions
    become ``{"module", "class_name", "config", "registered_name"}`` dicts.

    Args:
        obj: The Keras object to serialize.

    Returns:
        A Python dict (or plain value) that ``deserialize_keras_object`` turns back
        into the object.

    Example:

    >>> import torcheras as keras
    >>> cfg = serialize_keras_object(keras.initializers.Ones())
    >>> cfg["module"], cfg["class_name"]
    ('keras.initializers', 'Ones')
    """
    if obj is None or isinstance(obj, PLAIN_TYPES):
        return obj
    if isinstance(obj, (list, tuple)):
        items = [serialize_keras_object(x) for x in obj]
        return tuple(items) if isinstance(obj, tuple) else items
    if isinstance(obj, dict):
        return serialize_dict(obj)
    if isinstance(obj, bytes):
        return {"class_name": "__bytes__", "config": {"value": obj.decode("utf-8")}}
    if isinstance(obj, slice):
        return {"class_name": "__slice__", "config": {
            "start": serialize_keras_object(obj.start),
            "stop": serialize_keras_object(obj.stop),
            "step": serialize_keras_object(obj.step)}}
    if obj is Ellipsis:
        return {"class_name": "__ellipsis__", "config": {}}
    if isinstance(obj, KerasTensor):
        history = obj._keras_history
        if history:
            history = [history[0].name, history[1], history[2]]
        return {"class_name": "__keras_tensor__", "config": {
            "shape": list(obj.shape), "dtype": obj.dtype, "keras_history": history}}
    if isinstance(obj, torch.Tensor):
        return {"class_name": "__tensor__", "config": {
            "value": obj.detach().cpu().numpy().tolist(),
            "dtype": _device.standardize_dtype(obj.dtype)}}
    if isinstance(obj, (np.ndarray, np.generic)):
        if isinstance(obj, np.ndarray) and obj.ndim > 0:
            return {"class_name": "__numpy__", "config": {
                "value": obj.tolist(), "dtype": str(obj.dtype)}}
        return obj.item()
    if isinstance(obj, torch.dtype):
        return str(obj).replace("torch.", "")
    if isinstance(obj, types.FunctionType) and obj.__name__ == "<lambda>":
        return _serialize_lambda(obj)
    if isinstance(obj, (types.FunctionType, types.BuiltinFunctionType)):
        return _serialize_function(obj)
    return _serialize_instance(obj)


def serialize_dict(obj: Mapping) -> dict:
    return {key: serialize_keras_object(value) for key, value in obj.items()}


def _serialize_lambda(fn) -> dict:
    warnings.warn(
        "The object being serialized includes a `lambda`. This is unsafe. In order to "
        "reload the object, you will have to pass `safe_mode=False` to the loading "
        "function. Please avoid using `lambda` in the future, and use named Python "
        "functions instead.", stacklevel=3)
    return to_keras_lambda(dump_lambda(fn, "lambda"))


def to_keras_lambda(config: dict) -> dict:
    """Our ``__lambda__`` dict in Keras's layout: ``{"value": [code, defaults, closure]}``."""
    inner = config["config"]
    if "value" in inner:
        return config
    return {"class_name": "__lambda__",
            "config": {"value": [inner["code"], inner.get("defaults"), inner.get("closure")]}}


def from_keras_lambda(config: dict) -> dict:
    """Keras's ``__lambda__`` layout in ours (``code``/``defaults``/``closure``)."""
    inner = config["config"]
    if "value" not in inner:
        return config
    code, defaults, closure = (list(inner["value"]) + [None, None])[:3]
    return {"class_name": "__lambda__",
            "config": {"code": code, "defaults": defaults, "closure": closure}}


def _serialize_function(fn) -> dict:
    if reg.is_registered(fn):
        name = reg.get_registered_name(fn)
        return {"module": fn.__module__, "class_name": "function", "config": name,
                "registered_name": name}
    public = public_name(fn)
    if public is not None:
        return {"module": public[0], "class_name": "function", "config": public[1],
                "registered_name": public[1]}
    return {"module": fn.__module__, "class_name": "function", "config": fn.__name__,
            "registered_name": fn.__name__}


def class_header(cls) -> dict:
    """``module``/``class_name``/``registered_name`` for a class, as Keras writes them."""
    if reg.is_registered(cls):
        return {"module": cls.__module__, "class_name": cls.__name__,
                "registered_name": reg.get_registered_name(cls)}
    if cls is model_class("Sequential"):
        return {"module": "keras", "class_name": "Sequential", "registered_name": None}
    if cls is model_class("Functional"):
        return {"module": "keras.src.models.functional", "class_name": "Functional",
                "registered_name": "Functional"}
    if issubclass(cls, TensorOp):
        return {"module": "keras.src.ops.numpy", "class_name": cls.__name__,
                "registered_name": cls.__name__}
    public = public_name(cls)
    if public is not None:
        module = "keras" if public[0] == "keras.models" else public[0]
        return {"module": module, "class_name": public[1], "registered_name": None}
    return {"module": cls.__module__, "class_name": cls.__name__,
            "registered_name": cls.__name__}


def _serialize_instance(obj) -> dict:
    if isinstance(obj, Layer):
        inner = LAYER_CODEC["layer_config"](obj)
    elif hasattr(obj, "get_config"):
        inner = obj.get_config()
        if not isinstance(inner, dict):
            raise TypeError(
                f"The `get_config()` method of {obj!r} should return a dict. "
                f"It returned: {inner!r}"
            )
        inner = serialize_dict(inner)
    else:
        raise TypeError(
            f"Cannot serialize object {obj!r} of type {type(obj)}. To be serializable, "
            "a class must implement the `get_config()` method."
        )
    header = class_header(type(obj))
    config = {"module": header["module"], "class_name": header["class_name"],
              "config": inner, "registered_name": header["registered_name"]}
    if isinstance(obj, Layer):
        build = LAYER_CODEC["get_build_config"](obj)
        if build is not None:
            config["build_config"] = serialize_dict(build)
        if hasattr(obj, "get_compile_config"):
            compile_config = obj.get_compile_config()
            if compile_config is not None:
                config["compile_config"] = serialize_dict(compile_config)
    return config


# ---------------------------------------------------------------------------------------
# deserialize
# ---------------------------------------------------------------------------------------
def deserialize_keras_object(config, custom_objects: Mapping | None = None,
                             safe_mode: bool = True, **kwargs):
    """Retrieve the object by deserializing the config dict.

    Args:
        config: A dict made by :func:`serialize_keras_object` (or by real Keras 3), a
            name, or a plain value.
        custom_objects: Dict of names to user classes and functions, searched first
            (with objects of any open ``custom_object_scope`` and registered ones).
        safe_mode: When ``True`` (the default), refuse to load Python lambdas (their
            bytecode would run).

    Returns:
        The object described by ``config``.

    Example:

    >>> import torcheras as keras
    >>> cfg = serialize_keras_object(keras.layers.Dense(2, name="d"))
    >>> layer = deserialize_keras_object(cfg)
    >>> type(layer).__name__, layer.units, layer.name
    ('Dense', 2, 'd')
    """
    module_objects = kwargs.pop("module_objects", None)
    printable_module_name = kwargs.pop("printable_module_name", "object")
    if kwargs:
        raise TypeError(
            f"Unrecognized keyword arguments passed to deserialize_keras_object: {kwargs}")
    safe = _safe_mode.resolve(safe_mode)
    objects = {**(custom_objects or {}), **reg.scoped_custom_objects(),
               **reg.GLOBAL_CUSTOM_OBJECTS}
    return _deserialize(config, objects, safe, module_objects, printable_module_name)


def _deserialize(config, objects: dict, safe: bool, module_objects=None,
                 printable: str = "object"):
    if config is None:
        return None
    if isinstance(config, str):
        if config in objects:
            return objects[config]
        if module_objects is not None and config in module_objects:
            return module_objects[config]
        return config
    if isinstance(config, (list, tuple)):
        return [_deserialize(x, objects, safe) for x in config]
    if isinstance(config, PLAIN_TYPES):
        return config
    if not isinstance(config, Mapping):
        raise TypeError(f"Could not parse config: {config!r}")
    if "class_name" not in config or "config" not in config:
        if "class_name" in config and module_objects is not None:  # Keras 2 form
            return _deserialize({**config, "config": {}}, objects, safe, module_objects)
        return {key: _deserialize(value, objects, safe) for key, value in config.items()}
    class_name = config["class_name"]
    inner = config["config"] if config["config"] is not None else {}
    special = _special(class_name, inner, objects, safe)
    if special is not _NOT_SPECIAL:
        return special
    module = config.get("module")
    registered_name = config.get("registered_name", class_name)
    if class_name == "function":
        if not isinstance(inner, str):
            raise TypeError(
                "Expected 'config' to be a non-null str for a function classname, "
                f"instead got {type(inner)}. Full config: {config}")
        return retrieve(inner, registered_name, module, objects, "function", config,
                        module_objects)
    if not isinstance(inner, Mapping):
        raise TypeError(
            f"Expected 'config' to be a dict for {class_name}, instead got "
            f"{type(inner)}. Full config: {config}")
    cls = retrieve(class_name, registered_name, module, objects, "class", config,
                   module_objects)
    if isinstance(cls, types.FunctionType):
        return cls
    if not hasattr(cls, "from_config"):
        raise TypeError(
            f"Unable to reconstruct an instance of '{class_name}' because the class is "
            f"missing a `from_config()` method. Full object config: {config}")
    return instantiate(cls, dict(inner), config, objects, safe)


_NOT_SPECIAL = object()


def _special(class_name, inner, objects, safe):
    if class_name == "__keras_tensor__":
        tensor = KerasTensor(inner["shape"], dtype=inner["dtype"])
        tensor._pre_serialization_keras_history = inner.get("keras_history")
        return tensor
    if class_name == "__tensor__":
        return torch.as_tensor(np.asarray(inner["value"], dtype=inner["dtype"]))
    if class_name == "__numpy__":
        return np.array(inner["value"], dtype=inner["dtype"])
    if class_name == "__tuple__":
        return tuple(_deserialize(v, objects, safe) for v in inner["value"])
    if class_name == "__bytes__":
        return inner["value"].encode("utf-8")
    if class_name == "__ellipsis__":
        return Ellipsis
    if class_name == "__slice__":
        return slice(*(_deserialize(inner[k], objects, safe) for k in ("start", "stop", "step")))
    if class_name == "__lambda__":
        if safe:
            raise ValueError(_safe_mode.LAMBDA_REFUSED)
        return load_lambda(from_keras_lambda({"class_name": "__lambda__", "config": inner}))
    return _NOT_SPECIAL


def retrieve(name: str, registered_name, module, objects: dict, obj_type: str,
             full_config: Mapping, module_objects=None):
    """The class or function a config names: custom objects first, then built-ins."""
    for key in (registered_name, name):
        if isinstance(key, str) and key in objects:
            return objects[key]
    if module_objects is not None and name in module_objects:
        return module_objects[name]
    if (module or "").startswith("keras.src.applications."):
        # Keras's own application layers (ConvNeXt's LayerScale, InceptionResNetV2's
        # CustomScaleLayer, ...) are registered here under the "keras_applications" package.
        key = f"keras_applications>{name}"
        if key in objects:
            return objects[key]
    tables = _tables()
    namespace = _namespace_of(module)
    if module in ("keras", "keras.models") or (module or "").startswith("keras.src.models"):
        namespace = "keras.models"
    if (module or "").startswith("keras.src.ops") or module == "keras.ops":
        cls = op_class(name)
        if cls is not None:
            return cls
    if (module or "").startswith(("keras.src.ops", "keras.ops", "torcheras.ops")):
        if name in OPERATIONS:  # any other keras.ops operation (Sum, Take, Clip, ...)
            return OPERATIONS[name]
    if namespace is not None and name in tables[namespace]:
        return tables[namespace][name]
    if not isinstance(module, str) or module.startswith("keras"):
        for table in tables.values():  # Keras 2 configs carry no module
            if name in table:
                return table[name]
    if obj_type == "function" and module == "builtins" and ">" not in name:
        # Files of Keras <= 3.6 stored registered functions by their bare name.
        for key, value in objects.items():
            if isinstance(key, str) and key.endswith(f">{name}"):
                return value
    # As Keras, no module named by the file is imported: user classes and functions come
    # from registration or `custom_objects` only (a file cannot make us import code).
    raise TypeError(
        f"Could not locate {obj_type} '{name}'. Make sure custom classes and functions "
        "are decorated with `@keras.saving.register_keras_serializable()` or passed in "
        f"`custom_objects`. Full object config: {dict(full_config)}"
    )


def _namespace_of(module) -> str | None:
    if not isinstance(module, str):
        return None
    if module in _NAMESPACES:
        return module
    for fragment, namespace in _MODULE_HINTS:
        if module.startswith("keras") and f".{fragment}" in module:
            return namespace
    return None


def normalize_dtype_policies(value):
    """DTypePolicy dicts (Keras 3 layer configs) replaced by their dtype names."""
    if isinstance(value, Mapping):
        if value.get("class_name") in ("DTypePolicy", "FloatDTypePolicy") and isinstance(
                value.get("config"), Mapping):
            return value["config"].get("name")
        return {k: normalize_dtype_policies(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalize_dtype_policies(v) for v in value]
    return value


def instantiate(cls, inner: dict, full_config: Mapping, objects: dict, safe: bool):
    """``cls.from_config(inner)`` under the right custom-object and safe-mode scopes, then
    the build and compile configs."""
    is_layer = isinstance(cls, type) and issubclass(cls, Layer)
    if is_layer:
        inner = normalize_dtype_policies(inner)
        inner.pop("shared_object_id", None)
    with reg.CustomObjectScope(objects), _safe_mode.SafeModeScope(safe):
        try:
            if is_layer:
                instance = LAYER_CODEC["layer_from_config"](cls, inner, objects, safe)
            else:
                instance = _from_config(cls, inner, objects)
        except TypeError as e:
            raise TypeError(
                f"{cls} could not be deserialized properly. Please ensure that components "
                "that are Python object instances (layers, models, etc.) returned by "
                "`get_config()` are explicitly deserialized in the model's `from_config()` "
                f"method.\n\nconfig={dict(full_config)}.\n\nException encountered: {e}"
            ) from e
        build_config = full_config.get("build_config")
        if is_layer and build_config and not instance.built:
            LAYER_CODEC["build_from_config"](instance, build_config)
        compile_config = full_config.get("compile_config")
        if compile_config and hasattr(instance, "compile_from_config"):
            instance.compile_from_config(compile_config)
    return instance


def _from_config(cls, inner: dict, objects: dict):
    params = inspect.signature(cls.from_config).parameters
    if "custom_objects" in params:
        return cls.from_config(inner, custom_objects=objects)
    return cls.from_config(inner)
