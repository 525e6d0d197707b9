"""``keras.losses.Loss``: the base class, Keras's reductions and sample-weight rules.

The training loop calls ``loss(y_true, y_pred, sample_weight)`` every step, so the path
through :meth:`Loss.__call__` does no host sync and makes only the decisions that depend
on Python-level facts (shapes, dtypes, attributes).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import torch

from torcheras._objects import FunctionWrapperConfig
from torcheras.backend import _config, _device
from torcheras.backend._naming import to_snake_case, unique_name
from torcheras.losses._logits import carry_logits

_REDUCTIONS = ("sum_over_batch_size", "sum", None, "none", "mean", "mean_with_sample_weight")
_MEAN_LIKE = ("sum_over_batch_size", "mean", "mean_with_sample_weight")


# Conversions -----------------------------------------------------------------------------
def resolve_dtype(dtype: Any) -> str:
    """Turn a dtype, a dtype-policy name or a policy object into a float dtype name."""
    if dtype is None:
        return _config.floatx()
    compute = getattr(dtype, "compute_dtype", None)
    if compute is not None:
        return _device.standardize_dtype(compute)
    if isinstance(dtype, str) and dtype.startswith("mixed_"):
        return dtype[len("mixed_"):]
    return _device.standardize_dtype(dtype)


def as_tensor(x: Any, device: torch.device | None = None) -> torch.Tensor:
    """Convert arrays, lists and scalars the way Keras's ``convert_to_tensor`` does.

    Python floats become ``floatx()`` (NumPy would make them float64); NumPy arrays
    keep their dtype.
    """
    if isinstance(x, torch.Tensor):
        if device is not None and x.device != device:
            return x.to(device)
        return x
    if isinstance(x, np.ndarray) or hasattr(x, "__array__") and not isinstance(x, (list, tuple)):
        return _device.convert_to_tensor(np.asarray(x), device=device)
    arr = np.asarray(x)
    if arr.dtype == np.float64:
        arr = arr.astype(_config.floatx() if _config.floatx() != "bfloat16" else "float32")
    elif arr.dtype == np.int64:
        arr = arr.astype(np.int32)
    return _device.convert_to_tensor(arr, device=device)


def cast_like(y_true: Any, y_pred: torch.Tensor) -> torch.Tensor:
    """``y_true`` as a tensor with ``y_pred``'s dtype and device."""
    if isinstance(y_true, torch.Tensor):
        if y_true.dtype is y_pred.dtype and y_true.device == y_pred.device:
            return y_true
        return y_true.to(device=y_pred.device, dtype=y_pred.dtype)
    return _device.convert_to_tensor(np.asarray(y_true), dtype=y_pred.dtype,
                                     device=y_pred.device)


def pred_and_true(y_true: Any, y_pred: Any) -> tuple[torch.Tensor, torch.Tensor]:
    """``(y_true, y_pred)`` as tensors; ``y_true`` takes ``y_pred``'s dtype."""
    if not isinstance(y_pred, torch.Tensor):
        y_pred = as_tensor(y_pred)
    if not (y_pred.is_floating_point() or y_pred.is_complex()):
        y_pred = y_pred.to(_device.to_torch_dtype(None))
    return cast_like(y_true, y_pred), y_pred


def shapes_error(y_true: torch.Tensor, y_pred: torch.Tensor, what: str = "compatible shapes"
                 ) -> ValueError:
    return ValueError(
        f"Arguments `y_true` and `y_pred` must have {what}. "
        f"Received: y_true.shape={tuple(y_true.shape)}, y_pred.shape={tuple(y_pred.shape)}"
    )


def squeeze_or_expand_to_same_rank(x1: torch.Tensor, x2: torch.Tensor,
                                   expand_rank_1: bool = True
                                   ) -> tuple[torch.Tensor, torch.Tensor]:
    """Squeeze or expand the last axis when the ranks differ by exactly one (Keras's rule)."""
    r1, r2 = x1.dim(), x2.dim()
    if r1 == r2:
        return x1, x2
    if r1 == r2 + 1 and x1.shape[-1] == 1:
        if r2 == 1 and expand_rank_1:
            x2 = x2.unsqueeze(-1)
        else:
            x1 = x1.squeeze(-1)
    if r2 == r1 + 1 and x2.shape[-1] == 1:
        if r1 == 1 and expand_rank_1:
            x1 = x1.unsqueeze(-1)
        else:
            x2 = x2.squeeze(-1)
    return x1, x2


