"""BatchNormalization: contract, hand-computed numbers, training behaviour, bad inputs."""

import numpy as np
import pytest
import torch

import torcheras as keras
from torcheras import layers


def _x(shape, seed=0, loc=0.5, scale=2.0):
    return np.random.default_rng(seed).normal(loc, scale, size=shape).astype("float32")


def test_contract_names_config_shapes_and_weight_order():
    first, second = layers.BatchNormalization(), layers.BatchNormalization()
    assert (first.name, second.name) == ("batch_normalization", "batch_normalization_1")
    config = first.get_config()
    assert config["momentum"] == 0.99 and config["epsilon"] == 1e-3 and config["axis"] == -1
    assert layers.BatchNormalization.from_config(config).get_config() == config
    restored = layers.deserialize(layers.serialize(first))
    assert type(restored) is layers.BatchNormalization
    assert restored.get_config() == config

    inputs = keras.Input((5, 4, 3))
    out = first(inputs)
    assert out.shape == (None, 5, 4, 3)
    assert [w.name for w in first.weights] == ["gamma", "beta", "moving_mean",
                                               "moving_variance"]
    assert [w.path for w in first.weights][0] == "batch_normalization/gamma"
    assert [w.name for w in first.trainable_weights] == ["gamma", "beta"]
    assert [w.name for w in first.non_trainable_weights] == ["moving_mean", "moving_variance"]
    assert first.count_params() == 12
    np.testing.assert_array_equal(first.moving_variance.numpy(), np.ones(3))


def test_training_uses_batch_statistics_and_updates_moving_ones():
    x = np.array([[1.0, 2.0], [3.0, 6.0], [5.0, 1.0]], "float32")
    layer = layers.BatchNormalization(momentum=0.9, epsilon=0.01)
    out = layer(x, training=True).detach().numpy()
    mean, var = x.mean(0), x.var(0)  # biased variance, as Keras
    np.testing.assert_allclose(out, (x - mean) / np.sqrt(var + 0.01), atol=1e-6)
    np.testing.assert_allclose(layer.moving_mean.numpy(), 0.1 * mean, atol=1e-6)
    np.testing.assert_allclose(layer.moving_variance.numpy(), 0.9 + 0.1 * var, atol=1e-6)
    # Inference: moving statistics, no update.
    before = [w.numpy().copy() for w in layer.weights]
    out = layer(x, training=False).detach().numpy()
    mm, mv = before[2], before[3]
    np.testing.assert_allclose(out, (x - mm) / np.sqrt(mv + 0.01), atol=1e-6)
    for w, b in zip(layer.weights, before):
        np.testing.assert_array_equal(w.numpy(), b)


def test_direct_call_defaults_to_inference():
    layer = layers.BatchNormalization()
    x = _x((4, 3))
    np.testing.assert_allclose(layer(x).detach().numpy(), x / np.sqrt(1.001), atol=1e-6)
    np.testing.assert_array_equal(layer.moving_mean.numpy(), np.zeros(3))


def test_trainable_false_freezes_statistics_and_runs_inference():
    layer = layers.BatchNormalization()
    layer.build((None, 3))
    layer.trainable = False
    assert layer.trainable_weights == [] and len(layer.non_trainable_weights) == 4
    x = _x((8, 3))
    out = layer(x, training=True).detach().numpy()
    np.testing.assert_allclose(out, x / np.sqrt(1.001), atol=1e-6)
    np.testing.assert_array_equal(layer.moving_mean.numpy(), np.zeros(3))
    np.testing.assert_array_equal(layer.moving_variance.numpy(), np.ones(3))


@pytest.mark.parametrize("shape,axis", [((6, 5), -1), ((4, 3, 5), -1), ((2, 3, 4, 5), -1),
                                        ((2, 5, 3, 4), 1), ((2, 3, 5, 4), 2),
                                        ((2, 2, 3, 2, 5), -1), ((2, 3, 4, 5), 0)])
