"""Every name of Keras 3.15's ops namespaces exists at the same path, with Keras's parameter
names (tests/ops/keras_ops_names.json, made by tests/golden/make_ops_names.py)."""

import importlib
import inspect
import json
import os

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "keras_ops_names.json"), encoding="utf-8") as _f:
    NAMES = json.load(_f)

ROWS = [(ns, name, params) for ns, names in sorted(NAMES["namespaces"].items())
        for name, params in sorted(names.items())]


def _params(obj):
    try:
        return [p.name for p in inspect.signature(obj).parameters.values()]
    except (TypeError, ValueError):
        return None


@pytest.mark.parametrize("namespace, name, params", ROWS,
                         ids=[f"{r[0]}.{r[1]}" for r in ROWS])
def test_name_exists_with_keras_parameters(namespace, name, params):
    module = importlib.import_module("torcheras." + namespace)
    assert name in module.__all__, f"torcheras.{namespace}.{name} is not exported"
    obj = getattr(module, name)
    if params is not None:
        assert _params(obj) == params, (namespace, name, _params(obj), params)


def test_namespaces_export_all():
    for namespace in NAMES["namespaces"]:
        module = importlib.import_module("torcheras." + namespace)
        for name in module.__all__:
            assert hasattr(module, name), (namespace, name)
