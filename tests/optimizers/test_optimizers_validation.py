"""Bad inputs: each raises Keras's exception type and names the argument and the value."""

import re

import numpy as np
import pytest

from torcheras import optimizers as O
from torcheras.optimizers import schedules as S

BAD = [
    # Keras 3's own checks (same type and text).
    (lambda: O.SGD(learning_rate="fast"), ValueError,
     "Argument `learning_rate` should be float, or an instance of LearningRateSchedule, "
     "or a callable (that takes in the current iteration value and returns the "
     "corresponding learning rate value). Received instead: learning_rate=fast"),
    (lambda: O.Adam(learning_rate=None), ValueError, "Received instead: learning_rate=None"),
    (lambda: O.Adam(learning_rate=True), ValueError, "Received instead: learning_rate=True"),
    (lambda: O.SGD(momentum=1.5), ValueError,
     "`momentum` must be a float between [0, 1]. Received: momentum=1.5"),
    (lambda: O.SGD(momentum=-0.1), ValueError, "Received: momentum=-0.1"),
    (lambda: O.SGD(momentum="high"), ValueError, "Received: momentum='high'"),
    (lambda: O.SGD(clipnorm=1.0, global_clipnorm=1.0), ValueError,
     "Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set. "
     "Received: clipnorm=1.0, clipvalue=None, global_clipnorm=1.0"),
    (lambda: O.Adam(clipvalue=0.5, clipnorm=1.0), ValueError,
     "Received: clipnorm=1.0, clipvalue=0.5, global_clipnorm=None"),
    (lambda: O.AdamW(weight_decay=None), ValueError,
     "Argument `weight_decay` must be a float. Received: weight_decay=None"),
    (lambda: O.Lion(beta_1=0.0), ValueError,
     "Argument `beta_1` must be in the [0, 1] range. Otherwise, the optimizer "
     "degenerates to SignSGD. Received: beta_1=0.0."),
    (lambda: O.SGD(use_ema=True, ema_momentum=2.0), ValueError,
     "`ema_momentum` must be in the range [0, 1]. Received: ema_momentum=2.0"),
    (lambda: O.SGD(use_ema=True, ema_overwrite_frequency=0.5), ValueError,
     "`ema_overwrite_frequency` must be an integer >= 1 or None. "
     "Received: ema_overwrite_frequency=0.5"),
    (lambda: O.SGD(gradient_accumulation_steps=1), ValueError,
     "`gradient_accumulation_steps` must be an integer >= 2. "
     "Received: gradient_accumulation_steps=1"),
    (lambda: O.SGD(gradient_accumulation_steps=2.5), ValueError,
     "Received: gradient_accumulation_steps=2.5"),
    (lambda: O.SGD(foo=1), ValueError, "Argument(s) not recognized: {'foo': 1}"),
    (lambda: O.Adam(beta1=0.9, amsgrad=True), TypeError,
     "Argument(s) not recognized: {'beta1': 0.9}"),
    # Ranges and types Keras leaves unchecked but that can only be mistakes.
    (lambda: O.RMSprop(rho=1.5), ValueError,
     "Argument `rho` must be in the range [0, 1]. Received: rho=1.5"),
    (lambda: O.RMSprop(rho="0.9"), TypeError,
     "Argument `rho` must be a float. Received: rho='0.9' (of type str)"),
    (lambda: O.RMSprop(momentum=-0.5), ValueError,
     "Argument `momentum` must be in the range [0, 1]. Received: momentum=-0.5"),
    (lambda: O.RMSprop(epsilon=-1e-7), ValueError,
     "Argument `epsilon` must be >= 0. Received: epsilon=-1e-07"),
    (lambda: O.RMSprop(centered="yes"), TypeError,
     "Argument `centered` must be a boolean. Received: centered='yes' (of type str)"),
    (lambda: O.Adadelta(rho=2.0), ValueError,
     "Argument `rho` must be in the range [0, 1]. Received: rho=2.0"),
    (lambda: O.Adam(beta_1=1.0), ValueError,
     "Argument `beta_1` must be in the range [0, 1). Received: beta_1=1.0"),
    (lambda: O.Adam(beta_2=-0.1), ValueError,
     "Argument `beta_2` must be in the range [0, 1). Received: beta_2=-0.1"),
    (lambda: O.Nadam(beta_2=1.0), ValueError, "Received: beta_2=1.0"),
    (lambda: O.Adamax(beta_1=[0.9]), TypeError,
     "Argument `beta_1` must be a float. Received: beta_1=[0.9] (of type list)"),
    (lambda: O.Lion(beta_2=1.5), ValueError,
     "Argument `beta_2` must be in the range [0, 1]. Received: beta_2=1.5"),
    (lambda: O.Adagrad(initial_accumulator_value=-1.0), ValueError,
     "Argument `initial_accumulator_value` must be >= 0. "
     "Received: initial_accumulator_value=-1.0"),
    (lambda: O.SGD(nesterov=None), TypeError,
     "Argument `nesterov` must be a boolean. Received: nesterov=None"),
    (lambda: O.Adam(amsgrad=2), TypeError, "Received: amsgrad=2"),
    (lambda: O.SGD(weight_decay=-0.1), ValueError,
     "Argument `weight_decay` must be >= 0. Received: weight_decay=-0.1"),
    (lambda: O.SGD(clipnorm="1"), TypeError,
     "Argument `clipnorm` must be a float. Received: clipnorm='1' (of type str)"),
    (lambda: O.SGD(clipvalue=-1.0), ValueError,
     "Argument `clipvalue` must be >= 0. Received: clipvalue=-1.0"),
    (lambda: O.SGD(loss_scale_factor=0.0), ValueError,
     "Argument `loss_scale_factor` must be > 0. Received: loss_scale_factor=0.0"),
    (lambda: O.SGD(use_ema="no"), TypeError, "Argument `use_ema` must be a boolean."),
    (lambda: O.SGD(name=3), TypeError, "Argument `name` must be a string. Received: name=3"),
    (lambda: O.SGD(decay=-1e-6), ValueError,
     "Argument `decay` must be >= 0. Received: decay=-1e-06"),
    (lambda: O.SGD(learning_rate="x"), ValueError, "Received instead: learning_rate=x"),
    (lambda: O.Ftrl(learning_rate_power=0.5), ValueError,
     "`learning_rate_power` needs to be negative or zero. Received: "
     "learning_rate_power=0.5."),
    (lambda: O.Ftrl(initial_accumulator_value=-0.1), ValueError,
     "`initial_accumulator_value` needs to be positive or zero. "
     "Received: initial_accumulator_value=-0.1."),
    (lambda: O.Ftrl(l1_regularization_strength=-1.0), ValueError,
     "`l1_regularization_strength` needs to be positive or zero. "
     "Received: l1_regularization_strength=-1.0."),
    (lambda: O.Ftrl(l2_shrinkage_regularization_strength="a"), TypeError,
     "Argument `l2_shrinkage_regularization_strength` must be a float."),
    (lambda: O.Adafactor(clip_threshold=0.0), ValueError,
     "Argument `clip_threshold` must be > 0. Received: clip_threshold=0.0"),
    (lambda: O.Adafactor(relative_step="no"), TypeError,
     "Argument `relative_step` must be a boolean."),
    # Setting the learning rate.
    (lambda: setattr(O.SGD(), "learning_rate", "x"), TypeError,
     "can only be assigned a number. Received: value='x' (of type str)"),
    (lambda: setattr(O.SGD(learning_rate=S.ExponentialDecay(0.1, 10, 0.9)), "lr", 0.1),
     TypeError, "hence its learning rate is not settable"),
    (lambda: O.SGD().iterations.assign("x"), TypeError, "can only be assigned a number"),
    (lambda: O.SGD(gradient_accumulation_steps=2).iterations.assign(3), ValueError,
     "cannot be assigned. Received: value=3"),
    # Schedules (Keras's checks).
    (lambda: S.ExponentialDecay(0.1, 0, 0.9), ValueError,
     "Argument `decay_steps` must be > 0. Received: decay_steps=0"),
    (lambda: S.InverseTimeDecay(0.1, -5, 0.9), ValueError,
     "Argument `decay_steps` must be > 0. Received: decay_steps=-5"),
    (lambda: S.PolynomialDecay(0.1, 0), ValueError, "Received: decay_steps=0"),
    (lambda: S.CosineDecay(0.1, 0), ValueError, "Received: decay_steps=0"),
    (lambda: S.CosineDecayRestarts(0.1, 0), ValueError,
     "Argument `first_decay_steps` must be > 0. Received: first_decay_steps=0"),
    (lambda: S.ExponentialDecay(0.1, "10", 0.9), TypeError,
     "Argument `decay_steps` must be a number > 0. Received: decay_steps='10' (of type str)"),
    (lambda: S.PiecewiseConstantDecay([1, 2], [0.1, 0.2]), ValueError,
     "The length of boundaries should be 1 less than the length of values. Received: "
     "boundaries=[1, 2] of length 2, and values=[0.1, 0.2] of length 2."),
    (lambda: S.LearningRateSchedule()(1), NotImplementedError,
     "Learning rate schedule 'LearningRateSchedule' must override `__call__(self, step)`."),
    (lambda: S.LearningRateSchedule().get_config(), NotImplementedError,
     "must override `get_config()` in order to be serializable."),
    (lambda: S.serialize(0.1), TypeError,
     "Argument `learning_rate_schedule` must be a `LearningRateSchedule`. "
     "Received: learning_rate_schedule=0.1 (of type float)"),
    (lambda: S.deserialize("ExponentialDecay"), TypeError, "Argument `config` must be a dict"),
    (lambda: S.deserialize({"class_name": "ExponentialDecy", "config": {}}), ValueError,
     "Did you mean 'ExponentialDecay'?"),
    # get / serialize / deserialize.
    (lambda: O.get("rmsprp"), ValueError, "Did you mean 'rmsprop'?"),
    (lambda: O.get(42), ValueError, "Could not interpret optimizer identifier: 42"),
    (lambda: O.get(np.float32(0.1)), ValueError, "Could not interpret optimizer identifier"),
    (lambda: O.serialize("adam"), TypeError,
     "Argument `optimizer` must be an `Optimizer` instance. Received: optimizer='adam'"),
    (lambda: O.deserialize("adam"), TypeError, "Argument `config` must be a dict"),
    (lambda: O.deserialize({"class_name": "Adamm", "config": {}}), ValueError,
     "Unknown optimizer for `optimizer`: 'Adamm'"),
]


@pytest.mark.parametrize("make, error, message", BAD,
                         ids=[f"case{i}" for i in range(len(BAD))])
def test_bad_input_message(make, error, message):
    with pytest.raises(error, match=re.escape(message)):
        make()


def test_unknown_argument_error_is_both_value_and_type_error():
    with pytest.raises(ValueError, match=r"Argument\(s\) not recognized: \{'rhoo': 0.9\}"):
        O.RMSprop(learning_rate=0.1, rhoo=0.9)
    with pytest.raises(TypeError, match=r"Argument\(s\) not recognized: \{'rhoo': 0.9\}"):
        O.RMSprop(learning_rate=0.1, rhoo=0.9)


def test_exclude_from_weight_decay_works_after_build_too():
    import torch

    from torcheras.backend import Variable

    v = [Variable(np.ones(2), name="bias")]
    opt = O.SGD(learning_rate=0.1, weight_decay=0.5)
    opt.apply([torch.zeros(2)], v)
    opt.exclude_from_weight_decay(var_names=["bias"])
    opt.apply([torch.zeros(2)], v)
    np.testing.assert_allclose(v[0].numpy(), [0.95, 0.95])
