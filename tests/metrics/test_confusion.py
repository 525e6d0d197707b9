"""Confusion counts, Precision, Recall, AUC and the sensitivity metrics."""

import numpy as np
import pytest
import torch

from torcheras import backend, metrics

Y = [0, 1, 1, 1, 0, 0]
P = [0.9, 0.8, 0.4, 0.6, 0.2, 0.55]  # at 0.5: TP 2, FP 2, TN 1, FN 1


def test_counts_hand_computed():
    assert float(metrics.TruePositives()(Y, P)) == 2.0
    assert float(metrics.FalsePositives()(Y, P)) == 2.0
    assert float(metrics.TrueNegatives()(Y, P)) == 1.0
    assert float(metrics.FalseNegatives()(Y, P)) == 1.0
    multi = metrics.TruePositives(thresholds=[0.3, 0.7])(Y, P)
    assert multi.tolist() == [3.0, 1.0]
    weighted = metrics.TruePositives()(Y, P, sample_weight=[1, 2, 1, 3, 1, 1])
    assert float(weighted) == 5.0


def test_precision_recall_hand_computed():
    assert float(metrics.Precision()(Y, P)) == pytest.approx(0.5)
    assert float(metrics.Recall()(Y, P)) == pytest.approx(2 / 3)
    assert metrics.Precision(thresholds=[0.3, 0.7])(Y, P).tolist() == pytest.approx([0.6, 0.5])
    # A prediction equal to the threshold is negative (strictly greater is positive).
    assert float(metrics.Precision(thresholds=0.6)(Y, P)) == pytest.approx(0.5)
    empty = metrics.Precision()
    assert float(empty.result()) == 0.0


def test_top_k_and_class_id():
    y_true = [[0, 0, 1], [0, 1, 0]]
    y_pred = [[0.2, 0.3, 0.5], [0.6, 0.3, 0.1]]
    # Top 1 of each row is predicted positive: (row0, class2) right, (row1, class0) wrong.
    assert float(metrics.Precision(top_k=1)(y_true, y_pred)) == pytest.approx(0.5)
    assert float(metrics.Recall(top_k=1)(y_true, y_pred)) == pytest.approx(0.5)
    assert float(metrics.Recall(class_id=1, thresholds=0.2)(y_true, y_pred)) == 1.0
    assert float(metrics.Precision(class_id=0)(y_true, y_pred)) == 0.0


def test_contract_and_config():
    p = metrics.Precision(thresholds=[0.2, 0.4], top_k=2, class_id=1, name="p")
    assert p.get_config() == {"name": "p", "dtype": "float32", "thresholds": [0.2, 0.4],
                              "top_k": 2, "class_id": 1}
    assert metrics.Precision.from_config(p.get_config()).get_config() == p.get_config()
    assert [v.name for v in p.variables] == ["true_positives", "false_positives"]
    backend.clear_session()
    r = metrics.Recall()
    assert [v.name for v in r.variables] == ["true_positives", "false_negatives"]
    assert r.get_config() == {"name": "recall", "dtype": "float32", "thresholds": None,
                              "top_k": None, "class_id": None}
    tp = metrics.TruePositives(thresholds=0.3)
    assert tp.get_config()["thresholds"] == 0.3
    assert [v.name for v in tp.variables] == ["accumulator"]
    tp(Y, P)
    tp.reset_state()
    assert float(tp.result()) == 0.0


def test_auc_hand_computed():
    # Keras's documented example.
    m = metrics.AUC(num_thresholds=3)
    assert float(m([0, 0, 1, 1], [0, 0.5, 0.3, 0.9])) == pytest.approx(0.75)
    # Perfect ranking, default 200 thresholds.
    perfect = metrics.AUC()([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])
    assert float(perfect) == pytest.approx(1.0)
    logits = metrics.AUC(from_logits=True)([0, 0, 1, 1], [-3.0, -1.0, 1.0, 3.0])
    assert float(logits) == pytest.approx(1.0)
    pr = metrics.AUC(curve="PR")([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])
    assert float(pr) == pytest.approx(1.0, abs=1e-6)


