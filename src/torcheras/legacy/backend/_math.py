"""Keras 2's ``K.*`` math: reductions, element-wise functions, comparisons and products."""

from __future__ import annotations

from typing import Any

from torcheras import ops
from torcheras.backend import _config


def _float_if_bool(x: Any) -> Any:
    # Keras 2 averaged booleans (e.g. ``K.mean(K.equal(a, b))``) as floatx numbers.
    x = ops.convert_to_tensor(x) if not ops.is_tensor(x) and not hasattr(x, "shape") else x
    if ops.dtype(x) == "bool":
        return ops.cast(x, _config.floatx())
    return x


def mean(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """Mean of a tensor along ``axis`` (all axes when ``None``); booleans count as 0/1.

    Args:
        x: A tensor.
        axis: An int, a list of ints or ``None``.
        keepdims: Keep the reduced axes with length 1.
    """
    return ops.mean(_float_if_bool(x), axis=axis, keepdims=keepdims)


def sum(x: Any, axis: Any = None, keepdims: bool = False) -> Any:  # noqa: A001 (Keras's name)
    """Sum of a tensor along ``axis``.

    Args:
        x: A tensor.
        axis: An int, a list of ints or ``None``.
        keepdims: Keep the reduced axes with length 1.
    """
    return ops.sum(x, axis=axis, keepdims=keepdims)


def max(x: Any, axis: Any = None, keepdims: bool = False) -> Any:  # noqa: A001
    """Maximum of a tensor along ``axis``.

    Args:
        x: A tensor.
        axis: An int, a list of ints or ``None``.
        keepdims: Keep the reduced axes with length 1.
    """
    return ops.max(x, axis=axis, keepdims=keepdims)


def min(x: Any, axis: Any = None, keepdims: bool = False) -> Any:  # noqa: A001
    """Minimum of a tensor along ``axis``.

    Args:
        x: A tensor.
        axis: An int, a list of ints or ``None``.
        keepdims: Keep the reduced axes with length 1.
    """
    return ops.min(x, axis=axis, keepdims=keepdims)


def prod(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """Product of a tensor's values along ``axis``.

    Args:
        x: A tensor.
        axis: An int, a list of ints or ``None``.
        keepdims: Keep the reduced axes with length 1.
    """
    return ops.prod(x, axis=axis, keepdims=keepdims)


def std(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """Population standard deviation along ``axis``.

    Args:
        x: A tensor.
        axis: An int, a list of ints or ``None``.
        keepdims: Keep the reduced axes with length 1.
    """
    return ops.std(_float_if_bool(x), axis=axis, keepdims=keepdims)


def var(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """Population variance along ``axis``.

    Args:
        x: A tensor.
        axis: An int, a list of ints or ``None``.
        keepdims: Keep the reduced axes with length 1.
    """
    return ops.var(_float_if_bool(x), axis=axis, keepdims=keepdims)


def any(x: Any, axis: Any = None, keepdims: bool = False) -> Any:  # noqa: A001
    """Logical OR along ``axis`` (non-zero values are true).

    Args:
        x: A tensor.
        axis: An int, a list of ints or ``None``.
        keepdims: Keep the reduced axes with length 1.
    """
    return ops.any(ops.cast(x, "bool"), axis=axis, keepdims=keepdims)


def all(x: Any, axis: Any = None, keepdims: bool = False) -> Any:  # noqa: A001
    """Logical AND along ``axis`` (non-zero values are true).

    Args:
        x: A tensor.
        axis: An int, a list of ints or ``None``.
        keepdims: Keep the reduced axes with length 1.
    """
    return ops.all(ops.cast(x, "bool"), axis=axis, keepdims=keepdims)


def argmax(x: Any, axis: int = -1) -> Any:
    """Index of the maximum along ``axis`` (the last by default, as in Keras 2).

    Args:
        x: A tensor.
        axis: The axis to search.
    """
    return ops.argmax(x, axis=axis)


def argmin(x: Any, axis: int = -1) -> Any:
    """Index of the minimum along ``axis`` (the last by default).

    Args:
        x: A tensor.
        axis: The axis to search.
    """
    return ops.argmin(x, axis=axis)


def cumsum(x: Any, axis: int = 0) -> Any:
    """Cumulative sum along ``axis`` (the first by default, as in Keras 2).

    Args:
        x: A tensor.
        axis: The axis to accumulate along.
    """
    return ops.cumsum(x, axis=axis)


def cumprod(x: Any, axis: int = 0) -> Any:
    """Cumulative product along ``axis`` (the first by default).

    Args:
        x: A tensor.
        axis: The axis to accumulate along.
    """
    return ops.cumprod(x, axis=axis)


def square(x: Any) -> Any:
    """Element-wise square.

    Args:
        x: A tensor.
    """
    return ops.square(x)


def sqrt(x: Any) -> Any:
    """Element-wise square root; negative inputs give 0, as Keras 2 clipped them first.

    Args:
        x: A tensor.
    """
    return ops.sqrt(ops.maximum(x, 0.0))


def abs(x: Any) -> Any:  # noqa: A001
    """Element-wise absolute value.

    Args:
        x: A tensor.
    """
    return ops.abs(x)


def exp(x: Any) -> Any:
    """Element-wise exponential.

    Args:
        x: A tensor.
    """
    return ops.exp(x)


def log(x: Any) -> Any:
    """Element-wise natural logarithm.

    Args:
        x: A tensor.
    """
    return ops.log(x)


def pow(x: Any, a: Any) -> Any:  # noqa: A001
    """Element-wise power ``x ** a``.

    Args:
        x: A tensor.
        a: The exponent (number or tensor).
    """
    return ops.power(x, a)


def round(x: Any) -> Any:  # noqa: A001
    """Element-wise rounding to the nearest integer, halves to even.

    Args:
        x: A tensor.
    """
    return ops.round(x)


def sign(x: Any) -> Any:
    """Element-wise sign (-1, 0 or 1).

    Args:
        x: A tensor.
    """
    return ops.sign(x)


def sin(x: Any) -> Any:
    """Element-wise sine.

    Args:
        x: A tensor.
    """
    return ops.sin(x)


def cos(x: Any) -> Any:
    """Element-wise cosine.

    Args:
        x: A tensor.
    """
    return ops.cos(x)


def clip(x: Any, min_value: Any, max_value: Any) -> Any:
    """Clip values to ``[min_value, max_value]``.

    Keras 2 rules: ``max_value=None`` means no upper bound, a ``max_value`` below
    ``min_value`` is raised to ``min_value``, ``min_value=None`` means no lower bound.

    Args:
        x: A tensor.
        min_value: Lower bound (number) or ``None``.
        max_value: Upper bound (number) or ``None``.
    """
    if isinstance(min_value, (int, float)) and isinstance(max_value, (int, float)):
        if max_value < min_value:
            max_value = min_value
    if min_value is None:
        min_value = -float("inf")
    if max_value is None:
        max_value = float("inf")
    return ops.clip(x, min_value, max_value)


def maximum(x: Any, y: Any) -> Any:
    """Element-wise maximum of two tensors.

    Args:
        x: A tensor.
        y: A tensor.
    """
    return ops.maximum(x, y)


def minimum(x: Any, y: Any) -> Any:
    """Element-wise minimum of two tensors.

    Args:
        x: A tensor.
        y: A tensor.
    """
    return ops.minimum(x, y)


def equal(x: Any, y: Any) -> Any:
    """Element-wise ``x == y`` (boolean tensor).

    Args:
        x: A tensor.
        y: A tensor.
    """
    return ops.equal(x, y)


def not_equal(x: Any, y: Any) -> Any:
    """Element-wise ``x != y``.

    Args:
        x: A tensor.
        y: A tensor.
    """
    return ops.not_equal(x, y)


def greater(x: Any, y: Any) -> Any:
    """Element-wise ``x > y``.

    Args:
        x: A tensor.
        y: A tensor.
    """
    return ops.greater(x, y)


def greater_equal(x: Any, y: Any) -> Any:
    """Element-wise ``x >= y``.

    Args:
        x: A tensor.
        y: A tensor.
    """
    return ops.greater_equal(x, y)


def less(x: Any, y: Any) -> Any:
    """Element-wise ``x < y``.

    Args:
        x: A tensor.
        y: A tensor.
    """
    return ops.less(x, y)


def less_equal(x: Any, y: Any) -> Any:
    """Element-wise ``x <= y``.

    Args:
        x: A tensor.
        y: A tensor.
    """
    return ops.less_equal(x, y)


def dot(x: Any, y: Any) -> Any:
    """Keras 2's (Theano's) dot: the last axis of ``x`` against the second-to-last of ``y``.

    ``(2, 3, 4) . (4, 5) -> (2, 3, 5)`` and ``(2, 3) . (4, 3, 5) -> (2, 4, 5)``.

    Args:
        x: A tensor.
        y: A tensor.
    """
    y_axis = ops.ndim(y) - 2 if ops.ndim(y) >= 2 else 0
    return ops.tensordot(x, y, axes=[[ops.ndim(x) - 1], [y_axis]])


def batch_dot(x: Any, y: Any, axes: Any = None) -> Any:
    """Dot product of each sample of ``x`` with the same sample of ``y``.

    The result has ``x``'s remaining axes then ``y``'s (batch first); a result of rank 1
    gets a trailing axis of length 1, as Keras 2 gave ``(batch, 1)``.

    Args:
        x: A tensor with ``ndim >= 2``.
        y: A tensor with ``ndim >= 2``.
        axes: An int or a pair of ints: the axes to contract (not 0). By default the last
            axis of ``x`` and the second-to-last of ``y`` (the last when ``y`` is 2D).
    """
    x_ndim, y_ndim = ops.ndim(x), ops.ndim(y)
    if x_ndim < 2 or y_ndim < 2:
        raise ValueError(
            "Cannot do batch_dot on inputs with rank < 2. Received inputs with "
            f"shapes {ops.shape(x)!r} and {ops.shape(y)!r}."
        )
    if axes is None:
        axes = (x_ndim - 1, y_ndim - 1 if y_ndim == 2 else y_ndim - 2)
    elif isinstance(axes, int):
        axes = (axes, axes)
    a0, a1 = (a % n for a, n in zip(axes, (x_ndim, y_ndim)))
    if a0 == 0 or a1 == 0:
        raise ValueError(
            "Cannot perform batch_dot over axis 0. Received: "
            f"axes={axes!r}"
        )
    x_rest = [d for i, d in enumerate(ops.shape(x)) if i not in (0, a0)]
    y_rest = [d for i, d in enumerate(ops.shape(y)) if i not in (0, a1)]
    x3 = ops.reshape(ops.moveaxis(x, a0, -1), (-1, _prod(x_rest), ops.shape(x)[a0]))
    y3 = ops.reshape(ops.moveaxis(y, a1, 1), (-1, ops.shape(y)[a1], _prod(y_rest)))
    out = ops.reshape(ops.matmul(x3, y3), (-1, *x_rest, *y_rest))
    if not x_rest and not y_rest:
        out = ops.reshape(out, (-1, 1))
    return out


def _prod(dims: list) -> int:
    result = 1
    for d in dims:
        result *= int(d)
    return result


def l2_normalize(x: Any, axis: Any = None) -> Any:
    """Divide by the L2 norm along ``axis`` (floored at ``1e-12`` squared, as TensorFlow did).

    Args:
        x: A tensor.
        axis: The axis (or axes) to normalise along; ``None`` means all.
    """
    x = ops.convert_to_tensor(x)
    square_sum = ops.sum(ops.square(x), axis=axis, keepdims=True)
    return x * ops.rsqrt(ops.maximum(square_sum, 1e-12))


def in_top_k(predictions: Any, targets: Any, k: int) -> Any:
    """Whether each ``targets`` class is among the top ``k`` of ``predictions``.

    Args:
        predictions: ``(batch, classes)`` scores.
        targets: ``(batch,)`` integer class indices.
        k: How many top classes count.
    """
    return ops.in_top_k(targets, predictions, k)


def logsumexp(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """``log(sum(exp(x)))`` along ``axis``, computed stably (Keras 2.2's ``K.logsumexp``).

    Args:
        x: A tensor.
        axis: An int, a list of ints or ``None``.
        keepdims: Keep the reduced axes with length 1.
    """
    return ops.logsumexp(x, axis=axis, keepdims=keepdims)
