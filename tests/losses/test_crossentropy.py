"""Crossentropy losses: hand-computed values, the logits shortcut, bad inputs."""

import math

import numpy as np
import pytest
import torch

from torcheras import activations, losses

EPS = 1e-7


def test_binary_hand_computed():
    out = losses.binary_crossentropy([[1.0, 0.0]], [[0.8, 0.4]])
    assert float(out[0]) == pytest.approx((-math.log(0.8) - math.log(0.6)) / 2, rel=1e-6)
    smoothed = losses.BinaryCrossentropy(label_smoothing=0.2)([[1.0]], [[0.8]])
    assert float(smoothed) == pytest.approx(-(0.9 * math.log(0.8) + 0.1 * math.log(0.2)),
                                            rel=1e-6)
    logit = losses.BinaryCrossentropy(from_logits=True)([[1.0]], [[0.0]])
    assert float(logit) == pytest.approx(math.log(2.0), rel=1e-6)


def test_categorical_hand_computed():
    y_true = [[0, 1, 0]]
    assert float(losses.CategoricalCrossentropy()(y_true, [[0.05, 0.95, 0.0]])) == \
        pytest.approx(-math.log(0.95), rel=1e-6)
    # Predictions are renormalised first, as Keras does.
    assert float(losses.CategoricalCrossentropy()(y_true, [[1.0, 2.0, 1.0]])) == \
        pytest.approx(-math.log(0.5), rel=1e-6)
    smoothed = losses.CategoricalCrossentropy(label_smoothing=0.3)(y_true, [[0.25, 0.5, 0.25]])
    t = [0.1, 0.8, 0.1]
    assert float(smoothed) == pytest.approx(
        -(t[0] * math.log(0.25) + t[1] * math.log(0.5) + t[2] * math.log(0.25)), rel=1e-6)


def test_sparse_hand_computed_and_ignore_class():
    y_pred = [[0.1, 0.9], [0.6, 0.4], [0.5, 0.5]]
    out = losses.SparseCategoricalCrossentropy(reduction="none")([1, 0, 1], y_pred)
    assert out.tolist() == pytest.approx([-math.log(0.9), -math.log(0.6), -math.log(0.5)])
    loss = losses.SparseCategoricalCrossentropy(ignore_class=-1)
    # The ignored entry counts neither in the sum nor in the divisor.
    assert float(loss([1, -1, 1], y_pred)) == pytest.approx(
        (-math.log(0.9) - math.log(0.5)) / 2, rel=1e-6)
    per_sample = losses.sparse_categorical_crossentropy([1, -1, 1], y_pred, ignore_class=-1)
    assert per_sample[1] == 0.0
    assert per_sample._keras_mask.tolist() == [True, False, True]


def test_sparse_accepts_column_labels_and_channels_first():
    y_pred = torch.softmax(torch.randn(4, 3, 5), dim=1)  # classes on axis 1
    labels = torch.randint(0, 3, (4, 5))
    out = losses.sparse_categorical_crossentropy(labels, y_pred, axis=1)
    ref = torch.nn.functional.nll_loss(torch.log(y_pred), labels, reduction="none")
    assert torch.allclose(out, ref, atol=1e-6)
    col = losses.sparse_categorical_crossentropy(labels[:, :1], y_pred[:, :, 0])
    assert col.shape == (4,)


def test_focal_hand_computed():
    p = 0.8
    out = losses.binary_focal_crossentropy([[1.0]], [[p]], gamma=2.0)
    assert float(out[0]) == pytest.approx((1 - p) ** 2 * -math.log(p), rel=1e-6)
    balanced = losses.binary_focal_crossentropy([[1.0]], [[p]], apply_class_balancing=True,
                                                alpha=0.3, gamma=1.0)
    assert float(balanced[0]) == pytest.approx(0.3 * (1 - p) * -math.log(p), rel=1e-6)
    cat = losses.categorical_focal_crossentropy([[0, 1]], [[0.2, 0.8]], alpha=0.5, gamma=2.0)
    assert float(cat[0]) == pytest.approx(0.5 * 0.2 ** 2 * -math.log(0.8), rel=1e-6)
    gce = losses.categorical_generalized_cross_entropy([1], [[0.2, 0.8]], q=0.5)
    assert float(gce[0]) == pytest.approx((1 - 0.8 ** 0.5) / 0.5, rel=1e-6)


