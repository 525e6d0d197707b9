"""F-scores, R2 and correlation metrics: hand-computed values and bad inputs."""

import numpy as np
import pytest

from torcheras import metrics

Y = [[1, 1, 1], [1, 0, 0], [1, 1, 0]]
P = [[0.2, 0.6, 0.7], [0.2, 0.6, 0.6], [0.6, 0.8, 0.0]]


def test_fscore_hand_computed():
    # Keras's documented numbers.
    assert metrics.F1Score(threshold=0.5)(Y, P).tolist() == pytest.approx([0.5, 0.8, 2 / 3],
                                                                           abs=1e-4)
    assert metrics.FBetaScore(beta=2.0, threshold=0.5)(Y, P).tolist() == pytest.approx(
        [0.3846, 0.9091, 0.8333], abs=1e-4)
    macro = metrics.F1Score(average="macro", threshold=0.5)(Y, P)
    assert float(macro) == pytest.approx((0.5 + 0.8 + 2 / 3) / 3, abs=1e-4)
    m = metrics.F1Score(average="micro", threshold=0.5)
    assert m.get_config() == {"name": "f1_score", "dtype": "float32", "average": "micro",
                              "threshold": 0.5}
    assert float(m.result()) == 0.0  # nothing seen yet


def test_r2_hand_computed():
    y_true = np.array([[1.0], [4.0], [3.0]])
    y_pred = np.array([[2.0], [4.0], [4.0]])
    # SS_res = 2, SS_tot = 14/3.
    assert float(metrics.R2Score()(y_true, y_pred)) == pytest.approx(1 - 2 / (14 / 3), rel=1e-6)
    adjusted = metrics.R2Score(num_regressors=1)(y_true, y_pred)
    assert float(adjusted) == pytest.approx(1 - (1 - (1 - 6 / 14)) * 2 / 1, rel=1e-5)
    # Too many regressors: falls back to the plain score (Keras warns and does the same).
    fallback = metrics.R2Score(num_regressors=5)(y_true, y_pred)
    assert float(fallback) == pytest.approx(1 - 2 / (14 / 3), rel=1e-6)


def test_correlation_hand_computed():
    assert float(metrics.PearsonCorrelation()([[0., 1., 2.]], [[2., 1., 0.]])) == \
        pytest.approx(-1.0, abs=1e-6)
    assert metrics.pearson_correlation([[0., 1., 2.], [1., 2., 3.]],
                                       [[1., 3., 5.], [3., 2., 1.]]).tolist() == pytest.approx(
        [1.0, -1.0], abs=1e-6)
    assert metrics.ConcordanceCorrelation(axis=0).get_config()["axis"] == 0


@pytest.mark.parametrize("make, match", [
    (lambda: metrics.FBetaScore(average="mean"),
     r"Invalid `average` argument value.*Received: average='mean'"),
    (lambda: metrics.FBetaScore(beta=2),
     r"Invalid `beta` argument value. It should be a Python float. Received: beta=2"),
    (lambda: metrics.FBetaScore(beta=-1.0), r"It should be > 0. Received: beta=-1.0"),
    (lambda: metrics.F1Score(threshold=1.5),
     r"It should verify 0 < threshold <= 1. Received: threshold=1.5"),
    (lambda: metrics.F1Score(threshold=1), r"It should be a Python float"),
    (lambda: metrics.F1Score()([1, 0], [0.3, 0.6]),
     r"FBetaScore expects 2D inputs.*y_pred.shape=\(2,\)"),
    (lambda: metrics.R2Score(class_aggregation="mean"),
     r"Invalid value for argument `class_aggregation`.*Received: class_aggregation='mean'"),
    (lambda: metrics.R2Score(num_regressors=-1),
     r"Expected a value >= 0. Received: num_regressors=-1"),
    (lambda: metrics.R2Score()(np.ones((2, 2, 2)), np.ones((2, 2, 2))),
     r"R2Score expects 2D inputs"),
    (lambda: metrics.PearsonCorrelation(axis=None), r"`axis` must be of type `int`"),
])
def test_bad_inputs(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_iou_hand_computed_and_contract():
    m = metrics.MeanIoU(num_classes=2)
    # cm = [[1, 1], [1, 1]]: IoU of each class = 1 / 3.
    assert float(m([0, 0, 1, 1], [0, 1, 0, 1])) == pytest.approx(1 / 3, rel=1e-5)
    assert m.total_cm.dtype == np.dtype("int32") or str(m.total_cm.dtype) == "torch.int32"
    assert m.get_config() == {"num_classes": 2, "name": m.name, "dtype": "int32",
                              "ignore_class": None, "sparse_y_true": True,
                              "sparse_y_pred": True, "axis": -1}
    # Labels out of range and the ignored class are left out.
    ignoring = metrics.IoU(num_classes=3, target_class_ids=[1], ignore_class=0)
    assert float(ignoring([0, 1, 1, 7], [1, 1, 2, 1])) == pytest.approx(0.5, rel=1e-5)
    with pytest.warns(UserWarning, match="passing weight as `float`"):
        metrics.MeanIoU(num_classes=2).update_state([0, 1], [0, 1], sample_weight=[0.5, 1.0])


@pytest.mark.parametrize("make, match", [
    (lambda: metrics.IoU(num_classes=3, target_class_ids=[3]),
     r"Target class id 3 is out of range, which is \[0, 3\)."),
    (lambda: metrics.MeanIoU(num_classes=0),
     r"Argument `num_classes` must be a positive integer. Received: num_classes=0"),
    (lambda: metrics.IoU(num_classes=3, target_class_ids=[]),
     r"`target_class_ids` must not be empty"),
    (lambda: metrics.MeanIoU(num_classes=3)([0, 1, 2], [0, 1]),
     r"same number of labels. Received: 3 and 2 labels"),
])
def test_iou_bad_inputs(make, match):
    with pytest.raises(ValueError, match=match):
        make()
