"""Quantiles and the NaN-ignoring reductions (``keras.ops.quantile``, ``nanmean``, ...)."""

from __future__ import annotations

import math

import torch

from torcheras.ops._dtypes import _TORCH_NAMES, result_type
from torcheras.ops._numpy_reduce import _axis, _empty_axis, argmax, argmin, cumprod, cumsum, prod
from torcheras.ops._op import cast, convert, floatx_dtype, op
from torcheras.ops._specs import canonicalize_axis


def _quantile(x, q, axis, method, keepdims, fn):
    x = convert(x)
    q = convert(q)
    if axis is not None and not isinstance(axis, (list, tuple)):
        axis = [axis]
    original = _TORCH_NAMES[x.dtype]
    x = cast(x, result_type(original, "float32"))
    target = result_type(original, float)
    if q.dtype != x.dtype:
        q = q.to(x.dtype)
    if axis is None:
        y = x.reshape(-1)
    else:
        axis = [canonicalize_axis(a, x.ndim) for a in axis]
        others = sorted(set(range(x.ndim)).difference(axis))
        y = torch.permute(x, others + list(axis))
        y = y.reshape([x.shape[i] for i in others] + [math.prod(x.shape[i] for i in axis)])
    y = fn(y, q, dim=-1, interpolation=method)
    if keepdims:
        if axis is None:
            for _ in range(x.ndim):
                y = y.unsqueeze(-1)
        else:
            for i in sorted(axis):
                y = y.unsqueeze(i + 1 if q.ndim > 0 else i)
    return cast(y, target)


_Q_ARGS = """
    Args:
        x: Input tensor.
        q: {what}
        axis: Axis or axes along which to compute; ``None`` uses all elements.
        method: Interpolation: ``"linear"``, ``"lower"``, ``"higher"``, ``"midpoint"`` or
            ``"nearest"``.
        keepdims: Whether to keep the reduced axes with length 1.

    Returns:
        A float tensor (with a leading axis for a 1-D ``q``).
"""


def _doc(summary, what):
    return summary + "\n" + _Q_ARGS.format(what=what)


@op("Quantile", checks_axis=True)
def quantile(x, q, axis=None, method="linear", keepdims=False):
    return _quantile(x, q, axis, method, keepdims, torch.quantile)


@op("Nanquantile", checks_axis=True)
def nanquantile(x, q, axis=None, method="linear", keepdims=False):
    return _quantile(x, q, axis, method, keepdims, torch.nanquantile)


@op("Percentile", checks_axis=True)
def percentile(x, q, axis=None, method="linear", keepdims=False):
    q = convert(q, floatx_dtype()) / 100.0
    return _quantile(x, q, axis, method, keepdims, torch.quantile)


@op("Nanpercentile", checks_axis=True)
def nanpercentile(x, q, axis=None, method="linear", keepdims=False):
    q = convert(q, floatx_dtype()) / 100.0
    return _quantile(x, q, axis, method, keepdims, torch.nanquantile)


quantile.__doc__ = _doc("Compute the q-th quantile(s) of the data along the specified axis.",
                        "Quantile(s) in [0, 1].")
nanquantile.__doc__ = _doc("Compute the q-th quantile(s) along an axis, ignoring NaNs.",
                           "Quantile(s) in [0, 1].")
percentile.__doc__ = _doc("Compute the q-th percentile(s) of the data along an axis.",
                          "Percentile(s) in [0, 100].")
nanpercentile.__doc__ = _doc("Compute the q-th percentile(s) along an axis, ignoring NaNs.",
                             "Percentile(s) in [0, 100].")

_R_ARGS = """
    Args:
        x: Input tensor.
        axis: Axis or axes along which to reduce; ``None`` uses all elements.
        keepdims: Whether to keep the reduced axes with length 1.

    Returns:
        A tensor.
"""


@op("Median", checks_axis=True)
def median(x, axis=None, keepdims=False):
    # The mean of the two middle values for even lengths, as NumPy (not torch.median).
    return _quantile(x, 0.5, axis, "linear", keepdims, torch.quantile)


@op("Nanmedian", checks_axis=True)
def nanmedian(x, axis=None, keepdims=False):
    x = convert(x)
    if _empty_axis(axis):
        return x
    return _quantile(x, 0.5, axis, "linear", keepdims, torch.nanquantile)


def _nan_extreme(x, axis, keepdims, fn, fill):
    x = convert(x)
    if not torch.is_floating_point(x):
        return fn(x, dim=_axis(axis), keepdim=keepdims)
    if _empty_axis(axis):
        return x
    nan = torch.isnan(x)
    out = fn(torch.where(nan, fill, x), dim=_axis(axis), keepdim=keepdims)
    all_nan = nan.all(dim=_axis(axis), keepdim=keepdims)
    return torch.where(all_nan, torch.tensor(float("nan"), dtype=x.dtype, device=x.device), out)


@op("Nanmax", checks_axis=True)
def nanmax(x, axis=None, keepdims=False):
    return _nan_extreme(x, axis, keepdims, torch.amax, float("-inf"))


