"""Files written by real Keras 3 and tf-keras load here and predict Keras's numbers; training
resumes from them with Keras's optimizer state (one more step lands on Keras's weights).

Fixtures: tests/golden/saving/, made by tests/golden/make_saving.py.
"""

import numpy as np
import pytest
from _golden import path

import torcheras as keras

TOL = 1e-5


def fixture(name):
    return str(path(f"saving/{name}"))


def arrays(name):
    with np.load(fixture(f"{name}.npz")) as data:
        return {k: data[k] for k in data.files}


def check_next_step(model, data, y):
    model.train_on_batch(data["train_x"], y)
    weights = model.weights
    expected = [data[f"next_{i}"] for i in range(len(weights))]
    assert len([k for k in data if k.startswith("next_")]) == len(weights)
    for w, e in zip(weights, expected):
        np.testing.assert_allclose(w.numpy(), e, rtol=1e-4, atol=TOL, err_msg=w.path)


def test_keras3_mlp_predicts_and_resumes_adam():
    model = keras.saving.load_model(fixture("mlp.keras"))
    data = arrays("mlp")
    np.testing.assert_allclose(model.predict(data["x"], verbose=0), data["y_pred"], atol=TOL)
    assert type(model.optimizer).__name__ == "Adam"
    assert int(model.optimizer.iterations.numpy()) == 3
    assert [la.name for la in model.layers] == ["hidden", "bn", "probs"]
    check_next_step(model, data, data["train_y"])


def test_keras3_cnn_predicts_and_resumes_sgd_momentum():
    model = keras.models.load_model(fixture("cnn.keras"))
    data = arrays("cnn")
    np.testing.assert_allclose(model.predict(data["x"], verbose=0), data["y_pred"], atol=TOL)
    assert model.optimizer.momentum == pytest.approx(0.9)
    check_next_step(model, data, data["train_y"])


def test_keras3_two_output_functional_predicts_and_resumes():
    model = keras.saving.load_model(fixture("two_output.keras"))
    data = arrays("two_output")
    pred = model.predict(data["x"], verbose=0)
    assert set(pred) == {"value", "label"}
    np.testing.assert_allclose(pred["value"], data["y_pred_value"], atol=TOL)
    np.testing.assert_allclose(pred["label"], data["y_pred_label"], atol=TOL)
    y = {"value": data["train_y_value"], "label": data["train_y_label"]}
    check_next_step(model, data, y)


def test_keras3_weights_file_loads_into_the_same_architecture():
    model = keras.Sequential([
        keras.Input((5,)),
        keras.layers.Dense(7, activation="gelu"),
        keras.layers.LayerNormalization(),
        keras.layers.Dense(2),
    ])
    model.load_weights(fixture("mlp.weights.h5"))
    data = arrays("mlp_weights")
    np.testing.assert_allclose(model.predict(data["x"], verbose=0), data["y_pred"], atol=TOL)


def test_tf_keras_h5_model_predicts_and_resumes_adam():
    model = keras.saving.load_model(fixture("tfkeras_mlp.h5"))
    data = arrays("tfkeras_mlp")
    np.testing.assert_allclose(model.predict(data["x"], verbose=0), data["y_pred"], atol=TOL)
    assert type(model.optimizer).__name__ == "Adam"
    assert int(model.optimizer.iterations.numpy()) == 4
    check_next_step(model, data, data["train_y"])


def test_tf_keras_h5_weights_load_by_name():
    model = keras.Sequential([
        keras.Input((4,)),
        keras.layers.Dense(6, activation="relu", name="dense_in"),
        keras.layers.Dense(3, name="unrelated"),
        keras.layers.BatchNormalization(name="bn"),
    ])
    reference = keras.saving.load_model(fixture("tfkeras_mlp.h5"))
    with pytest.warns(UserWarning, match="Skipping loading of weights for layer 'bn'"):
        model.load_weights(fixture("tfkeras_mlp.h5"), by_name=True, skip_mismatch=True)
    np.testing.assert_array_equal(model.get_layer("dense_in").get_weights()[0],
                                  reference.get_layer("dense_in").get_weights()[0])


def test_keras3_lambda_file_needs_safe_mode_off():
    with pytest.raises(ValueError, match="safe_mode=False"):
        keras.saving.load_model(fixture("lambda.keras"))
    model = keras.saving.load_model(fixture("lambda.keras"), safe_mode=False)
    data = arrays("lambda")
    np.testing.assert_allclose(model.predict(data["x"], verbose=0), data["y_pred"], atol=TOL)


def test_keras3_layer_zoo_predicts_and_resumes():
    model = keras.saving.load_model(fixture("zoo.keras"))
    data = arrays("zoo")
    x = [data["x_tokens"], data["x_img"]]
    np.testing.assert_allclose(model.predict(x, verbose=0), data["y_pred"], atol=TOL)
    model.train_on_batch([data["train_tokens"], data["train_img"]], data["train_y"])
    weights = model.weights
    assert len([k for k in data if k.startswith("next_")]) == len(weights)
    for i, w in enumerate(weights):
        np.testing.assert_allclose(w.numpy(), data[f"next_{i}"], rtol=1e-4, atol=TOL,
                                   err_msg=w.path)


def test_tf_keras_functional_h5_predicts_and_resumes_adamax():
    model = keras.saving.load_model(fixture("tfkeras_functional.h5"))
    data = arrays("tfkeras_functional")
    score, kind = model.predict([data["xa"], data["xb"]], verbose=0)
    np.testing.assert_allclose(score, data["y_pred_score"], atol=TOL)
    np.testing.assert_allclose(kind, data["y_pred_kind"], atol=TOL)
    assert type(model.optimizer).__name__ == "Adamax"
    assert len(model.get_layer("shared")._inbound_nodes) == 2
    model.train_on_batch([data["train_xa"], data["train_xb"]],
                         [data["train_y1"], data["train_y2"]])
    for i, w in enumerate(model.weights):
        np.testing.assert_allclose(w.numpy(), data[f"next_{i}"], rtol=1e-4, atol=TOL,
                                   err_msg=w.path)


def test_tf_keras_lambda_h5_needs_safe_mode_off():
    with pytest.raises(ValueError, match="safe_mode=False"):
        keras.saving.load_model(fixture("tfkeras_lambda.h5"))
    model = keras.saving.load_model(fixture("tfkeras_lambda.h5"), safe_mode=False)
    data = arrays("tfkeras_lambda")
    np.testing.assert_allclose(model.predict(data["x"], verbose=0), data["y_pred"], atol=TOL)
