"""keras.ops inside models: symbolic nodes in functional graphs, custom layers, gradients."""

import re

import numpy as np
import pytest
import torch

import torcheras as keras
from torcheras import layers, ops


def test_ops_on_inputs_build_operation_nodes():
    inp = keras.Input((4,))
    out = ops.sqrt(ops.sum(ops.square(inp), axis=-1, keepdims=True))
    model = keras.Model(inp, out)
    assert out.shape == (None, 1) and out.dtype == "float32"
    # Operations are listed by summary but are not layers.
    assert [type(layer).__name__ for layer in model.layers] == ["InputLayer"]
    lines = []
    model.summary(print_fn=lines.append)
    text = "\n".join(lines)
    for name, cls in (("square", "Square"), ("sum", "Sum"), ("sqrt", "Sqrt")):
        assert re.search(rf"{name}(_\d+)? \({cls}\)", text), text
    x = np.array([[3.0, 4.0, 0.0, 0.0], [1.0, 2.0, 2.0, 0.0]], "float32")
    np.testing.assert_allclose(model(x).numpy(), [[5.0], [3.0]], rtol=1e-6)


def test_siamese_distance_lambda_trains():
    left, right = keras.Input((3,)), keras.Input((3,))
    embed = layers.Dense(2)
    distance = layers.Lambda(
        lambda t: ops.sqrt(ops.sum(ops.square(t[0] - t[1]), axis=1, keepdims=True) + 1e-7))
    out = distance([embed(left), embed(right)])
    model = keras.Model([left, right], out)

    def contrastive(y_true, y_pred):
        margin = 1.0
        square = ops.square(y_pred)
        hinge = ops.square(ops.maximum(margin - y_pred, 0.0))
        return ops.mean((1 - y_true) * square + y_true * hinge)

    model.compile(optimizer="sgd", loss=contrastive)
    rng = np.random.RandomState(0)
    a, b = rng.rand(32, 3).astype("float32"), rng.rand(32, 3).astype("float32")
    y = rng.randint(0, 2, (32, 1)).astype("float32")
    history = model.fit([a, b], y, epochs=3, batch_size=8, verbose=0)
    losses = history.history["loss"]
    assert all(np.isfinite(losses)) and losses[-1] < losses[0]


class _PositionEmbedding(layers.Layer):
    """The keras.io TokenAndPositionEmbedding idiom: ops.shape and ops.arange in call."""

    def __init__(self, maxlen, dim, **kwargs):
        super().__init__(**kwargs)
        self.pos = layers.Embedding(maxlen, dim)

    def call(self, x):
        length = ops.shape(x)[-1]
        positions = ops.arange(start=0, stop=length, step=1)
        return ops.expand_dims(ops.cast(x, "float32"), -1) + self.pos(positions)


def test_custom_layer_written_with_ops():
    inp = keras.Input((5,), dtype="int32")
    out = _PositionEmbedding(5, 3)(inp)
    assert out.shape == (None, 5, 3)
    model = keras.Model(inp, out)
    result = model(np.arange(10, dtype="int32").reshape(2, 5))
    assert tuple(result.shape) == (2, 5, 3)
    weights = model.layers[1].pos.embeddings.detach().numpy()
    expected = np.arange(10).reshape(2, 5, 1) + weights[None]
    np.testing.assert_allclose(result.detach().numpy(), expected, rtol=1e-6)


def test_shape_of_keras_tensor_has_unknown_batch():
    assert ops.shape(keras.Input((7, 2))) == (None, 7, 2)


