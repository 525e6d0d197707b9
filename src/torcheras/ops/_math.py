"""The ``keras.ops`` math ops other than the Fourier family: segment reductions, top-k,
``logsumexp``, distances and the special functions."""

from __future__ import annotations

from typing import Any

import torch

from torcheras.backend import _config
from torcheras.ops._op import convert, keras_tensor, op, to_torch_dtype


def _float(x: Any) -> torch.Tensor:
    x = convert(x)
    if x.is_floating_point() or x.is_complex():
        return x
    return x.to(to_torch_dtype(_config.floatx()))


_SEGMENT_INIT = {"sum": 0.0, "prod": 1.0}


def _segment_spec(data, segment_ids, num_segments=None, sorted=False):
    return keras_tensor((num_segments,) + tuple(data.shape[1:]), data.dtype)


def _segment(data: Any, segment_ids: Any, num_segments: Any, reduce: str) -> torch.Tensor:
    data = convert(data)
    ids = convert(segment_ids).to(torch.int64)
    if ids.dim() != 1 or data.dim() < 1 or ids.shape[0] != data.shape[0]:
        raise ValueError(
            "Argument `segment_ids` must be a 1-D tensor with one id per row of `data`. "
            f"Received: segment_ids.shape={tuple(ids.shape)}, data.shape={tuple(data.shape)}"
        )
    if num_segments is None:
        num_segments = int(ids.max()) + 1 if ids.numel() else 0
    num_segments = int(num_segments)
    # Ids outside [0, num_segments) go to an extra row that is dropped.
    ids = torch.where((ids >= 0) & (ids < num_segments), ids, num_segments)
    if reduce in _SEGMENT_INIT:
        init = _SEGMENT_INIT[reduce]
    elif data.is_floating_point():
        init = float("-inf") if reduce == "amax" else float("inf")
    else:
        info = torch.iinfo(data.dtype) if data.dtype != torch.bool else None
        init = (info.min if reduce == "amax" else info.max) if info else reduce == "amin"
    out = torch.full((num_segments + 1,) + tuple(data.shape[1:]), init, dtype=data.dtype,
                     device=data.device)
    index = ids.reshape((-1,) + (1,) * (data.dim() - 1)).expand_as(data)
    out = out.scatter_reduce(0, index, data, reduce, include_self=reduce in _SEGMENT_INIT)
    return out[:-1]


@op("SegmentSum", compute_output_spec=_segment_spec)
def segment_sum(data: Any, segment_ids: Any, num_segments: int | None = None,
                sorted: bool = False) -> torch.Tensor:  # noqa: A002 (Keras's name)
    """Sum of the rows of `data` in each segment.

    Args:
        data: Tensor whose first axis is segmented.
        segment_ids: 1-D integer ids, one per row; negative or too-large ids are dropped.
        num_segments: Number of segments (default ``max(segment_ids) + 1``).
        sorted: Whether ids are sorted (accepted for compatibility; not needed).

    Returns:
        ``(num_segments,) + data.shape[1:]``; empty segments hold 0.

    Example:

    >>> segment_sum([1.0, 2.0, 3.0, 4.0], [0, 0, 2, 2]).tolist()
    [3.0, 0.0, 7.0]
    """
    return _segment(data, segment_ids, num_segments, "sum")


@op("SegmentMax", compute_output_spec=_segment_spec)
def segment_max(data: Any, segment_ids: Any, num_segments: int | None = None,
                sorted: bool = False) -> torch.Tensor:  # noqa: A002
    """Maximum of the rows of `data` in each segment (empty segments: -inf, or the
    dtype's lowest integer).

    Args:
        data: Tensor whose first axis is segmented.
        segment_ids: 1-D integer ids, one per row.
        num_segments: Number of segments (default ``max(segment_ids) + 1``).
        sorted: Accepted for compatibility.

    Returns:
        ``(num_segments,) + data.shape[1:]``.
    """
    return _segment(data, segment_ids, num_segments, "amax")


@op("SegmentMin", compute_output_spec=_segment_spec)
def segment_min(data: Any, segment_ids: Any, num_segments: int | None = None,
                sorted: bool = False) -> torch.Tensor:  # noqa: A002
    """Minimum of the rows of `data` in each segment (empty segments: inf).

    Args:
        data: Tensor whose first axis is segmented.
        segment_ids: 1-D integer ids, one per row.
        num_segments: Number of segments (default ``max(segment_ids) + 1``).
        sorted: Accepted for compatibility.

    Returns:
        ``(num_segments,) + data.shape[1:]``.
    """
    return _segment(data, segment_ids, num_segments, "amin")


@op("SegmentProd", compute_output_spec=_segment_spec)
def segment_prod(data: Any, segment_ids: Any, num_segments: int | None = None,
                 sorted: bool = False) -> torch.Tensor:  # noqa: A002
    """Product of the rows of `data` in each segment (empty segments: 1).

    Args:
        data: Tensor whose first axis is segmented.
        segment_ids: 1-D integer ids, one per row.
        num_segments: Number of segments (default ``max(segment_ids) + 1``).
        sorted: Accepted for compatibility.

    Returns:
        ``(num_segments,) + data.shape[1:]``.
    """
    return _segment(data, segment_ids, num_segments, "prod")


def _top_k_spec(x, k, sorted=True):
    shape = tuple(x.shape[:-1]) + (k,)
    return keras_tensor(shape, x.dtype), keras_tensor(shape, "int32")