@pytest.mark.parametrize("loss_cls, y_true", [
    (losses.CategoricalCrossentropy, torch.tensor([[0.0, 1.0], [1.0, 0.0]])),
    (losses.SparseCategoricalCrossentropy, torch.tensor([1, 0])),
])
def test_softmax_logits_shortcut(loss_cls, y_true):
    # From the logits, but with Keras's clip: the same values and gradients as the
    # probability formula (the saturated first row is clipped: loss -log(eps), no gradient).
    logits = torch.tensor([[30.0, -30.0], [-3.0, 3.0]], requires_grad=True)
    out = loss_cls(reduction="none")(y_true, activations.softmax(logits))
    second = 6.0 + math.log1p(math.exp(-6.0))
    assert out.tolist() == pytest.approx([-math.log(EPS), second], rel=1e-4)
    out.sum().backward()
    plain = logits.detach().clone().requires_grad_(True)
    expected = loss_cls(reduction="none")(y_true, torch.softmax(plain, dim=-1))
    expected.sum().backward()
    assert out.tolist() == pytest.approx(expected.tolist(), rel=1e-6)
    torch.testing.assert_close(logits.grad, plain.grad, rtol=1e-5, atol=1e-7)
    assert logits.grad[0].abs().sum() == 0 and logits.grad[1].abs().sum() > 0
    with torch.no_grad():
        frozen = activations.softmax(logits)
    clipped = loss_cls(reduction="none")(y_true, frozen)
    assert clipped.tolist() == pytest.approx([-math.log(EPS), second], rel=1e-4)


def test_sigmoid_logits_shortcut():
    logits = torch.tensor([[40.0, -2.0]], requires_grad=True)
    y_pred = activations.sigmoid(logits)
    out = losses.BinaryCrossentropy()(torch.tensor([[0.0, 1.0]]), y_pred)
    expected = (-math.log(EPS) + math.log1p(math.exp(2.0))) / 2
    assert float(out.detach()) == pytest.approx(expected, rel=1e-5)
    out.backward()
    # The clipped prediction (sigmoid(40) = 1) gets no gradient, as in Keras.
    assert logits.grad[0, 0] == 0
    # The other: d/dz of -log(sigmoid(z)) / 2 at z = -2 is (sigmoid(-2) - 1) / 2.
    assert logits.grad[0, 1].item() == pytest.approx((1 / (1 + math.exp(2.0)) - 1) / 2,
                                                     rel=1e-5)


def test_logits_shortcut_only_for_the_matching_activation():
    logits = torch.tensor([[2.0, -1.0, 0.5]], requires_grad=True)
    # Sigmoid outputs with a categorical loss: the softmax of the logits would be wrong.
    y_pred = activations.sigmoid(logits)
    out = losses.categorical_crossentropy([[0, 1, 0]], y_pred)
    p = torch.sigmoid(logits.detach())
    assert float(out[0].detach()) == pytest.approx(float(-torch.log(p[0, 1] / p.sum())), rel=1e-5)
    # Softmax outputs with binary crossentropy: probabilities, not sigmoid(logits).
    y_pred = activations.softmax(logits)
    out = losses.binary_crossentropy([[0.0, 1.0, 0.0]], y_pred)
    ref = losses.binary_crossentropy([[0.0, 1.0, 0.0]], y_pred.detach())
    assert float(out[0].detach()) == pytest.approx(float(ref[0]), rel=1e-6)
    # A softmax over another axis than the loss's.
    x = torch.randn(2, 3, requires_grad=True)
    y_pred = activations.softmax(x, axis=0)
    out = losses.categorical_crossentropy(torch.eye(3)[:2], y_pred)
    ref = losses.categorical_crossentropy(torch.eye(3)[:2], y_pred.detach())
    assert torch.allclose(out, ref)