def test_fused_kernel_equals_keras_formula_values_and_gradients(shape, axis):
    """The fused path (torch's kernel on a view) gives Keras's numbers and gradients."""
    x = torch.tensor(_x(shape, seed=3, loc=1.0))
    fused, general = layers.BatchNormalization(axis=axis), layers.BatchNormalization(axis=axis)
    fused.build(shape)
    general.build(shape)
    rng = np.random.default_rng(1)
    weights = [rng.normal(1, 0.2, size=(shape[axis],)).astype("float32") for _ in range(2)]
    weights += [np.zeros(shape[axis], "float32"), np.ones(shape[axis], "float32")]
    fused.set_weights(weights)
    general.set_weights(weights)
    xa, xb = x.clone().requires_grad_(), x.clone().requires_grad_()
    out_a = fused(xa, training=True)
    out_b = general._train_general(xb, None)  # Keras's E[x^2] - E[x]^2 formula
    np.testing.assert_allclose(out_a.detach().numpy(), out_b.detach().numpy(), atol=2e-5)
    for wa, wb in zip(fused.weights, general.weights):
        np.testing.assert_allclose(wa.numpy(), wb.numpy(), atol=1e-6)
    g = torch.tensor(_x(shape, seed=4))
    (out_a * g).sum().backward()
    (out_b * g).sum().backward()
    np.testing.assert_allclose(xa.grad.numpy(), xb.grad.numpy(), atol=2e-5)
    for wa, wb in zip(fused.trainable_weights, general.trainable_weights):
        np.testing.assert_allclose(wa.grad.numpy(), wb.grad.numpy(), atol=1e-4)


def test_channels_last_output_keeps_layout_and_no_copy_of_input():
    x = torch.tensor(_x((2, 4, 4, 3)))
    layer = layers.BatchNormalization()
    out = layer(x, training=True)
    assert out.shape == x.shape and out.is_contiguous()
    view = layer._channels_first_view(x)
    assert view.data_ptr() == x.data_ptr()  # a view, not a copy


def test_mask_excludes_positions_from_statistics():
    x = _x((2, 4, 3), seed=5)
    mask = np.array([[True, True, False, False], [True, False, False, True]])
    layer = layers.BatchNormalization(momentum=0.0, epsilon=1e-3)
    layer(x, training=True, mask=torch.tensor(mask))
    kept = x[mask]
    np.testing.assert_allclose(layer.moving_mean.numpy(), kept.mean(0), atol=1e-5)
    np.testing.assert_allclose(layer.moving_variance.numpy(), kept.var(0), atol=1e-5)


def test_fit_updates_moving_statistics_but_optimizer_never_sees_them():
    model = keras.Sequential([keras.Input((3,)), layers.BatchNormalization(),
                              layers.Dense(1)])
    bn = model.layers[0]
    assert all(w.name not in ("moving_mean", "moving_variance")
               for w in model.trainable_weights)
    x, y = _x((32, 3), seed=2, loc=3.0), _x((32, 1), seed=3)
    model.compile(optimizer="sgd", loss="mse")
    model.fit(x, y, batch_size=8, epochs=1, shuffle=False, verbose=0)
    expected = np.zeros(3)
    for batch in x.reshape(4, 8, 3):  # momentum 0.99 over the four batches' means
        expected = 0.99 * expected + 0.01 * batch.mean(0)
    np.testing.assert_allclose(bn.moving_mean.numpy(), expected, rtol=1e-5)
    assert not bn.moving_mean.requires_grad and bn.moving_mean.grad is None
    before = bn.moving_mean.numpy().copy()
    model.predict(x, verbose=0)
    model.evaluate(x, y, verbose=0)
    np.testing.assert_array_equal(bn.moving_mean.numpy(), before)


def test_moving_statistics_update_under_no_grad_and_inference_mode():
    layer = layers.BatchNormalization(momentum=0.5)
    x = _x((4, 2), loc=2.0)
    with torch.no_grad():
        layer(x, training=True)
    np.testing.assert_allclose(layer.moving_mean.numpy(), 0.5 * x.mean(0), atol=1e-6)


