"""Merge layers: contract, hand-computed numbers, masks, bad inputs, Keras 1/2 paths."""

import numpy as np
import pytest
import torch

import torcheras as keras
from torcheras import layers

A = np.array([[1.0, -2.0, 3.0], [0.5, 4.0, -1.0]], dtype="float32")
B = np.array([[2.0, 1.0, -3.0], [1.5, -4.0, 2.0]], dtype="float32")
C = np.array([[0.0, 5.0, 1.0], [2.0, 2.0, 2.0]], dtype="float32")

CLASSES = [
    # class, config, input shapes (batch None), output shape, snake name
    (layers.Add, {}, [(None, 3, 4), (None, 3, 4)], (None, 3, 4), "add"),
    (layers.Subtract, {}, [(None, 4), (None, 4)], (None, 4), "subtract"),
    (layers.Multiply, {}, [(None, 4), (None, 4), (None, 4)], (None, 4), "multiply"),
    (layers.Average, {}, [(None, 2, 4), (None, 4)], (None, 2, 4), "average"),
    (layers.Maximum, {}, [(None, 4), (None, 1)], (None, 4), "maximum"),
    (layers.Minimum, {}, [(None, 4), (None, 4)], (None, 4), "minimum"),
    (layers.Concatenate, {"axis": 1}, [(None, 2, 4), (None, 3, 4)], (None, 5, 4), "concatenate"),
    (layers.Concatenate, {}, [(None, 2), (None, 3), (None, 1)], (None, 6), "concatenate"),
    (layers.Dot, {"axes": 1}, [(None, 4), (None, 4)], (None, 1), "dot"),
    (layers.Dot, {"axes": (1, 2), "normalize": True}, [(None, 3, 5), (None, 2, 3)],
     (None, 5, 2), "dot"),
]


@pytest.mark.parametrize("cls, config, shapes, out_shape, base", CLASSES,
                         ids=lambda v: getattr(v, "__name__", None))
def test_contract(cls, config, shapes, out_shape, base):
    keras.backend.clear_session(free_memory=False)
    first, second = cls(**config), cls(**config)
    assert (first.name, second.name) == (base, f"{base}_1")
    cfg = first.get_config()
    assert cls.from_config(cfg).get_config() == cfg
    restored = layers.deserialize(layers.serialize(first))
    assert type(restored) is cls and restored.get_config() == cfg
    # Symbolic: shape inferred without computing; no weights.
    inputs = [keras.Input(batch_shape=s) for s in shapes]
    sym = cls(**config)
    out = sym(inputs)
    assert out.shape == out_shape and sym.built and sym.weights == []
    # Eager: the same shape with the batch filled in, float32 out.
    rng = np.random.default_rng(0)
    data = [rng.normal(size=(2,) + s[1:]).astype("float32") for s in shapes]
    eager = cls(**config)(data)
    assert tuple(eager.shape) == (2,) + out_shape[1:] and eager.dtype == torch.float32
    # In a functional model the layer gives the same numbers.
    model = keras.Model(inputs, out)
    np.testing.assert_allclose(model.predict(data, verbose=0), eager.numpy(), atol=1e-6)


def test_hand_computed_elementwise():
    assert layers.Add()([A, B, C]).tolist() == (A + B + C).tolist()
    assert layers.Subtract()([A, B]).tolist() == (A - B).tolist()
    assert layers.Multiply()([A, B, C]).tolist() == (A * B * C).tolist()
    np.testing.assert_allclose(layers.Average()([A, B, C]).numpy(), (A + B + C) / 3)
    assert layers.Maximum()([A, B, C]).tolist() == [[2.0, 5.0, 3.0], [2.0, 4.0, 2.0]]
    assert layers.Minimum()([A, B, C]).tolist() == [[0.0, -2.0, -3.0], [0.5, -4.0, -1.0]]


def test_elementwise_broadcasts_ranks_after_the_batch_axis():
    """(batch, 3) against (batch, 2, 3): the smaller input is repeated over the new axis."""
    big = np.arange(12, dtype="float32").reshape(2, 2, 3)
    out = layers.Add()([A, big])
    np.testing.assert_array_equal(out.numpy(), big + A[:, None, :])
    assert layers.Add()([keras.Input((3,)), keras.Input((2, 3))]).shape == (None, 2, 3)
    # A size-1 axis broadcasts too.
    col = np.array([[10.0], [20.0]], dtype="float32")
    assert layers.Maximum()([A, col]).tolist() == [[10.0] * 3, [20.0] * 3]