def test_logits_shortcut_survives_mixed_precision_cast():
    logits = torch.tensor([[30.0, -30.0]], dtype=torch.float64, requires_grad=True)
    y_pred = activations.softmax(logits)
    out = losses.CategoricalCrossentropy()([[0.0, 1.0]], y_pred)
    assert out.dtype == torch.float32
    assert float(out.detach()) == pytest.approx(-math.log(EPS), rel=1e-5)
    out.backward()
    assert logits.grad.abs().sum() == 0  # clipped, as Keras: no gradient


def test_categorical_with_one_class_warns():
    with pytest.warns(SyntaxWarning, match="num_classes > 1"):
        losses.categorical_crossentropy([[1.0]], [[1.0]])


def test_config_round_trip():
    for loss in (losses.BinaryCrossentropy(from_logits=True, label_smoothing=0.1, axis=1),
                 losses.CategoricalCrossentropy(label_smoothing=0.2, reduction="sum"),
                 losses.SparseCategoricalCrossentropy(ignore_class=0, axis=1, name="s"),
                 losses.BinaryFocalCrossentropy(apply_class_balancing=True, alpha=0.3),
                 losses.CategoricalFocalCrossentropy(gamma=3.0),
                 losses.CategoricalGeneralizedCrossEntropy(q=0.3)):
        config = loss.get_config()
        again = type(loss).from_config(config)
        assert again.get_config() == config
    assert losses.CategoricalCrossentropy().get_config() == {
        "name": "categorical_crossentropy", "reduction": "sum_over_batch_size",
        "from_logits": False, "label_smoothing": 0.0, "axis": -1}


BAD = [
    (lambda: losses.BinaryCrossentropy(label_smoothing=2),
     r"Argument `label_smoothing` must be a float in \[0, 1\]. Received: label_smoothing=2"),
    (lambda: losses.CategoricalCrossentropy(label_smoothing=-0.1),
     r"Received: label_smoothing=-0.1"),
    (lambda: losses.CategoricalFocalCrossentropy(label_smoothing="a"),
     r"Received: label_smoothing='a'"),
    (lambda: losses.CategoricalCrossentropy(axis=True), r"`axis` must be of type `int`"),
    (lambda: losses.categorical_crossentropy([[1, 0]], [[0.5, 0.5]], axis=1.0),
     r"`axis` must be of type `int`. Received: axis=1.0"),
    (lambda: losses.SparseCategoricalCrossentropy(ignore_class=1.5),
     r"Argument `ignore_class` must be an integer or None. Received: ignore_class=1.5"),
    (lambda: losses.CategoricalGeneralizedCrossEntropy(q=1.5),
     r"Argument `q` must be in the interval \(0, 1\). Received: q=1.5"),
    (lambda: losses.categorical_crossentropy(np.ones((4, 3)), np.ones((4, 2))),
     r"same shape. Received: y_true.shape=\(4, 3\), y_pred.shape=\(4, 2\)"),
    (lambda: losses.binary_crossentropy(np.ones((4, 3)), np.ones((4, 2))),
     r"same shape. Received: y_true.shape=\(4, 3\), y_pred.shape=\(4, 2\)"),
    (lambda: losses.BinaryCrossentropy()(np.ones((4, 3)), np.ones((4, 2))),
     r"y_true.shape=\(4, 3\), y_pred.shape=\(4, 2\)"),
    (lambda: losses.sparse_categorical_crossentropy(np.ones((4, 3)), np.ones((4, 2))),
     r"up until the class dimension. Received: y_true.shape=\(4, 3\), "
     r"y_pred.shape=\(4, 2\)"),
    (lambda: losses.SparseCategoricalCrossentropy()(np.ones((5,)), np.ones((4, 2))),
     r"y_true.shape=\(5,\), y_pred.shape=\(4, 2\)"),
    (lambda: losses.binary_focal_crossentropy(np.ones((4, 3)), np.ones((4, 2))),
     r"y_true.shape=\(4, 3\), y_pred.shape=\(4, 2\)"),
    (lambda: losses.categorical_crossentropy(np.ones(()), np.ones(())),
     r"at least rank 1"),
]


@pytest.mark.parametrize("make, match", BAD)
def test_bad_inputs(make, match):
    with pytest.raises(ValueError, match=match):
        make()
