"""TorchModuleWrapper: a torch.nn.Module's parameters tracked as weights, trained by fit,
round-tripped through .keras saving (a file real Keras saved loads in
tests/layers/test_layers_extra_golden.py)."""

import numpy as np
import pytest
import torch

import torcheras as keras
from torcheras import layers


def test_parameters_are_the_layers_weights():
    torch.manual_seed(0)
    linear = torch.nn.Linear(3, 2)
    weight = linear.weight.detach().clone()
    layer = layers.TorchModuleWrapper(linear)
    assert [(w.name, tuple(w.shape), w.trainable) for w in layer.weights] == [
        ("variable", (2, 3), True), ("variable_1", (2,), True)]
    # The module computes with the very tensors listed as weights.
    assert layer.weights[0] is linear.weight
    np.testing.assert_array_equal(layer.weights[0].numpy(), weight.numpy())
    x = np.ones((1, 3), "float32")
    np.testing.assert_allclose(layer(x).detach().numpy(),
                               (weight.sum(1) + linear.bias.detach()).numpy()[None],
                               rtol=1e-6)
    frozen = torch.nn.Linear(3, 2)
    frozen.bias.requires_grad_(False)
    assert [w.trainable for w in layers.TorchModuleWrapper(frozen).weights] == [True, False]


def test_trains_saves_loads_same_predictions(tmp_path):
    torch.manual_seed(1)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 4)).astype("float32")
    y = x @ rng.normal(size=(4, 2)).astype("float32")
    model = keras.Sequential([keras.Input((4,)),
                              layers.TorchModuleWrapper(torch.nn.Linear(4, 2), name="lin")])
    model.compile(keras.optimizers.Adam(0.05), "mse")
    history = model.fit(x, y, epochs=20, verbose=0)
    assert history.history["loss"][-1] < 0.2 * history.history["loss"][0]
    before = model.predict(x, verbose=0)
    model.save(tmp_path / "m.keras")
    with pytest.raises(ValueError, match=r"deserialization of a `torch.nn.Module` object via "
                                         r"`torch.load\(\)`"):
        keras.saving.load_model(tmp_path / "m.keras")
    loaded = keras.saving.load_model(tmp_path / "m.keras", safe_mode=False)
    np.testing.assert_allclose(loaded.predict(x, verbose=0), before, rtol=1e-6, atol=1e-6)
    assert len(loaded.trainable_weights) == 2
    # The loaded model keeps training.
    loaded.compile(keras.optimizers.Adam(0.05), "mse")
    assert loaded.fit(x, y, epochs=2, verbose=0).history["loss"][-1] < history.history[
        "loss"][0]


def test_state_dict_with_buffers_round_trips(tmp_path):
    module = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4))
    model = keras.Sequential([keras.Input((3,)), layers.TorchModuleWrapper(module)])
    x = np.random.default_rng(2).normal(size=(16, 3)).astype("float32")
    model.compile("sgd", "mse")
    model.fit(x, np.zeros((16, 4), "float32"), epochs=1, verbose=0)
    assert float(module[1].running_mean.abs().sum()) > 0
    model.save_weights(tmp_path / "w.weights.h5")
    twin = keras.Sequential([keras.Input((3,)), layers.TorchModuleWrapper(
        torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4)))])
    twin.load_weights(tmp_path / "w.weights.h5")
    np.testing.assert_allclose(twin.predict(x, verbose=0), model.predict(x, verbose=0),
                               atol=1e-6)


def test_tied_parameters_stay_tied(tmp_path):
    first, second = torch.nn.Linear(3, 3, bias=False), torch.nn.Linear(3, 3, bias=False)
    second.weight = first.weight
    layer = layers.TorchModuleWrapper(torch.nn.Sequential(first, second))
    assert len(layer.weights) == 1
    assert first.weight is second.weight is layer.weights[0]
    clone = layers.TorchModuleWrapper.from_config(layer.get_config(), safe_mode=False)
    assert len(clone.weights) == 1 and clone.module[0].weight is clone.module[1].weight


def test_training_flag_switches_module_mode():
    layer = layers.TorchModuleWrapper(torch.nn.Dropout(0.5))
    layer(np.ones((2, 2), "float32"), training=False)
    assert not layer.module.training
    layer(np.ones((2, 2), "float32"), training=True)
    assert layer.module.training


def test_output_shape_and_config():
    layer = layers.TorchModuleWrapper(torch.nn.Linear(3, 5), output_shape=(None, 5))
    assert layer(keras.Input((3,))).shape == (None, 5)
    config = layer.get_config()
    assert isinstance(config["module"], str) and config["output_shape"] == (None, 5)
    with pytest.raises(ValueError, match=r"torch.load"):
        layers.TorchModuleWrapper.from_config(config)
    clone = layers.TorchModuleWrapper.from_config(config, safe_mode=False)
    np.testing.assert_array_equal(clone.weights[0].numpy(), layer.weights[0].numpy())
    traced = layers.TorchModuleWrapper(torch.nn.Linear(3, 5))
    assert traced(keras.Input((3,))).shape == (None, 5)


def test_bad_modules():
    with pytest.raises(ValueError, match=r"LazyModules are not supported unless they are "
                                         r"already initialized"):
        layers.TorchModuleWrapper(torch.nn.LazyLinear(3))
    with pytest.raises(TypeError, match=r"`module` of TorchModuleWrapper must be a "
                                        r"`torch.nn.Module`. Received: module='linear'"):
        layers.TorchModuleWrapper("linear")