@op("TopK", compute_output_spec=_top_k_spec)
def top_k(x: Any, k: int, sorted: bool = True) -> tuple:  # noqa: A002
    """The `k` largest values along the last axis and their indices.

    Args:
        x: Input tensor.
        k: How many values.
        sorted: Return them in descending order.

    Returns:
        A tuple ``(values, indices)``, indices int32.

    Example:

    >>> values, indices = top_k([5.0, 1.0, 7.0, 3.0], 2)
    >>> values.tolist(), indices.tolist()
    ([7.0, 5.0], [2, 0])
    """
    x = convert(x)
    if isinstance(k, bool) or not isinstance(k, int) or not 0 <= k <= (x.shape[-1] if x.dim()
                                                                       else 1):
        raise ValueError(
            "Argument `k` must be an integer between 0 and the size of the last axis. "
            f"Received: k={k!r}, x.shape={tuple(x.shape)}"
        )
    values, indices = torch.topk(x, k, sorted=sorted)
    return values, indices.to(torch.int32)


@op("InTopK")
def in_top_k(targets: Any, predictions: Any, k: int) -> torch.Tensor:
    """Whether each target class is among the `k` highest predictions (ties count in).

    Args:
        targets: ``(batch,)`` integer class ids.
        predictions: ``(batch, num_classes)`` scores.
        k: How many top classes count.

    Returns:
        A ``(batch,)`` boolean tensor.

    Example:

    >>> in_top_k([2, 0], [[0.1, 0.5, 0.4], [0.3, 0.3, 0.4]], 2).tolist()
    [True, True]
    """
    predictions = convert(predictions)
    targets = convert(targets).to(device=predictions.device, dtype=torch.int64)
    if predictions.dim() != 2 or targets.dim() != 1:
        raise ValueError(
            "Arguments `targets` and `predictions` must be 1-D and 2-D. Received: "
            f"targets.shape={tuple(targets.shape)}, "
            f"predictions.shape={tuple(predictions.shape)}"
        )
    kth = torch.topk(predictions, k, dim=-1).values[:, -1:]
    return (predictions.gather(1, targets[:, None]) >= kth)[:, 0]


@op("Logsumexp")
def logsumexp(x: Any, axis: Any = None, keepdims: bool = False) -> torch.Tensor:
    """``log(sum(exp(x)))`` over `axis`, computed stably.

    Args:
        x: Input tensor.
        axis: Axis or axes to reduce (default all).
        keepdims: Keep the reduced axes with size 1.

    Returns:
        The reduced tensor.

    Example:

    >>> round(logsumexp([0.0, 0.0]).item(), 6)
    0.693147
    """
    x = _float(x)
    dims = tuple(range(x.dim())) if axis is None else axis
    return torch.logsumexp(x, dim=dims, keepdim=keepdims)


@op("CDist")
def cdist(x: Any, y: Any) -> torch.Tensor:
    """Pairwise Euclidean distances between the rows of `x` and `y`.

    Args:
        x: ``(..., P, M)``.
        y: ``(..., R, M)``.

    Returns:
        ``(..., P, R)``.
    """
    x, y = _float(x), _float(y)
    if x.dim() < 2 or y.dim() < 2 or x.shape[-1] != y.shape[-1]:
        raise ValueError(
            "Arguments `x` and `y` must be at least 2-D with the same last dimension. "
            f"Received: x.shape={tuple(x.shape)}, y.shape={tuple(y.shape)}"
        )
    return torch.cdist(x, y.to(x.dtype), p=2.0)


@op("Rsqrt")
def rsqrt(x: Any) -> torch.Tensor:
    """``1 / sqrt(x)``.

    Args:
        x: Input tensor.
    """
    return torch.rsqrt(_float(x))


@op("Erf")
def erf(x: Any) -> torch.Tensor:
    """The Gauss error function.

    Args:
        x: Input tensor.

    Example:

    >>> round(erf([0.5]).item(), 6)
    0.5205
    """
    return torch.erf(_float(x))


@op("Erfc")
def erfc(x: Any) -> torch.Tensor:
    """The complementary error function ``1 - erf(x)``.

    Args:
        x: Input tensor.
    """
    return torch.erfc(_float(x))


@op("Erfinv")
def erfinv(x: Any) -> torch.Tensor:
    """The inverse error function.

    Args:
        x: Input tensor with values in ``[-1, 1]``.
    """
    return torch.erfinv(_float(x))


@op("Logdet")
def logdet(x: Any) -> torch.Tensor:
    """Log-determinant of square matrices (``nan`` for negative determinants).

    Args:
        x: ``(..., M, M)``.

    Returns:
        ``(...)``.
    """
    return torch.logdet(_float(x))


@op("ViewAsComplex")
def view_as_complex(x: Any) -> torch.Tensor:
    """Complex tensor from a float tensor whose last axis (size 2) holds real, imag.

    Args:
        x: ``(..., 2)`` float tensor.

    Returns:
        ``(...)`` complex tensor.
    """
    x = _float(x)
    if x.dim() < 1 or x.shape[-1] != 2:
        raise ValueError(
            f"Last dimension of input must be size 2 (real and imaginary). "
            f"Received shape: {tuple(x.shape)}"
        )
    return torch.view_as_complex(x.contiguous())


@op("ViewAsReal")
def view_as_real(x: Any) -> torch.Tensor:
    """Float tensor ``(..., 2)`` holding the real and imaginary parts of a complex `x`.

    Args:
        x: Complex tensor.

    Returns:
        ``(..., 2)`` float tensor.
    """
    x = convert(x)
    if not x.is_complex():
        raise ValueError(f"Input must be a complex tensor. Received: dtype={x.dtype}")
    return torch.view_as_real(x)