@op("Nanmin", checks_axis=True)
def nanmin(x, axis=None, keepdims=False):
    return _nan_extreme(x, axis, keepdims, torch.amin, float("inf"))


def _nan_arg(x, axis, keepdims, fn, fill):
    x = convert(x)
    if not torch.is_floating_point(x):
        return fn(x, axis=axis, keepdims=keepdims)
    nan = torch.isnan(x)
    return torch.where(
        nan.all(dim=axis, keepdim=keepdims),
        torch.tensor(-1, dtype=torch.int32, device=x.device),
        fn(torch.where(nan, fill, x), axis=axis, keepdims=keepdims),
    )


@op("Nanargmax", checks_axis=True)
def nanargmax(x, axis=None, keepdims=False):
    return _nan_arg(x, axis, keepdims, argmax, float("-inf"))


@op("Nanargmin", checks_axis=True)
def nanargmin(x, axis=None, keepdims=False):
    return _nan_arg(x, axis, keepdims, argmin, float("inf"))


@op("Nanmean", checks_axis=True)
def nanmean(x, axis=None, keepdims=False):
    x = convert(x)
    if _empty_axis(axis):
        return x
    dtype = result_type(_TORCH_NAMES[x.dtype], float)
    return torch.nanmean(cast(x, dtype), dim=_axis(axis), keepdim=keepdims)


@op("Nansum", checks_axis=True)
def nansum(x, axis=None, keepdims=False):
    if isinstance(x, (list, tuple)):
        x = torch.stack([convert(v) for v in x])
    x = convert(x)
    dtype = x.dtype
    if dtype in (torch.bool, torch.uint8, torch.int8, torch.int16):
        dtype = torch.int32
    if _empty_axis(axis):
        return torch.nan_to_num(x, nan=0).to(dtype)
    return torch.nansum(x, dim=_axis(axis), keepdim=keepdims).to(dtype)


@op("Nanprod", checks_axis=True)
def nanprod(x, axis=None, keepdims=False):
    x = convert(x)
    if _empty_axis(axis):
        return torch.nan_to_num(x, nan=1)
    if torch.is_floating_point(x):
        x = torch.where(torch.isnan(x), torch.ones((), dtype=x.dtype, device=x.device), x)
    return prod(x, axis=axis, keepdims=keepdims)


@op("Nanvar", checks_axis=True)
def nanvar(x, axis=None, keepdims=False):
    x = convert(x)
    x = cast(x, result_type(_TORCH_NAMES[x.dtype], float))
    if _empty_axis(axis):
        return torch.where(torch.isnan(x), x, torch.zeros((), dtype=x.dtype, device=x.device))
    mean = torch.nanmean(x, dim=_axis(axis), keepdim=True)
    valid = ~torch.isnan(x)
    centered = torch.where(valid, x - mean, torch.zeros_like(x))
    if torch.is_complex(centered):
        centered = centered.real * centered.real + centered.imag * centered.imag
    else:
        centered = centered.square()
    count = valid.sum(dim=_axis(axis), keepdim=keepdims)
    return centered.sum(dim=_axis(axis), keepdim=keepdims) / count


@op("Nanstd", checks_axis=True)
def nanstd(x, axis=None, keepdims=False):
    return torch.sqrt(nanvar(x, axis=axis, keepdims=keepdims))


_C_ARGS = """
    Args:
        x: Input tensor.
        axis: Axis along which to accumulate; ``None`` uses the flattened tensor.
        dtype: Dtype of the result.

    Returns:
        A tensor.
"""


@op("Nancumsum", checks_axis=True)
def nancumsum(x, axis=None, dtype=None):
    return cumsum(torch.nan_to_num(convert(x)), axis=axis, dtype=dtype)


@op("Nancumprod", checks_axis=True)
def nancumprod(x, axis=None, dtype=None):
    return cumprod(torch.nan_to_num(convert(x), nan=1.0), axis=axis, dtype=dtype)


for _fn, _summary in (
    (median, "Compute the median along the specified axes (mean of the middle pair)."),
    (nanmedian, "Compute the median along the specified axes, ignoring NaNs."),
    (nanmax, "Maximum along the specified axes, ignoring NaNs (NaN if all are NaN)."),
    (nanmin, "Minimum along the specified axes, ignoring NaNs (NaN if all are NaN)."),
    (nanargmax, "Indices of the maximum ignoring NaNs (-1 where all are NaN)."),
    (nanargmin, "Indices of the minimum ignoring NaNs (-1 where all are NaN)."),
    (nanmean, "Arithmetic mean along the specified axes, ignoring NaNs."),
    (nansum, "Sum along the specified axes, treating NaNs as zero."),
    (nanprod, "Product along the specified axes, treating NaNs as one."),
    (nanvar, "Variance along the specified axes, ignoring NaNs."),
    (nanstd, "Standard deviation along the specified axes, ignoring NaNs."),
):
    _fn.__doc__ = _summary + "\n" + _R_ARGS
for _fn, _summary in ((nancumsum, "Cumulative sum treating NaNs as zero."),
                      (nancumprod, "Cumulative product treating NaNs as one.")):
    _fn.__doc__ = _summary + "\n" + _C_ARGS
