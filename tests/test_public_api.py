"""The public surface is pinned: every namespace's ``__all__`` equals tests/public_api.json.

Adding or removing a public name is a deliberate act: rerun tests/make_public_api.py.
"""

import importlib
import json
import os
import pkgutil

import numpy as np

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
        assert obj.__name__ == path.split(".")[-1], path
    # Keras 2's module paths are the same objects as the Keras 3 ones.
    assert keras.models.Sequential is keras.Sequential
    assert keras.layers.core.Dense is keras.layers.Dense
    # Keras 2's np_utils.to_categorical keeps its own signature (dtype), same numbers.
    np.testing.assert_array_equal(keras.utils.np_utils.to_categorical([2, 0], 3),
                                  keras.utils.to_categorical([2, 0], 3))
