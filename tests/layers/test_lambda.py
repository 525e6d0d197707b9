"""``Lambda``: output shapes (inferred, given, or computed), masks, arguments, configs."""

import numpy as np
import pytest
import torch
from _contract import check_layer_contract

import torcheras as keras
from torcheras import layers


def double(x):
    return x * 2


def test_contract_with_named_function():
    check_layer_contract(lambda: layers.Lambda(double), (None, 3), (None, 3),
                         custom_objects={"double": double})


def test_sequential_with_lambda_round_trips_with_custom_objects():
    model = keras.Sequential([keras.Input((2,)), layers.Lambda(double), layers.Dense(1)])
    clone = keras.Sequential.from_config(model.get_config(), custom_objects={"double": double})
    assert clone.layers[0].function is double
    assert clone.output_shape == (None, 1)


def test_shape_inferred_by_tracing():
    x = keras.Input((4, 6))
    assert layers.Lambda(lambda t: t[:, :2])(x).shape == (None, 2, 6)
    assert layers.Lambda(lambda t: t.sum(dim=-1))(x).shape == (None, 4)
    assert layers.Lambda(lambda t: t.reshape(t.shape[0], -1))(x).shape == (None, 24)


def test_unknown_dims_stay_unknown():
    x = keras.Input((None, 3))
    assert layers.Lambda(lambda t: t * 2)(x).shape == (None, None, 3)


def test_output_shape_tuple_and_function():
    x = keras.Input((4,))
    assert layers.Lambda(lambda t: t, output_shape=(4,))(x).shape == (None, 4)
    fn_layer = layers.Lambda(lambda t: t[:, :1], output_shape=lambda s: (s[0], 1))
    assert fn_layer(x).shape == (None, 1)
    assert fn_layer.compute_output_shape((7, 4)) == (7, 1)


def test_compute_output_shape_traces_when_not_given():
    assert layers.Lambda(lambda t: t[:, 1:]).compute_output_shape((None, 5)) == (None, 4)


def test_list_inputs():
    a, b = keras.Input((3,)), keras.Input((3,))
    out = layers.Lambda(lambda ts: torch.cat(ts, dim=-1))([a, b])
    assert out.shape == (None, 6)
    model = keras.Model([a, b], out)
    res = model([np.ones((2, 3), "float32"), np.zeros((2, 3), "float32")])
    np.testing.assert_array_equal(res.numpy(), np.concatenate([np.ones((2, 3)),
                                                               np.zeros((2, 3))], -1))


def test_arguments_are_passed():
    layer = layers.Lambda(lambda x, power: x ** power, arguments={"power": 3})
    np.testing.assert_array_equal(layer(np.array([[2.0]], "float32")).numpy(), [[8.0]])


def test_training_argument_is_forwarded():
    seen = []

    def fn(x, training=None):
        seen.append(training)
        return x

    layer = layers.Lambda(fn)
    layer(np.ones((1, 2), "float32"), training=True)
    layer(np.ones((1, 2), "float32"))
    assert seen[-2:] == [True, None]


def test_mask_callable_and_fixed():
    x = np.ones((2, 3), "float32")
    fixed = torch.tensor([[True, False, True]])
    assert torch.equal(layers.Lambda(double, mask=fixed)(x)._keras_mask, fixed)
    layer = layers.Lambda(double, mask=lambda inputs, previous: inputs > 0)
    assert layer.supports_masking
    assert layer(np.array([[1.0, -1.0]], "float32"))._keras_mask.tolist() == [[True, False]]


def test_builtin_functions_work():
    out = layers.Lambda(torch.square)(np.array([[3.0]], "float32"))
    assert out.tolist() == [[9.0]]


def test_named_function_config_round_trip():
    layer = layers.Lambda(double, output_shape=(3,), arguments={})
    config = layer.get_config()
    assert config["function"] == {"module": "builtins", "class_name": "function",
                                  "config": "double", "registered_name": "function"}
    restored = layers.Lambda.from_config(config, custom_objects={"double": double})
    assert restored.function is double
    assert restored.get_config() == config
    with pytest.raises(ValueError, match=r"Could not locate function 'double'.*custom_objects"):
        layers.Lambda.from_config(config)


def test_activation_names_are_found_without_custom_objects():
    config = layers.Lambda(keras.activations.relu).get_config()
    assert layers.Lambda.from_config(config).function is keras.activations.relu


def test_python_lambda_is_stored_as_bytecode_and_loads_only_when_unsafe():
    offset = 3
    layer = layers.Lambda(lambda x, k=2: x * k + offset)
    config = layer.get_config()
    assert config["function"]["class_name"] == "__lambda__"
    assert config["function"]["config"]["defaults"] == (2,)
    assert config["function"]["config"]["closure"] == (3,)
    with pytest.raises(ValueError, match="Requested the deserialization of a `Lambda` layer "
                                         "whose `function` is a Python lambda"):
        layers.Lambda.from_config(config)
    restored = layers.Lambda.from_config(config, safe_mode=False)
    assert restored(np.array([[1.0]], "float32")).tolist() == [[5.0]]


def test_lambda_capturing_objects_cannot_be_serialized():
    weights = torch.ones(3)
    layer = layers.Lambda(lambda x: x * weights, name="scaled")
    with pytest.raises(ValueError, match=r"The Python lambda of Lambda layer 'scaled' cannot be "
                                         r"serialized: its closure hold objects of type Tensor"):
        layer.get_config()


@pytest.mark.parametrize("kwargs, error, match", [
    ({"function": 1}, TypeError, r"Argument `function` of Lambda must be callable. "
                                 r"Received: function=1"),
    ({"function": double, "output_shape": "a"}, TypeError, r"Argument `output_shape` of Lambda"),
    ({"function": double, "arguments": [1]}, TypeError, r"Argument `arguments` of Lambda must "
                                                        r"be a dict"),
])
def test_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        layers.Lambda(**kwargs)


def test_untraceable_function_asks_for_output_shape():
    def needs_numpy(x):
        return np.asarray(x).reshape(-1)[:1] + object()

    with pytest.raises(NotImplementedError, match="Please specify the `output_shape` argument"):
        layers.Lambda(needs_numpy).compute_output_shape((None, 2))
