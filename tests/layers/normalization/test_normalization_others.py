"""LayerNormalization, RMSNormalization, GroupNormalization, UnitNormalization: contract,
hand-computed numbers and bad inputs."""

import warnings

import numpy as np
import pytest
import torch

import torcheras as keras
from torcheras import layers


def _x(shape, seed=0, loc=0.0, scale=1.5):
    return np.random.default_rng(seed).normal(loc, scale, size=shape).astype("float32")


@pytest.mark.parametrize("make,shape,weights,name", [
    (lambda: layers.LayerNormalization(), (4, 6), [(6,), (6,)], "layer_normalization"),
    (lambda: layers.LayerNormalization(axis=[1, 2]), (3, 4, 6), [(4, 6), (4, 6)],
     "layer_normalization"),
    (lambda: layers.RMSNormalization(), (3, 4, 6), [(6,)], "rms_normalization"),
    (lambda: layers.GroupNormalization(groups=3), (2, 5, 6), [(6,), (6,)],
     "group_normalization"),
    (lambda: layers.UnitNormalization(axis=[1, 2]), (2, 5, 6), [], "unit_normalization"),
])
def test_contract(make, shape, weights, name):
    first, second = make(), make()
    assert (first.name, second.name) == (name, f"{name}_1")
    config = first.get_config()
    assert type(first).from_config(config).get_config() == config
    assert layers.deserialize(layers.serialize(first)).get_config() == config
    out = second(keras.Input(shape[1:]))
    assert out.shape == (None,) + shape[1:]
    assert [tuple(w.shape) for w in second.weights] == weights
    eager = make()
    y = eager(_x(shape))
    assert tuple(y.shape) == shape and y.dtype == torch.float32


def test_layer_normalization_hand_computed():
    x = np.array([[1.0, 2.0, 3.0, 6.0]], "float32")
    layer = layers.LayerNormalization(epsilon=0.5)
    layer.build(x.shape)
    layer.set_weights([np.array([1, 2, 1, 1], "float32"), np.array([0, 0, 1, 0], "float32")])
    mean, var = 3.0, np.mean((x - 3.0) ** 2)
    expected = (x - mean) / np.sqrt(var + 0.5) * [1, 2, 1, 1] + [0, 0, 1, 0]
    np.testing.assert_allclose(layer(x).detach().numpy(), expected, atol=1e-6)
    assert layer.get_config()["axis"] == [-1]  # Keras stores the list after build


@pytest.mark.parametrize("axis,perm", [(1, (0, 2, 1)), ([0, 1], (2, 0, 1)),
                                       ([1], (0, 2, 1))])
def test_layer_normalization_non_trailing_axes_equal_transposed_trailing(axis, perm):
    x = _x((3, 4, 5), seed=2)
    layer = layers.LayerNormalization(axis=axis, epsilon=1e-3)
    out = layer(x).detach().numpy()
    k = len(axis) if isinstance(axis, list) else 1
    xt = np.transpose(x, perm)
    ref = layers.LayerNormalization(axis=list(range(-k, 0)), epsilon=1e-3)(xt)
    np.testing.assert_allclose(out, np.transpose(ref.detach().numpy(), np.argsort(perm)),
                               atol=1e-5)


def test_layer_normalization_rms_scaling_warns_and_has_no_beta():
    with pytest.warns(UserWarning, match="rms_scaling=True"):
        layer = layers.LayerNormalization(rms_scaling=True)
    layer.build((None, 3))
    assert [w.name for w in layer.weights] == ["gamma"]
    x = np.array([[1.0, 2.0, 6.0]], "float32")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = layer(x).detach().numpy()
    np.testing.assert_allclose(out, x / np.sqrt(x.var() + 1e-3), atol=1e-6)


def test_rms_normalization_hand_computed_and_non_trailing():
    x = np.array([[3.0, 4.0]], "float32")
    out = layers.RMSNormalization(epsilon=0.0)(x).detach().numpy()
    np.testing.assert_allclose(out, x / np.sqrt(12.5), atol=1e-6)
    x3 = _x((2, 3, 4))
    a = layers.RMSNormalization(axis=1)(x3).detach().numpy()
    b = layers.RMSNormalization(axis=-1)(np.transpose(x3, (0, 2, 1))).detach().numpy()
    np.testing.assert_allclose(a, np.transpose(b, (0, 2, 1)), atol=1e-6)


