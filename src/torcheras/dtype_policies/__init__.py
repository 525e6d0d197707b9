"""``keras.dtype_policies``: the policies naming a layer's compute and variable dtypes."""

from __future__ import annotations

from torcheras.backend._dtypes import standardize_dtype
from torcheras.dtype_policies._policy import (
    QUANTIZATION_MODES,
    DTypePolicy,
    FloatDTypePolicy,
    QuantizedDTypePolicy,
    QuantizedFloat8DTypePolicy,
    dtype_policy,
    quantized_policy_from_name,
)

_CLASSES = {cls.__name__: cls for cls in (
    DTypePolicy, FloatDTypePolicy, QuantizedDTypePolicy, QuantizedFloat8DTypePolicy)}


def serialize(dtype_policy: DTypePolicy) -> dict:
    """The Keras config dict of a policy (``{"module", "class_name", "config", ...}``).

    Args:
        dtype_policy: The ``DTypePolicy`` to serialize.

    Example:

    >>> serialize(DTypePolicy("mixed_float16"))["config"]
    {'name': 'mixed_float16'}
    """
    if not isinstance(dtype_policy, DTypePolicy):
        raise TypeError(
            "Argument `dtype_policy` must be a `DTypePolicy` instance. "
            f"Received: dtype_policy={dtype_policy!r} (of type {type(dtype_policy)})"
        )
    module = "keras" if type(dtype_policy) in (DTypePolicy, FloatDTypePolicy) \
        else "keras.dtype_policies"
    return {"module": module, "class_name": type(dtype_policy).__name__,
            "config": dtype_policy.get_config(), "registered_name": None}


def deserialize(config: dict, custom_objects: dict | None = None) -> DTypePolicy:
    """Rebuild a policy from what :func:`serialize` returned.

    Args:
        config: The config dict (``class_name`` + ``config``).
        custom_objects: Extra policy classes by name.
    """
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(
            "Argument `config` must be a dict with 'class_name' and 'config' keys, as "
            f"`keras.dtype_policies.serialize` returns. Received: config={config!r}"
        )
    classes = dict(_CLASSES, **(custom_objects or {}))
    name = config["class_name"]
    if name not in classes:
        raise ValueError(
            f"Unknown dtype policy class: {name!r}. Expected one of {sorted(classes)}, or "
            "pass it in `custom_objects`."
        )
    return classes[name].from_config(config.get("config", {}))


def get(identifier) -> DTypePolicy:
    """A policy from a name, a config dict, a policy, or ``None`` (the global policy).

    Args:
        identifier: ``None``, a policy name (``"float32"``, ``"mixed_bfloat16"``,
            ``"int8_from_float32"``), a dict from :func:`serialize`, or a ``DTypePolicy``.

    Example:

    >>> get("mixed_bfloat16").compute_dtype
    'bfloat16'
    """
    if identifier is None:
        return dtype_policy()
    if isinstance(identifier, DTypePolicy):
        return identifier
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        if identifier.startswith(QUANTIZATION_MODES):
            return quantized_policy_from_name(identifier)
        return DTypePolicy(identifier)
    try:
        return DTypePolicy(standardize_dtype(identifier))
    except (TypeError, ValueError):
        raise ValueError(
            "Cannot interpret `dtype` argument. Expected a string or an instance of "
            f"DTypePolicy. Received: dtype={identifier}"
        ) from None


__all__ = [
    "DTypePolicy",
    "FloatDTypePolicy",
    "QuantizedDTypePolicy",
    "QuantizedFloat8DTypePolicy",
    "deserialize",
    "get",
    "serialize",
]
