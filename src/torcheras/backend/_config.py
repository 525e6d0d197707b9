"""Global settings Keras keeps in ``~/.keras/keras.json``: floatx, epsilon, image data format.

This module and ``_device`` are the only places that decide dtypes and devices.
"""

from __future__ import annotations

import json
import os

_ALLOWED_FLOATX = ("float16", "bfloat16", "float32", "float64")
_ALLOWED_FORMATS = ("channels_last", "channels_first")

_settings: dict = {
    "floatx": "float32",
    "epsilon": 1e-7,
    "image_data_format": "channels_last",
}


def keras_home() -> str:
    """The folder Keras itself uses (``$KERAS_HOME`` or ``~/.keras``)."""
    return os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")


def torcheras_home() -> str:
    """Our own cache folder (``$TORCHERAS_HOME`` or ``~/.torcheras``)."""
    return os.environ.get("TORCHERAS_HOME") or os.path.join(os.path.expanduser("~"), ".torcheras")


def _load_keras_json() -> None:
    # Keras users set their preferences here; honouring them keeps a program's numbers the same.
    path = os.path.join(keras_home(), "keras.json")
    try:
        with open(path, encoding="utf-8") as f:
            cfg = json.load(f)
    except (OSError, ValueError):
        return
    if not isinstance(cfg, dict):
        return
    if cfg.get("floatx") in _ALLOWED_FLOATX:
        _settings["floatx"] = cfg["floatx"]
    if isinstance(cfg.get("epsilon"), (int, float)):
        _settings["epsilon"] = float(cfg["epsilon"])
    if cfg.get("image_data_format") in _ALLOWED_FORMATS:
        _settings["image_data_format"] = cfg["image_data_format"]


def floatx() -> str:
    """Return the default float type as a string, e.g. ``"float32"``."""
    return _settings["floatx"]


def set_floatx(value: str) -> None:
    """Set the default float type (``"float16"``, ``"bfloat16"``, ``"float32"``, ``"float64"``)."""
    if value not in _ALLOWED_FLOATX:
        raise ValueError(
            f"Unknown `floatx` value: {value!r}. Expected one of {list(_ALLOWED_FLOATX)}."
        )
    _settings["floatx"] = str(value)


def epsilon() -> float:
    """Return the fuzz factor used in numeric expressions (default ``1e-7``)."""
    return _settings["epsilon"]


def set_epsilon(value: float) -> None:
    """Set the fuzz factor used in numeric expressions."""
    _settings["epsilon"] = float(value)


def image_data_format() -> str:
    """Return ``"channels_last"`` or ``"channels_first"``."""
    return _settings["image_data_format"]


def set_image_data_format(data_format: str) -> None:
    """Set the default image data format."""
    if data_format not in _ALLOWED_FORMATS:
        raise ValueError(
            "The `data_format` argument must be one of "
            f"{set(_ALLOWED_FORMATS)}. Received: data_format={data_format!r}"
        )
    _settings["image_data_format"] = str(data_format)


def standardize_data_format(data_format: str | None) -> str:
    """Resolve ``None`` to the global default and validate the value."""
    if data_format is None:
        return image_data_format()
    value = str(data_format).lower()
    if value not in _ALLOWED_FORMATS:
        raise ValueError(
            "The `data_format` argument must be one of "
            f"{set(_ALLOWED_FORMATS)}. Received: data_format={data_format!r}"
        )
    return value


_load_keras_json()
