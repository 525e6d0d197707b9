"""Contract of the Optimizer base: learning rate, iterations, variables, apply, config."""

import warnings

import numpy as np
import pytest
import torch

from torcheras import backend, optimizers
from torcheras.backend import Variable
from torcheras.optimizers import schedules

ALL = [optimizers.SGD, optimizers.RMSprop, optimizers.Adam, optimizers.AdamW,
       optimizers.Adagrad, optimizers.Adadelta, optimizers.Adamax, optimizers.Nadam,
       optimizers.Lion, optimizers.Ftrl, optimizers.Adafactor]


def _vars():
    return [Variable(np.ones((2, 3)), name="kernel"), Variable(np.zeros(3), name="bias")]


def _grads(value=1.0):
    return [torch.full((2, 3), value), torch.full((3,), value)]


def test_exported_names_are_keras_names():
    assert sorted(optimizers.__all__) == sorted([
        "SGD", "Adadelta", "Adafactor", "Adagrad", "Adam", "AdamW", "Adamax", "Ftrl",
        "Lion", "LossScaleOptimizer", "Nadam", "Optimizer", "RMSprop", "deserialize", "get",
        "legacy",
        "schedules", "serialize"])
    assert optimizers.legacy.Adam is optimizers.Adam
    assert sorted(optimizers.legacy.__all__) == [
        "Adagrad", "Adam", "Ftrl", "Optimizer", "RMSprop", "SGD"]
    assert sorted(schedules.__all__) == sorted([
        "CosineDecay", "CosineDecayRestarts", "ExponentialDecay", "InverseTimeDecay",
        "LearningRateSchedule", "PiecewiseConstantDecay", "PolynomialDecay", "deserialize",
        "serialize"])
    for cls in ALL:
        assert issubclass(cls, optimizers.Optimizer)


@pytest.mark.parametrize("cls, lr", [(optimizers.SGD, 0.01), (optimizers.RMSprop, 0.001),
                                     (optimizers.Adam, 0.001), (optimizers.Lion, 0.001)])
def test_default_learning_rate_is_stored_as_float32(cls, lr):
    opt = cls()
    assert float(opt.learning_rate) == float(np.float32(lr))
    assert opt.get_config()["learning_rate"] == float(np.float32(lr))


def test_default_names_follow_keras():
    backend.clear_session()
    assert optimizers.RMSprop().name == "rm_sprop"
    assert optimizers.AdamW().name == "adam_w"
    assert optimizers.Adam().name == "adam"
    assert optimizers.Adam().name == "adam_1"
    assert optimizers.Adam(name="mine").name == "mine"


def test_variables_order_and_paths_match_keras():
    opt = optimizers.Adam(name="adam", use_ema=True)
    opt.build(_vars())
    assert [v.path for v in opt.variables] == [
        "adam/iteration", "adam/learning_rate", "adam/kernel_average", "adam/bias_average",
        "adam/kernel_momentum", "adam/kernel_velocity", "adam/bias_momentum",
        "adam/bias_velocity"]
    opt = optimizers.SGD(name="sgd")
    opt.build(_vars())
    assert [v.path for v in opt.variables] == ["sgd/iteration", "sgd/learning_rate"]
    opt = optimizers.Nadam(name="nadam")
    opt.build(_vars())
    assert opt.variables[-1].path == "variable" and len(opt.variables) == 7


def test_adafactor_variables_order_matches_keras():
    opt = optimizers.Adafactor(name="adafactor")
    opt.build(_vars())
    assert [(v.path, tuple(v.shape)) for v in opt.variables] == [
        ("adafactor/iteration", ()), ("adafactor/learning_rate", ()),
        ("adafactor/kernel", (2,)), ("adafactor/kernel", (3,)),
        ("adafactor/kernel_velocity", (2, 3)), ("bias", ()), ("bias", ()),
        ("adafactor/bias_velocity", (3,))]


def test_slot_variables_are_non_trainable_and_like_their_reference():
    opt = optimizers.RMSprop(momentum=0.5, centered=True)
    variables = _vars()
    opt.build(variables)
    slots = [v for v in opt.variables if isinstance(v, Variable)]
    assert len(slots) == 6
    for slot in slots:
        assert not slot.trainable and not slot.requires_grad
    assert tuple(slots[0].shape) == (2, 3) and slots[0].dtype == torch.float32


