"""``keras.ops.linalg``: decompositions, solvers, norms and inverses on ``torch.linalg``.

Each op takes batches of matrices ``(..., M, N)``; integer inputs are computed in
``floatx``.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import torch

from torcheras.backend import _config
from torcheras.ops._op import convert, keras_tensor, op, result_type, to_torch_dtype

__all__ = [
    "cholesky",
    "cholesky_inverse",
    "det",
    "eig",
    "eigh",
    "inv",
    "jvp",
    "lstsq",
    "lu_factor",
    "matrix_rank",
    "norm",
    "pinv",
    "qr",
    "solve",
    "solve_triangular",
    "svd",
]


def _float(x: Any) -> torch.Tensor:
    x = convert(x)
    if x.is_floating_point() or x.is_complex():
        return x
    return x.to(to_torch_dtype(_config.floatx()))


def _matrix(x: Any, square: bool = True) -> torch.Tensor:
    x = _float(x)
    if x.dim() < 2:
        raise ValueError(
            f"Expected input to have rank >= 2. Received input with shape {tuple(x.shape)}."
        )
    if square and x.shape[-1] != x.shape[-2]:
        raise ValueError(
            f"Expected a square matrix. Received non-square input with shape {tuple(x.shape)}"
        )
    return x


def _a_b(a: Any, b: Any) -> tuple:
    a = _matrix(a)
    b = _float(b).to(a.dtype)
    if b.dim() < 1:
        raise ValueError(f"Expected input to have rank >= 1. Received scalar input {b}.")
    if b.dim() == a.dim() and a.shape[-2] != b.shape[-2]:
        raise ValueError(
            "Incompatible shapes between `a` and `b`. Expected `a.shape[-2] == b.shape[-2]`. "
            f"Received: a.shape={tuple(a.shape)}, b.shape={tuple(b.shape)}"
        )
    if b.dim() == a.dim() - 1 and a.shape[-1] != b.shape[-1]:
        raise ValueError(
            "Incompatible shapes between `a` and `b`. Expected `a.shape[-1] == b.shape[-1]`. "
            f"Received: a.shape={tuple(a.shape)}, b.shape={tuple(b.shape)}"
        )
    return a, b


def _float_name(x) -> str:
    dtype = str(x.dtype)
    return dtype if "float" in dtype or "complex" in dtype else _config.floatx()


def _same_spec(x, *args, **kwargs):
    return keras_tensor(x.shape, _float_name(x))


def _batch_spec(x, *args, **kwargs):
    return keras_tensor(x.shape[:-2], _float_name(x))


def _solve_spec(a, b, *args, **kwargs):
    return keras_tensor(b.shape, _float_name(a))


def _eigh_spec(x):
    return keras_tensor(x.shape[:-1], _float_name(x)), keras_tensor(x.shape, _float_name(x))


def _pinv_spec(x, rcond=None):
    return keras_tensor(tuple(x.shape[:-2]) + (x.shape[-1], x.shape[-2]), _float_name(x))


def _checked(name: str, fn: Callable, *args, **kwargs):
    """Run a torch.linalg call, turning its numerical failures into Keras's ValueError."""
    try:
        return fn(*args, **kwargs)
    except RuntimeError as e:  # torch.linalg.LinAlgError is a RuntimeError
        raise ValueError(f"{name} failed: {e}") from None


@op("Cholesky", compute_output_spec=_same_spec)
def cholesky(x: Any, upper: bool = False) -> torch.Tensor:
    """Cholesky factor of symmetric positive-definite matrices.

    Args:
        x: ``(..., M, M)``.
        upper: Return the upper factor ``U`` (``x = U^T U``) instead of the lower ``L``.

    Returns:
        ``(..., M, M)``.

    Example:

    >>> cholesky([[4.0, 2.0], [2.0, 5.0]]).tolist()
    [[2.0, 0.0], [1.0, 2.0]]
    """
    return _checked("Cholesky decomposition", torch.linalg.cholesky, _matrix(x), upper=upper)


@op("CholeskyInverse", compute_output_spec=_same_spec)
def cholesky_inverse(x: Any, upper: bool = False) -> torch.Tensor:
    """Inverse of a symmetric positive-definite matrix from its Cholesky factor.

    Args:
        x: ``(..., M, M)`` Cholesky factor.
        upper: Whether `x` is the upper factor.

    Returns:
        ``(..., M, M)``, the inverse of ``L L^T`` (or ``U^T U``).
    """
    return _checked("Cholesky inverse", torch.cholesky_inverse, _matrix(x), upper=upper)