def test_group_normalization_hand_computed_both_layouts():
    x = _x((2, 3, 4, 6), seed=4)
    out = layers.GroupNormalization(groups=2, epsilon=1e-3)(x).detach().numpy()
    g = x.reshape(2, 3, 4, 2, 3)
    mean = g.mean(axis=(1, 2, 4), keepdims=True)
    var = g.var(axis=(1, 2, 4), keepdims=True)
    expected = ((g - mean) / np.sqrt(var + 1e-3)).reshape(x.shape)
    np.testing.assert_allclose(out, expected, atol=1e-5)
    cf = layers.GroupNormalization(groups=2, axis=1)(np.transpose(x, (0, 3, 1, 2)))
    np.testing.assert_allclose(np.transpose(cf.detach().numpy(), (0, 2, 3, 1)), expected,
                               atol=1e-5)


def test_group_normalization_minus_one_is_instance_norm():
    layer = layers.GroupNormalization(groups=-1)
    layer(_x((2, 3, 3, 4)))
    assert layer.groups == 4 and layer.get_config()["groups"] == 4


def test_unit_normalization_values_zero_vector_and_gradient():
    x = torch.tensor([[3.0, 4.0], [0.0, 0.0]], requires_grad=True)
    out = layers.UnitNormalization()(x)
    np.testing.assert_allclose(out.detach().numpy(), [[0.6, 0.8], [0.0, 0.0]], atol=1e-7)
    out.sum().backward()
    # d sum(x / |x|) / dx_i = 1 / |x| - x_i * sum(x) / |x|^3: [0.2 - 0.168, 0.2 - 0.224].
    np.testing.assert_allclose(x.grad[0].numpy(), [0.032, -0.024], atol=1e-6)
    assert torch.isfinite(x.grad[1]).all()  # the zero vector's epsilon floor
    x3 = _x((2, 3, 4))
    y = layers.UnitNormalization(axis=[1, 2])(x3).detach().numpy()
    np.testing.assert_allclose(np.sqrt((y ** 2).sum(axis=(1, 2))), [1.0, 1.0], atol=1e-6)


@pytest.mark.parametrize("make,error,match", [
    (lambda: layers.LayerNormalization(axis="a"), TypeError, "received: axis='a'"),
    (lambda: layers.LayerNormalization(epsilon=-1), ValueError, "Received: epsilon=-1"),
    (lambda: layers.RMSNormalization(axis=1.5), TypeError, "axis=1.5"),
    (lambda: layers.GroupNormalization(groups=0), ValueError, "Received: groups=0"),
    (lambda: layers.GroupNormalization(groups=2.0), ValueError, "Received: groups=2.0"),
    (lambda: layers.GroupNormalization(axis=[1]), TypeError, "axis"),
    (lambda: layers.UnitNormalization(axis="x"), TypeError, "Received: axis=x"),
])
def test_bad_constructor_arguments(make, error, match):
    with pytest.raises(error, match=match):
        make()


@pytest.mark.parametrize("make,shape,match", [
    (lambda: layers.GroupNormalization(groups=4), (2, 3), r"groups \(4\) cannot be more"),
    (lambda: layers.GroupNormalization(groups=4), (2, 6),
     r"groups \(4\) must be a multiple"),
    (lambda: layers.GroupNormalization(groups=2, axis=0), (4, 6), "cannot be the batch"),
    (lambda: layers.GroupNormalization(groups=2, axis=3), (4, 6),
     r"Axis 3 is out of bounds for input shape \(4, 6\)"),
    (lambda: layers.LayerNormalization(axis=2), (4, 6), r"Axis 2 is out of bounds"),
    (lambda: layers.LayerNormalization(axis=[1, -3]), (4, 6), r"Axis -3 is out of bounds"),
    (lambda: layers.RMSNormalization(axis=5), (4, 6), r"Axis 5 is out of bounds"),
])
def test_bad_input_shapes(make, shape, match):
    with pytest.raises(ValueError, match=match):
        make()(np.zeros(shape, "float32"))


def test_unit_normalization_symbolic_axis_out_of_range():
    with pytest.raises(ValueError, match=r"Axis 3 is out of bounds for input shape"):
        layers.UnitNormalization(axis=3)(keras.Input((4,)))


def test_group_normalization_channels_mismatch_after_build():
    layer = layers.GroupNormalization(groups=2)
    layer(np.zeros((2, 4), "float32"))
    with pytest.raises(ValueError, match="expected axis -1 of input shape to have value 4"):
        layer(np.zeros((2, 6), "float32"))
