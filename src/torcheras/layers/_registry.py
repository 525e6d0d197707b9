"""``keras.layers.serialize``/``deserialize``: layers to and from config dicts."""

from __future__ import annotations

import inspect

from torcheras._lookup import lookup, namespace_classes
from torcheras.layers._layer import Layer
from torcheras.legacy._serve import legacy_classes


def _table() -> dict:
    # Filled by torcheras.layers when it is imported: every public class, aliases included;
    # plus the Keras 2 layers Keras 3 removed (LocallyConnected2D, CuDNNLSTM, ...).
    return {**namespace_classes("keras.layers"), **legacy_classes("torcheras.layers")}


def serialize(layer) -> dict:
    """``{"class_name": ..., "config": ...}`` for a layer."""
    return {"class_name": type(layer).__name__, "config": layer.get_config()}


def deserialize(config: dict, custom_objects: dict | None = None):
    """Rebuild a layer from :func:`serialize`'s output."""
    table = _table()
    if custom_objects:
        table.update(custom_objects)
    if not isinstance(config, dict):
        raise ValueError(
            f"Argument `config` of `layers.deserialize` must be a dict. Received: {config!r}"
        )
    cls = table.get(config.get("class_name"))
    if custom_objects and isinstance(cls, type) and "custom_objects" in inspect.signature(
            cls.from_config).parameters:
        # e.g. Lambda: its function is found again by name in custom_objects.
        return cls.from_config(dict(config.get("config") or {}), custom_objects=custom_objects)
    return lookup(config, table, "layer", argument="config")


def get(identifier):
    """A layer from a layer instance or a config dict."""
    if isinstance(identifier, Layer):
        return identifier
    return deserialize(identifier)
