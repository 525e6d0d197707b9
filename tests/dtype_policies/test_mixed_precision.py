"""Mixed precision execution: dtypes against real Keras's (golden), loss scaling, training."""

from __future__ import annotations

import re

import numpy as np
import pytest
import torch
from _golden import load_json

import torcheras as keras
from torcheras.optimizers import LossScaleOptimizer

POLICIES = ["float32", "mixed_bfloat16", "mixed_float16", "bfloat16"]


@pytest.fixture(autouse=True)
def _float32_after():
    yield
    keras.mixed_precision.set_global_policy("float32")


def _build(k):
    """The model tests/golden/make_mixed_precision.py builds in real Keras."""
    k.utils.set_random_seed(0)
    inputs = k.Input((8,), name="x")
    h = k.layers.Dense(16, activation="relu", name="dense")(inputs)
    h = k.layers.BatchNormalization(name="batch_norm")(h)
    h = k.layers.LayerNormalization(name="layer_norm")(h)
    h = k.layers.Dropout(0.1, name="dropout")(h)
    logits = k.layers.Dense(4, name="logits")(h)
    probs = k.layers.Softmax(name="softmax")(logits)
    dense_softmax = k.layers.Dense(4, activation="softmax", name="dense_softmax")(h)
    act = k.layers.Activation("softmax", name="activation")(logits)
    return k.Model(inputs, [probs, dense_softmax, act])


@pytest.mark.parametrize("policy", POLICIES)
def test_dtypes_match_keras(policy):
    golden = load_json("mixed_precision/dtypes")[policy]
    keras.mixed_precision.set_global_policy(policy)
    model = _build(keras)
    x = np.random.default_rng(0).random((5, 8), dtype=np.float32)
    for layer in model.layers[1:]:
        out = keras.Model(model.inputs, layer.output)(x)
        assert keras.backend.standardize_dtype(out.dtype) == golden["layer_outputs"][layer.name]
        assert [layer.dtype_policy.name, layer.compute_dtype, layer.variable_dtype] == \
            golden["layer_policies"][layer.name]
    ours = {v.path: keras.backend.standardize_dtype(v.dtype) for v in model.variables}
    theirs = {p: d for p, d in golden["variables"].items() if "seed_generator" not in p}
    assert ours == theirs
    outputs = model(x)
    loss = keras.losses.CategoricalCrossentropy()(np.eye(4)[[0, 1, 2, 3, 0]], outputs[0])
    assert keras.backend.standardize_dtype(loss.dtype) == golden["loss"]


def test_mixed_layer_in_a_float32_model_and_gradients_in_float32():
    keras.utils.set_random_seed(0)
    dense = keras.layers.Dense(3, dtype="mixed_bfloat16")
    x = torch.ones(2, 4)
    y = dense(x)
    assert y.dtype == torch.bfloat16 and dense.kernel.dtype == torch.float32
    # The low-precision product is close to the float32 one, not equal (it ran in bf16).
    exact = x @ dense.kernel.detach() + dense.bias.detach()
    assert torch.allclose(y.float(), exact, atol=5e-2)
    y.float().sum().backward()
    assert dense.kernel.grad.dtype == torch.float32
    np.testing.assert_allclose(dense.kernel.grad.numpy(), np.full((4, 3), 2.0), rtol=1e-2)


def test_names():
    mp = keras.mixed_precision
    mp.set_global_policy("mixed_bfloat16")
    assert mp.global_policy().name == "mixed_bfloat16"
    assert mp.Policy is keras.DTypePolicy
    assert mp.LossScaleOptimizer is LossScaleOptimizer