def test_integer_inputs_keep_their_dtype_average_is_float():
    ints = [np.array([[1, 2]]), np.array([[3, 5]])]
    assert layers.Add()(ints).dtype == torch.int64
    assert layers.Average()(ints).tolist() == [[2.0, 3.5]]


def test_concatenate_hand_computed():
    assert layers.Concatenate()([A, B]).tolist() == np.concatenate([A, B], -1).tolist()
    assert layers.Concatenate(axis=0)([A, B]).shape == (4, 3)
    x, y = np.ones((1, 2, 3), "float32"), np.zeros((1, 1, 3), "float32")
    assert layers.Concatenate(axis=1)([x, y]).tolist() == [[[1.0] * 3, [1.0] * 3, [0.0] * 3]]
    with pytest.warns(UserWarning, match="is Keras 1; use `axis=`"):
        assert layers.Concatenate(concat_axis=1).axis == 1


def test_dot_hand_computed():
    # Row-wise dot products: [1*2 - 2*1 - 9, 0.75 - 16 - 2].
    assert layers.Dot(axes=1)([A, B]).tolist() == [[-9.0], [-17.25]]
    cos = layers.Dot(axes=1, normalize=True)([A, A])
    np.testing.assert_allclose(cos.numpy(), [[1.0], [1.0]], atol=1e-6)
    orth = np.array([[1.0, 0.0]], "float32"), np.array([[0.0, 3.0]], "float32")
    assert layers.Dot(axes=-1, normalize=True)(list(orth)).tolist() == [[0.0]]
    x = np.arange(10, dtype="float32").reshape(1, 5, 2)
    y = np.arange(10, 20, dtype="float32").reshape(1, 2, 5)
    expected = np.einsum("bij,bki->bjk", x, y)  # contract x axis 1 with y axis 2
    np.testing.assert_array_equal(layers.Dot(axes=(1, 2))([x, y]).numpy(), expected)
    # A zero vector normalizes to zero instead of NaN (epsilon floor, as Keras).
    zero = layers.Dot(axes=1, normalize=True)([np.zeros((1, 3), "float32"), A[:1]])
    assert zero.tolist() == [[0.0]]


def _cosine_grads(a, b):
    # d cos(a, b) / d a = b / (|a| |b|) - cos * a / |a|^2, row by row.
    na = np.linalg.norm(a, axis=1, keepdims=True)
    nb = np.linalg.norm(b, axis=1, keepdims=True)
    cos = (a * b).sum(1, keepdims=True) / (na * nb)
    return b / (na * nb) - cos * a / na**2, a / (na * nb) - cos * b / nb**2


ONES = np.ones_like(A)
GRADS = [  # d sum(layer([A, B])) / dA and / dB, by hand (A and B have no ties)
    (layers.Add, {}, ONES, ONES),
    (layers.Subtract, {}, ONES, -ONES),
    (layers.Multiply, {}, B, A),
    (layers.Average, {}, 0.5 * ONES, 0.5 * ONES),
    (layers.Maximum, {}, (A > B).astype("float32"), (B > A).astype("float32")),
    (layers.Minimum, {}, (A < B).astype("float32"), (B < A).astype("float32")),
    (layers.Concatenate, {}, ONES, ONES),
    (layers.Dot, {"axes": 1}, B, A),
    (layers.Dot, {"axes": 1, "normalize": True}, *_cosine_grads(A, B)),
]


@pytest.mark.parametrize("cls, config, grad_a, grad_b", GRADS,
                         ids=[f"{g[0].__name__}{g[1]}" for g in GRADS])
