"""Run unchanged Keras programs on torcheras: ``import keras`` resolves to ``torcheras``.

``python -m torcheras program.py`` installs an import hook for the duration of the program,
so ``from keras.layers.core import Dense`` or ``from keras.utils import np_utils`` load
torcheras's modules. Nothing is installed globally; a real ``keras`` package is shadowed
only inside that process.

``keras.<path>`` loads ``torcheras.legacy.<path>`` when ``<path>`` is one of the Keras 1/2
module paths listed in ``torcheras.legacy._modules`` (``keras.engine.topology``,
``keras.layers.core``, ``keras.utils.np_utils``, ...), and ``torcheras.<path>`` otherwise.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys

from torcheras.legacy._modules import legacy_target

_ALIASES = ("keras", "tensorflow.keras", "tf_keras")


class _AliasLoader(importlib.abc.Loader):
    def __init__(self, target: str):
        self.target = target

    def create_module(self, spec):
        return importlib.import_module(self.target)

    def exec_module(self, module):  # the target module is already executed
        return None


class KerasAliasFinder(importlib.abc.MetaPathFinder):
    """Maps ``keras`` and ``keras.*`` (and ``tf_keras``) onto ``torcheras``."""

    def find_spec(self, fullname, path=None, target=None):
        for alias in _ALIASES:
            if fullname == alias or fullname.startswith(alias + "."):
                target_name = (legacy_target(fullname[len(alias) + 1:])
                               or "torcheras" + fullname[len(alias):])
                target_spec = importlib.util.find_spec(target_name)
                if target_spec is None:
                    return None
                return importlib.util.spec_from_loader(
                    fullname, _AliasLoader(target_name),
                    is_package=target_spec.submodule_search_locations is not None)
        return None


def install() -> None:
    """Make ``import keras`` load torcheras in this process."""
    if not any(isinstance(f, KerasAliasFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, KerasAliasFinder())
    for alias in _ALIASES:
        for name in [n for n in sys.modules if n == alias or n.startswith(alias + ".")]:
            del sys.modules[name]