@op("Det", compute_output_spec=_batch_spec)
def det(x: Any) -> torch.Tensor:
    """Determinant of square matrices.

    Args:
        x: ``(..., M, M)``.

    Returns:
        ``(...)``.
    """
    return torch.linalg.det(_matrix(x))


def _eig_spec(x):
    dtype = "complex128" if "64" in str(x.dtype) else "complex64"
    return keras_tensor(x.shape[:-1], dtype), keras_tensor(x.shape, dtype)


@op("Eig", compute_output_spec=_eig_spec)
def eig(x: Any) -> tuple:
    """Eigenvalues and eigenvectors of general square matrices (complex).

    Args:
        x: ``(..., M, M)``.

    Returns:
        A tuple ``(eigenvalues (..., M), eigenvectors (..., M, M))``.
    """
    return _checked("Eigen decomposition", torch.linalg.eig, _matrix(x))


@op("Eigh", compute_output_spec=_eigh_spec)
def eigh(x: Any) -> tuple:
    """Eigenvalues (ascending) and eigenvectors of symmetric/Hermitian matrices.

    Args:
        x: ``(..., M, M)``.

    Returns:
        A tuple ``(eigenvalues (..., M), eigenvectors (..., M, M))``.
    """
    return _checked("Eigen decomposition", torch.linalg.eigh, _matrix(x))


@op("Inv", compute_output_spec=_same_spec)
def inv(x: Any) -> torch.Tensor:
    """Inverse of square matrices.

    Args:
        x: ``(..., M, M)``.

    Returns:
        ``(..., M, M)``.

    Example:

    >>> inv([[2.0, 0.0], [0.0, 4.0]]).tolist()
    [[0.5, 0.0], [0.0, 0.25]]
    """
    return _checked("Matrix inversion", torch.linalg.inv, _matrix(x))


def _lu_spec(x):
    return keras_tensor(x.shape, x.dtype), keras_tensor(
        tuple(x.shape[:-2]) + (None if x.shape[-1] is None or x.shape[-2] is None
                               else min(x.shape[-2:]),), "int32")


@op("LuFactor", compute_output_spec=_lu_spec)
def lu_factor(x: Any) -> tuple:
    """LU decomposition with partial pivoting (LAPACK's packed form).

    Args:
        x: ``(..., M, N)``.

    Returns:
        A tuple ``(lu, pivots)``: ``L`` (unit diagonal implied) and ``U`` packed in one
        matrix, and the 0-based int32 pivot rows.
    """
    lu, pivots = _checked("LU decomposition", torch.linalg.lu_factor, _matrix(x, False))
    return lu, (pivots - 1).to(torch.int32)


_MATRIX_ORDS = (None, "fro", "nuc", float("inf"), float("-inf"), 1, -1, 2, -2)


@op("Norm")
def norm(x: Any, ord: Any = None, axis: Any = None, keepdims: bool = False):  # noqa: A002
    """Vector or matrix norm (the kind follows the number of axes, as in NumPy).

    Args:
        x: Input tensor.
        ord: Norm order: a number, ``inf``/``-inf``, or ``"fro"``/``"nuc"`` (matrices).
            `None` is the 2-norm of vectors and the Frobenius norm of matrices.
        axis: An int (vector norm), a pair of ints (matrix norm), or `None` (all axes as
            one vector for `ord=None`; the whole 1-D/2-D input otherwise).
        keepdims: Keep the reduced axes with size 1.

    Returns:
        The norms.

    Example:

    >>> norm([3.0, 4.0]).item()
    5.0
    """
    x = convert(x)
    if x.dtype == torch.int64 or not (x.is_floating_point() or x.is_complex()):
        dtype = to_torch_dtype(_config.floatx()) if x.dtype == torch.int64 else to_torch_dtype(
            result_type(x.dtype, float))
        x = x.to(dtype)
    if isinstance(ord, str) and ord not in ("fro", "nuc"):
        raise ValueError("Invalid `ord` argument. Expected one of {'fro', 'nuc'} when using "
                         f"string. Received: ord={ord}")
    axes = axis if axis is None else ([axis] if isinstance(axis, int) else list(axis))
    n_axes = x.dim() if axes is None else len(axes)
    if n_axes == 1 and isinstance(ord, str):
        raise ValueError(f"Invalid `ord` argument for vector norm. Received: ord={ord}")
    if n_axes == 2 and ord not in _MATRIX_ORDS:
        raise ValueError(f"Invalid `ord` argument for matrix norm. Received: ord={ord}")
    if axes is None and ord is None:
        out = torch.linalg.vector_norm(x, 2)
        return out.reshape((1,) * x.dim()) if keepdims else out
    return torch.linalg.norm(x, ord=ord, dim=None if axes is None else tuple(axes),
                             keepdim=keepdims)