GRADIENT_OPS = [
    ("sum", lambda x: ops.sum(x, axis=1)),
    ("mean", lambda x: ops.mean(x, axis=0)),
    ("var", lambda x: ops.var(x, axis=1)),
    ("std", lambda x: ops.std(x)),
    ("max", lambda x: ops.max(x, axis=1)),
    ("prod", lambda x: ops.prod(x, axis=1)),
    ("cumsum", lambda x: ops.cumsum(x, axis=1)),
    ("cumprod", lambda x: ops.cumprod(x, axis=0)),
    ("matmul", lambda x: ops.matmul(x, ops.transpose(x))),
    ("tensordot", lambda x: ops.tensordot(x, x, axes=([1], [1]))),
    ("einsum", lambda x: ops.einsum("ij,ij->i", x, x)),
    ("take", lambda x: ops.take(x, np.array([2, 0, -1]), axis=1)),
    ("take_along_axis", lambda x: ops.take_along_axis(x, np.array([[0], [2], [1]]), axis=1)),
    ("where", lambda x: ops.where(x > 0, x * 2.0, -x)),
    ("concatenate", lambda x: ops.concatenate([x, x * 3.0], axis=1)),
    ("stack", lambda x: ops.stack([x, -x], axis=-1)),
    ("reshape", lambda x: ops.reshape(x, (-1,))),
    ("pad", lambda x: ops.pad(x, ((1, 0), (0, 2)), mode="reflect")),
    ("exp", ops.exp), ("tanh", ops.tanh), ("sqrt", lambda x: ops.sqrt(ops.abs(x) + 1.0)),
    ("log1p", lambda x: ops.log1p(ops.square(x))), ("sinc", ops.sinc),
    ("divide", lambda x: ops.divide(x, 2.0 + ops.square(x))),
    ("maximum", lambda x: ops.maximum(x, 0.1)),
    ("clip", lambda x: ops.clip(x, -0.5, 0.5)),
    ("logaddexp", lambda x: ops.logaddexp(x, -x)),
    ("quantile", lambda x: ops.quantile(x, 0.3, axis=1)),
    ("norm-like", lambda x: ops.sqrt(ops.sum(ops.square(x)) + 1e-3)),
    ("scan", lambda x: ops.scan(lambda c, v: (c * 0.5 + v, c), ops.zeros((3,), "float64"),
                                x)[0]),
    ("slice_update", lambda x: ops.slice_update(x, (0, 1), x[:2, :1] * 4.0)),
    ("scatter_update", lambda x: ops.scatter_update(x, np.array([[0, 0]]), x[1, :1])),
    ("trace", ops.trace), ("diagonal", ops.diagonal), ("outer", lambda x: ops.outer(x, x)),
]


@pytest.mark.parametrize("name, fn", GRADIENT_OPS, ids=[g[0] for g in GRADIENT_OPS])
def test_ops_are_differentiable(name, fn):
    # float64 input, central differences. Ops that Keras computes in float32 even for
    # float64 inputs (its result_type narrows 64-bit results) get a looser tolerance.
    x = torch.tensor(np.random.RandomState(1).uniform(-1.5, 1.5, (3, 3)), dtype=torch.float64,
                     requires_grad=True)
    loose = name in ("mean", "var", "quantile", "prod", "cumsum", "cumprod", "tensordot", "matmul",
                     "maximum", "logaddexp")
    torch.autograd.gradcheck(lambda t: fn(t), (x,), eps=1e-3 if loose else 1e-6,
                             atol=2e-2 if loose else 1e-5, rtol=1e-2 if loose else 1e-4)


def test_stop_gradient_blocks_gradients():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    (ops.sum(ops.stop_gradient(x) * x)).backward()
    assert x.grad.tolist() == [1.0, 2.0]


def test_custom_gradient_uses_given_gradient():
    @ops.custom_gradient
    def clipped_double(x):
        def grad(*args, upstream=None):
            return ops.clip(upstream, -0.5, 0.5)

        return x * 2.0, grad

    x = torch.tensor([1.0, -3.0], requires_grad=True)
    ops.sum(clipped_double(x) * torch.tensor([3.0, -0.1])).backward()
    assert x.grad.tolist() == pytest.approx([0.5, -0.1])


def test_take_rejects_float_indices():
    with pytest.raises(ValueError, match=r"Argument `indices` must be an integer tensor\. "
                                         r"Received: indices.dtype=float32"):
        ops.take(np.ones((3, 2)), np.array([0.5], "float32"))


def test_ops_keep_default_device_and_accept_python_values():
    out = ops.add([1, 2], 3)
    assert isinstance(out, torch.Tensor) and out.dtype == torch.int32
    assert out.tolist() == [4, 5]
    # A NumPy float64 scalar is a 0-d tensor: torch promotion keeps the array's float32.
    assert ops.multiply(np.float64(2.0), np.ones(2, "float32")).dtype == torch.float32


def test_while_loop_in_functional_model():
    inp = keras.Input((3,))
    out = ops.while_loop(lambda x: ops.sum(x) < 100, lambda x: x * 2, inp)
    assert out.shape == (None, 3)
    model = keras.Model(inp, out)
    assert model(np.ones((1, 3), "float32")).tolist() == [[64.0, 64.0, 64.0]]