def test_learning_rate_is_settable_in_every_keras_spelling():
    opt = optimizers.SGD(learning_rate=0.1)
    assert np.isclose(float(opt.learning_rate), 0.1)
    opt.learning_rate = 0.5
    assert float(opt.learning_rate) == 0.5
    opt.learning_rate.assign(0.25)
    assert float(opt.lr) == 0.25
    backend.set_value(opt.lr, 0.125)
    assert backend.get_value(opt.learning_rate) == np.float32(0.125)
    opt.lr = 0.0625
    assert float(opt.learning_rate.numpy()) == 0.0625
    assert float(backend.convert_to_numpy(opt.learning_rate)) == 0.0625
    opt.learning_rate = np.float32(0.5)
    opt.learning_rate = torch.tensor(0.75)
    assert float(opt.learning_rate) == 0.75
    assert opt.learning_rate * 2 == 1.5 and 2 * opt.learning_rate == 1.5


def test_learning_rate_change_takes_effect_on_next_step():
    v = [Variable(np.zeros(2))]
    opt = optimizers.SGD(learning_rate=1.0)
    opt.apply([torch.ones(2)], v)
    opt.learning_rate = 0.5
    opt.apply([torch.ones(2)], v)
    np.testing.assert_allclose(v[0].numpy(), [-1.5, -1.5])


def test_schedule_learning_rate_reads_current_value_and_is_not_settable():
    schedule = schedules.ExponentialDecay(0.1, decay_steps=1, decay_rate=0.5)
    opt = optimizers.SGD(learning_rate=schedule)
    v = [Variable(np.zeros(2))]
    opt.apply([torch.ones(2)], v)
    assert isinstance(opt.learning_rate, torch.Tensor)
    assert np.isclose(float(opt.learning_rate), 0.05)
    with pytest.raises(TypeError, match="not settable"):
        opt.learning_rate = 0.1
    assert "learning_rate" not in [x.name for x in opt.variables]
    assert opt.get_config()["learning_rate"]["class_name"] == "ExponentialDecay"


def test_callable_learning_rate_is_called_every_step():
    calls = []

    def lr():
        calls.append(1)
        return 0.5

    v = [Variable(np.zeros(2))]
    opt = optimizers.SGD(learning_rate=lr)
    opt.apply([torch.ones(2)], v)
    opt.apply([torch.ones(2)], v)
    assert len(calls) == 2
    np.testing.assert_allclose(v[0].numpy(), [-1.0, -1.0])


def test_switching_from_float_to_schedule_untracks_the_variable():
    opt = optimizers.Adam()
    n = len(opt.variables)
    opt.learning_rate = schedules.InverseTimeDecay(0.1, 1, 1.0)
    assert len(opt.variables) == n - 1


def test_iterations_counts_applied_steps():
    opt = optimizers.Adam()
    variables = _vars()
    assert int(opt.iterations) == 0
    for _ in range(3):
        opt.apply(_grads(), variables)
    assert int(opt.iterations) == 3 and opt.iterations.numpy() == 3
    assert opt.iterations + 1 == 4
    assert opt.apply_gradients(zip(_grads(), variables, strict=True)) is opt.iterations
    assert int(opt.iterations) == 4


def test_iterations_with_gradient_accumulation_counts_updates():
    opt = optimizers.SGD(learning_rate=1.0, gradient_accumulation_steps=2)
    v = [Variable(np.zeros(1))]
    opt.apply([torch.tensor([1.0])], v)
    assert int(opt.iterations) == 0 and v[0].numpy()[0] == 0.0
    opt.apply([torch.tensor([3.0])], v)
    assert int(opt.iterations) == 1 and v[0].numpy()[0] == -2.0


def test_apply_without_variables_needs_a_built_optimizer():
    opt = optimizers.SGD()
    with pytest.raises(ValueError, match="must already be built"):
        opt.apply(_grads())
    variables = _vars()
    opt.build(variables)
    opt.apply(_grads())
    with pytest.raises(ValueError, match="Received a list of 1 gradients"):
        opt.apply(_grads()[:1])


def test_apply_with_unknown_variable_raises():
    opt = optimizers.SGD()
    opt.apply(_grads(), _vars())
    with pytest.raises(ValueError, match="Unknown variable"):
        opt.apply(_grads(), _vars())


def test_apply_with_mismatched_lengths_raises():
    with pytest.raises(ValueError, match="same length. Received: 1 gradients and 2"):
        optimizers.SGD().apply(_grads()[:1], _vars())


def test_none_gradients_are_skipped_with_a_warning():
    opt = optimizers.Adam(learning_rate=0.1)
    variables = _vars()
    with pytest.warns(UserWarning, match="Gradients do not exist for variables"):
        opt.apply([None, torch.ones(3)], variables)
    np.testing.assert_allclose(variables[0].numpy(), np.ones((2, 3)))
    assert np.all(variables[1].numpy() < 0)
    with pytest.raises(ValueError, match="No gradients provided for any variable."):
        opt.apply([None, None], variables)