def _qr_spec(x, mode="reduced"):
    m, n = x.shape[-2:]
    k = None if m is None or n is None else min(m, n)
    batch = tuple(x.shape[:-2])
    if mode == "reduced":
        return keras_tensor(batch + (m, k), x.dtype), keras_tensor(batch + (k, n), x.dtype)
    return keras_tensor(batch + (m, m), x.dtype), keras_tensor(batch + (m, n), x.dtype)


@op("Qr", compute_output_spec=_qr_spec)
def qr(x: Any, mode: str = "reduced") -> tuple:
    """QR decomposition.

    Args:
        x: ``(..., M, N)``.
        mode: ``"reduced"`` (``Q`` is ``(M, K)``, ``K = min(M, N)``) or ``"complete"``
            (``Q`` is ``(M, M)``).

    Returns:
        A tuple ``(q, r)``.
    """
    if mode not in ("reduced", "complete"):
        raise ValueError(
            "`mode` argument value not supported. Expected one of {'reduced', 'complete'}. "
            f"Received: mode={mode}"
        )
    return torch.linalg.qr(_matrix(x, False), mode=mode)


@op("Solve", compute_output_spec=_solve_spec)
def solve(a: Any, b: Any) -> torch.Tensor:
    """Solve ``a @ x = b`` for square `a`.

    Args:
        a: ``(..., M, M)``.
        b: ``(..., M)`` or ``(..., M, K)``.

    Returns:
        `x`, shaped like `b`.

    Example:

    >>> solve([[2.0, 0.0], [0.0, 4.0]], [2.0, 2.0]).tolist()
    [1.0, 0.5]
    """
    a, b = _a_b(a, b)
    return _checked("Solve", torch.linalg.solve, a, b)


@op("SolveTriangular", compute_output_spec=_solve_spec)
def solve_triangular(a: Any, b: Any, lower: bool = False) -> torch.Tensor:
    """Solve ``a @ x = b`` for triangular `a`.

    Args:
        a: ``(..., M, M)`` triangular matrix.
        b: ``(..., M)`` or ``(..., M, K)``.
        lower: Use the lower triangle of `a` (default: upper).

    Returns:
        `x`, shaped like `b`.
    """
    a, b = _a_b(a, b)
    if b.dim() == a.dim() - 1:
        return torch.linalg.solve_triangular(a, b.unsqueeze(-1), upper=not lower).squeeze(-1)
    return torch.linalg.solve_triangular(a, b, upper=not lower)


def _svd_spec(x, full_matrices=True, compute_uv=True):
    m, n = x.shape[-2:]
    k = None if m is None or n is None else min(m, n)
    batch = tuple(x.shape[:-2])
    s = keras_tensor(batch + (k,), x.dtype)
    if not compute_uv:
        return s
    if full_matrices:
        return keras_tensor(batch + (m, m), x.dtype), s, keras_tensor(batch + (n, n), x.dtype)
    return keras_tensor(batch + (m, k), x.dtype), s, keras_tensor(batch + (k, n), x.dtype)


@op("SVD", compute_output_spec=_svd_spec)
def svd(x: Any, full_matrices: bool = True, compute_uv: bool = True):
    """Singular value decomposition ``x = u @ diag(s) @ v``.

    Args:
        x: ``(..., M, N)``.
        full_matrices: Square `u` and `v` (else ``(M, K)`` and ``(K, N)``).
        compute_uv: Return ``(u, s, v)``; if False, only the singular values.

    Returns:
        ``(u, s, v)`` or ``s`` (descending).
    """
    x = _matrix(x, False)
    if not compute_uv:
        return torch.linalg.svdvals(x)
    return tuple(torch.linalg.svd(x, full_matrices=full_matrices))


