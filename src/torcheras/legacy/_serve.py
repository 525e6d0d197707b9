"""Serve a package's legacy names lazily (the body of its module ``__getattr__``)."""

from __future__ import annotations

import importlib

from torcheras.legacy._modules import LEGACY_NAMES


def legacy_attribute(package: str, name: str):
    """The legacy object ``name`` of ``package`` (``torcheras.layers``, ...).

    The legacy modules import the modern packages, so a package cannot import them at its
    own import time; it calls this from its module ``__getattr__`` instead.

    Args:
        package: The modern package's dotted name.
        name: The attribute asked for.

    Raises:
        AttributeError: ``name`` is not a legacy name of ``package``.
    """
    entry = LEGACY_NAMES.get(package, {}).get(name)
    if entry is None:
        raise AttributeError(f"module {package!r} has no attribute {name!r}")
    module_name, attribute = entry
    module = importlib.import_module(module_name)
    return module if attribute is None else getattr(module, attribute)


def legacy_classes(package: str) -> dict:
    """The classes among ``package``'s legacy names (``LocallyConnected2D``, ``CuDNNLSTM``,
    ...), imported: saving finds them by name as it finds the modern ones.

    Args:
        package: The modern package's dotted name.
    """
    classes = {}
    for name, (_, attribute) in LEGACY_NAMES.get(package, {}).items():
        if attribute is not None:
            value = legacy_attribute(package, name)
            # Factories of Keras 1 spellings (AtrousConvolution2D, Merge) build modern
            # classes, which are saved under their own names.
            if isinstance(value, type) and hasattr(value, "from_config"):
                classes[name] = value
    return classes