def test_empty_gradient_list_is_a_no_op():
    opt = optimizers.SGD()
    opt.apply([], [])
    assert int(opt.iterations) == 0


def test_subset_of_variables_updates_only_those():
    opt = optimizers.SGD(learning_rate=1.0, momentum=0.5)
    variables = _vars()
    opt.build(variables)
    opt.apply([torch.ones(3)], [variables[1]])
    np.testing.assert_allclose(variables[1].numpy(), [-1.0] * 3)
    np.testing.assert_allclose(variables[0].numpy(), np.ones((2, 3)))


def test_gradients_are_not_modified_in_place():
    opt = optimizers.Adam(clipnorm=0.1, loss_scale_factor=2.0)
    grads = _grads(3.0)
    opt.apply(grads, _vars())
    assert torch.all(grads[0] == 3.0)


def test_weight_decay_hand_computed_and_exclusions():
    variables = _vars()
    variables[1].assign(np.ones(3))
    opt = optimizers.SGD(learning_rate=0.1, weight_decay=0.5)
    opt.exclude_from_weight_decay(var_names=["bias"])
    opt.apply([torch.zeros(2, 3), torch.zeros(3)], variables)
    np.testing.assert_allclose(variables[0].numpy(), np.full((2, 3), 0.95))
    np.testing.assert_allclose(variables[1].numpy(), np.ones(3))
    opt2 = optimizers.SGD(learning_rate=0.1, weight_decay=0.5)
    other = _vars()
    opt2.exclude_from_weight_decay(var_list=[other[0]])
    opt2.apply([torch.zeros(2, 3), torch.zeros(3)], other)
    np.testing.assert_allclose(other[0].numpy(), np.ones((2, 3)))


def test_clipping_hand_computed():
    v = [Variable(np.zeros(2))]
    optimizers.SGD(learning_rate=1.0, clipnorm=1.0).apply([torch.tensor([3.0, 4.0])], v)
    np.testing.assert_allclose(v[0].numpy(), [-0.6, -0.8], rtol=1e-6)
    v = [Variable(np.zeros(2)), Variable(np.zeros(1))]
    optimizers.SGD(learning_rate=1.0, global_clipnorm=2.5).apply(
        [torch.tensor([3.0, 0.0]), torch.tensor([4.0])], v)
    np.testing.assert_allclose(v[0].numpy(), [-1.5, 0.0], rtol=1e-6)
    np.testing.assert_allclose(v[1].numpy(), [-2.0], rtol=1e-6)
    v = [Variable(np.zeros(2))]
    optimizers.SGD(learning_rate=1.0, clipvalue=0.5).apply([torch.tensor([3.0, -0.2])], v)
    np.testing.assert_allclose(v[0].numpy(), [-0.5, 0.2], rtol=1e-6)


def test_loss_scale_factor_scales_loss_and_unscales_gradients():
    opt = optimizers.SGD(learning_rate=1.0, loss_scale_factor=4.0)
    assert opt.scale_loss(2.0) == 8.0
    assert optimizers.SGD().scale_loss(2.0) == 2.0
    v = [Variable(np.zeros(1))]
    opt.apply([torch.tensor([4.0])], v)
    assert v[0].numpy()[0] == -1.0


def test_ema_hand_computed_and_finalize():
    v = [Variable(np.zeros(1))]
    opt = optimizers.SGD(learning_rate=1.0, use_ema=True, ema_momentum=0.5)
    opt.apply([torch.tensor([-2.0])], v)   # w = 2, average = 2 (first step copies)
    opt.apply([torch.tensor([-2.0])], v)   # w = 4, average = 0.5 * 2 + 0.5 * 4 = 3
    assert v[0].numpy()[0] == 4.0
    opt.finalize_variable_values(v)
    assert v[0].numpy()[0] == 3.0
    with pytest.raises(ValueError, match="does not match the length"):
        opt.finalize_variable_values([])
    w = [Variable(np.zeros(1))]
    optimizers.SGD().finalize_variable_values(w)   # no EMA: nothing happens
    assert w[0].numpy()[0] == 0.0


def test_constraints_are_applied_after_the_update():
    v = Variable(np.zeros(2))
    v.constraint = lambda x: torch.clamp(x, min=0.0)
    opt = optimizers.SGD(learning_rate=1.0)
    opt.apply([torch.tensor([1.0, -1.0])], [v])
    np.testing.assert_allclose(v.numpy(), [0.0, 1.0])


