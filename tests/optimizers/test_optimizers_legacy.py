"""Keras 1/2 spellings: `lr=`, `decay=` (time-based decay), `epsilon=None`.

They are translated by the legacy-argument table (torcheras.legacy._arguments), with a
warning: `decay` becomes an `InverseTimeDecay(lr, decay_steps=1, decay_rate=decay)` schedule.
"""

import numpy as np
import pytest
import torch

import torcheras as keras
from torcheras import backend
from torcheras import optimizers as O
from torcheras.backend import Variable
from torcheras.optimizers import schedules

RNG = np.random.default_rng(0)
W0 = RNG.normal(size=(3, 2)).astype("float32")
GRADS = RNG.normal(size=(8, 3, 2)).astype("float32")


def _run(opt, steps=8):
    v = Variable(W0)
    for t in range(steps):
        opt.apply([torch.from_numpy(GRADS[t])], [v])
    return v.numpy()


def test_lr_alias_sets_and_reads_the_learning_rate():
    with pytest.warns(UserWarning, match="`SGD\\(lr=...\\)` is Keras 2; use `learning_rate=`"):
        opt = O.SGD(lr=0.5)
    assert float(opt.learning_rate) == 0.5 and float(opt.lr) == 0.5
    opt.lr = 0.25
    assert float(opt.learning_rate) == 0.25
    backend.set_value(opt.lr, 0.125)
    assert backend.get_value(opt.lr) == 0.125
    with pytest.raises(TypeError, match="`lr` and the Keras 2 keyword argument "
                                        "`learning_rate`. Stick to the latter!"):
        O.Adam(learning_rate=0.1, lr=0.2)


def test_sgd_nesterov_with_decay_matches_keras2_formula():
    lr, decay, momentum = 0.05, 0.1, 0.9
    with pytest.warns(UserWarning, match="is Keras 2"):
        got = _run(O.SGD(lr=lr, decay=decay, momentum=momentum, nesterov=True))
    w, v = W0.astype("float64"), np.zeros_like(W0, dtype="float64")
    for t in range(8):
        lr_t = lr / (1.0 + decay * t)  # Keras 2: iterations before this update
        v = momentum * v - lr_t * GRADS[t]
        w = w + momentum * v - lr_t * GRADS[t]
    np.testing.assert_allclose(got, w, atol=1e-5)


def test_rmsprop_keras2_signature_and_decay_formula():
    with pytest.warns(UserWarning, match="is Keras 2"):
        opt = O.RMSprop(lr=0.001, rho=0.9, epsilon=1e-08, decay=0.0)
    assert opt.epsilon == 1e-8 and opt.get_config()["learning_rate"] == pytest.approx(0.001)
    assert "decay" not in opt.get_config()  # decay=0 (in every Keras 2 config) is nothing
    lr, rho, eps, decay = 0.01, 0.9, 1e-8, 0.05
    with pytest.warns(UserWarning, match="is Keras 2"):
        got = _run(O.RMSprop(lr=lr, rho=rho, epsilon=eps, decay=decay))
    w, ms = W0.astype("float64"), np.zeros_like(W0, dtype="float64")
    for t in range(8):
        lr_t = lr / (1.0 + decay * t)
        ms = rho * ms + (1 - rho) * GRADS[t] ** 2
        w = w - lr_t * GRADS[t] / np.sqrt(ms + eps)
    np.testing.assert_allclose(got, w, atol=1e-5)


def test_adam_decay_formula():
    lr, b1, b2, eps, decay = 0.01, 0.9, 0.999, 1e-7, 0.2
    with pytest.warns(UserWarning, match="is Keras 2"):
        got = _run(O.Adam(lr=lr, decay=decay))
    w = W0.astype("float64")
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    for t in range(8):
        lr_t = lr / (1.0 + decay * t)
        m = b1 * m + (1 - b1) * GRADS[t]
        v = b2 * v + (1 - b2) * GRADS[t] ** 2
        alpha = lr_t * np.sqrt(1 - b2 ** (t + 1)) / (1 - b1 ** (t + 1))
        w = w - alpha * m / (np.sqrt(v) + eps)
    np.testing.assert_allclose(got, w, atol=1e-5)


