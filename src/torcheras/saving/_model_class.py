"""The model classes, filled in by ``torcheras.models`` when it defines them.

Saving sits below the models package (``Model`` mixes the saving API in), so it cannot
import ``Functional``/``Sequential``/``Model``; those modules register their classes
here instead, and saving looks them up when it runs (always after ``import torcheras``).
"""

from __future__ import annotations

_MODEL_CLASSES: dict[str, type] = {}


def register_model_class(cls: type) -> type:
    """Records ``cls`` (``Model``, ``Functional`` or ``Sequential``) under its name.

    Args:
        cls: the model class to record.

    Returns:
        ``cls``, so that this can be used as a class decorator.
    """
    _MODEL_CLASSES[cls.__name__] = cls
    return cls


def model_class(name: str) -> type:
    """The registered model class called ``name`` (``"Model"``, ``"Functional"`` or
    ``"Sequential"``).

    Args:
        name: the class name.
    """
    return _MODEL_CLASSES[name]
