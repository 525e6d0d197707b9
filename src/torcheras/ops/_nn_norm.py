"""Encoding, statistics, normalization and attention ops of ``keras.ops.nn``."""

from __future__ import annotations

import math
import warnings
from typing import Any

import torch
import torch.nn.functional as F

from torcheras.backend import _config
from torcheras.ops._op import convert, keras_tensor, op, result_type, to_torch_dtype


def _num_classes(value: Any) -> int:
    if isinstance(value, bool) or not hasattr(value, "__index__") or int(value) < 1:
        raise ValueError(
            f"Argument `num_classes` must be a positive integer. Received: "
            f"num_classes={value!r}"
        )
    return int(value)


def _axis_for(axis: int, ndim: int, name: str = "axis") -> int:
    if not isinstance(axis, int) or not -ndim <= axis < ndim:
        raise ValueError(f"axis must be -1 or between [0, {ndim}), but received {axis}.")
    return axis % ndim


def _no_sparse(sparse: bool) -> None:
    if sparse:
        raise ValueError("Unsupported value `sparse=True` with torch backend")


@op("OneHot")
def one_hot(x: Any, num_classes: int, axis: int = -1, dtype: Any = None,
            sparse: bool = False) -> torch.Tensor:
    """One-hot encode integer labels; negative or out-of-range labels give all zeros.

    Args:
        x: Integer tensor of labels.
        num_classes: Number of classes (size of the new axis).
        axis: Where the new axis goes (default last).
        dtype: Output dtype (default `keras.config.floatx()`).
        sparse: Must be False (torch has no sparse output here).

    Returns:
        A tensor of rank ``x.ndim + 1``.

    Example:

    >>> one_hot([1, -1, 2], 3).tolist()
    [[0.0, 1.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
    """
    _no_sparse(sparse)
    n = _num_classes(num_classes)
    x = convert(x)
    if x.is_floating_point():
        x = x.long()
    axis = _axis_for(axis, x.dim() + 1)
    classes = torch.arange(n, device=x.device, dtype=x.dtype)
    out = (x.unsqueeze(-1) == classes).to(to_torch_dtype(dtype or _config.floatx()))
    return out if axis == x.dim() else out.movedim(-1, axis)


@op("MultiHot")
def multi_hot(inputs: Any, num_classes: int | None = None, axis: int = -1, dtype: Any = None,
              sparse: bool = False, **kwargs: Any) -> torch.Tensor:
    """Multi-hot encode integer labels: a 1 for every class present in each sample.

    Args:
        inputs: Integer labels, ``(num_labels,)`` or ``(batch, num_labels)``.
        num_classes: Number of classes (Keras 2's ``num_tokens`` is accepted).
        axis: Where the class axis goes.
        dtype: Output dtype (default `keras.config.floatx()`).
        sparse: Must be False.
        **kwargs: Only ``num_tokens``.

    Returns:
        ``(num_classes,)`` or ``(batch, num_classes)``.

    Example:

    >>> multi_hot([0, 4], num_classes=5).tolist()
    [1.0, 0.0, 0.0, 0.0, 1.0]
    """
    if num_classes is None and "num_tokens" in kwargs:
        num_classes = kwargs.pop("num_tokens")
    if kwargs:
        raise TypeError(f"multi_hot() got unexpected keyword arguments: {sorted(kwargs)}")
    if num_classes is None:
        raise ValueError("Argument `num_classes` must be specified.")
    _no_sparse(sparse)
    x = convert(inputs)
    encoded = one_hot(x.long(), num_classes, axis=axis, dtype=dtype)
    return encoded.amax(dim=1 if x.dim() > 1 else 0)


def _axes(axes: Any, ndim: int) -> list:
    axes = [axes] if isinstance(axes, int) else list(axes)
    return sorted(_axis_for(a, max(ndim, 1)) for a in axes)


