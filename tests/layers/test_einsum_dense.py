"""EinsumDense: Keras's kernel/bias shapes from the equation, the math, LoRA, bad input
(goldens from real Keras in tests/layers/test_layers_extra_golden.py)."""

import numpy as np
import pytest
import torch
from _contract import check_layer_contract

import torcheras as keras
from torcheras import layers


@pytest.mark.parametrize("make, input_shape, output_shape, weights", [
    (lambda: layers.EinsumDense("ab,bc->ac", 4, bias_axes="c"), (None, 3), (None, 4),
     [(3, 4), (4,)]),
    (lambda: layers.EinsumDense("abc,cd->abd", (5, 4), bias_axes="d"), (None, 5, 3),
     (None, 5, 4), [(3, 4), (4,)]),
    (lambda: layers.EinsumDense("...b,bc->...c", 4), (None, 5, 3), (None, 5, 4), [(3, 4)]),
    (lambda: layers.EinsumDense("abc,cde->abde", (5, 2, 4), bias_axes="e"), (None, 5, 3),
     (None, 5, 2, 4), [(3, 2, 4), (4,)]),
    (lambda: layers.EinsumDense("abc,cde->abde", (5, 2, 4), bias_axes="d"), (None, 5, 3),
     (None, 5, 2, 4), [(3, 2, 4), (2, 1)]),
    (lambda: layers.EinsumDense("ab...,bc->ac...", 4, bias_axes="c"), (None, 3, 6),
     (None, 4, 6), [(3, 4), (4, 1)]),
    (lambda: layers.EinsumDense("abcd,cde->abe", (3, 6), bias_axes="be"), (None, 3, 4, 5),
     (None, 3, 6), [(4, 5, 6), (3, 6)]),
])
def test_contract_and_weight_shapes(make, input_shape, output_shape, weights):
    check_layer_contract(make, input_shape, output_shape, weights)


def test_dense_equivalent_by_hand():
    layer = layers.EinsumDense("ab,bc->ac", 2, bias_axes="c", activation="relu")
    layer.build((None, 3))
    layer.set_weights([np.array([[1, -1], [2, 0], [0, 3]], "float32"),
                       np.array([0.5, -10.0], "float32")])
    out = layer(np.array([[1.0, 1.0, 1.0]], "float32"))
    assert out.tolist() == [[3.5, 0.0]]  # [1+2+0+0.5, max(-1+3-10, 0)]


def test_multi_axis_kernel_matches_numpy():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2, 5, 3)).astype("float32")
    layer = layers.EinsumDense("abc,cde->abde", (5, 2, 4), bias_axes="de")
    layer.build(x.shape)
    k, b = rng.normal(size=(3, 2, 4)), rng.normal(size=(2, 4))
    layer.set_weights([k, b])
    want = np.einsum("abc,cde->abde", x, k) + b
    np.testing.assert_allclose(layer(x).detach().numpy(), want, rtol=1e-5, atol=1e-5)


def test_variance_scaling_counts_einsum_fans_and_keeps_config():
    keras.utils.set_random_seed(1)
    layer = layers.EinsumDense("abc,cde->abde", (5, 8, 16), kernel_initializer="he_normal")
    layer.build((None, 5, 32))
    std = float(layer.kernel.detach().std())
    # fan_in = 32 (axis c only), not 32 * 8 as for a conv kernel: stddev ~ sqrt(2 / 32).
    assert std == pytest.approx(np.sqrt(2 / 32), rel=0.1)
    assert layer.get_config()["kernel_initializer"]["config"]["input_axes"] is None


def test_lora_and_training():
    layer = layers.EinsumDense("abc,cd->abd", (3, 2), bias_axes="d", lora_rank=2)
    model = keras.Sequential([keras.Input((3, 4)), layer])
    assert [w.name for w in layer.trainable_weights] == ["bias", "lora_kernel_a",
                                                         "lora_kernel_b"]
    assert layer.get_config()["lora_rank"] == 2
    model.compile("sgd", "mse")
    x = np.random.default_rng(0).normal(size=(8, 3, 4)).astype("float32")
    before = layer.kernel.numpy()
    history = model.fit(x, np.ones((8, 3, 2), "float32"), epochs=3, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]
    np.testing.assert_array_equal(layer.kernel.numpy(), before)  # frozen under LoRA


def test_unknown_output_axis_stays_unknown_symbolically():
    # As Keras: a None in output_shape is not filled from the input in the symbolic shape.
    layer = layers.EinsumDense("abc,cd->abd", (None, 4), bias_axes="d")
    assert layer(keras.Input((5, 3))).shape == (None, None, 4)
    assert tuple(layer(np.zeros((2, 5, 3), "float32")).shape) == (2, 5, 4)


def test_config_matches_keras_keys():
    config = layers.EinsumDense("ab,bc->ac", 4, bias_axes="c").get_config()
    assert config["output_shape"] == (4,)
    assert config["equation"] == "ab,bc->ac"
    assert config["quantization_config"] is None
    # A config written by Keras (with quantization_config) loads.
    assert layers.EinsumDense.from_config(config).partial_output_shape == (4,)


@pytest.mark.parametrize("make, error, match", [
    (lambda: layers.EinsumDense("ab->ac", 4), ValueError,
     r"Invalid einsum equation 'ab->ac'. Equations must be in the form"),
    (lambda: layers.EinsumDense("ab,bc->ac", "4"), TypeError,
     r"`output_shape` must be an int or a tuple.*output_shape='4'"),
    (lambda: layers.EinsumDense("ab,bc->ac", 4, bias_axes=1), TypeError,
     r"`bias_axes` must be a string or None. Received: bias_axes=1"),
    (lambda: layers.EinsumDense("ab,bc->ac", 4, lora_rank=0), ValueError, r"lora_rank"),
])
def test_bad_arguments(make, error, match):
    with pytest.raises(error, match=match):
        make()


@pytest.mark.parametrize("equation, output_shape, bias_axes, match", [
    ("ab,bc->ac", 4, "x", r"Bias dimension 'x' was requested, but is not part of the "
                          r"output spec 'ac'"),
    ("ab,bc->ad", 4, None, r"Dimension 'd' was specified in the output 'ad' but has no "
                           r"corresponding dim"),
    ("ab,bcx->ac", 4, None, r"Weight dimension 'x' did not have a match"),
    ("abc,cd->abd", (7, 4), None, r"do not match at shared dimension 'b'. Input shape is 5, "
                                  r"and output shape is 7"),
])
def test_bad_equation_for_the_input(equation, output_shape, bias_axes, match):
    layer = layers.EinsumDense(equation, output_shape, bias_axes=bias_axes)
    with pytest.raises(ValueError, match=match):
        layer(np.zeros((2, 5, 3) if equation.startswith("abc") else (2, 3), "float32"))


def test_gradient_reaches_kernel():
    layer = layers.EinsumDense("ab,bc->ac", 2, bias_axes="c")
    out = layer(np.ones((1, 3), "float32"))
    out.sum().backward()
    assert isinstance(layer.kernel.grad, torch.Tensor)
    np.testing.assert_allclose(layer.kernel.grad.numpy(), np.ones((3, 2)))
