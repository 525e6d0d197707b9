"""SpatialDropout1D/2D/3D, GaussianNoise, GaussianDropout, AlphaDropout: contract,
training-only behaviour, statistics, seeds and bad inputs."""

import numpy as np
import pytest
import torch

import torcheras as keras
from torcheras import layers

MAKERS = [
    (lambda: layers.SpatialDropout1D(0.5), (4, 3, 5), "spatial_dropout1d"),
    (lambda: layers.SpatialDropout2D(0.5), (4, 3, 3, 5), "spatial_dropout2d"),
    (lambda: layers.SpatialDropout3D(0.5), (4, 2, 2, 2, 5), "spatial_dropout3d"),
    (lambda: layers.GaussianNoise(0.3), (4, 5), "gaussian_noise"),
    (lambda: layers.GaussianDropout(0.3), (4, 5), "gaussian_dropout"),
    (lambda: layers.AlphaDropout(0.3), (4, 5), "alpha_dropout"),
]


@pytest.mark.parametrize("make,shape,name", MAKERS)
def test_contract_and_identity_outside_training(make, shape, name):
    first, second = make(), make()
    assert second.name == f"{first.name}_1"
    config = first.get_config()
    assert type(first).from_config(config).get_config() == config
    assert layers.deserialize(layers.serialize(first)).get_config() == config
    assert second(keras.Input(shape[1:])).shape == (None,) + shape[1:]
    assert first.weights == [] and first.supports_masking
    x = np.random.default_rng(0).normal(size=shape).astype("float32")
    np.testing.assert_array_equal(first(x).numpy(), x)
    np.testing.assert_array_equal(first(x, training=False).numpy(), x)
    out = first(x, training=True)
    assert tuple(out.shape) == shape and not np.array_equal(out.numpy(), x)
    model = keras.Sequential([keras.Input(shape[1:]), make()])
    np.testing.assert_allclose(model.predict(x, verbose=0), x)


@pytest.mark.parametrize("make,shape,name", MAKERS[:3])
def test_automatic_names_are_keras_names(make, shape, name):
    assert make().name == name


@pytest.mark.parametrize("layer,shape,channel_axis", [
    (layers.SpatialDropout1D(0.5), (8, 6, 16), -1),
    (layers.SpatialDropout2D(0.5), (8, 3, 4, 16), -1),
    (layers.SpatialDropout2D(0.5, data_format="channels_first"), (8, 16, 3, 4), 1),
    (layers.SpatialDropout3D(0.5), (8, 2, 3, 2, 16), -1),
    (layers.SpatialDropout3D(0.5, data_format="channels_first"), (8, 16, 2, 3, 2), 1),
])
def test_spatial_dropout_drops_whole_feature_maps(layer, shape, channel_axis):
    x = np.ones(shape, "float32")
    out = layer(x, training=True).numpy()
    assert set(np.unique(out)) <= {0.0, 2.0}
    maps = np.moveaxis(out, channel_axis, 1).reshape(shape[0], shape[channel_axis], -1)
    assert (maps.min(axis=-1) == maps.max(axis=-1)).all()  # one decision per map
    assert 0.2 < (maps[..., 0] == 0).mean() < 0.8


def test_spatial_dropout_follows_global_data_format():
    keras.config.set_image_data_format("channels_first")
    try:
        assert layers.SpatialDropout2D(0.1).data_format == "channels_first"
    finally:
        keras.config.set_image_data_format("channels_last")
    assert layers.SpatialDropout3D(0.1).get_config()["data_format"] == "channels_last"


def test_spatial_dropout_config_is_keras_shaped():
    config = layers.SpatialDropout2D(0.2, seed=3).get_config()
    assert set(config) == {"rate", "seed", "name", "dtype", "data_format"}
    assert isinstance(layers.SpatialDropout1D(0.2), layers.Dropout)


def test_noise_statistics():
    torch.manual_seed(0)
    x = np.ones((200, 100), "float32")
    noise = layers.GaussianNoise(0.5)(x, training=True).numpy() - 1
    assert abs(noise.mean()) < 0.02 and abs(noise.std() - 0.5) < 0.02
    mult = layers.GaussianDropout(0.2)(x, training=True).numpy()
    assert abs(mult.mean() - 1) < 0.02 and abs(mult.std() - np.sqrt(0.2 / 0.8)) < 0.02


