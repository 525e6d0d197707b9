"""``keras.optimizers.get`` / ``serialize`` / ``deserialize``."""

from __future__ import annotations

from collections.abc import Mapping

from torcheras._lookup import lookup
from torcheras.optimizers._adadelta import Adadelta
from torcheras.optimizers._adafactor import Adafactor
from torcheras.optimizers._adagrad import Adagrad
from torcheras.optimizers._adam import Adam
from torcheras.optimizers._adamax import Adamax
from torcheras.optimizers._adamw import AdamW
from torcheras.optimizers._base import Optimizer
from torcheras.optimizers._ftrl import Ftrl
from torcheras.optimizers._lion import Lion
from torcheras.optimizers._nadam import Nadam
from torcheras.optimizers._rmsprop import RMSprop
from torcheras.optimizers._sgd import SGD

BUILTIN_OPTIMIZERS = {cls.__name__: cls for cls in
                      (SGD, RMSprop, Adam, AdamW, Adagrad, Adadelta, Adamax, Nadam, Lion,
                       Ftrl, Adafactor)}
# Keras matches built-in names case-insensitively ("rmsprop", "RMSprop", "RMSProp").
_TABLE = {name.lower(): cls for name, cls in BUILTIN_OPTIMIZERS.items()}


def serialize(optimizer: Optimizer) -> dict:
    """Returns the optimizer configuration as a Python dict.

    Args:
        optimizer: An `Optimizer` instance to serialize.

    Returns:
        Python dict which contains the configuration of the optimizer.

    Example:

    >>> cfg = serialize(SGD(learning_rate=0.5, name="sgd"))
    >>> cfg["class_name"], cfg["config"]["learning_rate"]
    ('SGD', 0.5)
    """
    if not isinstance(optimizer, Optimizer):
        raise TypeError(
            "Argument `optimizer` must be an `Optimizer` instance. "
            f"Received: optimizer={optimizer!r} (of type {type(optimizer).__name__})"
        )
    cls = type(optimizer)
    builtin = BUILTIN_OPTIMIZERS.get(cls.__name__) is cls
    return {
        "module": "keras.optimizers" if builtin else cls.__module__,
        "class_name": cls.__name__,
        "config": optimizer.get_config(),
        "registered_name": None if builtin else cls.__name__,
    }


def deserialize(config: Mapping, custom_objects: Mapping | None = None) -> Optimizer:
    """Returns a Keras Optimizer object via its configuration.

    Args:
        config: Optimizer configuration dictionary (`{"class_name": ..., "config": ...}`).
        custom_objects: Optional dictionary mapping names to custom optimizer classes.

    Returns:
        An `Optimizer` instance.

    Example:

    >>> opt = deserialize({"class_name": "Adam", "config": {"learning_rate": 0.01}})
    >>> type(opt).__name__, float(opt.learning_rate)
    ('Adam', 0.009999999776482582)
    """
    if not isinstance(config, Mapping):
        raise TypeError(
            "Argument `config` must be a dict with 'class_name' and 'config' keys. "
            f"Received: config={config!r} (of type {type(config).__name__})"
        )
    table = dict(_TABLE)
    table.update(custom_objects or {})
    name = config.get("class_name")
    if isinstance(name, str) and name not in table and name.lower() in _TABLE:
        name = name.lower()
    inner = dict(config.get("config") or {})

    def build(cls):
        return cls.from_config(inner, custom_objects=custom_objects)

    entry = lookup(name, table, "optimizer", argument="optimizer") if isinstance(
        name, str) else lookup(dict(config), table, "optimizer", argument="optimizer")
    if isinstance(entry, type) and issubclass(entry, Optimizer):
        return build(entry)
    if isinstance(entry, type):
        return entry(**inner)
    return entry


def get(identifier) -> Optimizer | None:
    """Retrieves a Keras Optimizer instance.

    Args:
        identifier: Optimizer identifier, one of:
            - String: name of an optimizer (`"adam"`, `"RMSprop"`, ...): a new
              instance with default arguments;
            - Dictionary: configuration dictionary;
            - Keras Optimizer instance (it will be returned unchanged).

    Returns:
        A Keras Optimizer instance.

    Example:

    >>> type(get("rmsprop")).__name__
    'RMSprop'
    """
    if identifier is None:
        return None
    if isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, Mapping):
        return deserialize(identifier)
    if isinstance(identifier, str):
        return lookup(identifier, _TABLE, "optimizer", argument="optimizer",
                      instantiate=True)
    if isinstance(identifier, type) and issubclass(identifier, Optimizer):
        return identifier()
    raise ValueError(f"Could not interpret optimizer identifier: {identifier!r}")
