"""The Loss base class: reductions, sample weights, masks, dtypes, config, subclassing."""

import math

import numpy as np
import pytest
import torch

from torcheras import backend, losses


class SquaredError(losses.Loss):
    def call(self, y_true, y_pred):
        return torch.square(y_pred - y_true).mean(dim=-1)


Y_TRUE = [[0.0, 1.0], [0.0, 0.0], [1.0, 1.0]]
Y_PRED = [[1.0, 1.0], [1.0, 0.0], [1.0, 0.0]]  # per-sample squared errors: 0.5, 0.5, 0.5


def test_contract():
    loss = SquaredError()
    assert loss.reduction == "sum_over_batch_size"
    assert loss.dtype == "float32"
    assert loss.name.startswith("squared_error")
    assert loss.get_config() == {"name": loss.name, "reduction": "sum_over_batch_size"}
    again = SquaredError.from_config(loss.get_config())
    assert again.name == loss.name
    out = loss(Y_TRUE, Y_PRED)
    assert isinstance(out, torch.Tensor) and out.shape == () and out.dtype == torch.float32


def test_automatic_names_count_up():
    backend.clear_session()
    assert [losses.Loss().name for _ in range(3)] == ["loss", "loss_1", "loss_2"]


@pytest.mark.parametrize("reduction, expected", [
    ("sum_over_batch_size", 0.5), ("mean", 0.5), ("sum", 1.5),
    ("mean_with_sample_weight", 0.5),
])
def test_reductions(reduction, expected):
    out = SquaredError(reduction=reduction)(Y_TRUE, Y_PRED)
    assert float(out) == pytest.approx(expected)


@pytest.mark.parametrize("reduction", ["none", None])
def test_no_reduction_returns_per_sample_losses(reduction):
    out = SquaredError(reduction=reduction)(Y_TRUE, Y_PRED)
    assert out.tolist() == [0.5, 0.5, 0.5]


def test_sample_weights_hand_computed():
    w = [1.0, 2.0, 0.0]
    assert float(SquaredError()(Y_TRUE, Y_PRED, sample_weight=w)) == pytest.approx(1.5 / 3)
    assert float(SquaredError(reduction="sum")(Y_TRUE, Y_PRED, w)) == pytest.approx(1.5)
    out = SquaredError(reduction="mean_with_sample_weight")(Y_TRUE, Y_PRED, w)
    assert float(out) == pytest.approx(1.5 / 3.0)
    out = SquaredError(reduction="mean_with_sample_weight")(Y_TRUE, Y_PRED, [1.0, 1.0, 2.0])
    assert float(out) == pytest.approx(2.0 / 4.0)
    # A (batch, 1) weight and a Python scalar broadcast like Keras.
    assert float(SquaredError()(Y_TRUE, Y_PRED, np.array([[1.0], [2.0], [0.0]]))) == \
        pytest.approx(0.5)
    assert float(SquaredError()(Y_TRUE, Y_PRED, sample_weight=2.0)) == pytest.approx(1.0)
    out = SquaredError(reduction="mean_with_sample_weight")(Y_TRUE, Y_PRED, sample_weight=2.0)
    assert float(out) == pytest.approx(1.5)  # Keras divides by the scalar weight itself


def test_per_sample_weight_broadcasts_over_timesteps():
    y_true = torch.zeros(2, 3, 4)
    y_pred = torch.ones(2, 3, 4)
    y_pred[1] = 2.0  # per-timestep losses: 1 for sample 0, 4 for sample 1
    out = losses.MeanSquaredError()(y_true, y_pred, sample_weight=torch.tensor([1.0, 0.0]))
    assert float(out) == pytest.approx(3 * 1.0 / 6)


def test_mask_on_y_pred_averages_over_valid_entries():
    y_true = torch.zeros(2, 3, 1)
    y_pred = torch.arange(6, dtype=torch.float32).reshape(2, 3, 1)
    y_pred._keras_mask = torch.tensor([[True, True, False], [True, False, False]])
    out = losses.MeanSquaredError()(y_true, y_pred)
    assert float(out) == pytest.approx((0 + 1 + 9) / 3)
    out = losses.MeanSquaredError(reduction="sum")(y_true, y_pred)
    assert float(out) == pytest.approx(10.0)


def test_inputs_numpy_lists_and_ints():
    expected = float(SquaredError()(torch.tensor(Y_TRUE), torch.tensor(Y_PRED)))
    assert float(SquaredError()(np.array(Y_TRUE), np.array(Y_PRED))) == expected
    assert float(SquaredError()(np.array(Y_TRUE, dtype="int64"), Y_PRED)) == expected


def test_float64_inputs_follow_the_loss_dtype():
    y = np.array(Y_PRED, dtype="float64")
    assert SquaredError()(Y_TRUE, y).dtype == torch.float32
    assert SquaredError(dtype="float64")(Y_TRUE, Y_PRED).dtype == torch.float64


def test_empty_batch():
    # Keras returns the (empty) per-sample losses unreduced, and 0 for an empty mean.
    out = losses.MeanSquaredError()(torch.zeros(0, 3), torch.zeros(0, 3))
    assert out.shape == (0,)
    out = losses.MeanSquaredError()(torch.zeros(0, 2, 3), torch.zeros(0, 2, 3))
    assert float(out) == 0.0 and not math.isnan(float(out))


def test_gradient_flows():
    y_pred = torch.tensor(Y_PRED, requires_grad=True)
    losses.MeanSquaredError()(torch.tensor(Y_TRUE), y_pred).backward()
    assert torch.allclose(y_pred.grad, 2 * (y_pred.detach() - torch.tensor(Y_TRUE)) / 6)


def test_unimplemented_call():
    with pytest.raises(NotImplementedError, match="must implement `call"):
        losses.Loss()(Y_TRUE, Y_PRED)


@pytest.mark.parametrize("kwargs, match", [
    ({"reduction": "avg"}, r"Invalid value for argument `reduction`.*Received: reduction='avg'"),
    ({"reduction": "auto"}, r"Received: reduction='auto'"),
])
def test_bad_reduction(kwargs, match):
    with pytest.raises(ValueError, match=match):
        SquaredError(**kwargs)


def test_bad_sample_weight_shape():
    with pytest.raises(ValueError, match=r"`sample_weight` cannot be broadcast.*"
                                         r"sample_weight.shape=\(2,\), losses.shape=\(3,\)"):
        SquaredError()(Y_TRUE, Y_PRED, sample_weight=[1.0, 2.0])


def test_loss_function_wrapper():
    wrapper = losses.LossFunctionWrapper(losses.mean_absolute_error, reduction="sum")
    assert wrapper.name == "mean_absolute_error"
    assert float(wrapper([[1.0], [2.0]], [[3.0], [2.0]])) == 2.0
    # (batch,) labels against (batch, 1) predictions are aligned as in Keras.
    assert float(wrapper(np.array([1.0, 2.0]), np.array([[3.0], [2.0]]))) == 2.0
    config = wrapper.get_config()
    assert config["fn"]["config"] == "mean_absolute_error"
    again = losses.LossFunctionWrapper.from_config(config)
    assert again.fn is losses.mean_absolute_error and again.reduction == "sum"
    kwarg = losses.LossFunctionWrapper(losses.huber, delta=0.5)
    assert losses.LossFunctionWrapper.from_config(kwarg.get_config())._fn_kwargs == {
        "delta": 0.5}