@op("Moments")
def moments(x: Any, axes: Any, keepdims: bool = False,
            synchronized: bool = False) -> tuple:
    """Mean and variance of `x` over `axes`.

    Args:
        x: Input tensor.
        axes: An int or list of axes to reduce.
        keepdims: Keep the reduced axes with size 1.
        synchronized: Cross-device statistics (TensorFlow only; refused here).

    Returns:
        A tuple ``(mean, variance)``.

    Example:

    >>> [round(float(v), 2) for v in moments([0.0, 1.0, 2.0, 3.0, 100.0], axes=[0])]
    [21.2, 1553.36]
    """
    if synchronized:
        raise NotImplementedError("Argument synchronized=True is not supported with PyTorch.")
    x = convert(x)
    if not x.is_floating_point():
        x = x.to(to_torch_dtype(_config.floatx()))
    dims = _axes(axes, x.dim())
    work = x.float() if x.dtype == torch.float16 else x
    mean = work.mean(dim=dims, keepdim=True)
    variance = (work * work).mean(dim=dims, keepdim=True) - mean * mean
    if not keepdims:
        mean, variance = mean.squeeze(dims), variance.squeeze(dims)
    if work is not x:
        limit = torch.finfo(torch.float16).max
        mean = mean.clamp(-limit, limit).to(x.dtype)
        variance = variance.clamp(-limit, limit).to(x.dtype)
    return mean, variance


@op("BatchNorm")
def batch_normalization(x: Any, mean: Any, variance: Any, axis: int, offset: Any = None,
                        scale: Any = None, epsilon: float = 1e-3) -> torch.Tensor:
    """Normalize `x` with given statistics: ``(x - mean) / sqrt(variance + epsilon) *
    scale + offset``, the vectors laid along `axis`.

    Args:
        x: Input tensor.
        mean: Vector of length ``x.shape[axis]``.
        variance: Vector of length ``x.shape[axis]``.
        axis: The axis the vectors run along.
        offset: Optional vector added after normalizing.
        scale: Optional vector multiplied after normalizing.
        epsilon: Added to the variance.

    Returns:
        The normalized tensor.
    """
    x = convert(x)
    axis = _axis_for(axis, x.dim())
    shape = [1] * x.dim()
    shape[axis] = x.shape[axis]

    def vector(v, name):
        t = convert(v)
        if t.dim() != 1 or t.shape[0] != x.shape[axis]:
            raise ValueError(
                f"Arguments `{name}` must be a vector of length `x.shape[axis]`. "
                f"Expected: `({x.shape[axis]},)`. Received: `{tuple(t.shape)}."
            )
        return t.reshape(shape)

    inv = torch.rsqrt(vector(variance, "variance") + epsilon)
    if scale is not None:
        inv = inv * vector(scale, "scale")
    out = (x - vector(mean, "mean")) * inv
    return out if offset is None else out + vector(offset, "offset")


@op("Normalize")
def normalize(x: Any, axis: Any = -1, order: int = 2, epsilon: float | None = None):
    """``x / max(norm(x, order), epsilon)`` along `axis`.

    Args:
        x: Input tensor.
        axis: Axis or axes of the norm.
        order: Int >= 1, the norm's exponent.
        epsilon: Lower bound of the norm (default `keras.config.epsilon()`).

    Returns:
        The normalized tensor.

    Example:

    >>> [round(v, 4) for v in normalize([3.0, 4.0]).tolist()]
    [0.6, 0.8]
    """
    if isinstance(order, bool) or not isinstance(order, int) or order < 1:
        raise ValueError(f"Argument `order` must be an int >= 1. Received: order={order}")
    x = convert(x)
    if not x.is_floating_point():
        x = x.to(to_torch_dtype(_config.floatx()))
    if x.dim() == 0:
        x = x.unsqueeze(0)
    eps = _config.epsilon() if epsilon is None else epsilon
    if order == 2:
        inv = torch.rsqrt((x * x).sum(dim=axis, keepdim=True))
        return x * torch.clamp(inv, max=1.0 / eps)
    if isinstance(axis, (tuple, list)) and len(axis) == 2:
        # Two axes make it a matrix norm, as in Keras (`keras.ops.linalg.norm`).
        if order != 1:
            raise ValueError(
                f"Invalid `order` for a matrix norm over two axes: only 1 and 2 are "
                f"supported here. Received: order={order}, axis={axis}"
            )
        norm = torch.linalg.matrix_norm(x, ord=order, dim=tuple(axis), keepdim=True)
    else:
        norm = torch.linalg.vector_norm(x, ord=order, dim=axis, keepdim=True)
    return x / torch.clamp(norm, min=eps)


