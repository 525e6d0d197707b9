"""Products and contractions (``matmul``, ``dot``, ``tensordot``, ``einsum``, ...)."""

from __future__ import annotations

import torch

from torcheras.ops._dtypes import _TORCH_NAMES, result_type
from torcheras.ops._op import cast, convert, floatx_dtype, keras_tensor, op
from torcheras.ops._specs import broadcast_shapes, trace_spec


def _name(x: torch.Tensor) -> str:
    return _TORCH_NAMES[x.dtype]


def _matmul_spec(x1, x2):
    s1, s2 = list(x1.shape), list(x2.shape)
    if not s1 or not s2:
        raise ValueError(
            "`matmul` does not support scalar inputs. Received: "
            f"x1.shape={tuple(s1)}, x2.shape={tuple(s2)}"
        )
    one1, one2 = len(s1) == 1, len(s2) == 1
    if one1:
        s1 = [1] + s1
    if one2:
        s2 = s2 + [1]
    if s1[-1] is not None and s2[-2] is not None and s1[-1] != s2[-2]:
        raise ValueError(
            "Inner dimensions (`x1.shape[-1]` and `x2.shape[-2]`) must be equal, but "
            f"received `x1.shape={tuple(x1.shape)}` and `x2.shape={tuple(x2.shape)}`."
        )
    batch = broadcast_shapes(s1[:-2], s2[:-2])
    shape = batch + [s1[-2], s2[-1]]
    if one1:
        del shape[-2]
    if one2:
        del shape[-1]
    d1, d2 = x1.dtype, x2.dtype
    dtype = "int32" if d1 == d2 == "int8" else result_type(d1, d2)
    return keras_tensor(shape, dtype)


@op("Matmul", _matmul_spec)
def matmul(x1, x2):
    """Matrix product of two tensors (batched over leading axes, with broadcasting).

    Args:
        x1: First tensor.
        x2: Second tensor.

    Returns:
        The matrix product (int8 inputs give int32).
    """
    x1 = convert(x1)
    x2 = convert(x2)
    d1, d2 = x1.dtype, x2.dtype
    if d1 is d2 and (d1 is torch.float32 or d1 is torch.bfloat16):
        return torch.matmul(x1, x2)
    n1, n2 = _TORCH_NAMES[d1], _TORCH_NAMES[d2]
    result = "int32" if n1 == n2 == "int8" else result_type(n1, n2)
    compute = result
    if compute == "bool":
        compute = _TORCH_NAMES[floatx_dtype()]
    if compute == "float16" and x1.device.type == "cpu":
        compute = "float32"
    if "int" in compute and x1.device.type == "cuda":
        compute = _TORCH_NAMES[floatx_dtype()]
    return cast(torch.matmul(cast(x1, compute), cast(x2, compute)), result)


def _float_compute(x1, x2):
    """Result dtype and a float compute dtype for products torch only has for floats."""
    result = result_type(_name(x1), _name(x2))
    compute = result_type(result, float)
    if compute == "float16" and x1.device.type == "cpu":
        compute = "float32"
    return result, compute


def _dim_merge(a, b, what):
    if a is not None and b is not None and a != b:
        raise ValueError(f"Shape must match on the contraction axes for `{what}`. Received "
                         f"sizes {a} and {b}.")
    return a if a is not None else b


def _product_dtype(x1, x2):
    return result_type(getattr(x1, "dtype", type(x1)), getattr(x2, "dtype", type(x2)))


def _dot_spec(x1, x2):
    s1, s2 = list(getattr(x1, "shape", ())), list(getattr(x2, "shape", ()))
    dtype = _product_dtype(x1, x2)
    if not s1 or not s2:
        return keras_tensor(broadcast_shapes(s1, s2), dtype)
    _dim_merge(s1[-1], s2[-1] if len(s2) == 1 else s2[-2], "dot")
    if len(s2) == 1:
        return keras_tensor(s1[:-1], dtype)
    return keras_tensor(s1[:-1] + s2[:-2] + s2[-1:], dtype)


@op("Dot", _dot_spec)
def dot(x1, x2):
    """Dot product of two tensors (``matmul`` for >=1-D, multiply for scalars).

    Args:
        x1: First tensor.
        x2: Second tensor.

    Returns:
        A tensor.
    """
    x1 = convert(x1)
    x2 = convert(x2)
    result, compute = _float_compute(x1, x2)
    x1, x2 = cast(x1, compute), cast(x2, compute)
    if x1.ndim == 0 or x2.ndim == 0:
        return cast(torch.multiply(x1, x2), result)
    return cast(torch.matmul(x1, x2), result)


