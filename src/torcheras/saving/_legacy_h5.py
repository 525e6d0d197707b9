"""The legacy HDF5 format of Keras 2 / tf.keras (``model.save("m.h5")``).

Layout: root attributes ``model_config`` and ``training_config`` (JSON), ``backend`` and
``keras_version``; group ``model_weights`` whose attribute ``layer_names`` lists the layers
in order, one group per layer whose attribute ``weight_names`` lists its weights
(``dense/kernel:0``, ...) stored at those paths inside the group; group
``optimizer_weights`` likewise. ``save_weights("w.h5")`` writes the ``model_weights``
content at the root.
"""

from __future__ import annotations

import json
import warnings

import h5py
import numpy as np

from torcheras import optimizers
from torcheras.saving import _files
from torcheras.saving import _serialization as ser
from torcheras.saving._keras_zip import KERAS_FORMAT_VERSION, _json_default


# ---------------------------------------------------------------------------------------
# writing
# ---------------------------------------------------------------------------------------
def _weight_name(layer, variable) -> str:
    path = getattr(variable, "path", None) or variable.name
    parts = path.split("/")
    if layer.name in parts:
        path = "/".join(parts[parts.index(layer.name):])
    else:
        path = f"{layer.name}/{variable.name}"
    return f"{path}:0"


def _write_layers(group: h5py.Group, model) -> None:
    layers = list(model.layers)
    group.attrs["backend"] = "torch"
    group.attrs["keras_version"] = KERAS_FORMAT_VERSION
    group.attrs["layer_names"] = np.array([la.name.encode("utf8") for la in layers])
    for layer in layers:
        sub = group.create_group(layer.name)
        weights = list(layer.weights)
        names = _unique_names([_weight_name(layer, w) for w in weights])
        sub.attrs["weight_names"] = np.array([n.encode("utf8") for n in names])
        for name, w in zip(names, weights):
            sub.create_dataset(name, data=w.numpy())
    top = group.create_group("top_level_model_weights")
    own = list(getattr(model, "_own_weights", []))
    names = _unique_names([f"{model.name}/{w.name}:0" for w in own])
    top.attrs["weight_names"] = np.array([n.encode("utf8") for n in names])
    for name, w in zip(names, own):
        top.create_dataset(name, data=w.numpy())


