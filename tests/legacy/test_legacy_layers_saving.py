"""Models with the layers Keras 3 removed save and load (``.keras`` and H5), and tf-keras's
own H5 file of such a model loads with tf-keras's numbers."""

import numpy as np
import pytest
from _golden import load, path

import torcheras as keras
from torcheras.legacy.layers.advanced_activations import ThresholdedReLU
from torcheras.legacy.layers.cudnn_recurrent import CuDNNGRU, CuDNNLSTM
from torcheras.legacy.layers.local import LocallyConnected1D, LocallyConnected2D


@pytest.mark.parametrize("suffix", [".keras", ".h5"])
def test_round_trip(tmp_path, suffix):
    model = keras.Sequential([
        keras.Input((4, 4, 1)), LocallyConnected2D(2, 2), keras.layers.Reshape((9, 2)),
        CuDNNLSTM(3, return_sequences=True), CuDNNGRU(2, return_sequences=True),
        LocallyConnected1D(2, 3), keras.layers.Flatten(), ThresholdedReLU(0.1),
        keras.layers.Dense(1)])
    x = np.random.default_rng(0).normal(size=(2, 4, 4, 1)).astype("float32")
    expected = model.predict(x, verbose=0)
    if suffix == ".h5":
        with pytest.warns(UserWarning, match="HDF5 file"):
            model.save(tmp_path / f"m{suffix}")
    else:
        model.save(tmp_path / f"m{suffix}")
    loaded = keras.models.load_model(tmp_path / f"m{suffix}")
    assert [type(layer).__name__ for layer in loaded.layers] == [
        type(layer).__name__ for layer in model.layers]
    np.testing.assert_allclose(loaded.predict(x, verbose=0), expected, rtol=1e-6, atol=1e-6)


def test_tf_keras_h5_model_loads_with_its_numbers():
    arrays = load("legacy_layers").arrays
    model = keras.models.load_model(str(path("legacy_layers/model", ".h5")))
    assert [type(layer).__name__ for layer in model.layers] == [
        "LocallyConnected2D", "ThresholdedReLU", "Reshape", "LocallyConnected1D", "Flatten",
        "Dense"]
    np.testing.assert_allclose(model.predict(arrays["model/x"], verbose=0),
                               arrays["model/y"], rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("layer", [LocallyConnected1D(2, 3), LocallyConnected2D(1, 2),
                                   CuDNNLSTM(3), CuDNNGRU(2), ThresholdedReLU(0.3)],
                         ids=lambda layer: type(layer).__name__)
def test_layers_deserialize_finds_them_by_name(layer):
    clone = keras.layers.deserialize(keras.layers.serialize(layer))
    assert type(clone) is type(layer)
    assert clone.get_config() == layer.get_config()