@op("PSNR")
def psnr(x1: Any, x2: Any, max_val: float) -> torch.Tensor:
    """Peak signal-to-noise ratio: ``20 log10(max_val) - 10 log10(mse(x1, x2))``.

    Args:
        x1: First signal.
        x2: Second signal, same shape.
        max_val: The largest possible signal value.

    Returns:
        A scalar tensor.
    """
    x1, x2 = convert(x1), convert(x2)
    if x1.shape != x2.shape:
        raise ValueError(
            f"Input shapes {tuple(x1.shape)} and {tuple(x2.shape)} must match for PSNR "
            "calculation. "
        )
    mse = torch.mean((x1 - x2) ** 2)
    return 20 * torch.log10(convert(max_val, x1.dtype)) - 10 * torch.log10(mse)


def _compute(x: Any) -> tuple:
    x = convert(x)
    if x.dtype is torch.float32:
        return x, x.dtype
    return x.to(to_torch_dtype(result_type(x.dtype, "float32"))), x.dtype


def _trailing(dims: list, ndim: int) -> bool:
    return dims == list(range(ndim - len(dims), ndim))


@op("RMSNorm")
def rms_normalization(x: Any, scale: Any = None, axis: Any = -1,
                      epsilon: float | None = None) -> torch.Tensor:
    """Root-mean-square normalization: ``x * rsqrt(mean(x**2) + epsilon) * scale``.

    Args:
        x: Input tensor.
        scale: Optional scale, broadcast against the normalized axes.
        axis: Axis or axes normalized together.
        epsilon: Added to the mean square (default `keras.config.epsilon()`).

    Returns:
        A tensor like `x`.
    """
    x, original = _compute(x)
    eps = _config.epsilon() if epsilon is None else epsilon
    if x.dim() == 0:
        x = x.unsqueeze(0)
    dims = _axes(axis, x.dim())
    w = None if scale is None else convert(scale, x.dtype)
    if _trailing(dims, x.dim()) and (w is None or tuple(w.shape) == tuple(
            x.shape[d] for d in dims)):
        out = F.rms_norm(x, tuple(x.shape[d] for d in dims), w, eps)
    else:
        out = x * torch.rsqrt((x * x).mean(dim=dims, keepdim=True) + eps)
        if w is not None:
            out = out * w
    return out.to(original) if original.is_floating_point else out


@op("LayerNorm")
def layer_normalization(x: Any, gamma: Any = None, beta: Any = None, axis: Any = -1,
                        epsilon: float | None = None, **kwargs: Any) -> torch.Tensor:
    """Layer normalization: each example normalized to mean 0 and variance 1 over `axis`,
    then scaled by `gamma` and shifted by `beta`.

    Args:
        x: Input tensor.
        gamma: Optional scale, one value per element of the normalized axes.
        beta: Optional offset, same shape as `gamma`.
        axis: Axis or axes normalized together.
        epsilon: Added to the variance (default `keras.config.epsilon()`).
        **kwargs: Only the deprecated ``rms_scaling`` (use `rms_normalization`).

    Returns:
        A tensor like `x`.

    Example:

    >>> [round(v, 4) for v in layer_normalization([0.0, 1.0, 2.0, 3.0, 4.0]).tolist()]
    [-1.4142, -0.7071, 0.0, 0.7071, 1.4142]
    """
    rms_scaling = kwargs.pop("rms_scaling", False)
    if kwargs:
        raise TypeError(f"layer_normalization() got unexpected keyword arguments: "
                        f"{sorted(kwargs)}")
    if rms_scaling:
        warnings.warn(
            "You passed `rms_scaling=True`, which is deprecated. This argument "
            "incorrectly scales the input by the variance, not the root mean square. "
            "To correctly use RMS Normalization, please use "
            "`keras.ops.rms_normalization` / `keras.ops.nn.rms_normalization` instead.",
            stacklevel=2,
        )
    x, original = _compute(x)
    eps = _config.epsilon() if epsilon is None else epsilon
    dims = _axes(axis, x.dim())
    shape = [x.shape[d] if d in dims else 1 for d in range(x.dim())]
    norm_shape = tuple(x.shape[d] for d in dims)
    g = None if gamma is None else convert(gamma, x.dtype)
    b = None if beta is None else convert(beta, x.dtype)
    if rms_scaling:
        out = x * torch.rsqrt(x.var(dim=dims, keepdim=True, unbiased=False) + eps)
        if g is not None:
            out = out * g.reshape(shape)
    elif _trailing(dims, x.dim()):
        g = None if g is None else g.reshape(norm_shape)
        b = None if b is None else b.reshape(norm_shape)
        out = F.layer_norm(x, norm_shape, g, b, eps)
    else:
        mean, variance = moments(x, dims, keepdims=True)
        inv = torch.rsqrt(variance + eps)
        if g is not None:
            inv = inv * g.reshape(shape)
        out = (x - mean) * inv
        if b is not None:
            out = out + b.reshape(shape)
    return out.to(original) if original.is_floating_point else out