def test_auc_contract():
    m = metrics.AUC()
    assert m.name.startswith("auc") and m.num_thresholds == 200
    assert len(m.thresholds) == 200 and m.thresholds[0] < 0 < 1 < m.thresholds[-1]
    assert [v.name for v in m.variables] == ["true_positives", "false_positives",
                                             "true_negatives", "false_negatives"]
    config = m.get_config()
    assert config["curve"] == "ROC" and config["summation_method"] == "interpolation"
    custom = metrics.AUC(thresholds=[0.8, 0.2], curve="pr", summation_method="Majoring",
                         name="a")
    assert custom.get_config()["thresholds"] == pytest.approx([0.2, 0.8])
    assert custom.num_thresholds == 4 and custom.curve == "PR"
    again = metrics.AUC.from_config(custom.get_config())
    assert again.thresholds == custom.thresholds
    ml = metrics.AUC(multi_label=True)
    assert ml.variables == []  # built on the first batch
    ml.update_state(np.eye(3)[[0, 1, 2, 0]], np.random.default_rng(0).random((4, 3)))
    assert tuple(ml.true_positives.shape) == (200, 3)
    ml.reset_state()
    assert float(ml.true_positives.sum()) == 0.0


def test_sensitivity_family():
    y, p = [0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8]
    assert float(metrics.SensitivityAtSpecificity(0.5)(y, p)) == pytest.approx(0.5)
    assert float(metrics.SpecificityAtSensitivity(0.5)(y, p)) == pytest.approx(2 / 3)
    assert float(metrics.PrecisionAtRecall(0.5)(y, p)) == pytest.approx(0.5)
    assert float(metrics.RecallAtPrecision(0.8)([0, 0, 1, 1], [0, 0.5, 0.3, 0.9])) == \
        pytest.approx(0.5)
    config = metrics.PrecisionAtRecall(0.4, num_thresholds=10, class_id=2).get_config()
    assert config["recall"] == 0.4 and config["num_thresholds"] == 10 and config["class_id"] == 2


def test_state_stays_on_device_without_sync():
    m = metrics.AUC()
    y = torch.randint(0, 2, (64,))
    p = torch.rand(64)
    m.update_state(y, p)
    assert m.true_positives.device == torch.device(m.true_positives.device.type)
    assert isinstance(m.result(), torch.Tensor) and m.result().shape == ()


@pytest.mark.parametrize("make, match", [
    (lambda: metrics.Precision(thresholds=[0.2, 1.5]),
     r"Threshold values must be in \[0, 1\]. Received: \[1.5\]"),
    (lambda: metrics.Recall(thresholds=-0.1), r"Threshold values must be in \[0, 1\]"),
    (lambda: metrics.TruePositives(thresholds=[None]), r"Threshold values must be"),
    (lambda: metrics.AUC(thresholds=[2.0]), r"Threshold values must be in \[0, 1\]"),
    (lambda: metrics.Precision(top_k=0),
     r"Argument `top_k` must be a positive integer or None. Received: top_k=0"),
    (lambda: metrics.Recall(class_id=-1),
     r"Argument `class_id` must be a non-negative integer or None. Received: class_id=-1"),
    (lambda: metrics.Precision(class_id=5)([[0, 1]], [[0.3, 0.7]]),
     r"`class_id` must be smaller than the number of classes \(2\). Received: class_id=5"),
    (lambda: metrics.Precision(class_id=0)([0, 1], [0.3, 0.7]),
     r"When class_id is provided, y_pred must be a 2D array"),
    (lambda: metrics.Precision()(np.ones((4, 3)), np.ones((4, 2))),
     r"compatible shapes. Received: y_true.shape=\(4, 3\), y_pred.shape=\(4, 2\)"),
    (lambda: metrics.AUC(num_thresholds=1),
     r"Argument `num_thresholds` must be an integer > 1. Received: num_thresholds=1"),
    (lambda: metrics.AUC(curve="foo"),
     r'Invalid AUC curve value: "foo". Expected values are \["PR", "ROC", "PRGAIN"\]'),
    (lambda: metrics.AUC(summation_method="trapezoid"),
     r'Invalid AUC summation method value: "trapezoid"'),
    (lambda: metrics.AUC(num_labels=3),
     r"`num_labels` is needed only when `multi_label` is True."),
    (lambda: metrics.AUC(multi_label=True)(np.ones(4), np.ones(4)),
     r"`y_pred` must have rank 2 when `multi_label=True`. Found rank 1"),
    (lambda: metrics.SensitivityAtSpecificity(1.5),
     r"Argument `specificity` must be in the range \[0, 1\]. Received: specificity=1.5"),
    (lambda: metrics.PrecisionAtRecall(-0.5), r"Argument `recall` must be in the range"),
    (lambda: metrics.RecallAtPrecision(0.5, num_thresholds=0),
     r"Argument `num_thresholds` must be an integer > 0. Received: num_thresholds=0"),
])
def test_bad_inputs(make, match):
    with pytest.raises(ValueError, match=match):
        make()