def test_gradients_through_every_merge_layer(cls, config, grad_a, grad_b):
    a = torch.tensor(A, requires_grad=True)
    b = torch.tensor(B, requires_grad=True)
    cls(**config)([a, b]).sum().backward()
    np.testing.assert_allclose(a.grad.numpy(), grad_a, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(b.grad.numpy(), grad_b, rtol=1e-5, atol=1e-6)


def _masked(x, mask):
    t = torch.tensor(x)
    t._keras_mask = torch.tensor(mask)
    return t


def test_masks_hand_computed():
    x = np.array([[[1.0], [2.0], [3.0]]], "float32")
    y = np.array([[[4.0], [5.0], [6.0]]], "float32")
    mx, my = [[True, False, True]], [[True, True, False]]
    # Add/Average pass values through and OR the masks.
    out = layers.Add()([_masked(x, mx), _masked(y, my)])
    assert out.tolist() == [[[5.0], [7.0], [9.0]]]
    assert out._keras_mask.tolist() == [[True, True, True]]
    # Multiply: a masked position counts as 1; masked everywhere gives 0.
    out = layers.Multiply()([_masked(x, [[True, False, False]]),
                             _masked(y, [[True, True, False]])])
    assert out.tolist() == [[[4.0], [5.0], [0.0]]]
    # Maximum: a masked position takes the other input's value (y's 5 is masked out).
    out = layers.Maximum()([_masked(y, mx), _masked(x, my)])
    assert out.tolist() == [[[4.0], [2.0], [6.0]]]
    # Concatenate along time joins the masks; along features it ORs them.
    out = layers.Concatenate(axis=1)([_masked(x, mx), torch.tensor(y)])
    assert out._keras_mask.tolist() == [[True, False, True, True, True, True]]
    out = layers.Concatenate()([_masked(x, mx), _masked(y, my)])
    assert out._keras_mask.tolist() == [[True, True, True]]
    # Dot drops the mask; an unmasked input gives no mask for Add.
    assert getattr(layers.Dot(axes=2)([_masked(x, mx), _masked(y, my)]), "_keras_mask",
                   None) is None
    assert getattr(layers.Add()([_masked(x, mx), torch.tensor(y)]), "_keras_mask", None) is None


def test_functional_forms():
    a, b = keras.Input((4,), name="fa"), keras.Input((4,), name="fb")
    for fn, shape in ((layers.add, (None, 4)), (layers.subtract, (None, 4)),
                      (layers.multiply, (None, 4)), (layers.average, (None, 4)),
                      (layers.maximum, (None, 4)), (layers.minimum, (None, 4)),
                      (layers.concatenate, (None, 8))):
        assert fn([a, b]).shape == shape
    assert layers.concatenate([a, b], axis=1, name="joined")._keras_history[0].name == "joined"
    assert layers.dot([a, b], axes=1).shape == (None, 1)
    dot = layers.dot([a, b], axes=-1, normalize=True)._keras_history[0]
    assert dot.normalize and dot.axes == -1
    assert layers.add([A, B]).tolist() == (A + B).tolist()


def test_keras2_module_path_and_keras1_merge():
    from torcheras.legacy.layers.merge import Concatenate, concatenate, dot

    assert Concatenate is layers.Concatenate
    a, b = keras.Input((3,)), keras.Input((3,))
    assert concatenate([a, b]).shape == (None, 6) and dot([a, b], axes=1).shape == (None, 1)
    from torcheras.layers import merge

    assert merge([A, B], mode="sum").tolist() == (A + B).tolist()
    assert merge([A, B], mode="mul").tolist() == (A * B).tolist()
    assert merge([A, B], mode="max").tolist() == np.maximum(A, B).tolist()
    np.testing.assert_allclose(merge([A, B], mode="ave").numpy(), (A + B) / 2)
    assert merge([A, B], mode="concat", concat_axis=0).shape == (4, 3)
    assert merge([A, B], mode="dot", dot_axes=1).tolist() == [[-9.0], [-17.25]]
    np.testing.assert_allclose(merge([A, A], mode="cos", dot_axes=1).numpy(), 1.0, atol=1e-6)
    assert merge([a, b], mode=lambda t: t[0] - t[1], name="diff").shape == (None, 3)


def _call(layer_factory, shapes):
    return layer_factory()([keras.Input(batch_shape=s) for s in shapes])


BAD = [
    (lambda: layers.Add(name="plus")(keras.Input((4,))), ValueError,
     r'should be called on a list of inputs\. layer "plus" \(Add\)'),
    (lambda: _call(lambda: layers.Add(name="plus"), [(None, 4), (None, 5)]), ValueError,
     r'incompatible shapes for layer "plus" \(Add\): expected shapes that match \(None, 4\)'
     r".*input 1 has shape \(None, 5\)"),
    (lambda: _call(lambda: layers.Multiply(name="m"), [(2, 4), (3, 4)]), ValueError,
     r'different batch sizes in layer "m" \(Multiply\)\. Received tensors with shapes '
     r"\[\(2, 4\), \(3, 4\)\]"),
    (lambda: _call(lambda: layers.Subtract(name="minus"), [(None, 4)] * 3), ValueError,
     r'exactly 2 inputs\. Layer "minus" received 3'),
    (lambda: _call(lambda: layers.Concatenate(axis=1, name="cc"), [(None, 2, 3), (None, 4, 5)]),
     ValueError, r'matching shapes except for the concatenation axis\. Layer "cc" \(axis=1\) '
                 r"expected shapes like \(None, \*, 3\).*input 1 has shape \(None, 4, 5\)"),
    (lambda: _call(lambda: layers.Concatenate(name="cc"), [(None, 2), (None, 2, 3)]),
     ValueError, r'Layer "cc" \(axis=-1\) expected shapes like \(None, \*\)'),
    (lambda: layers.Concatenate(name="cc")(keras.Input((4,))), ValueError,
     r'list of at least 1 input\. Layer "cc" received: input_shape=\(None, 4\)'),
    (lambda: layers.Concatenate(axis="last"), TypeError,
     r"`axis` of Concatenate must be an integer\. Received: axis='last'"),
    (lambda: layers.Dot(axes="x"), TypeError,
     r"Invalid type for argument `axes`: it should be a list or an int\. Received: axes=x"),
    (lambda: layers.Dot(axes=(1, 2, 3)), ValueError,
     r"it should contain two elements\. Received: axes=\(1, 2, 3\)"),
    (lambda: layers.Dot(axes=[1, "a"]), ValueError,
     r"list elements should be integers\. Received: axes=\[1, 'a'\]"),
    (lambda: _call(lambda: layers.Dot(axes=1, name="dd"), [(None, 4), (None, 5)]), ValueError,
     r'Incompatible input shapes for layer "dd" \(Dot\): expected input 1 to have size 4 at '
     r"axis 1.*Full input shapes: \(None, 4\), \(None, 5\)"),
    (lambda: _call(lambda: layers.Dot(axes=0, name="dd"), [(None, 4), (None, 4)]), ValueError,
     r'Cannot perform batch_dot over axis 0 \(layer "dd"'),
    (lambda: _call(lambda: layers.Dot(axes=5, name="dd"), [(None, 4), (None, 4)]), ValueError,
     r'Layer "dd" \(Dot\): axes=5 is out of range'),
    (lambda: _call(lambda: layers.Dot(axes=1, name="dd"), [(None, 4)]), ValueError,
     r'A `Dot` layer should be called on a list of 2 inputs\. Layer "dd"'),
    (lambda: layers.Dot(axes=1, name="dd")([np.ones(3, "float32"), np.ones(3, "float32")]),
     ValueError, r'rank < 2 \(layer "dd"\)'),
    (lambda: layers.Add(units=3), TypeError, r"Unrecognized keyword arguments passed to Add"),
    (lambda: keras.layers.merge([A, B], mode="xor"), ValueError,
     r"Invalid merge mode: 'xor'\. Expected one of"),
]


@pytest.mark.parametrize("make, exc, match", BAD, ids=[f"bad{i}" for i in range(len(BAD))])
def test_bad_inputs(make, exc, match):
    with pytest.raises(exc, match=match):
        make()


def test_incompatible_shapes_fail_when_the_graph_is_built():
    """A shared merge layer re-checks shapes on every symbolic call."""
    layer = layers.Add(name="shared_add")
    layer([keras.Input((4,)), keras.Input((4,))])
    with pytest.raises(ValueError, match=r'"shared_add".*\(None, 4\).*\(None, 6\)'):
        layer([keras.Input((4,)), keras.Input((6,))])