def _tensordot_spec(x1, x2, axes=2):
    s1, s2 = list(x1.shape), list(x2.shape)
    if isinstance(axes, int):
        a1 = list(range(len(s1) - axes, len(s1)))
        a2 = list(range(axes))
    else:
        a1, a2 = ([a] if isinstance(a, int) else list(a) for a in axes)
    a1 = [a % len(s1) for a in a1]
    a2 = [a % len(s2) for a in a2]
    for i, j in zip(a1, a2):
        _dim_merge(s1[i], s2[j], "tensordot")
    shape = [d for i, d in enumerate(s1) if i not in a1] + [
        d for j, d in enumerate(s2) if j not in a2]
    return keras_tensor(shape, _product_dtype(x1, x2))


@op("Tensordot", _tensordot_spec)
def tensordot(x1, x2, axes=2):
    """Compute the tensor dot product along specified axes.

    Args:
        x1: First tensor.
        x2: Second tensor.
        axes: An int N (last N axes of ``x1`` with first N of ``x2``), or a pair of axis
            lists.

    Returns:
        A tensor.
    """
    x1 = convert(x1)
    x2 = convert(x2)
    result, compute = _float_compute(x1, x2)
    if isinstance(axes, (list, tuple)):
        first, second = axes
        axes = (tuple(first) if isinstance(first, (list, tuple)) else (first,),
                tuple(second) if isinstance(second, (list, tuple)) else (second,))
    return cast(torch.tensordot(cast(x1, compute), cast(x2, compute), dims=axes), result)


@op("Inner")
def inner(x1, x2):
    """Inner product of two tensors (over their last axes).

    Args:
        x1: First tensor.
        x2: Second tensor.

    Returns:
        A tensor.
    """
    x1 = convert(x1)
    x2 = convert(x2)
    result, compute = _float_compute(x1, x2)
    return cast(torch.inner(cast(x1, compute), cast(x2, compute)), result)


@op("Vdot")
def vdot(x1, x2):
    """Dot product of two flattened 1-D tensors (conjugating the first).

    Args:
        x1: First 1-D tensor.
        x2: Second 1-D tensor.

    Returns:
        A scalar tensor.
    """
    x1 = convert(x1)
    x2 = convert(x2)
    result, compute = _float_compute(x1, x2)
    return cast(torch.vdot(cast(x1, compute), cast(x2, compute)), result)


@op("Outer")
def outer(x1, x2):
    """Compute the outer product of two (flattened) tensors.

    Args:
        x1: First tensor.
        x2: Second tensor.

    Returns:
        A 2-D tensor.
    """
    x1, x2 = convert(x1), convert(x2)
    return torch.outer(x1.flatten(), x2.flatten())


def _einsum_impl(subscripts, *operands):
    operands = [convert(o) for o in operands]
    names = {_name(o) for o in operands}
    if names == {"int8"}:
        compute = torch.int32 if operands[0].device.type != "cuda" else floatx_dtype()
        return torch.einsum(subscripts, *[o.to(compute) for o in operands]).to(torch.int32)
    return torch.einsum(subscripts, *operands)


def _einsum_spec(subscripts, *operands):
    spec = subscripts.replace(" ", "")
    if "..." in spec:
        return trace_spec(_einsum_impl, (subscripts,) + operands, {})
    inputs, _, output = spec.partition("->")
    terms = inputs.split(",")
    sizes: dict = {}
    for term, operand in zip(terms, operands):
        for letter, dim in zip(term, operand.shape):
            sizes[letter] = _dim_merge(sizes.get(letter), dim, "einsum") if letter in sizes \
                else dim
    if not _:
        counts = {c: inputs.count(c) for c in set(inputs) if c.isalpha()}
        output = "".join(sorted(c for c, n in counts.items() if n == 1))
    dtypes = {getattr(o, "dtype", None) for o in operands}
    dtype = "int32" if dtypes == {"int8"} else result_type(*[o.dtype for o in operands])
    return keras_tensor([sizes[c] for c in output], dtype)


_einsum = op("Einsum", _einsum_spec)(_einsum_impl)


def einsum(subscripts, *operands, **kwargs):
    """Evaluates the Einstein summation convention on the operands.

    Args:
        subscripts: The summation subscripts (``"ij,jk->ik"``).
        *operands: The tensors.
        **kwargs: Accepted for NumPy compatibility and ignored.

    Returns:
        The calculation based on the Einstein summation convention.
    """
    return _einsum(subscripts, *operands)


