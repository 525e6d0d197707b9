"""The public surface is pinned: every namespace's ``__all__`` equals tests/public_api.json.

Adding or removing a public name is a deliberate act: rerun tests/make_public_api.py.
"""

import importlib
import json
import os
import pkgutil

import torcheras


def _public_modules():
    names = ["torcheras"]
    for info in pkgutil.walk_packages(torcheras.__path__, "torcheras."):
        parts = info.name.split(".")
        if any(p.startswith("_") for p in parts[1:]):
            continue
        names.append(info.name)
    return sorted(names)


def surface() -> dict:
    out = {}
    for name in _public_modules():
        module = importlib.import_module(name)
        exported = getattr(module, "__all__", None)
        if exported is not None:
            out[name] = sorted(exported)
    return out


def test_public_surface_is_pinned():
    with open(os.path.join(os.path.dirname(__file__), "public_api.json")) as f:
        pinned = json.load(f)
    assert surface() == pinned


def test_every_exported_name_exists_and_is_documented():
    for module_name, names in surface().items():
        module = importlib.import_module(module_name)
        for name in names:
            obj = getattr(module, name)
            if callable(obj) and not isinstance(obj, type(json)):
                assert obj.__doc__, f"{module_name}.{name} has no docstring"


def test_keras_core_names_are_at_keras_paths():
    import torcheras as keras

    for path in ["Sequential", "Model", "Input", "layers.Dense", "layers.Dropout",
                 "layers.Activation", "layers.Flatten", "optimizers.RMSprop", "optimizers.SGD",
                 "optimizers.Adam", "losses.CategoricalCrossentropy", "metrics.Accuracy",
                 "callbacks.Callback", "callbacks.History", "utils.to_categorical",
                 "datasets.mnist.load_data", "models.Sequential", "backend.clear_session",
                 "utils.np_utils.to_categorical", "layers.core.Dense", "config.floatx"]:
        obj = keras
        for part in path.split("."):
            obj = getattr(obj, part)
        assert obj is not None
