"""How ``compile(loss=...)`` turns what the user wrote into a :class:`Loss` (Keras 3 rules).

``"crossentropy"``/``"ce"`` pick binary, sparse categorical or categorical crossentropy
from the shapes of ``y_true`` and ``y_pred``; strings naming a function are wrapped in a
:class:`LossFunctionWrapper` named as written (Keras 3 does the same).
"""

from __future__ import annotations

from typing import Any

from torcheras.backend._naming import to_snake_case
from torcheras.losses import _crossentropy as ce
from torcheras.losses._loss import Loss, LossFunctionWrapper
from torcheras.losses._registry import get


def _shape(x: Any) -> tuple:
    shape = getattr(x, "shape", None)
    if shape is None:
        import numpy as np

        shape = np.shape(x)
    return tuple(shape)


def is_binary_or_sparse_categorical(y_true: Any, y_pred: Any) -> tuple[bool, bool]:
    """Keras 3's shape rule: ``(is_binary, is_sparse_categorical)``.

    Binary when ``y_pred``'s last axis is 1; sparse when ``y_true`` has fewer dimensions
    than ``y_pred``, or a last axis of 1 against a multi-class ``y_pred``.
    """
    t_shape, p_shape = _shape(y_true), _shape(y_pred)
    t_last = t_shape[-1] if t_shape else None
    p_last = p_shape[-1] if p_shape else None
    is_binary = p_last == 1
    is_sparse = len(t_shape) < len(p_shape) or (
        t_last == 1 and p_last is not None and p_last > 1)
    return is_binary, is_sparse


def object_name(obj: Any) -> str:
    """Keras's ``get_object_name``: ``.name``, else the snake-cased function/class name."""
    if hasattr(obj, "name") and isinstance(obj.name, str):
        return obj.name
    if hasattr(obj, "__name__"):
        return to_snake_case(obj.__name__)
    return to_snake_case(type(obj).__name__)


def resolve_loss(identifier: Any, y_true: Any, y_pred: Any) -> Loss | None:
    """The :class:`Loss` that ``compile(loss=identifier)`` uses for one output.

    Args:
        identifier: What the user passed (string, function, class, instance, config).
        y_true: A batch of targets (only the shape is read).
        y_pred: A batch of predictions (only the shape is read).

    Returns:
        A :class:`Loss`, or ``None`` for ``None``.
    """
    if identifier is None:
        return None
    if str(identifier).lower() in ("crossentropy", "ce"):
        is_binary, is_sparse = is_binary_or_sparse_categorical(y_true, y_pred)
        if is_binary:
            loss_obj = ce.binary_crossentropy
        elif is_sparse:
            loss_obj = ce.sparse_categorical_crossentropy
        else:
            loss_obj = ce.categorical_crossentropy
    else:
        loss_obj = get(identifier)
    if isinstance(loss_obj, Loss):
        return loss_obj
    name = identifier if isinstance(identifier, str) else object_name(loss_obj)
    return LossFunctionWrapper(loss_obj, name=name)
