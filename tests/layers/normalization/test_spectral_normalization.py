"""SpectralNormalization: the power-iteration step by hand, Keras's weights and file layout,
training, bad input (goldens in tests/layers/test_layers_extra_golden.py)."""

import h5py
import numpy as np
import pytest

import torcheras as keras
from torcheras import layers


def _wrapped(kernel, u, **kwargs):
    layer = layers.SpectralNormalization(layers.Dense(kernel.shape[1], use_bias=False),
                                         **kwargs)
    layer.build((None, kernel.shape[0]))
    layer.set_weights([kernel, u])
    return layer


def test_one_power_iteration_by_hand():
    layer = _wrapped(np.array([[3.0, 0.0], [0.0, 1.0]], "float32"),
                     np.array([[1.0, 0.0]], "float32"))
    x = np.array([[1.0, 1.0]], "float32")
    np.testing.assert_allclose(layer(x, training=False).detach().numpy(), [[3.0, 1.0]])
    # sigma = 3 (u and v stay on the first axis): the kernel is divided by 3, in place.
    np.testing.assert_allclose(layer(x, training=True).detach().numpy(), [[1.0, 1 / 3]],
                               rtol=1e-6)
    np.testing.assert_allclose(layer.layer.kernel.numpy(), [[1.0, 0.0], [0.0, 1 / 3]],
                               rtol=1e-6)
    np.testing.assert_allclose(layer.vector_u.numpy(), [[1.0, 0.0]], atol=1e-7)


def test_power_iterations_converge_to_the_largest_singular_value():
    rng = np.random.default_rng(0)
    kernel = rng.normal(size=(6, 4)).astype("float32")
    layer = _wrapped(kernel, rng.normal(size=(1, 4)).astype("float32"), power_iterations=30)
    layer(np.zeros((1, 6), "float32"), training=True)
    sigma = np.linalg.svd(kernel, compute_uv=False)[0]
    np.testing.assert_allclose(layer.layer.kernel.numpy(), kernel / sigma, rtol=1e-4,
                               atol=1e-5)
    assert np.linalg.svd(layer.layer.kernel.numpy(), compute_uv=False)[0] == pytest.approx(
        1.0, rel=1e-4)


def test_zero_kernel_is_left_alone():
    layer = _wrapped(np.zeros((2, 2), "float32"), np.array([[0.3, 0.4]], "float32"))
    layer(np.ones((1, 2), "float32"), training=True)
    np.testing.assert_array_equal(layer.layer.kernel.numpy(), np.zeros((2, 2)))
    np.testing.assert_allclose(layer.vector_u.numpy(), [[0.3, 0.4]])


def test_weights_and_file_layout_as_keras(tmp_path):
    sn = layers.SpectralNormalization(layers.Dense(3))
    model = keras.Sequential([keras.Input((4,)), sn])
    assert [(w.path, w.trainable) for w in sn.weights] == [
        ("sequential/spectral_normalization/dense/kernel", True),
        ("sequential/spectral_normalization/vector_u", False),
        ("sequential/spectral_normalization/dense/bias", True)]
    assert [w.name for w in sn.trainable_weights] == ["kernel", "bias"]
    assert len(list(model.parameters())) == 3  # the shared kernel counted once
    model.save_weights(tmp_path / "sn.weights.h5")
    with h5py.File(tmp_path / "sn.weights.h5") as f:
        own = f["layers/spectral_normalization/vars"]
        assert sorted(own) == ["0", "1"]
        np.testing.assert_array_equal(own["0"][()], sn.layer.kernel.numpy())
        np.testing.assert_array_equal(own["1"][()], sn.vector_u.numpy())


def test_trains_saves_and_loads(tmp_path):
    rng = np.random.default_rng(1)
    x = rng.normal(size=(32, 4)).astype("float32")
    y = x @ rng.normal(size=(4, 2)).astype("float32") * 0.3
    model = keras.Sequential([keras.Input((4,)),
                              layers.SpectralNormalization(layers.Dense(2))])
    model.compile(keras.optimizers.Adam(0.05), "mse")
    history = model.fit(x, y, epochs=10, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]
    model.save(tmp_path / "sn.keras")
    loaded = keras.saving.load_model(tmp_path / "sn.keras")
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0),
                               atol=1e-6)
    assert loaded.layers[0].get_config()["power_iterations"] == 1


def test_wraps_conv_and_embedding():
    conv = layers.SpectralNormalization(layers.Conv2D(2, 2))
    assert tuple(conv(np.random.rand(1, 10, 10, 1).astype("float32")).shape) == (1, 9, 9, 2)
    assert tuple(conv.vector_u.shape) == (1, 2)
    emb = layers.SpectralNormalization(layers.Embedding(5, 3))
    emb.build((None, 5))
    assert emb.kernel is emb.layer.embeddings


@pytest.mark.parametrize("power_iterations", [0, -1, 1.5, "2"])
def test_bad_power_iterations(power_iterations):
    with pytest.raises(ValueError, match=r"`power_iterations` should be greater than zero. "
                                         rf"Received: `power_iterations={power_iterations!r}`"):
        layers.SpectralNormalization(layers.Dense(2), power_iterations=power_iterations)


def test_layer_without_kernel():
    with pytest.raises(ValueError, match=r"Flatten object has no attribute 'kernel' nor "
                                         r"'embeddings'"):
        layers.SpectralNormalization(layers.Flatten())(np.zeros((1, 2, 2), "float32"))
    with pytest.raises(ValueError, match=r"isn't a supported layer type"):
        layers.SpectralNormalization("dense")
