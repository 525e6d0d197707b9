"""Pipeline: layers applied in turn, training defaulting to True, masks passed on, Keras's
config and weights-file layout."""

import h5py
import numpy as np
import pytest

import torcheras as keras
from torcheras import layers


def test_applies_layers_in_order():
    pipeline = layers.Pipeline([layers.Rescaling(2.0), layers.Rescaling(1.0, offset=-1.0)])
    assert pipeline(np.array([[1.0, 3.0]], "float32")).tolist() == [[1.0, 5.0]]
    assert len(pipeline.layers) == 2


def test_training_defaults_to_true_and_follows_the_caller():
    pipeline = layers.Pipeline([layers.Dropout(0.999, seed=1)])
    x = np.ones((4, 50), "float32")
    assert float(pipeline(x).abs().sum()) < 200  # active by default, as Keras's
    np.testing.assert_array_equal(pipeline(x, training=False).numpy(), x)
    model = keras.Sequential([keras.Input((50,)), pipeline])
    np.testing.assert_array_equal(model.predict(x, verbose=0), x)  # inference in predict


def test_mask_is_passed_on():
    pipeline = layers.Pipeline([layers.Masking(0.0), layers.GlobalAveragePooling1D()])
    x = np.array([[[2.0], [4.0], [0.0]]], "float32")
    assert pipeline(x).tolist() == [[3.0]]  # the masked step is left out of the mean


def test_config_weights_and_file_layout_as_keras(tmp_path):
    pipeline = layers.Pipeline([layers.Dense(3), layers.Dense(2)], name="prep")
    model = keras.Sequential([keras.Input((4,)), pipeline])
    config = pipeline.get_config()
    assert sorted(config) == ["layers", "name"]
    assert [c["class_name"] for c in config["layers"]] == ["Dense", "Dense"]
    assert [w.path for w in pipeline.weights] == [
        "sequential/prep/dense/kernel", "sequential/prep/dense/bias",
        "sequential/prep/dense_1/kernel", "sequential/prep/dense_1/bias"]
    model.save_weights(tmp_path / "p.weights.h5")
    with h5py.File(tmp_path / "p.weights.h5") as f:
        assert sorted(f["layers/pipeline/layers"]) == ["dense", "dense_1"]
    model.save(tmp_path / "p.keras")
    x = np.random.default_rng(0).normal(size=(3, 4)).astype("float32")
    loaded = keras.saving.load_model(tmp_path / "p.keras")
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0),
                               atol=1e-6)
    clone = layers.Pipeline.from_config(config)
    assert clone.get_config()["layers"][0]["config"]["units"] == 3


@pytest.mark.parametrize("value", [layers.Dense(2), [layers.Dense(2), "relu"], None])
def test_bad_layers(value):
    with pytest.raises(ValueError, match=r"`layers` of Pipeline must be a list of layers. "
                                         r"Received: layers="):
        layers.Pipeline(value)


def test_bad_config():
    with pytest.raises(ValueError, match=r"`Pipeline` config must contain a `layers` key "
                                         r"mapping to a list of serialized layers. Received "
                                         r"config with layers=None."):
        layers.Pipeline.from_config({"name": "p"})