# Reductions ------------------------------------------------------------------------------
def standardize_reduction(reduction: str | None) -> str | None:
    if reduction not in _REDUCTIONS:
        raise ValueError(
            "Invalid value for argument `reduction`. "
            f"Expected one of {set(_REDUCTIONS)}. Received: reduction={reduction!r}"
        )
    return reduction


def _divide_no_nan(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    return torch.where(y == 0, torch.zeros_like(x), x / torch.where(y == 0, 1, y))


def reduce_values(values: torch.Tensor, sample_weight: torch.Tensor | None = None,
                  reduction: str | None = "sum_over_batch_size") -> torch.Tensor:
    if reduction is None or reduction == "none" or values.dim() == 0 or (
            values.dim() == 1 and values.shape[0] == 0):
        return values
    if reduction in _MEAN_LIKE:
        if reduction == "mean_with_sample_weight" and sample_weight is not None:
            return _divide_no_nan(values.sum(), sample_weight.sum().to(values.dtype))
        # sum / number of entries, as one kernel; an empty batch gives 0 like Keras.
        return values.mean() if values.numel() else values.sum()
    return values.sum()


def _broadcast_weight(values: torch.Tensor, sample_weight: torch.Tensor
                      ) -> tuple[torch.Tensor, torch.Tensor]:
    values, sample_weight = squeeze_or_expand_to_same_rank(values, sample_weight)
    # Keras would broadcast a (batch,) weight against (batch, time) losses from the right
    # and fail; a per-sample weight is what every caller means, so align from the left.
    extra = values.dim() - sample_weight.dim()
    if extra > 0 and sample_weight.dim() > 0 and (
            tuple(sample_weight.shape) == tuple(values.shape[:sample_weight.dim()])):
        sample_weight = sample_weight.reshape(tuple(sample_weight.shape) + (1,) * extra)
    return values, sample_weight


def apply_mask(sample_weight: torch.Tensor | None, mask: torch.Tensor | None,
               dtype: torch.dtype, reduction: str | None) -> torch.Tensor | None:
    """Merge a Keras mask into the sample weights (valid entries reweighted for means)."""
    if mask is None:
        return sample_weight
    if reduction in ("mean", "sum_over_batch_size"):
        # Valid entries get total/valid so that the mean over all entries is the
        # mean over the valid ones.
        total = float(mask.numel())
        valid = mask.to(dtype).sum()
        weight = _divide_no_nan(torch.full_like(valid, total), valid)
        float_mask = torch.where(mask.bool(), weight, torch.zeros_like(weight))
    else:
        float_mask = mask.to(dtype)
    if sample_weight is None:
        return float_mask
    float_mask, sample_weight = squeeze_or_expand_to_same_rank(float_mask,
                                                               sample_weight.to(dtype))
    return sample_weight * float_mask


def reduce_weighted_values(values: torch.Tensor, sample_weight: Any = None,
                           mask: torch.Tensor | None = None,
                           reduction: str | None = "sum_over_batch_size",
                           dtype: torch.dtype | None = None) -> torch.Tensor:
    if dtype is not None and values.dtype is not dtype:
        values = values.to(dtype)
    if isinstance(sample_weight, (int, float)) and not isinstance(sample_weight, bool) and (
            mask is None):
        # A Python number multiplies on the device as a kernel argument: no host copy.
        values = values * sample_weight
        if reduction == "mean_with_sample_weight" and values.numel() and values.dim():
            # Keras divides by the sum of the (scalar) weight itself.
            return values.sum() / sample_weight if sample_weight else values.sum() * 0
        return reduce_values(values, None, reduction)
    if sample_weight is not None:
        if not isinstance(sample_weight, torch.Tensor):
            sample_weight = _device.convert_to_tensor(np.asarray(sample_weight),
                                                      dtype=values.dtype, device=values.device)
        elif sample_weight.dtype is not values.dtype or sample_weight.device != values.device:
            sample_weight = sample_weight.to(device=values.device, dtype=values.dtype)
    sample_weight = apply_mask(sample_weight, mask, values.dtype, reduction)
    if sample_weight is not None:
        values, sample_weight = _broadcast_weight(values, sample_weight)
        try:
            values = values * sample_weight
        except RuntimeError:
            raise ValueError(
                "`sample_weight` cannot be broadcast to the shape of the per-sample "
                f"losses. Received: sample_weight.shape={tuple(sample_weight.shape)}, "
                f"losses.shape={tuple(values.shape)}"
            ) from None
    return reduce_values(values, sample_weight, reduction)


def _is_structure(x: Any) -> bool:
    """A list/tuple of tensors (several outputs), as opposed to nested numbers."""
    return isinstance(x, (list, tuple)) and any(
        isinstance(v, (torch.Tensor, Mapping)) for v in x)


def convert_pred(y_pred: Any, dtype: torch.dtype) -> Any:
    if isinstance(y_pred, torch.Tensor):
        if y_pred.dtype is dtype:
            return y_pred
        new = y_pred.to(dtype)
        if hasattr(y_pred, "_keras_logits") or hasattr(y_pred, "_keras_mask"):
            new = carry_logits(y_pred, new)
        return new
    if isinstance(y_pred, Mapping):
        return {k: convert_pred(v, dtype) for k, v in y_pred.items()}
    if _is_structure(y_pred):
        return type(y_pred)(convert_pred(v, dtype) for v in y_pred)
    return as_tensor(y_pred).to(dtype)


def convert_true(y_true: Any, like: Any, dtype: torch.dtype | None) -> Any:
    """``y_true`` on ``like``'s device; cast to ``dtype`` unless ``dtype`` is None."""
    if isinstance(y_true, torch.Tensor) and isinstance(like, torch.Tensor):
        if y_true.device != like.device or (dtype is not None and y_true.dtype is not dtype):
            return y_true.to(device=like.device, dtype=dtype if dtype is not None
                             else y_true.dtype)
        return y_true
    if isinstance(y_true, Mapping):
        return {k: convert_true(v, like[k] if isinstance(like, Mapping) else like, dtype)
                for k, v in y_true.items()}
    if _is_structure(y_true):
        likes = like if isinstance(like, (list, tuple)) else [like] * len(y_true)
        return type(y_true)(convert_true(v, w, dtype) for v, w in zip(y_true, likes, strict=False))
    device = like.device if isinstance(like, torch.Tensor) else None
    t = as_tensor(y_true, device=device)
    return t if dtype is None else t.to(dtype)


# The base class -------------------------------------------------------------------------
class Loss:
    """Loss base class.

    Subclass it and implement ``call(y_true, y_pred)`` returning per-sample losses;
    ``__call__`` applies the sample weights, any mask and the reduction.

    Args:
        name: Optional name for the loss instance.
        reduction: ``"sum_over_batch_size"`` (default), ``"sum"``, ``"mean"``,
            ``"mean_with_sample_weight"``, ``"none"`` or ``None``. ``"sum"`` sums the
            loss, ``"sum_over_batch_size"`` and ``"mean"`` sum and divide by the number of
            loss values, ``"mean_with_sample_weight"`` divides by the sum of the sample
            weights, ``"none"``/``None`` return the per-sample losses.
        dtype: The dtype of the computations. Defaults to ``keras.config.floatx()``.

    Example:

    >>> import torch
    >>> class MyMSE(Loss):
    ...     def call(self, y_true, y_pred):
    ...         return torch.square(y_pred - y_true).mean(dim=-1)
    >>> float(MyMSE()([[0.0, 1.0]], [[1.0, 1.0]]))
    0.5
    """

    # Subclasses whose labels are class indices keep them as integers.
    _cast_y_true = True

    def __init__(self, name: str | None = None, reduction: str | None = "sum_over_batch_size",
                 dtype: Any = None) -> None:
        self.name = name or unique_name(to_snake_case(type(self).__name__))
        self.reduction = standardize_reduction(reduction)
        self._dtype = resolve_dtype(dtype)
        self._torch_dtype = _device.to_torch_dtype(self._dtype)

    @property
    def dtype(self) -> str:
        return self._dtype

    def __call__(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> torch.Tensor:
        in_mask = getattr(y_pred, "_keras_mask", None)
        y_pred = convert_pred(y_pred, self._torch_dtype)
        y_true = convert_true(y_true, y_pred, self._torch_dtype if self._cast_y_true else None)
        losses = self.call(y_true, y_pred)
        if not isinstance(losses, torch.Tensor):
            losses = as_tensor(losses)
        out_mask = getattr(losses, "_keras_mask", None)
        if in_mask is None:
            mask = out_mask
        elif out_mask is None:
            mask = in_mask
        else:
            mask = in_mask.bool() & out_mask.bool()
        if sample_weight is None and mask is None:
            if losses.dtype is not self._torch_dtype:
                losses = losses.to(self._torch_dtype)
            return reduce_values(losses, None, self.reduction)
        return reduce_weighted_values(losses, sample_weight, mask, self.reduction,
                                      self._torch_dtype)

    def call(self, y_true: Any, y_pred: Any) -> torch.Tensor:
        raise NotImplementedError(
            f"Loss subclass {type(self).__name__} must implement `call(y_true, y_pred)`."
        )

    def get_config(self) -> dict:
        return {"name": self.name, "reduction": self.reduction}

    @classmethod
    def from_config(cls, config: dict) -> Loss:
        return cls(**config)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name}>"


class LossFunctionWrapper(FunctionWrapperConfig, Loss):
    """Turns a function ``fn(y_true, y_pred, **kwargs)`` into a :class:`Loss`.

    Example:

    >>> from torcheras.losses import mean_absolute_error
    >>> float(LossFunctionWrapper(mean_absolute_error)([[1.0]], [[3.0]]))
    2.0
    """

    def __init__(self, fn: Callable, reduction: str | None = "sum_over_batch_size",
                 name: str | None = None, dtype: Any = None, **kwargs: Any) -> None:
        if name is None:
            name = getattr(fn, "__name__", None)
        super().__init__(name=name, reduction=reduction, dtype=dtype)
        self.fn = fn
        self._fn_kwargs = kwargs

    def call(self, y_true: Any, y_pred: Any) -> torch.Tensor:
        if isinstance(y_true, torch.Tensor) and isinstance(y_pred, torch.Tensor):
            y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    _function_namespaces = ("keras.losses.functions",)
    _function_kind = "loss function"

    def _wrapped(self) -> tuple[Callable, dict]:
        return self.fn, self._fn_kwargs

    def __repr__(self) -> str:
        return f"<LossFunctionWrapper({self.fn}, kwargs={self._fn_kwargs})>"


class _BuiltinLoss(LossFunctionWrapper):
    """Base of the named Keras losses: their config is their constructor arguments."""

    _fn: Callable = staticmethod(lambda y_true, y_pred: y_pred)
    _option_names: tuple[str, ...] = ()

    def __init__(self, reduction: str | None, name: str, dtype: Any, **options: Any) -> None:
        super().__init__(type(self)._fn, reduction=reduction, name=name, dtype=dtype,
                         **options)
        for key, value in options.items():
            setattr(self, key, value)

    def get_config(self) -> dict:
        config = Loss.get_config(self)
        config.update({k: self._fn_kwargs[k] for k in self._option_names})
        return config

    @classmethod
    def from_config(cls, config: dict) -> Loss:
        return cls(**config)


def check_label_smoothing(label_smoothing: Any) -> float:
    try:
        value = float(label_smoothing)
    except (TypeError, ValueError):
        value = float("nan")
    if not 0.0 <= value <= 1.0:
        raise ValueError(
            "Argument `label_smoothing` must be a float in [0, 1]. "
            f"Received: label_smoothing={label_smoothing!r}"
        )
    return label_smoothing


def check_axis(axis: Any) -> int:
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)):
        raise ValueError(
            f"`axis` must be of type `int`. Received: axis={axis!r} of type {type(axis)}"
        )
    return int(axis)