def test_alpha_dropout_keeps_mean_and_variance_of_selu_inputs():
    torch.manual_seed(0)
    x = np.random.default_rng(1).normal(size=(400, 250)).astype("float32")
    out = layers.AlphaDropout(0.2)(x, training=True).numpy()
    assert abs(out.mean() - x.mean()) < 0.03 and abs(out.std() - x.std()) < 0.03
    alpha_p = -1.6732632423543772 * 1.0507009873554805
    a = ((1 - 0.2) * (1 + 0.2 * alpha_p ** 2)) ** -0.5
    dropped_value = a * alpha_p + (-a * alpha_p * 0.2)
    assert np.isclose(out, dropped_value, atol=1e-6).mean() == pytest.approx(0.2, abs=0.01)


def test_alpha_dropout_noise_shape_shares_mask():
    x = np.ones((4, 6, 3), "float32")
    out = layers.AlphaDropout(0.5, noise_shape=(None, 1, 3))(x, training=True).numpy()
    assert (out == out[:, :1, :]).all()


def test_seeds_make_draws_repeatable_and_global_seed_works():
    x = np.ones((6, 8), "float32")
    for make in (lambda: layers.GaussianNoise(0.2, seed=7),
                 lambda: layers.AlphaDropout(0.3, seed=7),
                 lambda: layers.SpatialDropout1D(0.5, seed=7)):
        xx = x if "spatial" not in make().name else x.reshape(2, 3, 8)
        a, b = make()(xx, training=True).numpy(), make()(xx, training=True).numpy()
        np.testing.assert_array_equal(a, b)
    keras.utils.set_random_seed(3)
    a = layers.GaussianDropout(0.3)(x, training=True).numpy()
    keras.utils.set_random_seed(3)
    b = layers.GaussianDropout(0.3)(x, training=True).numpy()
    np.testing.assert_array_equal(a, b)


def test_active_inside_fit():
    seen = []

    class Probe(layers.Layer):
        def call(self, x):
            seen.append(x.detach().clone())
            return x

    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((4,)), layers.GaussianNoise(0.5), Probe(),
                              layers.Dense(1)])
    model.compile("sgd", "mse")
    x = np.zeros((64, 4), "float32")
    model.fit(x, np.zeros((64, 1)), batch_size=64, epochs=1, verbose=0)
    # Zeros plus N(0, 0.5^2) noise: 256 draws, mean ~0 and std ~0.5 (4+ standard errors).
    noise = seen[-1]
    assert abs(noise.mean().item()) < 0.13 and 0.4 < noise.std().item() < 0.6
    model.predict(x, verbose=0)
    assert seen[-1].abs().max().item() == 0.0  # inactive outside training


@pytest.mark.parametrize("make,match", [
    (lambda: layers.SpatialDropout2D(1.5), r"`rate`.*Received: rate=1.5"),
    (lambda: layers.SpatialDropout1D(-0.1), r"Received: rate=-0.1"),
    (lambda: layers.SpatialDropout2D(0.1, data_format="nhwc"),
     r"data_format.*Received: data_format='nhwc'"),
    (lambda: layers.GaussianNoise(1.5), r"`stddev`.*Received: stddev=1.5"),
    (lambda: layers.GaussianNoise("a"), r"Received: stddev='a'"),
    (lambda: layers.GaussianDropout(-1), r"`rate`.*Received: rate=-1"),
    (lambda: layers.AlphaDropout(2), r"`rate`.*Received: rate=2"),
    (lambda: layers.GaussianNoise(0.1, seed="s"), r"`seed` must be an integer. Received: "
                                                  "seed='s'"),
])
def test_bad_arguments(make, match):
    with pytest.raises(ValueError, match=match):
        make()


@pytest.mark.parametrize("layer,shape,ndim", [
    (layers.SpatialDropout1D(0.5), (2, 3), 3),
    (layers.SpatialDropout2D(0.5), (2, 3, 4), 4),
    (layers.SpatialDropout3D(0.5), (2, 3, 4, 5), 5),
])
def test_wrong_rank(layer, shape, ndim):
    with pytest.raises(ValueError, match=f"expected ndim={ndim}, found ndim={len(shape)}"):
        layer(np.zeros(shape, "float32"))
