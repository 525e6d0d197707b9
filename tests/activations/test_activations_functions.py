"""Contract, hand-computed values and bad inputs for the activation functions."""

import math
import warnings

import numpy as np
import pytest
import torch

from torcheras import activations

KERAS_NAMES = [
    "celu", "deserialize", "elu", "exponential", "gelu", "get", "glu", "hard_shrink",
    "hard_sigmoid", "hard_silu", "hard_swish", "hard_tanh", "leaky_relu", "linear",
    "log_sigmoid", "log_softmax", "mish", "relu", "relu6", "selu", "serialize", "sigmoid",
    "silu", "soft_shrink", "softmax", "softplus", "softsign", "sparse_plus",
    "sparse_sigmoid", "sparsemax", "squareplus", "swish", "tanh", "tanh_shrink", "threshold",
]
ELEMENTWISE = [n for n in KERAS_NAMES if n not in (
    "get", "serialize", "deserialize", "threshold", "glu", "linear")]


def test_exported_names_are_exactly_keras_3_15():
    assert sorted(activations.__all__) == KERAS_NAMES
    for name in KERAS_NAMES:
        assert callable(getattr(activations, name))


def test_aliases_are_the_same_functions():
    assert activations.swish is activations.silu
    assert activations.hard_swish is activations.hard_silu


@pytest.mark.parametrize("name", ELEMENTWISE)
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_shape_and_dtype_preserved(name, dtype):
    x = torch.linspace(-4, 4, 12, dtype=dtype).reshape(3, 4)
    out = getattr(activations, name)(x)
    assert out.shape == x.shape
    assert out.dtype == dtype


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_numpy_and_list_inputs(name):
    fn = getattr(activations, name)
    arr = np.array([[-1.5, 0.25, 2.0, 3.5]], dtype="float32")
    ref = fn(torch.from_numpy(arr))
    from_np = fn(arr)
    from_list = fn(arr.tolist())
    assert isinstance(from_np, torch.Tensor) and isinstance(from_list, torch.Tensor)
    assert from_list.dtype == torch.float32  # Python floats read as floatx()
    torch.testing.assert_close(from_np, ref)
    torch.testing.assert_close(from_list, ref)


def test_integer_inputs():
    # relu keeps integers (as Keras); the others compute in floatx().
    assert activations.relu([1, -2]).dtype == torch.int32
    assert activations.relu([1, -2], threshold=1.0).tolist() == [0, 0]
    assert activations.sigmoid(np.array([0, 1])).dtype == torch.float32
    assert activations.softmax([1, 1]).tolist() == [0.5, 0.5]


def test_tensor_passes_through_without_copy_for_linear():
    x = torch.randn(3)
    assert activations.linear(x) is x


@pytest.mark.parametrize("name", ["softmax", "sigmoid"])
def test_logits_are_attached(name):
    x = torch.randn(2, 5)
    out = getattr(activations, name)(x)
    assert out._keras_logits is x


def test_logits_attached_for_numpy_input():
    x = np.array([[1.0, 2.0, 3.0], [0.0, -1.0, 4.0]], dtype="float32")
    out = activations.softmax(x)
    assert isinstance(out._keras_logits, torch.Tensor)
    np.testing.assert_array_equal(out._keras_logits.numpy(), x)


# Points away from every kink (0, +-0.5, +-1, +-2.5, +-3, 6) of the piecewise activations.
_SMOOTH_POINTS = [-4.3, -2.2, -1.7, -0.8, -0.3, 0.2, 0.7, 1.3, 2.1, 4.6]


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_gradients_equal_finite_differences(name):
    fn = getattr(activations, name)
    x = torch.tensor(_SMOOTH_POINTS, dtype=torch.float64, requires_grad=True)
    (grad,) = torch.autograd.grad(fn(x).sum(), x)
    h = 1e-6
    with torch.no_grad():
        numeric = torch.stack([(fn(x + h * e).sum() - fn(x - h * e).sum()) / (2 * h)
                               for e in torch.eye(len(x), dtype=torch.float64)])
    torch.testing.assert_close(grad, numeric, rtol=1e-5, atol=1e-6)