def test_decay_is_an_inverse_time_schedule_in_the_config():
    with pytest.warns(UserWarning, match="is Keras 2"):
        opt = O.SGD(learning_rate=0.5, decay=0.25)
    config = opt.get_config()["learning_rate"]
    assert config["class_name"] == "InverseTimeDecay"
    assert config["config"]["initial_learning_rate"] == 0.5
    assert (config["config"]["decay_steps"], config["config"]["decay_rate"]) == (1, 0.25)
    restored = O.SGD.from_config(opt.get_config())
    v = Variable(np.zeros(1))
    for _ in range(3):
        restored.apply([torch.ones(1)], [v])
    # steps 0, 1, 2: 0.5 / 1, 0.5 / 1.25, 0.5 / 1.5
    np.testing.assert_allclose(v.numpy(), [-(0.5 + 0.4 + 0.5 / 1.5)], rtol=1e-6)


def test_decay_on_a_schedule_is_an_error():
    with pytest.raises(ValueError, match="fold the decay into the schedule"):
        O.SGD(learning_rate=schedules.ExponentialDecay(1.0, 1, 0.5), decay=1.0)


def test_tiny_decay_tutorial_spelling_runs():
    with pytest.warns(UserWarning, match="is Keras 2"):
        opt = O.SGD(lr=0.01, decay=1e-6, momentum=0.9, nesterov=True)
    assert opt.nesterov and opt.momentum == 0.9
    assert opt.get_config()["learning_rate"]["config"]["decay_rate"] == 1e-6
    _run(opt, steps=2)
    assert int(opt.iterations) == 2


@pytest.mark.parametrize("cls", [O.RMSprop, O.Adam, O.Adagrad, O.Adadelta, O.Adamax,
                                 O.Nadam, O.AdamW])
def test_epsilon_none_means_backend_epsilon(cls):
    with pytest.warns(UserWarning, match=r"epsilon=None\)` is Keras 2"):
        assert cls(epsilon=None).epsilon == backend.epsilon()


def test_integer_learning_rate_is_accepted():
    with pytest.warns(UserWarning, match="is Keras 2"):
        assert float(O.Adadelta(lr=1).learning_rate) == 1.0


def test_decay_keeps_the_base_rate_settable_as_keras_2():
    """Keras 2: `K.set_value(opt.lr, v)` on an optimizer with `decay` sets the base rate;
    the step then uses v / (1 + decay * t)."""
    with pytest.warns(UserWarning, match="is Keras 2"):
        opt = O.SGD(lr=0.5, decay=0.25)
    assert float(opt.lr) == 0.5  # the base rate, as Keras 2's K.get_value(opt.lr)
    v = Variable(np.zeros(1))
    opt.apply([torch.ones(1)], [v])  # t=0: 0.5
    keras.backend.set_value(opt.lr, 1.0)
    opt.apply([torch.ones(1)], [v])  # t=1: 1.0 / 1.25
    opt.learning_rate = 2.0
    opt.apply([torch.ones(1)], [v])  # t=2: 2.0 / 1.5
    np.testing.assert_allclose(v.numpy(), [-(0.5 + 0.8 + 2.0 / 1.5)], rtol=1e-6)
    assert opt.get_config()["learning_rate"]["config"]["initial_learning_rate"] == 2.0
    assert opt.get_config()["learning_rate"]["class_name"] == "InverseTimeDecay"


def test_learning_rate_scheduler_with_decay_in_fit():
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    with pytest.warns(UserWarning, match="is Keras 2"):
        model.compile(O.SGD(lr=0.1, decay=1e-3), "mse")
    seen = []
    schedule = keras.callbacks.LearningRateScheduler(
        lambda epoch, lr: seen.append(round(float(lr), 6)) or 0.05)
    model.fit(np.ones((4, 1)), np.ones((4, 1)), epochs=2, verbose=0, callbacks=[schedule])
    assert seen == [0.1, 0.05] and float(model.optimizer.learning_rate) == 0.05