def _large_negative(dtype: torch.dtype) -> float:
    return float(torch.finfo(dtype).min) * 0.9 if dtype != torch.float16 else -65500.0 * 0.9


def _attention_spec(query, key, value, *args, **kwargs):
    return keras_tensor(query.shape, result_type(query.dtype, key.dtype, value.dtype))


@op("DotProductAttention", compute_output_spec=_attention_spec)
def dot_product_attention(query: Any, key: Any, value: Any, bias: Any = None,
                          mask: Any = None, scale: float | None = None,
                          is_causal: bool = False, flash_attention: bool | None = None,
                          attn_logits_soft_cap: float | None = None) -> torch.Tensor:
    """Scaled dot-product attention ``softmax(Q K^T * scale + bias) V``, multi-head,
    grouped-query and multi-query.

    Args:
        query: ``(B, T, N, H)``.
        key: ``(B, S, K, H)``; ``N`` must be a multiple of ``K``.
        value: ``(B, S, K, H)``.
        bias: Optional additive logits bias broadcastable to ``(B, N, T, S)``.
        mask: Optional boolean mask broadcastable to ``(B, N, T, S)``; True attends.
        scale: Logits scale (default ``1 / sqrt(H)``).
        is_causal: Apply a causal (lower-triangular) mask.
        flash_attention: Ask for torch's flash kernel (used when torch can).
        attn_logits_soft_cap: JAX-on-TPU only; must be None.

    Returns:
        ``(B, T, N, H)``.
    """
    if attn_logits_soft_cap is not None:
        raise ValueError(
            "attn_logits_soft_cap is only supported for JAX on TPU. "
            "Set attn_logits_soft_cap=None when not using JAX on TPU."
        )
    q, k, v = convert(query), convert(key), convert(value)
    if q.dim() != 4 or k.dim() != 4 or v.dim() != 4:
        raise ValueError(
            "`dot_product_attention` only supports 4D inputs. Received: "
            f"query.shape={tuple(q.shape)}, key.shape={tuple(k.shape)}, "
            f"value.shape={tuple(v.shape)}."
        )
    if bias is not None and mask is not None:
        raise ValueError("Only one of `bias` and `mask` can be provided. Received both.")
    dtype = to_torch_dtype(result_type(q.dtype, k.dtype, v.dtype))
    q, k, v = (t.to(dtype).transpose(1, 2) for t in (q, k, v))
    heads, kv_heads = q.shape[1], k.shape[1]
    if heads != kv_heads:
        if kv_heads == 0 or heads % kv_heads:
            raise ValueError(
                "The number of query heads must be a multiple of the number of key/value "
                f"heads. Received: query heads={heads}, key heads={kv_heads}"
            )
        k = k.repeat_interleave(heads // kv_heads, dim=1)
        v = v.repeat_interleave(heads // kv_heads, dim=1)
    attn_mask = None
    if mask is not None:
        m = convert(mask).bool()
        if is_causal:
            m = m & torch.ones(q.shape[2], k.shape[2], dtype=torch.bool,
                               device=m.device).tril()
            is_causal = False
        attn_mask = torch.where(m, 0.0, _large_negative(dtype)).to(dtype)
    elif bias is not None:
        attn_mask = convert(bias, dtype)
    scale = 1.0 / math.sqrt(q.shape[-1]) if scale is None else float(scale)
    out = F.scaled_dot_product_attention(q, k, v, attn_mask=attn_mask,
                                         is_causal=bool(is_causal), scale=scale)
    return out.transpose(1, 2)


@op("Polar")
def polar(abs_: Any, angle: Any) -> torch.Tensor:
    """The complex number ``abs_ * (cos(angle) + 1j * sin(angle))``.

    Args:
        abs_: Magnitudes.
        angle: Angles in radians.

    Returns:
        A complex tensor.
    """
    a, t = convert(abs_), convert(angle)
    dtype = to_torch_dtype(result_type(a.dtype, t.dtype, "float32"))
    return torch.polar(a.to(dtype), t.to(dtype))