HAND = [
    ("relu", {}, [-10, -5, 0.0, 5, 10], [0, 0, 0, 5, 10]),
    ("relu", {"negative_slope": 0.5}, [-10, -5, 0.0, 5, 10], [-5, -2.5, 0, 5, 10]),
    ("relu", {"max_value": 5.0}, [-10, -5, 0.0, 5, 10], [0, 0, 0, 5, 5]),
    ("relu", {"threshold": 5.0}, [-10, -5, 0.0, 5, 10], [0, 0, 0, 0, 10]),
    ("relu", {"negative_slope": 0.5, "threshold": 1.0}, [-1.0, 0.5, 2.0], [-1.0, -0.25, 2.0]),
    ("leaky_relu", {}, [-1.0, 2.0], [-0.2, 2.0]),
    ("relu6", {}, [-1.0, 3.0, 8.0], [0.0, 3.0, 6.0]),
    ("elu", {"alpha": 2.0}, [-1.0, 1.0], [2 * (math.exp(-1) - 1), 1.0]),
    ("selu", {}, [-1.0, 1.0],
     [1.0507009873554805 * 1.6732632423543772 * (math.exp(-1) - 1), 1.0507009873554805]),
    ("celu", {"alpha": 2.0}, [-2.0, 1.0], [2 * (math.exp(-1) - 1), 1.0]),
    ("softplus", {}, [0.0, 1.0], [math.log(2), math.log(1 + math.e)]),
    ("softsign", {}, [1.0, -3.0], [0.5, -0.75]),
    ("silu", {}, [1.0], [1 / (1 + math.exp(-1))]),
    ("gelu", {}, [1.0], [0.5 * (1 + math.erf(1 / math.sqrt(2)))]),
    ("gelu", {"approximate": True}, [1.0],
     [0.5 * (1 + math.tanh(math.sqrt(2 / math.pi) * (1 + 0.044715)))]),
    ("exponential", {}, [1.0], [math.e]),
    ("hard_sigmoid", {}, [-3.0, -1.5, 0.0, 1.5, 3.0], [0.0, 0.25, 0.5, 0.75, 1.0]),
    ("hard_silu", {}, [-3.0, 1.0, 4.0], [0.0, 4 / 6, 4.0]),
    ("mish", {}, [1.0], [math.tanh(math.log(1 + math.e))]),
    ("hard_tanh", {}, [-2.0, 0.5, 2.0], [-1.0, 0.5, 1.0]),
    ("hard_shrink", {"threshold": 1.0}, [-2.0, 0.5, 1.0, 2.0], [-2.0, 0.0, 0.0, 2.0]),
    ("soft_shrink", {"threshold": 1.0}, [-2.0, 0.5, 2.0], [-1.0, 0.0, 1.0]),
    ("tanh_shrink", {}, [1.0], [1 - math.tanh(1.0)]),
    ("threshold", {"threshold": 1.0, "default_value": 9.0}, [0.0, 1.0, 2.0], [9.0, 9.0, 2.0]),
    ("log_sigmoid", {}, [0.0], [-math.log(2)]),
    ("sparse_sigmoid", {}, [-2.0, -1.0, 0.5, 1.0, 2.0], [0.0, 0.0, 0.75, 1.0, 1.0]),
    ("sparse_plus", {}, [-2.0, 0.0, 0.5, 2.0], [0.0, 0.25, 0.5625, 2.0]),
    ("squareplus", {"b": 0}, [-2.0, 3.0], [0.0, 3.0]),
    ("squareplus", {}, [0.0], [1.0]),
    ("sigmoid", {}, [0.0], [0.5]),
    ("tanh", {}, [1.0], [math.tanh(1.0)]),
    ("softmax", {}, [0.0, math.log(3.0)], [0.25, 0.75]),
    ("log_softmax", {}, [0.0, math.log(3.0)], [math.log(0.25), math.log(0.75)]),
    ("sparsemax", {}, [0.0, 0.5, 1.0], [0.0, 0.25, 0.75]),
    ("sparsemax", {}, [0.1, 0.2, 0.25], [0.25, 0.35, 0.4]),
    ("glu", {}, [2.0, 0.0], [1.0]),
]


