"""``LocallyConnected1D/2D`` (Keras 2's ``keras.layers.local``): unshared convolution weights
in Keras 2's ``implementation=1`` layout, checked by hand and against tf-keras 2.21."""

import numpy as np
import pytest
import torch
from _golden import load

import torcheras as keras
from torcheras.legacy.layers.local import LocallyConnected1D, LocallyConnected2D

CLASSES = {"LocallyConnected1D": LocallyConnected1D, "LocallyConnected2D": LocallyConnected2D}


def test_contract_shapes_names_and_config_round_trip():
    layer = LocallyConnected2D(4, (2, 3), strides=(1, 2), activation="relu", name="lc")
    out = layer(np.zeros((2, 5, 7, 3), "float32"))
    assert tuple(out.shape) == (2, 4, 3, 4)
    assert [(w.name, tuple(w.shape)) for w in layer.weights] == [
        ("kernel", (12, 18, 4)), ("bias", (4, 3, 4))]
    assert layer.compute_output_shape((None, 5, 7, 3)) == (None, 4, 3, 4)
    config = layer.get_config()
    assert {k: config[k] for k in ("filters", "kernel_size", "strides", "padding",
                                   "data_format", "activation", "use_bias",
                                   "implementation")} == {
        "filters": 4, "kernel_size": (2, 3), "strides": (1, 2), "padding": "valid",
        "data_format": "channels_last", "activation": "relu", "use_bias": True,
        "implementation": 1}
    clone = LocallyConnected2D.from_config(config)
    assert clone.get_config() == config


def test_1d_by_hand_each_position_has_its_own_filter():
    layer = LocallyConnected1D(1, 2, use_bias=True)
    layer.build((None, 3, 1))
    # Position 0 sums its window, position 1 takes the difference; biases 10 and 20.
    layer.set_weights([np.array([[[1.0], [1.0]], [[1.0], [-1.0]]], "float32"),
                       np.array([[10.0], [20.0]], "float32")])
    x = np.array([[[1.0], [2.0], [5.0]]], "float32")
    assert layer(x).tolist() == [[[13.0], [17.0]]]


def test_2d_by_hand_patch_order_is_rows_cols_channels():
    layer = LocallyConnected2D(1, (1, 2), use_bias=False)
    layer.build((None, 1, 2, 2))
    # One output position; the patch flattens as (row, col, channel): x00c0 x00c1 x01c0 x01c1.
    layer.set_weights([np.array([[[1.0], [10.0], [100.0], [1000.0]]], "float32")])
    x = np.array([[[[1.0, 2.0], [3.0, 4.0]]]], "float32")
    assert layer(x).tolist() == [[[[1.0 * 1 + 2 * 10 + 3 * 100 + 4 * 1000]]]]


def test_2d_channels_first_patch_order_is_channels_rows_cols():
    layer = LocallyConnected2D(1, (1, 2), use_bias=False, data_format="channels_first")
    layer.build((None, 2, 1, 2))
    layer.set_weights([np.array([[[1.0], [10.0], [100.0], [1000.0]]], "float32")])
    x = np.array([[[[1.0, 3.0]], [[2.0, 4.0]]]], "float32")  # channel 0: 1, 3; channel 1: 2, 4
    assert layer(x).tolist() == [[[[1.0 + 3 * 10 + 2 * 100 + 4 * 1000]]]]


@pytest.mark.parametrize("case", [c for c in load("legacy_layers").meta
                                  if c["class"].startswith("Locally")], ids=lambda c: c["key"])
def test_matches_tf_keras(case):
    arrays = load("legacy_layers").arrays
    key = case["key"]
    layer = CLASSES[case["class"]](**case["config"])
    x = arrays[f"{key}/x"]
    layer.build(x.shape)
    layer.set_weights([arrays[f"{key}/w{i}"] for i in range(case["weights"])])
    np.testing.assert_allclose(layer(x).detach().numpy(), arrays[f"{key}/y"], rtol=1e-5,
                               atol=1e-5)


def test_implementation_2_by_hand_masked_dense_kernel():
    # 1D, 3 steps, kernel 2, "same": Keras centres the windows on out * stride, so output 0
    # sees input 0 only (the window [-1, 1) is cut at the border) and output 1 inputs 0-1,
    # output 2 inputs 1-2.
    layer = LocallyConnected1D(1, 2, padding="same", implementation=2, use_bias=False,
                               kernel_initializer="ones")
    layer.build((None, 3, 1))
    assert tuple(layer.kernel.shape) == (3, 1, 3, 1)
    np.testing.assert_array_equal(layer.kernel_mask.numpy()[:, 0, :, 0],
                                  [[1, 1, 0], [0, 1, 1], [0, 0, 1]])
    x = np.array([[[1.0], [10.0], [100.0]]], "float32")
    assert layer(x).tolist() == [[[1.0], [11.0], [110.0]]]
    assert layer.get_config()["implementation"] == 2


def test_implementation_2_weight_layouts():
    last = LocallyConnected2D(4, 2, implementation=2)
    last.build((None, 3, 5, 2))
    first = LocallyConnected2D(4, 2, implementation=2, data_format="channels_first")
    first.build((None, 2, 3, 5))
    assert [tuple(w.shape) for w in last.weights] == [(3, 5, 2, 2, 4, 4), (2, 4, 4)]
    assert [tuple(w.shape) for w in first.weights] == [(2, 3, 5, 4, 2, 4), (2, 4, 4)]
    assert tuple(first(np.zeros((1, 2, 3, 5), "float32")).shape) == (1, 4, 2, 4)


def test_trains_in_a_model_and_gradients_reach_every_position():
    model = keras.Sequential([keras.Input((4, 2)), LocallyConnected1D(3, 2),
                              keras.layers.Flatten(), keras.layers.Dense(1)])
    model.compile(keras.optimizers.SGD(0.1), "mse")
    x = np.random.default_rng(0).normal(size=(16, 4, 2)).astype("float32")
    kernel = model.layers[0].kernel
    before = kernel.detach().clone()
    model.fit(x, np.ones((16, 1)), epochs=1, verbose=0)
    moved = (kernel.detach() - before).abs().sum(dim=(1, 2))
    assert torch.all(moved > 0)  # each of the 3 output positions has its own trained filter


BAD = [
    (lambda: LocallyConnected1D(0, 2), ValueError,
     r"Invalid value for argument `filters`.*Received filters=0"),
    (lambda: LocallyConnected1D(2, 2, padding="same"), ValueError,
     r"Invalid border mode for LocallyConnected1D \(only \"valid\" is supported"),
    (lambda: LocallyConnected2D(2, 2, implementation=3), ValueError,
     r"Unrecognized implementation mode: 3. LocallyConnected2D supports 1 and 2"),
    (lambda: LocallyConnected2D(2, (2, 2, 2)), ValueError,
     r"The `kernel_size` argument must be a tuple of 2 integers"),
    (lambda: LocallyConnected2D(2, 2, data_format="nhwc"), ValueError,
     r"The `data_format` argument must be one of"),
    (lambda: LocallyConnected1D(2, 2).build((None, None, 3)), ValueError,
     r"partially defined input shape.*\(None, None, 3\)"),
    (lambda: LocallyConnected1D(2, 5).build((None, 3, 3)), ValueError,
     r"smaller than its kernel"),
]


@pytest.mark.parametrize("make, error, message", BAD)
def test_bad_input(make, error, message):
    with pytest.raises(error, match=message):
        make()
