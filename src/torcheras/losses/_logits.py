"""Reading the logits that ``softmax``/``sigmoid`` outputs carry (``y._keras_logits``)."""

from __future__ import annotations

import torch


def stored_logits(y_pred: torch.Tensor, kind: str, axis: int = -1) -> torch.Tensor | None:
    """The pre-activation tensor of a ``softmax``/``sigmoid`` output, when it is safe to use.

    Activations attach it as ``y_pred._keras_logits`` (Keras 3's convention). It is used
    only when the activation is known to be ``kind`` (on ``axis`` for softmax): declared by
    ``y_pred._keras_logits_kind`` (``"softmax"``/``"sigmoid"``, with
    ``y_pred._keras_logits_axis``), or read from ``y_pred.grad_fn``. The grad_fn check
    also proves ``y_pred`` was not changed after the activation; without either, the
    probability formula (Keras's exact numbers) is used.
    """
    logits = getattr(y_pred, "_keras_logits", None)
    if logits is None:
        return None
    declared = getattr(y_pred, "_keras_logits_kind", None)
    if declared is not None:
        if declared != kind:
            return None
        dim = getattr(y_pred, "_keras_logits_axis", -1)
    else:
        node = y_pred.grad_fn
        if node is None:
            return None
        name = type(node).__name__
        if kind == "sigmoid":
            if name != "SigmoidBackward0":
                return None
            dim = axis
        else:
            if name != "SoftmaxBackward0":
                return None
            dim = getattr(node, "_saved_dim", -1)
            if dim >= 2 ** 63:  # saved as an unsigned 64-bit value
                dim -= 2 ** 64
    if not isinstance(logits, torch.Tensor) or logits.shape != y_pred.shape:
        return None
    ndim = y_pred.dim()
    if kind == "softmax" and ndim and dim % ndim != axis % ndim:
        return None
    if logits.dtype is not y_pred.dtype:
        logits = logits.to(y_pred.dtype)
    return logits


def carry_logits(old: torch.Tensor, new: torch.Tensor) -> torch.Tensor:
    """Keep the activation's logits on ``new`` after a dtype/device change of ``old``."""
    for kind in ("softmax", "sigmoid"):
        axis = getattr(old, "_keras_logits_axis", -1)
        if kind == "softmax" and old.grad_fn is not None:
            axis = getattr(old.grad_fn, "_saved_dim", axis)
            if axis >= 2 ** 63:
                axis -= 2 ** 64
        logits = stored_logits(old, kind, axis)
        if logits is not None:
            new._keras_logits = logits.to(device=new.device, dtype=new.dtype)
            new._keras_logits_kind = kind
            new._keras_logits_axis = axis
            break
    mask = getattr(old, "_keras_mask", None)
    if mask is not None:
        new._keras_mask = mask
    return new