@op("Lstsq")
def lstsq(a: Any, b: Any, rcond: float | None = None) -> torch.Tensor:
    """Least-squares solution of ``a @ x = b`` (minimum norm when under-determined).

    Args:
        a: ``(M, N)``.
        b: ``(M,)`` or ``(M, K)``.
        rcond: Singular values below ``rcond * largest`` count as zero.

    Returns:
        ``(N,)`` or ``(N, K)``.
    """
    a, b = _float(a), _float(b)
    if a.dim() != 2:
        raise ValueError(f"Expected a to have rank 2. Received: a.shape={tuple(a.shape)}")
    if b.dim() not in (1, 2):
        raise ValueError(f"Expected b to have rank 1 or 2. Received: b.shape={tuple(b.shape)}")
    if b.shape[0] != a.shape[0]:
        raise ValueError(
            "Expected b.shape[0] to be equal to a.shape[0]. Received: "
            f"a.shape={tuple(a.shape)}, b.shape={tuple(b.shape)}"
        )
    b = b.to(a.dtype)
    vector = b.dim() == 1
    rhs = b.unsqueeze(-1) if vector else b
    # The SVD-based pseudo-inverse handles rank-deficient and under-determined systems on
    # every device (LAPACK's gelsd is CPU-only).
    if rcond is not None or a.device.type != "cpu":
        x = torch.linalg.pinv(a, rtol=rcond) @ rhs
    else:
        x = torch.linalg.lstsq(a, rhs, driver="gelsd").solution
    return x.squeeze(-1) if vector else x


@op("MatrixRank", compute_output_spec=lambda x, tol=None: keras_tensor(x.shape[:-2], "int32"))
def matrix_rank(x: Any, tol: float | None = None) -> torch.Tensor:
    """Rank of matrices: the number of singular values above a threshold.

    Args:
        x: ``(..., M, N)``.
        tol: Absolute threshold (default: torch's, from the largest singular value and
            the matrix size).

    Returns:
        ``(...)`` int32.
    """
    return torch.linalg.matrix_rank(_matrix(x, False), atol=tol).to(torch.int32)


@op("Pinv", compute_output_spec=_pinv_spec)
def pinv(x: Any, rcond: float | None = None) -> torch.Tensor:
    """Moore-Penrose pseudo-inverse.

    Args:
        x: ``(..., M, N)``.
        rcond: Relative cut-off for small singular values.

    Returns:
        ``(..., N, M)``.
    """
    return torch.linalg.pinv(_matrix(x, False), rtol=rcond)


def jvp(fun: Callable, primals: Any, tangents: Any, has_aux: bool = False) -> tuple:
    """Jacobian-vector product of `fun` at `primals` along `tangents` (forward mode).

    Args:
        fun: Function of the primals returning a tensor or a nested structure of them
            (and an auxiliary value when `has_aux`).
        primals: Tuple or list of the function's arguments.
        tangents: Tuple or list of the same structure as `primals`.
        has_aux: Whether `fun` returns ``(output, aux)``.

    Returns:
        ``(outputs, tangent_outputs)``, or ``(outputs, tangent_outputs, aux)``.

    Example:

    >>> out, tangent = jvp(lambda x: x * x, (torch.tensor(3.0),), (torch.tensor(1.0),))
    >>> out.item(), tangent.item()
    (9.0, 6.0)
    """
    if not isinstance(primals, (tuple, list)) or not isinstance(tangents, (tuple, list)):
        raise ValueError(
            "Arguments `primals` and `tangents` must be tuples or lists. Received: "
            f"primals={type(primals).__name__}, tangents={type(tangents).__name__}"
        )
    primals = tuple(_float(p) for p in primals)
    tangents = tuple(_float(t).to(p.dtype) for t, p in zip(tangents, primals))
    with warnings.catch_warnings():
        # torch.func scripts its decompositions on first use and warns about its own
        # torch.jit.script use; the warning is not the caller's to act on.
        warnings.filterwarnings("ignore", message=r".*torch\.jit\.script.*",
                                category=DeprecationWarning)
        return torch.func.jvp(fun, primals, tangents, has_aux=has_aux)
