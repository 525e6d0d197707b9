"""LoRA on Dense (and Conv, sharing torcheras.layers._lora): Keras 3's weights and numbers."""

import h5py
import numpy as np
import pytest
from _golden import load_arrays

import torcheras as keras
from torcheras import layers

NAMES = {"kernel": "kernel", "bias": "bias", "a": "lora_kernel_a", "b": "lora_kernel_b"}


def _set(layer, values):
    for key, value in values.items():
        getattr(layer, NAMES[key]).assign(value)


def _get(layer):
    return {key: getattr(layer, attr).numpy() for key, attr in NAMES.items()}


def test_dense_lora_weights_and_hand_computed_output():
    layer = layers.Dense(2, lora_rank=1, lora_alpha=4.0)
    layer.build((None, 3))
    # Keras's order: by trainability at creation, so the frozen kernel keeps its place.
    assert [w.name for w in layer.weights] == ["kernel", "bias", "lora_kernel_a",
                                               "lora_kernel_b"]
    assert [w.name for w in layer.trainable_weights] == ["bias", "lora_kernel_a",
                                                         "lora_kernel_b"]
    kernel = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], "float32")
    bias = np.array([0.5, -0.5], "float32")
    a = np.array([[1.0], [2.0], [0.0]], "float32")
    b = np.array([[0.25, -1.0]], "float32")
    _set(layer, {"kernel": kernel, "bias": bias, "a": a, "b": b})
    x = np.array([[1.0, 1.0, 1.0]], "float32")
    # x @ kernel = [2, 2]; x @ a @ b = 3 * [0.25, -1] = [0.75, -3]; scale 4 / 1 = 4
    # -> [2 + 3 + 0.5, 2 - 12 - 0.5]
    np.testing.assert_allclose(layer(x).detach().numpy(), [[5.5, -10.5]])


def test_enabling_lora_keeps_outputs_then_trains_only_the_update():
    layer = layers.Dense(3)
    x = np.random.default_rng(0).normal(size=(8, 4)).astype("float32")
    before = layer(x).detach().numpy()
    kernel = layer.kernel.detach().numpy().copy()
    layer.enable_lora(2)
    np.testing.assert_allclose(layer(x).detach().numpy(), before, atol=1e-6)
    model = keras.Sequential([keras.Input((4,)), layer])
    model.compile(optimizer="sgd", loss="mse")
    model.fit(x, np.ones((8, 3), "float32"), epochs=2, verbose=0)
    np.testing.assert_array_equal(layer.kernel.detach().numpy(), kernel)
    assert np.abs(layer.lora_kernel_b.detach().numpy()).sum() > 1e-3


@pytest.mark.parametrize("prefix, make", [
    ("dense", lambda: layers.Dense(3, lora_rank=2)),
    ("conv", lambda: layers.Conv2D(3, 2, lora_rank=2, lora_alpha=8)),
])
def test_matches_keras_output_and_three_sgd_steps(prefix, make):
    g = load_arrays("lora/lora")
    layer = make()
    model = keras.Sequential([keras.Input(g[f"{prefix}_x"].shape[1:]), layer])
    _set(layer, {key: g[f"{prefix}_{key}"] for key in NAMES})
    np.testing.assert_allclose(model.predict(g[f"{prefix}_x"], verbose=0),
                               g[f"{prefix}_out"], rtol=1e-5, atol=1e-5)
    model.compile(optimizer=keras.optimizers.SGD(0.05), loss="mse")
    for _ in range(3):
        model.train_on_batch(g[f"{prefix}_x"], g[f"{prefix}_y"])
    for key, value in _get(layer).items():
        np.testing.assert_allclose(value, g[f"{prefix}_trained_{key}"], rtol=1e-4, atol=1e-5)
    # get_weights in Keras's order: kernel, bias, lora_kernel_a, lora_kernel_b.
    for value, key in zip(layer.get_weights(), NAMES):
        np.testing.assert_allclose(value, g[f"{prefix}_trained_{key}"], rtol=1e-4, atol=1e-5)


def test_config_round_trip():
    layer = layers.Dense(3, lora_rank=2, lora_alpha=6)
    config = layer.get_config()
    assert (config["lora_rank"], config["lora_alpha"]) == (2, 6)
    assert "lora_rank" not in layers.Dense(3).get_config()
    again = layers.Dense.from_config(config)
    again.build((None, 4))
    assert again.lora_enabled and again.lora_alpha == 6
    assert tuple(again.lora_kernel_a.shape) == (4, 2)
    assert tuple(again.lora_kernel_b.shape) == (2, 3)


@pytest.mark.parametrize("make, error, message", [
    (lambda: layers.Dense(2, lora_rank=0), ValueError,
     r"Argument `lora_rank` must be a positive integer or None\. Received: lora_rank=0"),
    (lambda: layers.Dense(2, lora_rank=2, lora_alpha="big"), TypeError,
     r"Argument `lora_alpha` must be a number or None\. Received: lora_alpha='big'"),
    (lambda: layers.Dense(2).enable_lora(2), ValueError,
     "Cannot enable lora on a layer that isn't yet built"),
    (lambda: layers.Dense(2, kernel_constraint="non_neg", lora_rank=1).build((None, 3)),
     ValueError, "Lora is incompatible with kernel constraints"),
])
def test_bad_lora_arguments(make, error, message):
    with pytest.raises(error, match=message):
        make()


def test_enable_twice_is_refused():
    layer = layers.Dense(2, lora_rank=1)
    layer.build((None, 3))
    with pytest.raises(ValueError, match="lora is already enabled"):
        layer.enable_lora(1)


def test_saved_as_keras_does_merged_kernel_and_bias(tmp_path):
    keras.utils.set_random_seed(1)
    layer = layers.Dense(3, lora_rank=2, lora_alpha=4)
    model = keras.Sequential([keras.Input((4,)), layer])
    x = np.random.default_rng(0).normal(size=(5, 4)).astype("float32")
    model.compile(optimizer="adam", loss="mse")
    model.fit(x, np.ones((5, 3), "float32"), epochs=2, verbose=0)
    expected = model.predict(x, verbose=0)
    merged = (layer.kernel.numpy() + 2.0 * layer.lora_kernel_a.numpy()
              @ layer.lora_kernel_b.numpy())
    path = tmp_path / "lora.weights.h5"
    model.save_weights(path)
    with h5py.File(path) as f:
        saved = f[f"layers/{layer.name}/vars"]
        assert sorted(saved) == ["0", "1"]  # no LoRA pair in the file, as Keras
        np.testing.assert_allclose(saved["0"][...], merged, rtol=1e-6, atol=1e-6)
    model.load_weights(path)
    np.testing.assert_allclose(layer.kernel.numpy(), merged, rtol=1e-6, atol=1e-6)
    assert not layer.lora_kernel_b.numpy().any()  # the update restarts from zero
    np.testing.assert_allclose(model.predict(x, verbose=0), expected, rtol=1e-5, atol=1e-6)


def test_loading_the_wrong_number_of_arrays_names_the_layer():
    layer = layers.Dense(2, lora_rank=1, name="d")
    layer.build((None, 3))
    with pytest.raises(ValueError, match=r"Layer 'd' expected 2 variables, but received 1 "
                                         r"variables during loading\. Expected: \['kernel', "
                                         r"'bias'\]"):
        layer.load_own_variables({"0": np.zeros((3, 2), "float32")})