@op("Cross")
def cross(x1, x2, axisa=-1, axisb=-1, axisc=-1, axis=None):
    """Return the cross product of two (arrays of) vectors.

    Args:
        x1: Components of the first vector(s).
        x2: Components of the second vector(s).
        axisa: Axis of ``x1`` defining the vectors (only -1 on torch).
        axisb: Axis of ``x2`` defining the vectors (only -1 on torch).
        axisc: Axis of the result containing the vectors (only -1 on torch).
        axis: If given, the axis of ``x1``, ``x2`` and the result defining the vectors.

    Returns:
        A tensor.
    """
    if axisa != -1 or axisb != -1 or axisc != -1:
        raise ValueError(
            "Torch backend does not support `axisa`, `axisb`, or `axisc`. Received: "
            f"axisa={axisa}, axisb={axisb}, axisc={axisc}. Please use `axis` arg in torch "
            "backend."
        )
    x1 = convert(x1)
    x2 = convert(x2)
    result = result_type(_name(x1), _name(x2))
    compute = "float32" if result == "float16" and x1.device.type == "cpu" else result
    if axis is None:
        axis = -1
    return cast(torch.linalg.cross(cast(x1, compute), cast(x2, compute), dim=axis), result)


@op("Correlate")
def correlate(x1, x2, mode="valid"):
    """Cross-correlation of two 1-D tensors.

    Args:
        x1: First 1-D tensor.
        x2: Second 1-D tensor.
        mode: ``"valid"``, ``"same"`` or ``"full"``.

    Returns:
        A 1-D float tensor.
    """
    x1 = convert(x1)
    x2 = convert(x2)
    dtype = result_type(_name(x1), _name(x2))
    if dtype == "int64":
        dtype = "float64"
    elif dtype not in ("bfloat16", "float16", "float64"):
        dtype = "float32"
    x1, x2 = cast(x1, dtype), cast(x2, dtype)
    n1, n2 = x1.shape[-1], x2.shape[-1]
    full = torch.nn.functional.conv1d(x1.reshape(1, 1, n1), x2.reshape(1, 1, n2),
                                      padding=n2 - 1).reshape(-1)
    if mode == "valid":
        length = max(n1, n2) - min(n1, n2) + 1
        start = (full.shape[-1] - length) // 2
        full = full[start:start + length]
    elif mode == "same":
        start = (full.shape[-1] - n1) // 2
        full = full[start:start + n1]
    return full


@op("Corrcoef")
def corrcoef(x):
    """Pearson product-moment correlation coefficients of the rows of ``x``.

    Args:
        x: A 1-D or 2-D tensor of variables (rows) and observations (columns).

    Returns:
        A tensor of correlation coefficients.
    """
    x = convert(x)
    if x.dtype is torch.bool:
        x = x.to(floatx_dtype())
    elif x.dtype is torch.int64:
        x = x.to(torch.float64)
    return torch.corrcoef(x)


def _slogdet_spec(x):
    shape = tuple(x.shape[:-2])
    return keras_tensor(shape, x.dtype), keras_tensor(shape, x.dtype)


@op("Slogdet", _slogdet_spec)
def slogdet(x):
    """Sign and natural log of the absolute value of the determinant.

    Args:
        x: Square matrix (or batch of them).

    Returns:
        A tuple ``(sign, logabsdet)``.
    """
    return tuple(torch.linalg.slogdet(convert(x)))


@op("Vander")
def vander(x, N=None, increasing=False):
    """Generate a Vandermonde matrix (columns are powers of ``x``).

    Args:
        x: 1-D input tensor.
        N: Number of columns (``len(x)`` by default).
        increasing: Whether the powers increase from left to right.

    Returns:
        A 2-D tensor.
    """
    if N is not None:
        if not isinstance(N, int):
            raise TypeError(f"Argument `N` must be of type `int`. Received: N={N} of type "
                            f"{type(N)}")
        if N < 0:
            raise ValueError(f"Argument 'N' must be nonnegative. Received: N={N}")
    if not isinstance(increasing, bool):
        raise TypeError(
            "Argument `increasing` must be of type `bool`. Received: "
            f"increasing={increasing} of type {type(increasing)}"
        )
    x = convert(x)
    if x.ndim != 1:
        raise ValueError(
            f"Input tensor must be 1-dimensional. Received: input.shape={tuple(x.shape)}"
        )
    return cast(torch.vander(x, N=N, increasing=increasing), result_type(_name(x)))


@op("Trapezoid")
def trapezoid(y, x=None, dx=1.0, axis=-1):
    """Integrate along the given axis using the composite trapezoidal rule.

    Args:
        y: Values to integrate.
        x: Sample points (spacing ``dx`` when ``None``).
        dx: Spacing between samples when ``x`` is ``None``.
        axis: Axis along which to integrate.

    Returns:
        A tensor.
    """
    y = convert(y)
    if y.dtype is torch.bool:
        y = y.to(floatx_dtype())
    if x is not None:
        return torch.trapezoid(y, x=convert(x), dim=axis)
    return torch.trapezoid(y, dx=dx, dim=axis)
