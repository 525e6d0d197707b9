"""Accuracy metrics: hand-computed values, shapes, top-k ties, bad inputs."""

import numpy as np
import pytest
import torch

from torcheras import metrics

Y_CAT = [[0, 0, 1], [0, 1, 0], [1, 0, 0]]
P_CAT = [[0.1, 0.9, 0.8], [0.05, 0.95, 0.0], [0.5, 0.3, 0.2]]


def test_hand_computed():
    assert float(metrics.Accuracy()([[1], [2], [3], [4]], [[0], [2], [3], [4]])) == 0.75
    assert float(metrics.BinaryAccuracy()([[1], [1], [0], [0]],
                                          [[0.98], [1], [0], [0.6]])) == 0.75
    assert float(metrics.BinaryAccuracy(threshold=0.1)([1, 0], [0.5, 0.05])) == 1.0
    assert float(metrics.CategoricalAccuracy()(Y_CAT, P_CAT)) == pytest.approx(2 / 3)
    assert float(metrics.SparseCategoricalAccuracy()([2, 1, 0], P_CAT)) == pytest.approx(2 / 3)
    assert float(metrics.SparseCategoricalAccuracy()([[2], [1], [0]], P_CAT)) == \
        pytest.approx(2 / 3)
    assert float(metrics.TopKCategoricalAccuracy(k=2)(Y_CAT, P_CAT)) == 1.0
    assert float(metrics.TopKCategoricalAccuracy(k=1)(Y_CAT, P_CAT)) == pytest.approx(2 / 3)
    assert float(metrics.SparseTopKCategoricalAccuracy(k=1)([2, 1, 0], P_CAT)) == \
        pytest.approx(2 / 3)


def test_weighted_and_accumulated():
    m = metrics.SparseCategoricalAccuracy()
    m.update_state([2, 1, 0], P_CAT, sample_weight=[3.0, 1.0, 1.0])
    assert float(m.result()) == pytest.approx(2 / 5)
    m.update_state([1], [[0.0, 1.0, 0.0]])
    assert float(m.result()) == pytest.approx(3 / 6)


def test_function_shapes_follow_keras():
    assert metrics.binary_accuracy([[1], [0]], [[0.7], [0.2]]).shape == (2, 1)
    assert metrics.binary_accuracy([1, 0], [[0.7], [0.2]]).shape == (2, 1)
    assert metrics.sparse_categorical_accuracy([[2], [1], [0]], P_CAT).shape == (3,)
    seq_true = np.zeros((2, 4), dtype="int64")
    seq_pred = np.random.default_rng(0).random((2, 4, 3)).astype("float32")
    assert metrics.sparse_categorical_accuracy(seq_true, seq_pred).shape == (2, 4)
    assert metrics.sparse_top_k_categorical_accuracy(seq_true, seq_pred, k=2).shape == (2, 4)
    assert metrics.top_k_categorical_accuracy(np.eye(3)[seq_true], seq_pred, k=2).shape == (2, 4)
    # The values, per time step: is class 0 the best, or among the best two?
    best = (seq_pred.argmax(-1) == 0).astype("float32")
    top2 = (seq_pred[..., 0] >= np.sort(seq_pred, -1)[..., -2]).astype("float32")
    np.testing.assert_array_equal(metrics.sparse_categorical_accuracy(seq_true, seq_pred), best)
    np.testing.assert_array_equal(
        metrics.sparse_top_k_categorical_accuracy(seq_true, seq_pred, k=2), top2)
    np.testing.assert_array_equal(
        metrics.top_k_categorical_accuracy(np.eye(3)[seq_true], seq_pred, k=2), top2)
    np.testing.assert_array_equal(
        metrics.binary_accuracy([1, 0], [[0.7], [0.2]]), [[1.0], [1.0]])


def test_top_k_ties_count_as_inside():
    # The target ties with the k-th largest score: Keras counts it in.
    assert metrics.sparse_top_k_categorical_accuracy([2], [[0.5, 0.3, 0.3]], k=2).tolist() == [
        1.0]
    # k larger than the number of classes: everything is inside.
    assert metrics.sparse_top_k_categorical_accuracy([2], [[0.5, 0.3, 0.2]], k=5).tolist() == [
        1.0]


def test_from_sorted_ids():
    ids = torch.tensor([[2, 0, 1], [1, 2, 0]])
    out = metrics.sparse_top_k_categorical_accuracy([0, 0], ids, k=2, from_sorted_ids=True)
    assert out.tolist() == [1.0, 0.0]
    m = metrics.SparseTopKCategoricalAccuracy(k=2, from_sorted_ids=True)
    assert m.get_config()["from_sorted_ids"] is True
    assert "from_sorted_ids" not in metrics.SparseTopKCategoricalAccuracy().get_config()


@pytest.mark.parametrize("cls, name, config", [
    (metrics.Accuracy, "accuracy", {}),
    (metrics.BinaryAccuracy, "binary_accuracy", {"threshold": 0.5}),
    (metrics.CategoricalAccuracy, "categorical_accuracy", {}),
    (metrics.SparseCategoricalAccuracy, "sparse_categorical_accuracy", {}),
    (metrics.TopKCategoricalAccuracy, "top_k_categorical_accuracy", {"k": 5}),
    (metrics.SparseTopKCategoricalAccuracy, "sparse_top_k_categorical_accuracy", {"k": 5}),
])
def test_contract(cls, name, config):
    m = cls()
    assert m.name == name and m._direction == "up"
    assert m.get_config() == {"name": name, "dtype": "float32", **config}
    assert cls.from_config(m.get_config()).get_config() == m.get_config()
    assert [v.name for v in m.variables] == ["total", "count"]


@pytest.mark.parametrize("make, match", [
    (lambda: metrics.TopKCategoricalAccuracy(k=0),
     r"Argument `k` must be a positive integer. Received: k=0"),
    (lambda: metrics.SparseTopKCategoricalAccuracy(k=-2), r"Received: k=-2"),
    (lambda: metrics.top_k_categorical_accuracy(Y_CAT, P_CAT, k=1.5), r"Received: k=1.5"),
    (lambda: metrics.BinaryAccuracy(threshold="high"),
     r"Argument `threshold` must be a number. Received: threshold='high'"),
    (lambda: metrics.SparseCategoricalAccuracy()([0, 1], P_CAT),
     r"y_true.shape=\(2,\), y_pred.shape=\(3, 3\)"),
    (lambda: metrics.sparse_top_k_categorical_accuracy([0, 1], P_CAT),
     r"same number of samples. Received: y_true.shape=\(2,\), y_pred.shape=\(3, 3\)"),
])
def test_bad_inputs(make, match):
    with pytest.raises(ValueError, match=match):
        make()