def test_loss_scale_optimizer_dynamic_scaling():
    """Hand-computed: SGD(0.1), scale 8, growth every 2 good steps."""
    opt = LossScaleOptimizer(keras.optimizers.SGD(0.1), initial_scale=8.0,
                             dynamic_growth_steps=2)
    v = keras.Variable(np.ones(2, "float32"))
    opt.build([v])
    assert float(opt.scale_loss(torch.tensor(3.0))) == 24.0
    opt.apply([torch.tensor([8.0, 16.0])], [v])  # unscaled: [1, 2]
    np.testing.assert_allclose(v.numpy(), [0.9, 0.8], rtol=1e-6)
    assert (opt.dynamic_scale.numpy(), opt.step_counter.numpy()) == (8.0, 1)
    opt.apply([torch.tensor([np.inf, 1.0])], [v])  # overflow: skipped, scale halves
    np.testing.assert_allclose(v.numpy(), [0.9, 0.8], rtol=1e-6)
    assert (opt.dynamic_scale.numpy(), opt.step_counter.numpy()) == (4.0, 0)
    assert int(opt.iterations) == 1
    opt.apply([torch.tensor([4.0, np.nan])], [v])
    assert opt.dynamic_scale.numpy() == 2.0
    opt.apply([torch.tensor([2.0, 2.0])], [v])
    opt.apply([torch.tensor([2.0, 2.0])], [v])  # second good step in a row: grows
    np.testing.assert_allclose(v.numpy(), [0.7, 0.6], rtol=1e-6)
    assert (opt.dynamic_scale.numpy(), opt.step_counter.numpy()) == (4.0, 0)
    assert int(opt.iterations) == 3
    clone = LossScaleOptimizer.from_config(opt.get_config())
    assert (clone.initial_scale, clone.dynamic_growth_steps) == (8.0, 2)
    assert type(clone.inner_optimizer).__name__ == "SGD"


@pytest.mark.parametrize("kwargs, message", [
    ({"dynamic": False}, "LossScaleOptimizer no longer supports `dynamic=False`."),
    ({"clipnorm": 1.0}, "LossScaleOptimizer does not support `clipnorm`. Instead, set "
                        "`clipnorm` on the `inner_optimizer`."),
    ({"foo": 1}, "LossScaleOptimizer does not support arguments: `foo`."),
    ({"initial_scale": 0}, "Argument `initial_scale` must be a positive number. "
                           "Received: initial_scale=0"),
    ({"dynamic_growth_steps": 0}, "Argument `dynamic_growth_steps` must be a positive "
                                  "integer. Received: dynamic_growth_steps=0"),
])
def test_loss_scale_optimizer_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        LossScaleOptimizer(keras.optimizers.SGD(), **kwargs)
    with pytest.raises(ValueError, match="Argument `inner_optimizer` must be a"):
        LossScaleOptimizer("sgd")


def test_compile_wraps_only_under_mixed_float16():
    def compiled(policy, **kwargs):
        keras.mixed_precision.set_global_policy(policy)
        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
        model.compile("sgd", "mse", **kwargs)
        return model.optimizer

    assert isinstance(compiled("mixed_float16"), LossScaleOptimizer)
    assert not isinstance(compiled("mixed_float16", auto_scale_loss=False), LossScaleOptimizer)
    assert not isinstance(compiled("mixed_bfloat16"), LossScaleOptimizer)


def _separable():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 4, 512)
    x = np.eye(4, 16)[y] * 2 + rng.normal(0, 0.5, (512, 16))
    return x.astype("float32"), keras.utils.to_categorical(y, 4)


@pytest.mark.parametrize("policy", ["mixed_bfloat16", "mixed_float16"])
def test_mixed_training_learns_like_float32(policy):
    x, y = _separable()
    results = {}
    for name in ("float32", policy):
        keras.mixed_precision.set_global_policy(name)
        keras.utils.set_random_seed(0)
        model = keras.Sequential([keras.Input((16,)), keras.layers.Dense(32, activation="relu"),
                                  keras.layers.Dense(4, activation="softmax")])
        model.compile("adam", "categorical_crossentropy", metrics=["accuracy"])
        h = model.fit(x, y, batch_size=64, epochs=5, verbose=0)
        assert all(w.dtype == np.float32 for w in model.get_weights())
        results[name] = h.history
    assert results[policy]["loss"][-1] < results[policy]["loss"][0] * 0.9
    assert abs(results[policy]["accuracy"][-1] - results["float32"]["accuracy"][-1]) < 0.02