def test_half_precision_inputs_are_normalized_in_float32():
    layer = layers.BatchNormalization()
    x = torch.tensor(_x((8, 3))).to(torch.bfloat16)
    out = layer(x, training=True)
    assert out.dtype == torch.bfloat16
    assert layer.moving_mean.dtype == torch.float32
    # The statistics come from the float32 values of the bfloat16 input.
    x32 = x.float().numpy()
    expected = (x32 - x32.mean(0)) / np.sqrt(x32.var(0) + 1e-3)
    np.testing.assert_allclose(out.float().detach().numpy(), expected, atol=2e-2)
    np.testing.assert_allclose(layer.moving_mean.numpy(), 0.01 * x32.mean(0), rtol=1e-5)


def test_renorm_weights_and_inference_equal_plain_batch_norm():
    layer = layers.BatchNormalization(renorm=True)
    layer.build((None, 3))
    assert [w.name for w in layer.weights] == [
        "gamma", "beta", "moving_mean", "moving_variance", "moving_stddev", "renorm_mean",
        "renorm_stddev"]
    x = _x((4, 3))
    np.testing.assert_allclose(layer(x).detach().numpy(), x / np.sqrt(1.001), atol=1e-6)


def test_keras1_and_keras2_spellings():
    with pytest.warns(UserWarning, match="is Keras"):
        layer = layers.BatchNormalization(mode=0, beta_init="zeros", gamma_init="ones",
                                          fused=True, virtual_batch_size=None)
    assert type(layer.gamma_initializer).__name__ == "Ones"


@pytest.mark.parametrize("kwargs,error,match", [
    ({"axis": "x"}, TypeError, r"axis.*Received: axis='x'|received: axis='x'"),
    ({"axis": [1, 2]}, TypeError, "axis"),
    ({"momentum": 1.5}, ValueError, r"`momentum`.*Received: momentum=1.5"),
    ({"momentum": "0.9"}, ValueError, r"`momentum`.*Received: momentum='0.9'"),
    ({"epsilon": -1.0}, ValueError, r"`epsilon`.*Received: epsilon=-1.0"),
    ({"synchronized": True}, ValueError, "synchronized=True"),
    ({"renorm": True, "renorm_clipping": {"bad": 1}}, ValueError,
     "invalid keys for `renorm_clipping`"),
    ({"renorm": True, "renorm_clipping": {"rmax": 0.5, "rmin": 1.0}}, ValueError,
     "rmax should be greater than rmin"),
    ({"renorm": True, "renorm_clipping": {"dmax": -1}}, ValueError,
     "dmax should be non-negative"),
    ({"renorm_momentum": -0.1}, ValueError, "renorm_momentum"),
    ({"mode": 2}, TypeError, r"`mode=1` and `mode=2` are no longer supported"),
    ({"virtual_batch_size": 4}, TypeError, "virtual_batch_size"),
    ({"bogus": 1}, TypeError, "bogus"),
])
def test_bad_constructor_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        layers.BatchNormalization(**kwargs)


def test_bad_inputs():
    with pytest.raises(ValueError, match=r"Axis 3 is out of bounds for input shape \(2, 3\)"):
        layers.BatchNormalization(axis=3)(np.zeros((2, 3), "float32"))
    layer = layers.BatchNormalization()
    layer(np.zeros((2, 3), "float32"))
    with pytest.raises(ValueError, match=r"expected axis -1 of input shape to have value 3"):
        layer(np.zeros((2, 4), "float32"))
    with pytest.raises(ValueError, match="expected ndim=2, found ndim=3"):
        layer(np.zeros((2, 4, 3), "float32"))
    with pytest.raises(ValueError, match=r"should have a defined dimension"):
        layers.BatchNormalization()(keras.Input(batch_shape=(None, None)))
    layer3 = layers.BatchNormalization()
    with pytest.raises(ValueError, match=r"mask provided should be one dimension less"):
        layer3(np.zeros((2, 4, 3), "float32"), training=True,
               mask=torch.ones(2, 4, 3, dtype=torch.bool))
