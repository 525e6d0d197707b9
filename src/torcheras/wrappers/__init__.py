"""``keras.wrappers``: Keras models as scikit-learn estimators (``SKLearnClassifier``,
``SKLearnRegressor``, ``SKLearnTransformer``).

The classes subclass scikit-learn's, so they are loaded on first use: importing torcheras
never imports scikit-learn. Keras 2's ``keras.wrappers.scikit_learn`` module is served from
``torcheras.legacy`` the same way and stays out of ``__all__``.
"""

import importlib

from torcheras.legacy._serve import legacy_attribute as _legacy_attribute

__all__ = ["SKLearnClassifier", "SKLearnRegressor", "SKLearnTransformer"]


def __getattr__(name: str):
    if name in __all__:
        value = getattr(importlib.import_module("torcheras.wrappers._sklearn"), name)
    else:
        value = _legacy_attribute(__name__, name)
    globals()[name] = value
    return value