def test_custom_optimizer_with_update_step():
    class Halver(optimizers.Optimizer):
        def __init__(self, learning_rate=0.5, **kwargs):
            super().__init__(learning_rate=learning_rate, **kwargs)

        def build(self, variables):
            if self.built:
                return
            super().build(variables)
            self.counts = self.add_optimizer_variables(variables, "count")

        def update_step(self, gradient, variable, learning_rate):
            count = self.counts[self._get_variable_index(variable)]
            self.assign_add(count, torch.ones_like(count))
            self.assign_sub(variable, gradient * learning_rate)

    v = [Variable(np.ones(2), name="w")]
    opt = Halver()
    opt.apply([torch.ones(2)], v)
    opt.apply([torch.ones(2)], v)
    np.testing.assert_allclose(v[0].numpy(), [0.0, 0.0])
    np.testing.assert_allclose(opt.counts[0].numpy(), [2.0, 2.0])
    assert opt.counts[0].path == "halver/w_count"

    class Lazy(optimizers.Optimizer):
        pass

    with pytest.raises(NotImplementedError, match="must override `update_step"):
        Lazy(learning_rate=0.1).apply([torch.ones(2)], [Variable(np.ones(2))])


@pytest.mark.parametrize("cls", ALL)
def test_get_config_round_trip(cls):
    opt = cls(learning_rate=0.02, clipnorm=1.5, use_ema=True, ema_momentum=0.9, name="x")
    config = opt.get_config()
    clone = cls.from_config(config)
    assert type(clone) is cls
    assert clone.get_config() == config
    assert "decay" not in config


def test_get_config_round_trip_with_schedule():
    schedule = schedules.CosineDecay(0.1, 100, warmup_target=0.2, warmup_steps=10)
    opt = optimizers.Adam(learning_rate=schedule)
    clone = optimizers.Adam.from_config(opt.get_config())
    assert isinstance(clone._learning_rate, schedules.CosineDecay)
    assert clone._learning_rate.get_config() == schedule.get_config()


def test_base_config_keys_are_keras_keys():
    assert list(optimizers.SGD(name="s").get_config()) == [
        "name", "learning_rate", "weight_decay", "clipnorm", "global_clipnorm",
        "clipvalue", "use_ema", "ema_momentum", "ema_overwrite_frequency",
        "loss_scale_factor", "gradient_accumulation_steps", "momentum", "nesterov"]


def test_set_weights_and_save_load_own_variables():
    variables = _vars()
    opt = optimizers.Adam()
    for _ in range(3):
        opt.apply(_grads(0.5), variables)
    store = {}
    opt.save_own_variables(store)
    assert len(store) == len(opt.variables) == 6
    fresh = optimizers.Adam()
    fresh.build(variables)
    fresh.load_own_variables(store)
    assert int(fresh.iterations) == 3
    for a, b in zip(opt.variables, fresh.variables, strict=True):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    unbuilt = optimizers.Adam()
    with pytest.warns(UserWarning, match="Skipping variable loading"):
        unbuilt.load_own_variables(store)
    with pytest.raises(ValueError, match="has not\\s+yet been built"):
        optimizers.Adam().set_weights([])
    with pytest.raises(ValueError, match="not compatible with provided weight shape"):
        fresh.set_weights([np.zeros(3)])
    fresh.set_weights([w.numpy() for w in opt.variables])


def test_host_scalars_behave_like_keras_variables():
    opt = optimizers.SGD(learning_rate=0.5, name="s")
    lr = opt.learning_rate
    assert lr.shape == () and lr.dtype == "float32" and lr.path == "s/learning_rate"
    assert "value=0.5" in repr(lr)
    assert isinstance(lr.value, torch.Tensor) and float(lr.value) == 0.5
    assert np.asarray(lr).dtype == np.float32
    assert f"{lr:.2f}" == "0.50"
    assert optimizers.Adam().learning_rate == 0.001 and optimizers.Adam().lr < 0.0011
    with pytest.raises(TypeError, match="can only be assigned a number"):
        lr.assign("fast")
    with pytest.raises(ValueError, match="single number"):
        lr.assign(np.ones(2))
    it = opt.iterations
    assert it.dtype == "int64" and [0, 1][it] == 0
    with pytest.raises(TypeError, match="cannot be used as an index"):
        [0, 1][lr]


def test_apply_runs_without_autograd_tracking():
    v = [Variable(np.ones(2))]
    opt = optimizers.RMSprop()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        opt.apply([torch.ones(2)], v)
    assert v[0].grad_fn is None and v[0].requires_grad
