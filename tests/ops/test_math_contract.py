"""keras.ops math ops beyond the goldens: gradients, round trips, symbolic specs of
value-dependent shapes, bad inputs."""

import numpy as np
import pytest
import torch

from torcheras.layers._keras_tensor import KerasTensor
from torcheras.ops import math

D = torch.float64


def _r(*shape, seed=0):
    g = torch.Generator().manual_seed(seed)
    return torch.randn(*shape, generator=g, dtype=D, requires_grad=True)


GRAD_CASES = {
    "logsumexp": lambda: (lambda x: math.logsumexp(x, axis=1), [_r(3, 4)]),
    "segment_sum": lambda: (lambda x: math.segment_sum(x, torch.tensor([0, 2, 0]), 3), [_r(3, 2)]),
    "segment_max": lambda: (lambda x: math.segment_max(x, torch.tensor([0, 1, 1]), 2), [_r(3, 2)]),
    "top_k": lambda: (lambda x: math.top_k(x, 2)[0], [_r(2, 5)]),
    "cdist": lambda: (math.cdist, [_r(3, 2), _r(4, 2, seed=1)]),
    "erfinv": lambda: (lambda x: math.erfinv(torch.tanh(x) * 0.9), [_r(5)]),
    "rsqrt": lambda: (lambda x: math.rsqrt(x * x + 1), [_r(5)]),
    "stft": lambda: (lambda x: math.stft(x, 8, 4, 8), [_r(2, 24)]),
    "istft": lambda: (lambda a, b: math.istft((a, b), 8, 4, 8), [_r(2, 5, 5), _r(2, 5, 5, seed=1)]),
    "fft2": lambda: (lambda a, b: math.fft2((a, b)), [_r(3, 4), _r(3, 4, seed=1)]),
}


@pytest.mark.parametrize("name", sorted(GRAD_CASES))
def test_gradients(name):
    fn, inputs = GRAD_CASES[name]()
    assert torch.autograd.gradcheck(fn, inputs, eps=1e-6, atol=1e-5)


def test_round_trips():
    x = torch.randn(2, 64, dtype=D)
    re, im = math.stft(x, 16, 4, 16)
    assert torch.allclose(math.istft((re, im), 16, 4, 16, length=64), x, atol=1e-10)
    re, im = math.rfft(x)
    assert torch.allclose(math.irfft((re, im), 64), x, atol=1e-10)
    re, im = math.fft2((x, torch.zeros_like(x)))
    back_re, back_im = math.ifft2((re, im))
    assert torch.allclose(back_re, x, atol=1e-10) and torch.allclose(back_im, 0 * x, atol=1e-10)
    z = math.view_as_complex(torch.ones(3, 2))
    assert torch.equal(math.view_as_real(z), torch.ones(3, 2))


def test_hand_computed():
    assert math.segment_max([1.0, 5.0, 2.0], [1, 1, 3]).tolist() == [
        float("-inf"), 5.0, float("-inf"), 2.0]
    assert math.segment_min(np.array([4, 2], "int32"), [0, 0], 2).tolist() == [
        2, 2**31 - 1]
    assert math.segment_prod([2.0, 3.0, 4.0], [0, 0, 1]).tolist() == [6.0, 4.0]
    assert math.in_top_k([1], [[0.5, 0.5, 0.1]], 1).tolist() == [True]  # ties count
    assert math.extract_sequences(torch.arange(6), 3, 2).tolist() == [[0, 1, 2], [2, 3, 4]]
    assert math.top_k([1.0, 3.0, 2.0], 2)[1].dtype == torch.int32


def test_symbolic_segment_shapes():
    data = KerasTensor((None, 4))
    ids = KerasTensor((None,), "int32")
    assert math.segment_sum(data, ids, num_segments=7).shape == (7, 4)
    assert math.segment_max(data, ids).shape == (None, 4)
    values, indices = math.top_k(KerasTensor((None, 9)), 3)
    assert values.shape == (None, 3) and indices.dtype == "int32"


@pytest.mark.parametrize("call, error, match", [
    (lambda: math.segment_sum(np.ones((3, 2)), [0, 1]), ValueError,
     r"`segment_ids` must be a 1-D tensor with one id per row of `data`"),
    (lambda: math.top_k([1.0, 2.0], 3), ValueError,
     r"Argument `k` must be an integer between 0 and the size of the last axis"),
    (lambda: math.in_top_k([0, 1], [1.0, 2.0], 1), ValueError, r"must be 1-D and 2-D"),
    (lambda: math.cdist(np.ones((2, 3)), np.ones((2, 4))), ValueError,
     r"same last dimension"),
    (lambda: math.fft(np.ones(3)), ValueError,
     r"Input `x` should be a tuple of two tensors - real and imaginary"),
    (lambda: math.fft((np.ones(3), np.ones(4))), ValueError,
     r"should have the same shape. Received: x\[0\].shape = \(3,\), x\[1\].shape = \(4,\)"),
    (lambda: math.fft((np.ones(3, "int32"), np.ones(3, "int32"))), ValueError,
     r"is not of type float"),
    (lambda: math.stft(np.ones((2, 32), "float32"), 16, 8, 8), ValueError,
     r"`fft_length` must equal or larger than `sequence_length`"),
    (lambda: math.stft(np.ones((2, 32), "float32"), 16, 8, 16, window="blackman"), ValueError,
     r'it must be one of `"hann"`, `"hamming"`. Received: window=blackman'),
    (lambda: math.stft(np.ones((2, 32), "int32"), 16, 8, 16), TypeError,
     r"Invalid input type. Expected `float32` or `float64`"),
    (lambda: math.stft(np.ones((2, 32), "float32"), 16, 8, 16, window=np.ones(3)), ValueError,
     r"The shape of `window` must be equal to \[sequence_length\]"),
    (lambda: math.extract_sequences(np.ones(5), 0, 1), ValueError,
     r"`sequence_length` must be a positive integer. Received: sequence_length=0"),
    (lambda: math.view_as_complex(np.ones((2, 3))), ValueError,
     r"Last dimension of input must be size 2"),
    (lambda: math.view_as_real(np.ones(2)), ValueError, r"must be a complex tensor"),
])
def test_bad_inputs(call, error, match):
    with pytest.raises(error, match=match):
        call()
