"""keras.ops.linalg beyond the goldens: gradients, reconstruction identities, bad inputs."""

import numpy as np
import pytest
import torch

from torcheras.ops import linalg

D = torch.float64


def _r(*shape, seed=0):
    g = torch.Generator().manual_seed(seed)
    return torch.randn(*shape, generator=g, dtype=D)


def _spd(n=3):
    m = _r(n, n)
    return (m @ m.T + n * torch.eye(n, dtype=D)).requires_grad_(True)


GRAD_CASES = {
    "det": lambda: (linalg.det, [_spd()]),
    "inv": lambda: (linalg.inv, [_spd()]),
    "cholesky": lambda: (lambda a: linalg.cholesky((a + a.T) / 2), [_spd()]),
    "solve": lambda: (linalg.solve, [_spd(), _r(3, 2).requires_grad_(True)]),
    "solve_triangular": lambda: (lambda a, b: linalg.solve_triangular(a.triu() + 3 * torch.eye(
        3, dtype=D), b), [_r(3, 3).requires_grad_(True), _r(3).requires_grad_(True)]),
    "norm_fro": lambda: (lambda a: linalg.norm(a, "fro", axis=(0, 1)), [_r(3, 4).requires_grad_(True)]),
    "norm_vec": lambda: (lambda a: linalg.norm(a, 3, axis=1), [_r(3, 4).requires_grad_(True)]),
    "pinv": lambda: (linalg.pinv, [_r(4, 3).requires_grad_(True)]),
    "lstsq": lambda: (linalg.lstsq, [_r(5, 3).requires_grad_(True), _r(5, 2).requires_grad_(True)]),
    "svd_values": lambda: (lambda a: linalg.svd(a, compute_uv=False), [_r(4, 3).requires_grad_(True)]),
}


@pytest.mark.parametrize("name", sorted(GRAD_CASES))
def test_gradients(name):
    fn, inputs = GRAD_CASES[name]()
    assert torch.autograd.gradcheck(fn, inputs, eps=1e-6, atol=1e-5)


def test_reconstructions():
    a = _r(2, 4, 3)
    u, s, v = linalg.svd(a, full_matrices=False)
    assert torch.allclose(u @ torch.diag_embed(s) @ v, a, atol=1e-10)
    q, r = linalg.qr(a)
    assert torch.allclose(q @ r, a, atol=1e-10)
    lu, piv = linalg.lu_factor(_r(3, 3))
    assert piv.dtype == torch.int32 and int(piv.min()) >= 0
    w, vec = linalg.eigh(_spd().detach())
    assert torch.allclose(vec @ torch.diag(w) @ vec.T, _spd().detach(), atol=1e-10)
    c = linalg.cholesky(_spd().detach())
    assert torch.allclose(linalg.cholesky_inverse(c), torch.linalg.inv(_spd().detach()),
                          atol=1e-10)
    assert linalg.matrix_rank(np.ones((3, 3), "float32")).item() == 1
    out, tangent = linalg.jvp(lambda x, y: x * y, (torch.tensor(2.0), torch.tensor(3.0)),
                              (torch.tensor(1.0), torch.tensor(0.0)))
    assert (out.item(), tangent.item()) == (6.0, 3.0)
    assert linalg.det(np.array([[1, 2], [3, 4]], "int32")).dtype == torch.float32


@pytest.mark.parametrize("call, error, match", [
    (lambda: linalg.inv(np.ones(3)), ValueError,
     r"Expected input to have rank >= 2. Received input with shape \(3,\)."),
    (lambda: linalg.det(np.ones((2, 3))), ValueError,
     r"Expected a square matrix. Received non-square input with shape \(2, 3\)"),
    (lambda: linalg.solve(np.eye(3), np.ones((2, 2))), ValueError,
     r"Incompatible shapes between `a` and `b`. Expected `a.shape\[-2\] == b.shape\[-2\]`"),
    (lambda: linalg.solve(np.eye(3), np.ones(2)), ValueError,
     r"Expected `a.shape\[-1\] == b.shape\[-1\]`"),
    (lambda: linalg.inv(np.zeros((2, 2))), ValueError, r"Matrix inversion failed"),
    (lambda: linalg.cholesky(np.array([[1.0, 2.0], [2.0, 1.0]])), ValueError,
     r"Cholesky decomposition failed"),
    (lambda: linalg.qr(np.ones((3, 2)), mode="r"), ValueError,
     r"`mode` argument value not supported. Expected one of \{'reduced', 'complete'\}. "
     r"Received: mode=r"),
    (lambda: linalg.norm(np.ones((2, 2)), ord="max"), ValueError,
     r"Invalid `ord` argument. Expected one of \{'fro', 'nuc'\} when using string"),
    (lambda: linalg.norm(np.ones(3), ord="fro", axis=0), ValueError,
     r"Invalid `ord` argument for vector norm. Received: ord=fro"),
    (lambda: linalg.norm(np.ones((2, 2)), ord=3, axis=(0, 1)), ValueError,
     r"Invalid `ord` argument for matrix norm. Received: ord=3"),
    (lambda: linalg.lstsq(np.ones((2, 2, 2)), np.ones(2)), ValueError,
     r"Expected a to have rank 2. Received: a.shape=\(2, 2, 2\)"),
    (lambda: linalg.lstsq(np.ones((3, 2)), np.ones(2)), ValueError,
     r"Expected b.shape\[0\] to be equal to a.shape\[0\]"),
    (lambda: linalg.jvp(lambda x: x, torch.ones(1), torch.ones(1)), ValueError,
     r"`primals` and `tangents` must be tuples or lists"),
])
def test_bad_inputs(call, error, match):
    with pytest.raises(error, match=match):
        call()