@pytest.mark.parametrize("name,kwargs,x,expected", HAND, ids=lambda v: str(v))
def test_hand_computed(name, kwargs, x, expected):
    out = getattr(activations, name)(torch.tensor(x, dtype=torch.float64), **kwargs)
    np.testing.assert_allclose(out.numpy(), np.array(expected), rtol=0, atol=1e-12)


def test_sparsemax_is_a_projection_on_the_simplex():
    torch.manual_seed(0)
    x = torch.randn(64, 10) * 0.5
    out = activations.sparsemax(x)
    assert (out >= 0).all()
    torch.testing.assert_close(out.sum(-1), torch.ones(64))
    out0 = activations.sparsemax(x.T, axis=0)
    torch.testing.assert_close(out0, out.T)


def test_softmax_axes():
    x = torch.randn(2, 3, 4)
    torch.testing.assert_close(activations.softmax(x, axis=(1, 2)).sum((1, 2)), torch.ones(2))
    whole = activations.softmax(x, axis=None)
    torch.testing.assert_close(whole.sum(), torch.tensor(1.0))
    torch.testing.assert_close(activations.softmax(x, axis=(-2, -1)),
                               activations.softmax(x, axis=(1, 2)))
    torch.testing.assert_close(activations.log_softmax(x, axis=None).exp(), whole)


def test_softmax_warns_on_size_one_axis():
    with pytest.warns(UserWarning, match="has size 1"):
        activations.softmax(torch.zeros(4, 1))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = activations.softmax(torch.zeros(4, 2))
    torch.testing.assert_close(out, torch.full((4, 2), 0.5))


BAD = [
    (lambda: activations.relu("abc"), TypeError, r"Received: x='abc' \(of type str\)"),
    (lambda: activations.sigmoid(object()), TypeError, r"Expected a tensor.*`x`"),
    (lambda: activations.relu([1.0], negative_slope="a"), ValueError,
     r"Argument `negative_slope` must be a number. Received: negative_slope='a'"),
    (lambda: activations.relu([1.0], max_value="6"), ValueError,
     r"Argument `max_value` must be a number. Received: max_value='6'"),
    (lambda: activations.gelu([1.0], approximate="tanh"), ValueError,
     r"Argument `approximate` must be a bool. Received: approximate='tanh'"),
    (lambda: activations.glu(torch.zeros(2, 3)), ValueError,
     r"axis size must be divisible by 2. Received: x.shape=\(2, 3\) with axis=-1"),
    (lambda: activations.glu(torch.zeros(2, 4), axis=2), ValueError,
     r"Argument `axis` must be an axis of the input of rank 2. Received: axis=2"),
    (lambda: activations.sparsemax(torch.zeros(2, 4), axis=3), ValueError,
     r"Received: axis=3"),
    (lambda: activations.softmax(torch.zeros(2, 4), axis=(0, 5)), ValueError,
     r"Argument `axis` must hold valid axes.*Received: axis=\(0, 5\)"),
    (lambda: activations.soft_shrink([1.0], threshold=-1), ValueError,
     r"Argument `threshold` must be a non-negative number. Received: threshold=-1"),
    (lambda: activations.hard_shrink([1.0], threshold="x"), ValueError,
     r"Received: threshold='x'"),
    (lambda: activations.threshold([1.0], "a", 0.0), ValueError,
     r"Argument `threshold` must be a number. Received: threshold='a'"),
    (lambda: activations.squareplus([1.0], b=-1), ValueError,
     r"Argument `b` must be non-negative. Received: b=-1"),
    (lambda: activations.celu([1.0], alpha=0), ValueError,
     r"Argument `alpha` must not be 0. Received: alpha=0"),
    (lambda: activations.softmax(torch.zeros(2), axis=4), IndexError, r"out of range"),
]


@pytest.mark.parametrize("call,exc,match", BAD, ids=[b[2][:40] for b in BAD])
def test_bad_inputs(call, exc, match):
    with pytest.raises(exc, match=match):
        call()
