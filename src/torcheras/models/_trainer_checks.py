"""Checks of in-memory data against the model, run once per ``fit``/``evaluate``/``predict``
call (never per step), so that a mistake is named in the user's terms before training.

Each check raises ``ValueError`` naming the argument, what was received and what the model
expects, with the usual fix.
"""

from __future__ import annotations

import torch

from torcheras.models import _data
from torcheras.models._compile import LossKind, check_target_keys


def check_inputs(model, x, argument: str) -> None:
    """``x`` holds one array per model input, each of the shape the input declares."""
    inputs = getattr(model, "_model_inputs", None)
    if not inputs:
        return
    specs = [t.shape for t in inputs]
    flat = _data.flatten(x) if not isinstance(x, torch.Tensor) else [x]
    if len(flat) != len(specs):
        raise ValueError(
            f"The model expects {len(specs)} input(s), but argument `{argument}` holds "
            f"{len(flat)} array(s)."
        )
    for t, spec in zip(flat, specs):
        got = tuple(t.shape)
        if len(got) != len(spec) or any(
                s is not None and s != g for s, g in zip(spec[1:], got[1:])):
            raise ValueError(
                f"Argument `{argument}` has shape {got}, but the model expects inputs of "
                f"shape {fmt_shape(spec)} (None = any size). "
                f"Reshape the data, e.g. x.reshape(len(x), -1) for flat vectors."
            )


def check_targets_present(model, y, builtin_step: bool) -> None:
    """A model compiled with a loss and trained by the built-in ``train_step`` needs ``y``
    (a custom ``train_step`` may make its own targets, e.g. an autoencoder's ``x``)."""
    if y is None and model._compile_loss is not None and builtin_step:
        raise ValueError(
            f"Argument `y` is missing: the model was compiled with loss={model.loss!r}, "
            "which compares the model's outputs with targets. Pass the targets, e.g. "
            "`model.fit(x, y)`, or compile without `loss` if the model adds its own losses "
            "with `add_loss()`."
        )


def check_targets(model, y, argument: str) -> None:
    """``y`` suits each output's loss: its keys, shape and label values."""
    compile_loss = model._compile_loss
    check_target_keys(y, compile_loss.output_names)
    outputs = getattr(model, "_model_outputs", None)
    if not outputs or len(outputs) != len(compile_loss.output_names):
        return
    targets, _ = compile_loss.flat(y, [None] * len(outputs))
    many = len(outputs) > 1
    for i, target in enumerate(targets):
        if not isinstance(target, torch.Tensor) or compile_loss.losses[i] is None:
            continue
        name = f"{argument}[{compile_loss.output_names[i]!r}]" if many else argument
        _check_one_target(target, outputs[i].shape, compile_loss.kinds[i], name)


def _check_one_target(y: torch.Tensor, out_shape, kind: LossKind, argument: str) -> None:
    n_classes = out_shape[-1] if out_shape else None
    same_rank = y.dim() == len(out_shape)
    if kind is LossKind.SPARSE_CATEGORICAL:
        _check_sparse_labels(y, n_classes, same_rank, argument)
        return
    if kind is LossKind.BINARY:
        _check_binary_labels(y, argument)
    if n_classes and same_rank and y.shape[-1] != n_classes:
        raise ValueError(
            f"Argument `{argument}` has shape {tuple(y.shape)}, but the model's output has "
            f"shape {fmt_shape(out_shape)}. For class labels with a categorical loss, use "
            "`keras.utils.to_categorical(y)` or `loss='sparse_categorical_crossentropy'`."
        )
    if n_classes and n_classes > 1 and y.dim() == 1 and len(out_shape) == 2:
        raise ValueError(
            f"Argument `{argument}` has shape {tuple(y.shape)} (class labels?), but the "
            f"model's output has shape {fmt_shape(out_shape)}. Use "
            "`keras.utils.to_categorical(y)` or `loss='sparse_categorical_crossentropy'`."
        )


def _check_sparse_labels(y: torch.Tensor, n_classes, same_rank: bool, argument: str) -> None:
    if not n_classes or not y.numel():
        return
    if same_rank and n_classes > 1 and y.shape[-1] == n_classes:
        raise ValueError(
            f"Argument `{argument}` has shape {tuple(y.shape)}: one-hot labels (one column "
            "per class), but the loss `sparse_categorical_crossentropy` takes integer class "
            f"indices of shape {tuple(y.shape[:-1])}. Use `loss='categorical_crossentropy'` "
            "for one-hot labels, or pass `y.argmax(axis=-1)`."
        )
    lo, hi = int(y.min()), int(y.max())
    if lo < 0 or hi >= n_classes:
        raise ValueError(
            f"Argument `{argument}` holds class labels in [{lo}, {hi}], but the model "
            f"has {n_classes} output units, so labels must lie in [0, {n_classes - 1}]."
        )


def _check_binary_labels(y: torch.Tensor, argument: str) -> None:
    if not y.numel() or y.dtype == torch.bool:
        return
    lo, hi = float(y.min()), float(y.max())
    if lo < 0 or hi > 1:
        raise ValueError(
            f"Argument `{argument}` holds values in [{lo:g}, {hi:g}], but the loss "
            "`binary_crossentropy` takes labels in [0, 1] (classes 0/1, or the probability "
            "of class 1). Map labels in {-1, 1} with `(y + 1) / 2`; for several classes use "
            "`sparse_categorical_crossentropy` with a softmax output; for real-valued targets "
            "use a regression loss such as `mean_squared_error`."
        )


def fmt_shape(shape) -> str:
    """``(None, 784)``: a shape as Keras prints it."""
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + (
        ",)" if len(shape) == 1 else ")")


__all__ = ["check_inputs", "check_targets", "check_targets_present", "fmt_shape"]