def _unique_names(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for n in names:
        if n in seen:
            seen[n] += 1
            stem, _, suffix = n.rpartition(":")
            n = f"{stem}_{seen[n]}:{suffix}"
        else:
            seen[n] = 0
        out.append(n)
    return out


def save_model_to_h5(model, path: str, include_optimizer: bool = True) -> None:
    config = ser.serialize_keras_object(model)
    config.pop("compile_config", None)
    with _files.atomic_write(path) as f, h5py.File(f, "w") as h5:
        h5.attrs["backend"] = "torch"
        h5.attrs["keras_version"] = KERAS_FORMAT_VERSION
        h5.attrs["model_config"] = json.dumps(config, default=_json_default)
        _write_layers(h5.create_group("model_weights"), model)
        compile_config = model.get_compile_config() if getattr(
            model, "compiled", False) and hasattr(model, "get_compile_config") else None
        if compile_config:
            training = {k: compile_config.get(k) for k in (
                "loss", "metrics", "weighted_metrics", "loss_weights")}
            optimizer = model.optimizer
            training["optimizer_config"] = {"class_name": type(optimizer).__name__,
                                            "config": optimizer.get_config()}
            h5.attrs["training_config"] = json.dumps(training, default=_json_default)
            if include_optimizer and getattr(optimizer, "built", False):
                group = h5.create_group("optimizer_weights")
                variables = list(optimizer.variables)
                names = _unique_names([f"{v.path}:0" for v in variables])
                group.attrs["weight_names"] = np.array([n.encode("utf8") for n in names])
                for name, v in zip(names, variables):
                    group.create_dataset(name, data=np.asarray(v.numpy()))


def save_weights_to_h5(model, path: str) -> None:
    with _files.atomic_write(path) as f, h5py.File(f, "w") as h5:
        _write_layers(h5, model)


# ---------------------------------------------------------------------------------------
# reading
# ---------------------------------------------------------------------------------------
def _text(value) -> str:
    return value.decode("utf8") if isinstance(value, bytes) else str(value)


def _names(group, attr: str) -> list[str]:
    if attr not in group.attrs:
        return []
    return [_text(n) for n in np.asarray(group.attrs[attr]).reshape(-1)]


def _layer_values(group: h5py.Group, name: str) -> list:
    sub = group[name]
    return [np.asarray(sub[w]) for w in _names(sub, "weight_names")]


def _assign(layer, values: list, path: str, skip_mismatch: bool) -> None:
    weights = list(layer.weights)
    if len(weights) != len(values):
        msg = (
            f"Layer '{layer.name}' expected {len(weights)} weights, but the saved weights "
            f"in {path} have {len(values)} elements."
        )
        if skip_mismatch:
            warnings.warn(f"Skipping loading of weights for layer '{layer.name}': {msg}",
                          stacklevel=4)
            return
        raise ValueError(msg)
    for w, v in zip(weights, values):
        if tuple(w.shape) != tuple(v.shape):
            msg = (
                f"Shape mismatch in layer '{layer.name}' for weight {w.name}: weight expects "
                f"shape {tuple(w.shape)}, received value of shape {tuple(v.shape)} (in "
                f"{path})."
            )
            if skip_mismatch:
                warnings.warn(f"Skipping loading of weights for layer '{layer.name}': {msg}",
                              stacklevel=4)
                return
            raise ValueError(msg)
    for w, v in zip(weights, values):
        w.assign(v)


def load_weights_from_h5(model, f: h5py.File, path: str, by_name: bool = False,
                         skip_mismatch: bool = False) -> None:
    group = f["model_weights"] if "model_weights" in f else f
    saved = [n for n in _names(group, "layer_names") if n in group]
    if by_name:
        found = {n: n for n in saved}
        for layer in model.layers:
            if layer.name in found and layer.weights:
                _assign(layer, _layer_values(group, layer.name), path, skip_mismatch)
        return
    saved = [n for n in saved if _names(group[n], "weight_names")]
    layers = [la for la in model.layers if la.weights]
    if len(saved) != len(layers):
        raise ValueError(
            f"Layer count mismatch when loading weights from file {path}. Model expected "
            f"{len(layers)} layers, found {len(saved)} saved layers."
        )
    for layer, name in zip(layers, saved):
        _assign(layer, _layer_values(group, name), path, skip_mismatch)


def _training_args(training: dict, custom_objects) -> dict:
    def metric(m):
        if isinstance(m, list):
            return [metric(x) for x in m]
        if isinstance(m, dict) and m.get("class_name") == "MeanMetricWrapper":
            inner = m.get("config", {})
            return inner.get("fn") if isinstance(inner.get("fn"), str) and inner.get(
                "name") in (None, inner.get("fn")) else inner.get("name") or inner.get("fn")
        if isinstance(m, dict):
            return ser.deserialize_keras_object(m, custom_objects=custom_objects)
        return m

    def loss(x):
        if isinstance(x, dict) and "class_name" in x:
            return ser.deserialize_keras_object(x, custom_objects=custom_objects)
        if isinstance(x, dict):
            return {k: loss(v) for k, v in x.items()}
        if isinstance(x, list):
            return [loss(v) for v in x]
        return x

    metrics = training.get("metrics")
    if isinstance(metrics, list) and len(metrics) == 1 and isinstance(metrics[0], list):
        metrics = metrics[0]  # Keras 2 nests the metrics of a single output
    return {"loss": loss(training.get("loss")),
            "metrics": metric(metrics) if metrics else None,
            "weighted_metrics": metric(training.get("weighted_metrics")) or None,
            "loss_weights": training.get("loss_weights")}


def _optimizer(config: dict, custom_objects):
    config = dict(config)
    name = config.get("class_name", "")
    if isinstance(name, str) and name.startswith("Custom>"):
        config["class_name"] = name[len("Custom>"):]
    return optimizers.deserialize(config, custom_objects=custom_objects)


def _keras2_spellings(config):
    """Keras 2 config values that Keras 3 spells differently (BatchNormalization's axis
    was stored as a one-element list)."""
    if isinstance(config, list):
        return [_keras2_spellings(c) for c in config]
    if not isinstance(config, dict):
        return config
    out = {k: _keras2_spellings(v) for k, v in config.items()}
    inner = out.get("config")
    if out.get("class_name") == "BatchNormalization" and isinstance(inner, dict):
        axis = inner.get("axis")
        if isinstance(axis, list) and len(axis) == 1:
            inner["axis"] = axis[0]
    return out


def load_model_from_h5(path: str, custom_objects=None, compile: bool = True,
                       safe_mode: bool = True):
    with _files.open_h5(path, path, "HDF5 model file") as f:
        if "model_config" not in f.attrs:
            hint = (" It holds weights only: build the model in code and call "
                    "`model.load_weights()`.") if "layer_names" in f.attrs or "vars" in f \
                or "layers" in f else ""
            raise ValueError(f"No model config found in the file at {path}.{hint}")
        config = _keras2_spellings(json.loads(_text(f.attrs["model_config"])))
        model = ser.deserialize_keras_object(config, custom_objects=custom_objects,
                                             safe_mode=safe_mode)
        load_weights_from_h5(model, f, path)
        if not compile or "training_config" not in f.attrs:
            return model
        training = json.loads(_text(f.attrs["training_config"]))
        optimizer = _optimizer(training["optimizer_config"], custom_objects)
        model.compile(optimizer=optimizer, **_training_args(training, custom_objects))
        if "optimizer_weights" in f:
            _load_optimizer_weights(model, f["optimizer_weights"], path)
    return model


def _load_optimizer_weights(model, group: h5py.Group, path: str) -> None:
    names = _names(group, "weight_names")
    values = [np.asarray(group[n]) for n in names]
    optimizer = model.optimizer
    optimizer.build(model.trainable_weights)
    variables = list(optimizer.variables)
    if len(variables) > 1 and variables[1] is getattr(optimizer, "_learning_rate", None) \
            and len(values) < len(variables):
        # tf.keras stores no learning-rate variable: iteration, then the slots.
        variables = [variables[0]] + variables[2:]
    u_product = getattr(optimizer, "_u_product", None)
    rebuild_u = (u_product is not None and len(values) == len(variables) - 1
                 and variables[-1] is u_product)
    if rebuild_u:
        variables = variables[:-1]  # tf.keras's Nadam does not store its running product
    if len(values) != len(variables) or any(
            tuple(np.shape(v)) != tuple(x.shape) for v, x in zip(values, variables)):
        warnings.warn(
            f"Error in loading the saved optimizer state from {path}: the file has "
            f"{len(values)} optimizer variables, the optimizer has {len(variables)}. As a "
            "result, your model is starting with a freshly initialized optimizer.",
            stacklevel=3)
        return
    for variable, value in zip(variables, values):
        variable.assign(value)
    if rebuild_u:
        _rebuild_nadam_product(optimizer)


def _rebuild_nadam_product(optimizer) -> None:
    """Nadam's running product of its momentum schedule after ``iterations`` steps,
    computed as each step does (in the variable's dtype)."""
    u = optimizer._u_product
    value = 1.0
    for t in range(1, int(np.asarray(optimizer.iterations.numpy())) + 1):
        u_t = optimizer.beta_1 * (1.0 - 0.5 * 0.96**t)
        value = float(np.array(value * u_t, dtype=u.dtype))
    u.assign(value)
