"""metrics.get / serialize / deserialize, and compile's resolve_metric (Keras 3 names)."""

import numpy as np
import pytest

from torcheras import backend, metrics
from torcheras.metrics._resolve import resolve_metric


@pytest.mark.parametrize("name, cls", [
    ("mse", metrics.MeanSquaredError), ("MSE", metrics.MeanSquaredError),
    ("mean_squared_error", metrics.MeanSquaredError), ("mae", metrics.MeanAbsoluteError),
    ("mape", metrics.MeanAbsolutePercentageError), ("msle", metrics.MeanSquaredLogarithmicError),
    ("AUC", metrics.AUC), ("auc", metrics.AUC), ("precision", metrics.Precision),
    ("recall", metrics.Recall), ("Precision", metrics.Precision),
    ("accuracy", metrics.Accuracy), ("binary_accuracy", metrics.BinaryAccuracy),
    ("top_k_categorical_accuracy", metrics.TopKCategoricalAccuracy),
    ("bce", metrics.BinaryCrossentropy), ("kld", metrics.KLDivergence),
    ("logcosh", metrics.LogCoshError), ("log_cosh_error", metrics.LogCoshError),
    ("root_mean_squared_error", metrics.RootMeanSquaredError),
    ("true_positives", metrics.TruePositives), ("hinge", metrics.Hinge),
])
def test_get_names(name, cls):
    assert type(metrics.get(name)) is cls


def test_get_other_identifiers():
    inst = metrics.AUC(name="x")
    assert metrics.get(inst) is inst
    assert type(metrics.get(metrics.Recall)) is metrics.Recall
    assert metrics.get(metrics.binary_accuracy) is metrics.binary_accuracy
    obj = metrics.get({"class_name": "Precision", "config": {"thresholds": 0.3, "name": "p"}})
    assert obj.thresholds == [0.3] and obj.name == "p"
    assert metrics.get(None) is None


def test_unknown_names_suggest():
    with pytest.raises(ValueError, match=r"Unknown metric.*'acuracy'.*Did you mean 'accuracy'"):
        metrics.get("acuracy")
    with pytest.raises(ValueError, match=r"Could not interpret metric identifier"):
        metrics.get(3.5)


def test_serialize_round_trip():
    config = metrics.serialize(metrics.AUC(name="auc"))
    assert config == {"module": "keras.metrics", "class_name": "AUC", "config": {
        "name": "auc", "dtype": "float32", "num_thresholds": 200, "curve": "ROC",
        "summation_method": "interpolation", "multi_label": False, "num_labels": None,
        "label_weights": None, "from_logits": False}, "registered_name": None}
    assert type(metrics.deserialize(config)) is metrics.AUC
    wrapped = metrics.serialize(metrics.MeanMetricWrapper(metrics.mean_squared_error, name="x"))
    again = metrics.deserialize(wrapped)
    assert again._fn is metrics.mean_squared_error and again.name == "x"
    assert metrics.deserialize(metrics.serialize(metrics.binary_accuracy)) is \
        metrics.binary_accuracy


BIN = (np.zeros((8, 1)), np.zeros((8, 1)))
SPARSE = (np.zeros((8,)), np.zeros((8, 5)))
SPARSE_COL = (np.zeros((8, 1)), np.zeros((8, 5)))
CAT = (np.zeros((8, 5)), np.zeros((8, 5)))


@pytest.mark.parametrize("ident, data, cls", [
    ("accuracy", BIN, metrics.BinaryAccuracy), ("acc", BIN, metrics.BinaryAccuracy),
    ("accuracy", SPARSE, metrics.SparseCategoricalAccuracy),
    ("acc", SPARSE_COL, metrics.SparseCategoricalAccuracy),
    ("Accuracy", CAT, metrics.CategoricalAccuracy),
    ("crossentropy", BIN, metrics.BinaryCrossentropy),
    ("ce", SPARSE, metrics.SparseCategoricalCrossentropy),
    ("crossentropy", CAT, metrics.CategoricalCrossentropy),
])
def test_resolve_by_shape_keeps_the_written_name(ident, data, cls):
    m = resolve_metric(ident, None, *data)
    assert type(m) is cls and m.name == ident


def test_resolve_names_match_keras_history_keys():
    # Measured with Keras 3.15: metrics=['acc', 'mae', 'mse', 'MeanSquaredError', AUC(),
    # AUC(), 'AUC', 'precision', keras.metrics.mean_absolute_error, 'bce'] gives these keys.
    backend.clear_session()
    idents = ["acc", "mae", "mse", "MeanSquaredError", metrics.AUC(), metrics.AUC(), "AUC",
              "precision", metrics.mean_absolute_error, "bce"]
    resolved = [resolve_metric(i, "binary_crossentropy", *BIN) for i in idents]
    assert [m.name for m in resolved] == ["acc", "mae", "mse", "MeanSquaredError", "auc",
                                          "auc_1", "AUC", "precision", "mean_absolute_error",
                                          "bce"]
    assert [type(m).__name__ for m in resolved] == [
        "BinaryAccuracy", "MeanAbsoluteError", "MeanSquaredError", "MeanSquaredError", "AUC",
        "AUC", "AUC", "Precision", "MeanMetricWrapper", "BinaryCrossentropy"]


def test_resolve_loss_does_not_change_the_shape_rule():
    # Keras 3 ignores the loss: binary crossentropy on 3 outputs still gets categorical acc.
    m = resolve_metric("accuracy", "binary_crossentropy", np.zeros((8, 3)), np.zeros((8, 3)))
    assert type(m) is metrics.CategoricalAccuracy


def test_resolve_errors():
    with pytest.raises(ValueError, match="Expected metric, received `None`"):
        resolve_metric(None, None, *BIN)
    with pytest.raises(ValueError, match="Did you mean 'precision'"):
        resolve_metric("precison", None, *BIN)


def test_keras2_cosine_proximity_metric_is_minus_the_cosine():
    # Keras 2.3.1: `metrics.cosine_proximity` was its loss, -sum(l2n(y) * l2n(p)).
    import torcheras as keras

    model = keras.Sequential([keras.Input((2,)),
                              keras.layers.Dense(2, kernel_initializer="identity",
                                                 use_bias=False)])
    model.compile("sgd", "mse", metrics=["cosine_proximity"])
    x = np.array([[1.0, 0.0], [3.0, 4.0]], "float32")
    y = np.array([[1.0, 0.0], [4.0, 3.0]], "float32")
    logs = model.evaluate(x, y, verbose=0, return_dict=True)
    assert logs["cosine_proximity"] == pytest.approx(-(1.0 + 24 / 25) / 2)
