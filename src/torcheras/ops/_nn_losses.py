"""Crossentropy and CTC ops of ``keras.ops.nn``.

The categorical crossentropies are the ``keras.losses`` functions (the same clipping and
renormalisation), called without label smoothing; ``binary_crossentropy`` is elementwise
here (the loss function averages it over the last axis).
"""

from __future__ import annotations

from typing import Any

import torch
import torch.nn.functional as F

from torcheras.backend import _config
from torcheras.losses import _crossentropy
from torcheras.ops._op import convert, op, result_type, to_torch_dtype


def _pair(target: Any, output: Any) -> tuple:
    target, output = convert(target), convert(output)
    dtype = output.dtype if output.is_floating_point() else to_torch_dtype(_config.floatx())
    return target.to(dtype), output.to(dtype)


def _same_shape(target: torch.Tensor, output: torch.Tensor) -> None:
    if target.shape != output.shape:
        raise ValueError(
            "Arguments `target` and `output` must have the same shape. Received: "
            f"target.shape={tuple(target.shape)}, output.shape={tuple(output.shape)}"
        )


@op("BinaryCrossentropy")
def binary_crossentropy(target: Any, output: Any, from_logits: bool = False) -> torch.Tensor:
    """Elementwise binary crossentropy between targets and predicted probabilities.

    Args:
        target: Tensor of 0/1 (or soft) labels.
        output: Tensor of probabilities (or logits), same shape as `target`.
        from_logits: Whether `output` holds logits.

    Returns:
        A tensor of `target`'s shape.

    Example:

    >>> [round(v, 4) for v in binary_crossentropy([0.0, 1.0], [0.2, 0.7]).tolist()]
    [0.2231, 0.3567]
    """
    target, output = _pair(target, output)
    _same_shape(target, output)
    if from_logits:
        return F.binary_cross_entropy_with_logits(output, target, reduction="none")
    eps = _config.epsilon()
    return F.binary_cross_entropy(output.clamp(eps, 1.0 - eps), target, reduction="none")


@op("CategoricalCrossentropy")
def categorical_crossentropy(target: Any, output: Any, from_logits: bool = False,
                             axis: int = -1) -> torch.Tensor:
    """Crossentropy between one-hot (or soft) targets and predicted probabilities.

    Args:
        target: Tensor of one-hot labels, same shape as `output`.
        output: Tensor of probabilities (renormalised along `axis`) or logits.
        from_logits: Whether `output` holds logits.
        axis: The class axis.

    Returns:
        The losses, `axis` reduced.
    """
    target, output = _pair(target, output)
    if output.dim() < 1:
        raise ValueError(
            f"Argument `output` must be at least rank 1. Received: "
            f"output.shape={tuple(output.shape)}"
        )
    _same_shape(target, output)
    return _crossentropy.categorical_crossentropy(target, output, from_logits, 0.0, axis)


@op("SparseCategoricalCrossentropy")
def sparse_categorical_crossentropy(target: Any, output: Any, from_logits: bool = False,
                                    axis: int = -1) -> torch.Tensor:
    """Crossentropy between integer labels and predicted class probabilities.

    Args:
        target: Integer labels, `output`'s shape without the class axis (a trailing axis
            of size 1 is accepted).
        output: Tensor of probabilities or logits.
        from_logits: Whether `output` holds logits.
        axis: The class axis.

    Returns:
        The losses, shaped like `target`.
    """
    output = convert(output)
    if not output.is_floating_point():
        output = output.to(to_torch_dtype(_config.floatx()))
    return _crossentropy.sparse_categorical_crossentropy(target, output, from_logits,
                                                         None, axis)


@op("CTCLoss")
def ctc_loss(target: Any, output: Any, target_length: Any, output_length: Any,
             mask_index: int = 0) -> torch.Tensor:
    """Connectionist temporal classification loss, per sequence.

    Args:
        target: Integer labels ``(batch_size, max_label_length)``.
        output: Logits ``(batch_size, max_length, num_classes)`` (not softmaxed).
        target_length: Label lengths ``(batch_size,)``.
        output_length: Output lengths ``(batch_size,)``.
        mask_index: The blank class index.

    Returns:
        The negative log-likelihoods, shape ``(batch_size,)``.
    """
    target = convert(target).long()
    output = convert(output)
    dtype = to_torch_dtype(result_type(output.dtype, "float32"))
    log_probs = F.log_softmax(output.to(dtype).transpose(0, 1), dim=-1)
    return F.ctc_loss(log_probs, target, convert(output_length).long(),
                      convert(target_length).long(), blank=int(mask_index), reduction="none",
                      zero_infinity=False)
