"""Regression, probabilistic, hinge and segmentation losses: hand-computed values, bad inputs."""

import math

import numpy as np
import pytest
import torch

from torcheras import losses

T = [[1.0, 2.0], [0.0, -1.0]]
P = [[2.0, 2.0], [0.5, 1.0]]


def _per_sample(fn, *args, **kwargs):
    return [float(v) for v in fn(*args, **kwargs)]


def test_regression_hand_computed():
    assert _per_sample(losses.mean_squared_error, T, P) == pytest.approx([0.5, 2.125])
    assert _per_sample(losses.mean_absolute_error, T, P) == pytest.approx([0.5, 1.25])
    assert _per_sample(losses.mean_absolute_percentage_error, T, P) == pytest.approx(
        [50.0, 100.0 * (0.5 / 1e-7 + 2.0) / 2], rel=1e-5)
    msle = _per_sample(losses.mean_squared_logarithmic_error, [[1.0, 3.0]], [[3.0, 3.0]])
    assert msle == pytest.approx([(math.log(4) - math.log(2)) ** 2 / 2], rel=1e-6)
    # Huber: 0.5 * e**2 inside delta, delta * |e| - 0.5 * delta**2 outside.
    assert _per_sample(losses.huber, T, P) == pytest.approx([0.25, (0.125 + 1.5) / 2])
    assert _per_sample(losses.huber, T, P, delta=0.25) == pytest.approx(
        [(0.25 - 0.03125) / 2, (0.125 - 0.03125 + 0.5 - 0.03125) / 2])
    assert _per_sample(losses.log_cosh, T, P) == pytest.approx(
        [math.log(math.cosh(1.0)) / 2,
         (math.log(math.cosh(0.5)) + math.log(math.cosh(2.0))) / 2], rel=1e-6)
    assert _per_sample(losses.cosine_similarity, [[1.0, 0.0]], [[1.0, 1.0]]) == pytest.approx(
        [-1 / math.sqrt(2)], rel=1e-6)


def test_log_cosh_does_not_overflow():
    out = losses.log_cosh([[0.0]], [[1000.0]])
    assert float(out[0]) == pytest.approx(1000.0 - math.log(2.0))


def test_probabilistic_hand_computed():
    kl = _per_sample(losses.kl_divergence, [[0.5, 0.5]], [[0.25, 0.75]])
    assert kl == pytest.approx([0.5 * math.log(2) + 0.5 * math.log(0.5 / 0.75)], rel=1e-6)
    assert _per_sample(losses.poisson, [[1.0, 0.0]], [[2.0, 1.0]]) == pytest.approx(
        [(2.0 - math.log(2.0) + 1.0) / 2], rel=1e-6)


def test_hinge_hand_computed():
    # 0/1 labels become -1/1.
    assert _per_sample(losses.hinge, [[0.0, 1.0]], [[0.5, 0.5]]) == pytest.approx([1.0])
    assert _per_sample(losses.hinge, [[-1.0, 1.0]], [[0.5, 2.0]]) == pytest.approx([0.75])
    assert _per_sample(losses.squared_hinge, [[-1.0, 1.0]], [[0.5, 2.0]]) == pytest.approx(
        [1.125])
    assert _per_sample(losses.categorical_hinge, [[0.0, 1.0, 0.0]], [[0.3, 0.6, 0.1]]) == \
        pytest.approx([0.7])


def test_segmentation_hand_computed():
    assert float(losses.dice([[1.0, 0.0]], [[0.5, 0.5]])) == pytest.approx(0.5, rel=1e-6)
    per_row = losses.Dice(axis=1, reduction="none")([[1.0, 0.0], [1.0, 1.0]],
                                                    [[1.0, 0.0], [0.0, 0.0]])
    assert per_row.tolist() == pytest.approx([0.0, 1.0], abs=1e-6)
    tv = losses.tversky([[1.0, 0.0]], [[0.5, 0.5]], alpha=0.2, beta=0.8)
    assert float(tv) == pytest.approx(1 - 0.5 / (0.5 + 0.2 * 0.5 + 0.8 * 0.5), rel=1e-6)


