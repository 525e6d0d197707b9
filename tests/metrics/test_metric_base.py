"""The Metric base class and the reducing metrics (Mean, Sum, MeanMetricWrapper)."""

import numpy as np
import pytest
import torch

from torcheras import backend, metrics


class Counter(metrics.Metric):
    def __init__(self, name="counter", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.count = self.add_variable(shape=(), initializer="zeros", name="count")
        self.inner = metrics.Mean(name="inner")

    def update_state(self, values):
        self.count.add_(torch.as_tensor(values).numel())
        self.inner.update_state(values)

    def result(self):
        return self.count.detach().clone()


def test_contract():
    c = Counter()
    assert c.name == "counter" and c.dtype == "float32"
    assert [v.name for v in c.variables] == ["count", "total", "count"]
    assert c.variables[0].path == "counter/count"
    assert all(not v.trainable and v.device == backend.get_device() for v in c.variables)
    out = c([1.0, 2.0, 3.0])
    assert isinstance(out, torch.Tensor) and out.shape == () and float(out) == 3.0
    c.update_state([4.0])
    assert float(c.result()) == 4.0 and float(c.inner.result()) == 2.5
    c.reset_state()
    assert all(float(v.sum()) == 0.0 for v in c.variables)
    c.update_state([1.0])
    c.reset_states()  # Keras 2 spelling
    assert float(c.result()) == 0.0
    assert c.get_config() == {"name": "counter", "dtype": "float32"}
    assert repr(c) == "<Counter name=counter>"


def test_result_is_a_copy():
    m = metrics.Sum()
    m.update_state([1.0])
    first = m.result()
    m.update_state([1.0])
    assert float(first) == 1.0 and float(m.result()) == 2.0


def test_automatic_names():
    backend.clear_session()
    assert metrics.AUC().name == "auc"
    assert metrics.AUC().name == "auc_1"
    assert metrics.Precision().name == "precision"
    assert metrics.TruePositives().name == "true_positives"


def test_missing_super_init():
    class Broken(metrics.Metric):
        def __init__(self):
            self.x = 1

    with pytest.raises(RuntimeError, match="forgot to call `super"):
        Broken().add_variable(shape=(), name="v")


def test_unimplemented_methods():
    m = metrics.Metric(name="m")
    with pytest.raises(NotImplementedError, match="update_state"):
        m.update_state(1)
    with pytest.raises(NotImplementedError, match="result"):
        m.result()


def test_stateless_api_leaves_state_alone():
    m = metrics.Mean()
    m.update_state([10.0])
    state = m.stateless_update_state([torch.tensor(2.0), torch.tensor(1.0)], [4.0])
    assert [float(s) for s in state] == [6.0, 2.0]
    assert float(m.stateless_result(state)) == 3.0
    assert float(m.result()) == 10.0
    assert [float(s) for s in m.stateless_reset_state()] == [0.0, 0.0]
    with pytest.raises(ValueError, match="corresponding 1:1"):
        m.stateless_result([torch.tensor(1.0)])


def test_mean_and_sum_hand_computed():
    m = metrics.Mean()
    m.update_state([1, 3, 5, 7])
    assert float(m.result()) == 4.0
    m.update_state([[10.0, 20.0]], sample_weight=[2.0])  # rows are averaged first
    assert float(m.result()) == pytest.approx((16 + 30) / 6)
    s = metrics.Sum()
    s.update_state([1, 3, 5, 7], sample_weight=[1, 0, 1, 0])
    assert float(s.result()) == 6.0
    empty = metrics.Mean()
    assert float(empty.result()) == 0.0


def test_mean_scalar_weight_is_counted_once_per_batch():
    # Keras: a scalar weight multiplies the batch mean and adds itself to the count
    # (the training loop passes the batch size this way).
    m = metrics.Mean()
    m.update_state(torch.tensor(2.0), sample_weight=32)
    m.update_state(torch.tensor(4.0), sample_weight=16)
    assert float(m.result()) == pytest.approx((64 + 64) / 48)
    m.reset_state()
    m.update_state([1.0, 3.0], sample_weight=3.0)
    assert float(m.result()) == 2.0 and float(m.count) == 3.0


def test_mean_metric_wrapper():
    m = metrics.MeanMetricWrapper(metrics.mean_absolute_error, name="mae")
    assert m.name == "mae" and m._direction == "down"
    assert float(m([[1.0, 2.0]], [[2.0, 4.0]])) == 1.5
    config = m.get_config()
    assert config["fn"] == {"module": "builtins", "class_name": "function",
                            "config": "mean_absolute_error", "registered_name": "function"}
    again = metrics.MeanMetricWrapper.from_config(config)
    assert again._fn is metrics.mean_absolute_error and again.name == "mae"
    with_kwargs = metrics.MeanMetricWrapper(metrics.top_k_categorical_accuracy, k=1)
    assert metrics.MeanMetricWrapper.from_config(with_kwargs.get_config())._fn_kwargs == {
        "k": 1}


def test_mean_metric_wrapper_respects_masks():
    y_pred = torch.tensor([[[1.0], [2.0], [3.0]]])
    y_pred._keras_mask = torch.tensor([[True, True, False]])
    m = metrics.MeanMetricWrapper(metrics.mean_absolute_error)
    m.update_state(torch.zeros(1, 3, 1), y_pred)
    assert float(m.result()) == pytest.approx(1.5)


def test_update_under_autograd_builds_no_graph():
    x = torch.tensor([[0.2, 0.8]], requires_grad=True)
    m = metrics.CategoricalCrossentropy()
    m.update_state([[0, 1]], x)
    assert not m.result().requires_grad


def test_float64_dtype():
    m = metrics.Mean(dtype="float64")
    m.update_state(np.array([1.0, 2.0 + 1e-12]))
    assert m.result().dtype == torch.float64 and m.dtype == "float64"
    assert m.result().item() == (3.0 + 1e-12) / 2  # float32 would round the 1e-12 away


@pytest.mark.parametrize("make, match", [
    (lambda: metrics.Mean().update_state([[1.0, 2.0]], sample_weight=[1.0, 2.0, 3.0]),
     r"`sample_weight` cannot be broadcast.*sample_weight.shape=\(3,\), values.shape=\(1,\)"),
    (lambda: metrics.MeanSquaredError()(np.ones((4, 3)), np.ones((4, 2))),
     r"y_true.shape=\(4, 3\), y_pred.shape=\(4, 2\)"),
])
def test_bad_inputs(make, match):
    with pytest.raises(ValueError, match=match):
        make()