@pytest.mark.parametrize("cls, name", [
    (losses.MeanSquaredError, "mean_squared_error"),
    (losses.MeanAbsoluteError, "mean_absolute_error"),
    (losses.MeanAbsolutePercentageError, "mean_absolute_percentage_error"),
    (losses.MeanSquaredLogarithmicError, "mean_squared_logarithmic_error"),
    (losses.CosineSimilarity, "cosine_similarity"), (losses.Huber, "huber_loss"),
    (losses.LogCosh, "log_cosh"), (losses.KLDivergence, "kl_divergence"),
    (losses.Poisson, "poisson"), (losses.Hinge, "hinge"),
    (losses.SquaredHinge, "squared_hinge"), (losses.CategoricalHinge, "categorical_hinge"),
    (losses.Dice, "dice"), (losses.Tversky, "tversky"),
    (losses.BinaryCrossentropy, "binary_crossentropy"),
    (losses.BinaryFocalCrossentropy, "binary_focal_crossentropy"),
    (losses.CategoricalCrossentropy, "categorical_crossentropy"),
    (losses.CategoricalFocalCrossentropy, "categorical_focal_crossentropy"),
    (losses.SparseCategoricalCrossentropy, "sparse_categorical_crossentropy"),
    (losses.CategoricalGeneralizedCrossEntropy, "categorical_generalized_cross_entropy"),
])
def test_class_contract(cls, name):
    loss = cls()
    assert loss.name == name
    assert loss.reduction == "sum_over_batch_size"
    config = loss.get_config()
    assert config["name"] == name and config["reduction"] == "sum_over_batch_size"
    assert cls.from_config(config).get_config() == config
    assert cls(reduction="sum", name="x").get_config()["name"] == "x"


def test_class_equals_mean_of_function():
    y_true = np.random.default_rng(0).normal(size=(5, 3)).astype("float32")
    y_pred = np.random.default_rng(1).normal(size=(5, 3)).astype("float32")
    for cls, fn in ((losses.MeanSquaredError, losses.mse), (losses.Huber, losses.huber),
                    (losses.LogCosh, losses.logcosh), (losses.Hinge, losses.hinge)):
        assert float(cls()(y_true, y_pred)) == pytest.approx(
            float(fn(y_true, y_pred).mean()), rel=1e-6)


def test_options_are_kept_in_config():
    # Keras 3 forgets these two; keeping them makes from_config(get_config()) faithful.
    assert losses.Huber(delta=2.0).get_config()["delta"] == 2.0
    assert losses.CosineSimilarity(axis=0).get_config()["axis"] == 0


@pytest.mark.parametrize("make, match", [
    (lambda: losses.mean_squared_error(np.ones((4, 3)), np.ones((4, 2))),
     r"broadcastable shapes. Received: y_true.shape=\(4, 3\), y_pred.shape=\(4, 2\)"),
    (lambda: losses.MeanAbsoluteError()(np.ones((4, 3)), np.ones((4, 2))),
     r"y_true.shape=\(4, 3\), y_pred.shape=\(4, 2\)"),
    (lambda: losses.huber(np.ones((4, 3)), np.ones((4, 2))), r"y_true.shape=\(4, 3\)"),
    (lambda: losses.kl_divergence(np.ones((4, 3)), np.ones((4, 2))), r"y_pred.shape=\(4, 2\)"),
    (lambda: losses.poisson(np.ones((4, 3)), np.ones((4, 2))), r"y_pred.shape=\(4, 2\)"),
    (lambda: losses.hinge(np.ones((4, 3)), np.ones((4, 2))), r"y_pred.shape=\(4, 2\)"),
    (lambda: losses.categorical_hinge(np.ones((4, 3)), np.ones((4, 2))),
     r"y_pred.shape=\(4, 2\)"),
    (lambda: losses.Huber(delta=-1.0),
     r"Argument `delta` must be a non-negative number. Received: delta=-1.0"),
    (lambda: losses.CosineSimilarity(axis="x"), r"`axis` must be of type `int`"),
])
def test_bad_inputs(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_int_labels_and_tensor_inputs():
    y_true = torch.tensor([[0, 1], [1, 0]])
    y_pred = torch.tensor([[0.2, 0.7], [0.6, 0.1]])
    assert float(losses.MeanSquaredError()(y_true, y_pred)) == pytest.approx(
        (0.04 + 0.09 + 0.16 + 0.01) / 4)
